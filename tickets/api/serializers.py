"""Input and output shapes of the native API. Serializers check shape and types only:
saving and workflow belong to the core's services."""

import copy
from datetime import tzinfo
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from tickets import permissions
from tickets.agenttools.selectors import tag_names_of
from tickets.metadata import metadata_problem
from tickets.models import (
    Attachment,
    Category,
    EventKind,
    Message,
    MessageKind,
    Priority,
    Rating,
    Role,
    Status,
    Ticket,
    TicketEvent,
    TransferStatus,
    User,
    WaitingOn,
)
from tickets.permissions import UserRole, VisibleField
from tickets.references import DB_ID_MAX
from tickets.selectors import message_attachments
from tickets.sla.clock import SLA_STATUSES, sla_status

from .visibility import RoleFieldsMixin

# Ids are database bigints: anything beyond is refused as input instead of overflowing.
MAX_ID = DB_ID_MAX
MAX_TEXT = 20_000


def _reject_unencodable(value: str) -> str:
    # Lone surrogates cannot be stored as UTF-8 by any database backend.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise serializers.ValidationError("Contains characters that cannot be stored.") from None
    return value


class TextField(serializers.CharField):
    """A CharField (which already refuses NUL) that also refuses unencodable characters."""

    def to_internal_value(self, data: Any) -> str:
        return _reject_unencodable(super().to_internal_value(data))


class IdField(serializers.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class MetadataField(serializers.DictField):
    """Free JSON metadata, under the core's one size and depth cap (tickets.metadata)."""

    def to_internal_value(self, data: Any) -> dict:
        value = super().to_internal_value(data)
        if problem := metadata_problem(value):
            raise serializers.ValidationError(problem)
        return value


# Read shapes on hot paths are built as plain dicts (`to_representation` below): DRF's
# per-field machinery cost more than the rest of a ticket request. The declared fields
# stay the documented contract (the schema); these leaf fields render values as DRF would.
_DATETIME = serializers.DateTimeField()
_RATING = serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=False)


