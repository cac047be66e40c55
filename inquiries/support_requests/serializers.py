"""The support-request shapes of `002`."""

from collections.abc import Iterable

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inquiries.common import db_id_field, utc_z
from tickets.models import Category, Message, MessageKind, Role, Ticket

from . import mapping


class SupportRequestCreateIn(serializers.Serializer):
    customerId = db_id_field(help_text="The customer's user id (`GET /api/v1/me` tells it).")
    category = serializers.ChoiceField(choices=list(mapping.CATEGORIES))
    subject = serializers.CharField(max_length=255)
    description = serializers.CharField()
    # Order numbers arrive as text or as numbers; both are kept as text.
    orderId = serializers.CharField(
        max_length=64, required=False, allow_blank=True, allow_null=True, default=""
    )


class SupportRequestCategoryQueryIn(serializers.Serializer):
    category = serializers.ChoiceField(choices=list(mapping.CATEGORIES), required=False)


class SupportRequestRespondIn(serializers.Serializer):
    message = serializers.CharField(help_text="The response the customer will read.")


def root_of(category: Category | None) -> Category | None:
    while category is not None and category.parent_id is not None:
        category = category.parent
    return category


def is_agent_response(message: Message) -> bool:
    return (
        message.author_role == Role.AGENT
        and message.kind == MessageKind.REPLY
        and not message.is_internal
    )


class SupportRequestResponseOut(serializers.Serializer):
    message = serializers.CharField(source="body")
    agentId = serializers.IntegerField(source="author_id", allow_null=True)
    createdAt = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_createdAt(self, message: Message) -> str:
        return utc_z(message.created_at)


class SupportRequestOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    customerId = serializers.IntegerField(source="customer_id")
    category = serializers.SerializerMethodField()
    subject = serializers.CharField()
    description = serializers.CharField()
    orderId = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    createdAt = serializers.SerializerMethodField()
    updatedAt = serializers.SerializerMethodField()
    responses = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ChoiceField(
            choices=list(mapping.CATEGORIES),
            help_text="A request filed outside these six (or under none) reads as General.",
        )
    )
    def get_category(self, ticket: Ticket) -> str:
        root = root_of(ticket.category)
        if root is None:
            return mapping.FALLBACK_CATEGORY
        return mapping.CATEGORY_BY_CODE.get(root.code, mapping.FALLBACK_CATEGORY)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_orderId(self, ticket: Ticket) -> str | None:
        return ticket.order_id or None

    @extend_schema_field(serializers.ChoiceField(choices=list(mapping.STATUSES)))
    def get_status(self, ticket: Ticket) -> str:
        return mapping.STATUS_BY_CORE[ticket.status]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_createdAt(self, ticket: Ticket) -> str:
        return utc_z(ticket.created_at)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_updatedAt(self, ticket: Ticket) -> str:
        return utc_z(ticket.updated_at)

    # Support's public replies, oldest first: what the customer was told.
    @extend_schema_field(SupportRequestResponseOut(many=True))
    def get_responses(self, ticket: Ticket) -> list[dict]:
        replies = [message for message in ticket.thread if is_agent_response(message)]
        return SupportRequestResponseOut(replies, many=True).data


# Lists answer every request of a customer (no paging, by contract): built from plain rows,
# as SupportRequestOut renders them, without a model instance or a DRF field per value.
REQUEST_ROW_FIELDS = (
    "id",
    "customer_id",
    "subject",
    "description",
    "order_id",
    "status",
    "created_at",
    "updated_at",
)


def category_name(code: str | None) -> str:
    return mapping.CATEGORY_BY_CODE.get(code, mapping.FALLBACK_CATEGORY)


def support_request_rows(rows: Iterable[dict], replies: dict[int, list[dict]]) -> list[dict]:
    """SupportRequestOut's shape from `values()` rows (REQUEST_ROW_FIELDS and the root's
    category code) and each request's public agent replies."""
    return [
        {
            "id": row["id"],
            "customerId": row["customer_id"],
            "category": category_name(row["root_code"]),
            "subject": row["subject"],
            "description": row["description"],
            "orderId": row["order_id"] or None,
            "status": mapping.STATUS_BY_CORE[row["status"]],
            "createdAt": utc_z(row["created_at"]),
            "updatedAt": utc_z(row["updated_at"]),
            "responses": [
                {
                    "message": reply["body"],
                    "agentId": reply["author_id"],
                    "createdAt": utc_z(reply["created_at"]),
                }
                for reply in replies.get(row["id"], ())
            ],
        }
        for row in rows
    ]


class SupportRequestErrorOut(serializers.Serializer):
    status = serializers.IntegerField()
    error = serializers.CharField(help_text="The HTTP reason phrase.")
    message = serializers.CharField()
    path = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Per field, what is wrong.",
    )