def _datetime(value: Any, zone: tzinfo | None = None) -> str | None:
    """DRF's ISO 8601 (in the current time zone, `Z` for UTC) without its per-call field
    lookups: a ticket answer renders a dozen of these per row. `zone`: the current one,
    when the caller has it at hand (a thread of 200 messages)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return _DATETIME.to_representation(value)
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _rating(value: Decimal | None) -> Decimal | None:
    return None if value is None else _RATING.to_representation(value)


def _choice(value: Any) -> str | None:
    return None if value is None else str(value)


def _user_ref(user: User | None) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "full_name": user.get_full_name()}


class StrictInput(serializers.Serializer):
    """An input serializer that refuses fields it does not know instead of ignoring them,
    so a client never believes a change was applied when it was not."""

    def to_internal_value(self, data: Any) -> dict:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["This field is not accepted here."] for name in unknown}
                )
        return super().to_internal_value(data)

    def get_fields(self) -> dict[str, serializers.Field]:
        # DRF deep-copies the declared fields for every instance, building each field again
        # from deep-copied arguments: two thirds of validating a ticket's input. Nothing
        # changes a declared input field once the class is built, so each instance binds
        # shallow copies instead (its own name, parent and label on each).
        return {name: _field_copy(field) for name, field in self._declared_fields.items()}


def _field_copy(field: serializers.Field) -> serializers.Field:
    """A copy of a declared field to bind: nested serializers are deep-copied as DRF does;
    a list's or dict's child (bound by its constructor) is copied too, its parent the
    copy."""
    if isinstance(field, serializers.BaseSerializer):
        return copy.deepcopy(field)
    # What copy.copy does, without its protocol's calls for each field.
    clone = object.__new__(type(field))
    clone.__dict__.update(field.__dict__)
    child = getattr(field, "child", None)
    if child is not None:
        clone.child = _field_copy(child)
        clone.child.parent = clone
    return clone


# ---------------------------------------------------------------- outputs
# Output serializers declare `read_only_fields = fields`: an answer always carries every
# field, and read-only fields are documented as required in the schema.


@extend_schema_serializer(component_name="NativeError")
class ErrorOut(serializers.Serializer):
    message = serializers.CharField(help_text="What went wrong, in one sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Problems per field (empty when the error is not about a field).",
    )


@extend_schema_serializer(component_name="NativeUserRef")
class UserRefOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="The user's id.")
    username = serializers.CharField()
    full_name = serializers.SerializerMethodField(help_text="First and last name; may be empty.")

    def get_full_name(self, user: User) -> str:
        return user.get_full_name()


@extend_schema_serializer(component_name="NativeMe")
class MeOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="Your user id (the dialects' customerId/agentId).")
    username = serializers.CharField()
    role = serializers.ChoiceField(
        choices=[r.value for r in UserRole if r != UserRole.ANONYMOUS],
        help_text="What you may do: customer, agent, vendor or admin.",
    )
    seller_accounts = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="The seller accounts (sellerId) whose tickets you share.",
    )
    vendor_code = serializers.CharField(
        allow_null=True, help_text="Your vendor code when you answer for a vendor."
    )


@extend_schema_serializer(component_name="NativeCategoryRef")
class CategoryRefOut(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "code", "name", "path"]
        read_only_fields = fields

    path = serializers.CharField(read_only=True, help_text="Names from the top, ' / ' apart.")


@extend_schema_serializer(component_name="NativeCategory")
class CategoryOut(serializers.ModelSerializer):
    parent = serializers.IntegerField(
        source="parent_id", allow_null=True, help_text="The parent's id; null at the top."
    )
    path = serializers.CharField(read_only=True, help_text="Names from the top, ' / ' apart.")

    class Meta:
        model = Category
        fields = ["id", "parent", "code", "name", "path", "depth", "sort_order", "is_active"]
        read_only_fields = fields
        extra_kwargs = {
            "depth": {"help_text": "1 at the top, at most 3."},
            "sort_order": {"help_text": "Siblings are listed by this, then by name."},
            "is_active": {"help_text": "Inactive categories cannot be chosen for new tickets."},
        }


@extend_schema_serializer(component_name="NativeCategoryTree")
class CategoryTreeOut(CategoryOut):
    children = serializers.SerializerMethodField()

    class Meta(CategoryOut.Meta):
        fields = [*CategoryOut.Meta.fields, "children"]
        read_only_fields = fields

    @extend_schema_field(
        {"type": "array", "items": {"$ref": "#/components/schemas/NativeCategoryTree"}}
    )
    def get_children(self, category: Category) -> list[dict]:
        return CategoryTreeOut(getattr(category, "tree_children", []), many=True).data


@extend_schema_serializer(component_name="NativeAttachment")
class AttachmentOut(serializers.ModelSerializer):
    filename = serializers.CharField(
        source="original_name", help_text="The uploaded name, without path or hidden characters."
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["uuid", "filename", "content_type", "size", "sha256", "url"]
        read_only_fields = fields
        extra_kwargs = {
            "uuid": {"help_text": "Reference it in a ticket's or message's `attachments`."},
            "content_type": {"help_text": "Sniffed from the bytes, not taken from the client."},
            "size": {"help_text": "In bytes."},
            "sha256": {"help_text": "Hex SHA-256 of the content."},
        }

    def to_representation(self, attachment: Attachment) -> dict:
        return {
            "uuid": str(attachment.uuid),
            "filename": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "sha256": attachment.sha256,
            "url": self.get_url(attachment),
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, attachment: Attachment) -> str:
        path = reverse("api:attachment-download", kwargs={"uuid": attachment.uuid})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


@extend_schema_serializer(component_name="NativeMessage")
class MessageOut(serializers.ModelSerializer):
    author = UserRefOut(allow_null=True, help_text="Null for system messages.")
    author_role = serializers.ChoiceField(choices=Role.choices)
    kind = serializers.ChoiceField(choices=MessageKind.choices)
    attachments = AttachmentOut(many=True)
    merged_from = serializers.IntegerField(
        source="merged_from_id",
        allow_null=True,
        help_text="The ticket this message was written on, when a merge moved it here.",
    )

    class Meta:
        model = Message
        fields = [
            "id",
            "author",
            "author_role",
            "kind",
            "body",
            "is_internal",
            "created_at",
            "attachments",
            "merged_from",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "is_internal": {"help_text": "An internal note: only agents ever see these."},
        }

    @cached_property
    def attachment_out(self) -> AttachmentOut:
        # One for every message of the thread, not one per message.
        return AttachmentOut(context=self.context)

    @cached_property
    def zone(self) -> tzinfo:
        return timezone.get_current_timezone()

    @cached_property
    def authors(self) -> dict[int, dict | None]:
        """Each author's reference, built once: a thread has a few authors, many messages."""
        return {}

    def author_ref(self, message: Message) -> dict | None:
        try:
            return self.authors[message.author_id]
        except KeyError:
            ref = self.authors[message.author_id] = _user_ref(message.author)
            return ref

    def to_representation(self, message: Message) -> dict:
        attachment = self.attachment_out
        return {
            "id": message.pk,
            "author": self.author_ref(message),
            "author_role": _choice(message.author_role),
            "kind": _choice(message.kind),
            "body": message.body,
            "is_internal": bool(message.is_internal),
            "created_at": _datetime(message.created_at, self.zone),
            "attachments": [attachment.to_representation(a) for a in message_attachments(message)],
            "merged_from": message.merged_from_id,
        }


@extend_schema_serializer(component_name="NativeEvent")
class EventOut(serializers.ModelSerializer):
    actor = UserRefOut(allow_null=True)
    kind = serializers.ChoiceField(choices=EventKind.choices)

    class Meta:
        model = TicketEvent
        fields = ["id", "kind", "actor", "from_value", "to_value", "created_at"]
        read_only_fields = fields
        extra_kwargs = {
            "from_value": {"help_text": "The value before (a status, a username, a code)."},
            "to_value": {"help_text": "The value after."},
        }

    def to_representation(self, event: TicketEvent) -> dict:
        return {
            "id": event.pk,
            "kind": _choice(event.kind),
            "actor": _user_ref(event.actor),
            "from_value": event.from_value,
            "to_value": event.to_value,
            "created_at": _datetime(event.created_at),
        }


@extend_schema_serializer(component_name="NativeRating")
class RatingOut(serializers.ModelSerializer):
    score = serializers.DecimalField(
        max_digits=3, decimal_places=2, coerce_to_string=False, help_text="From 1 to 5."
    )
    rated_by = UserRefOut()

    class Meta:
        model = Rating
        fields = ["id", "score", "comment", "rated_by", "created_at"]
        read_only_fields = fields

    def to_representation(self, rating: Rating) -> dict:
        return {
            "id": rating.pk,
            "score": _rating(rating.score),
            "comment": rating.comment,
            "rated_by": _user_ref(rating.rated_by),
            "created_at": _datetime(rating.created_at),
        }


SLA_FIELDS = (
    "sla_status",
    "sla_due_at",
    "sla_first_response_due_at",
    "sla_resolution_due_at",
    "sla_paused_since",
    "sla_paused_seconds",
    "sla_first_response_breached_at",
    "sla_resolution_breached_at",
)


@extend_schema_serializer(component_name="NativeTicket")
class TicketListOut(RoleFieldsMixin, serializers.ModelSerializer):
    # Deadlines and missed targets are support's own business, not the customer's.
    role_fields = {
        "vendor_code": VisibleField.VENDOR,
        "transfer_status": VisibleField.VENDOR,
        # Waiting on a vendor tells of the transfer: those who see the transfer see it.
        "waiting_on": VisibleField.VENDOR,
        "waiting_since": VisibleField.VENDOR,
        "priority": VisibleField.PRIORITY,
        **dict.fromkeys(SLA_FIELDS, VisibleField.SLA),
    }

    status = serializers.ChoiceField(choices=Status.choices)
    priority = serializers.ChoiceField(choices=Priority.choices)
    transfer_status = serializers.ChoiceField(choices=TransferStatus.choices)
    waiting_on = serializers.ChoiceField(
        choices=WaitingOn.choices,
        help_text="Whose move it is: support, the customer, the vendor, or nobody (finished).",
    )
    category = CategoryRefOut(allow_null=True)
    customer = UserRefOut()
    assignee = UserRefOut(allow_null=True)
    seller_account = serializers.IntegerField(
        source="seller_account_id", allow_null=True, help_text="The seller account (sellerId)."
    )
    vendor_code = serializers.SerializerMethodField(
        help_text="The vendor the ticket was transferred to, if any."
    )
    current_rating = serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text="The latest rating, or null.",
    )
    message_count = serializers.IntegerField(
        help_text="Messages in the thread that the caller can see."
    )
    tags = serializers.SerializerMethodField(
        help_text="The ticket's tags, by name: agents only, empty for everyone else."
    )
    merged_into = serializers.IntegerField(
        source="merged_into_id",
        allow_null=True,
        help_text="Set on a duplicate merged into another ticket: that ticket's id. Its "
        "thread lives there now.",
    )
    sla_status = serializers.SerializerMethodField(
        help_text="breached (a target missed or its deadline passed), at_risk (a deadline "
        "is close), ok, or null when no SLA policy covers the ticket."
    )
    sla_paused_seconds = serializers.IntegerField(
        help_text="Business seconds the clock was stopped so far; the deadlines moved out by "
        "as much.",
    )

    class Meta:
        model = Ticket
        fields = [
            "id",
            "case_number",
            "subject",
            "status",
            "priority",
            "category",
            "customer",
            "seller_account",
            "assignee",
            "vendor_code",
            "transfer_status",
            "waiting_on",
            "waiting_since",
            "order_id",
            "warehouse_id",
            "item_id",
            "item_name",
            "created_at",
            "updated_at",
            "last_activity_at",
            "first_response_at",
            "resolved_at",
            "current_rating",
            "message_count",
            "tags",
            "merged_into",
            *SLA_FIELDS,
        ]
        read_only_fields = fields
        extra_kwargs = {
            "sla_due_at": {
                "help_text": "The next SLA deadline while the clock runs; null while it is "
                "stopped (waiting on the customer or a vendor, or finished)."
            },
            "sla_first_response_due_at": {"help_text": "When support's first reply is due."},
            "sla_resolution_due_at": {"help_text": "When the resolution is due."},
            "sla_paused_since": {
                "help_text": "Since when the clock is stopped (null while it runs)."
            },
            "sla_first_response_breached_at": {
                "help_text": "The deadline the first response missed, or null."
            },
            "sla_resolution_breached_at": {
                "help_text": "The deadline the resolution missed, or null."
            },
            "case_number": {"help_text": "The human reference, e.g. HD-2026-000042."},
            "order_id": {"help_text": "The order the ticket is about (may be empty)."},
            "warehouse_id": {"help_text": "The fulfilment warehouse, if any."},
            "item_id": {"help_text": "The product or item id (may be empty)."},
            "last_activity_at": {"help_text": "The last message or change by anyone."},
            "waiting_since": {"help_text": "When the current waiting-on began."},
            "first_response_at": {"help_text": "Support's first public reply."},
        }

    def to_representation(self, ticket: Ticket) -> dict:
        return self.visible_only(self.plain(ticket))

    def plain(self, ticket: Ticket) -> dict:
        category = ticket.category
        return {
            "id": ticket.pk,
            "case_number": ticket.case_number,
            "subject": ticket.subject,
            "status": _choice(ticket.status),
            "priority": _choice(ticket.priority),
            "category": None
            if category is None
            else {
                "id": category.pk,
                "code": category.code,
                "name": category.name,
                "path": category.path,
            },
            "customer": _user_ref(ticket.customer),
            "seller_account": ticket.seller_account_id,
            "assignee": _user_ref(ticket.assignee),
            "vendor_code": self.get_vendor_code(ticket),
            "transfer_status": _choice(ticket.transfer_status),
            "waiting_on": _choice(ticket.waiting_on),
            "waiting_since": _datetime(ticket.waiting_since),
            "order_id": ticket.order_id,
            "warehouse_id": ticket.warehouse_id,
            "item_id": ticket.item_id,
            "item_name": ticket.item_name,
            "created_at": _datetime(ticket.created_at),
            "updated_at": _datetime(ticket.updated_at),
            "last_activity_at": _datetime(ticket.last_activity_at),
            "first_response_at": _datetime(ticket.first_response_at),
            "resolved_at": _datetime(ticket.resolved_at),
            "current_rating": _rating(ticket.current_rating),
            "message_count": ticket.message_count,
            "tags": self.get_tags(ticket),
            "merged_into": ticket.merged_into_id,
            "sla_status": self.get_sla_status(ticket),
            "sla_due_at": _datetime(ticket.sla_due_at),
            "sla_first_response_due_at": _datetime(ticket.sla_first_response_due_at),
            "sla_resolution_due_at": _datetime(ticket.sla_resolution_due_at),
            "sla_paused_since": _datetime(ticket.sla_paused_since),
            "sla_paused_seconds": ticket.sla_paused_seconds,
            "sla_first_response_breached_at": _datetime(ticket.sla_first_response_breached_at),
            "sla_resolution_breached_at": _datetime(ticket.sla_resolution_breached_at),
        }

    def get_vendor_code(self, ticket: Ticket) -> str | None:
        return ticket.vendor.code if ticket.vendor_id else None

    def get_tags(self, ticket: Ticket) -> list[str]:
        request = self.context.get("request")
        if request is None or not permissions.can_see_field(request.user, VisibleField.TAGS):
            return []
        return tag_names_of(ticket)

    @extend_schema_field(serializers.ChoiceField(choices=SLA_STATUSES, allow_null=True))
    def get_sla_status(self, ticket: Ticket) -> str | None:
        return sla_status(ticket)


@extend_schema_serializer(component_name="NativeTicketDetail")
class TicketDetailOut(TicketListOut):
    parent = serializers.IntegerField(
        source="parent_id", allow_null=True, help_text="The ticket this one follows up."
    )
    metadata = serializers.DictField(help_text="Free JSON metadata.")
    resolved_by = UserRefOut(allow_null=True)
    resolved_by_role = serializers.ChoiceField(choices=[("", "Not resolved"), *Role.choices])
    messages = MessageOut(many=True, source="thread")
    events = serializers.SerializerMethodField(
        help_text="The event log: agents only, empty for everyone else."
    )
    ratings = serializers.SerializerMethodField()

    class Meta(TicketListOut.Meta):
        fields = [
            *TicketListOut.Meta.fields,
            "description",
            "parent",
            "metadata",
            "resolved_by",
            "resolved_by_role",
            "messages",
            "events",
            "ratings",
        ]
        read_only_fields = fields

    def plain(self, ticket: Ticket) -> dict:
        message = MessageOut(context=self.context)
        return {
            **super().plain(ticket),
            "description": ticket.description,
            "parent": ticket.parent_id,
            "metadata": {str(key): value for key, value in ticket.metadata.items()},
            "resolved_by": _user_ref(ticket.resolved_by),
            "resolved_by_role": _choice(ticket.resolved_by_role),
            "messages": [message.to_representation(m) for m in ticket.thread],
            "events": self.get_events(ticket),
            "ratings": self.get_ratings(ticket),
        }

    @extend_schema_field(EventOut(many=True))
    def get_events(self, ticket: Ticket) -> list[dict]:
        event = EventOut()
        return [event.to_representation(e) for e in getattr(ticket, "event_log", [])]

    @extend_schema_field(RatingOut(many=True))
    def get_ratings(self, ticket: Ticket) -> list[dict]:
        ratings = sorted(ticket.ratings.all(), key=lambda r: (r.created_at, r.pk))
        rating = RatingOut()
        return [rating.to_representation(r) for r in ratings]


@extend_schema_serializer(component_name="NativeUpload")
class AttachmentUploadIn(serializers.Serializer):
    file = serializers.FileField(help_text="One file; its type is read from its bytes.")


# ---------------------------------------------------------------- inputs


@extend_schema_serializer(component_name="NativeTicketCreate")
class TicketCreateIn(StrictInput):
    subject = TextField(max_length=255)
    description = TextField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    body = TextField(
        max_length=MAX_TEXT,
        required=False,
        allow_blank=True,
        help_text="The first message; the description is used when it is left out.",
    )
    category = IdField(required=False, allow_null=True, help_text="A category id.")
    priority = serializers.ChoiceField(
        choices=Priority.choices, required=False, help_text="Agents only."
    )
    customer = IdField(
        required=False, help_text="Agents may file for a customer; others only for themselves."
    )
    seller_account = IdField(required=False, allow_null=True)
    warehouse_id = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_ID
    )
    order_id = TextField(max_length=64, required=False, allow_blank=True, default="")
    item_id = TextField(max_length=64, required=False, allow_blank=True, default="")
    item_name = TextField(max_length=255, required=False, allow_blank=True, default="")
    parent = IdField(required=False, allow_null=True, help_text="A ticket this one follows up.")
    metadata = MetadataField(required=False, default=dict)
    attachments = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        default=list,
        max_length=50,
        help_text="UUIDs of the caller's own uploads from POST /api/v1/attachments/.",
    )


@extend_schema_serializer(component_name="NativeTicketUpdate")
class TicketUpdateIn(StrictInput):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    category = IdField(required=False, allow_null=True)
    assignee = IdField(required=False, allow_null=True, help_text="An agent's user id.")


@extend_schema_serializer(component_name="NativeMessageCreate")
class MessageIn(StrictInput):
    body = TextField(max_length=MAX_TEXT, allow_blank=True, required=False, default="")
    internal = serializers.BooleanField(
        required=False, default=False, help_text="An internal note (agents only)."
    )
    attachments = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, max_length=50
    )


@extend_schema_serializer(component_name="NativeAssign")
class AssignIn(StrictInput):
    assignee = IdField(allow_null=True, help_text="An agent's user id, or null to unassign.")


@extend_schema_serializer(component_name="NativeTransfer")
class TransferIn(StrictInput):
    vendor_code = TextField(max_length=20)
    note = TextField(max_length=MAX_TEXT, help_text="What the vendor should look at.")
    needs_answer = serializers.BooleanField(
        required=False,
        default=True,
        help_text="False sends the ticket for confirmation only.",
    )


@extend_schema_serializer(component_name="NativeRatingCreate")
class RatingIn(StrictInput):
    score = serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        min_value=Decimal(1),
        max_value=Decimal(5),
        coerce_to_string=False,
    )
    comment = TextField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="NativeVendorAnswer")
class VendorAnswerIn(StrictInput):
    body = TextField(max_length=MAX_TEXT)
    attachments = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        default=list,
        max_length=50,
        help_text="UUIDs of the vendor's own uploads from POST /api/v1/attachments/; "
        "agents and this vendor see them, the customer does not.",
    )
