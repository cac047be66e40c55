"""The 3PL customer-inquiry shapes of `000` and `001`: input checks and output rows."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inquiries.common import JsonObjectField, attachment_download_url, db_id_field, utc_z
from tickets import permissions
from tickets.api.visibility import viewer_of
from tickets.models import Attachment, Message, Ticket

from . import mapping

MAX_MESSAGES = 20


def _choice(choices: tuple[str, ...], **kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=list(choices), **kwargs)


class CustomerInquiryAttachmentRefIn(serializers.Serializer):
    uuid = serializers.CharField(
        max_length=64, help_text="The uuid the upload endpoint (POST /api/v1/attachments/) gave."
    )
    # What the client says about the file; the stored file's own sniffed type and
    # sanitised name are what the helpdesk keeps.
    mimeType = serializers.CharField(required=False, allow_blank=True, max_length=255)
    filename = serializers.CharField(required=False, allow_blank=True, max_length=255)


class CustomerInquiryMessageIn(serializers.Serializer):
    message = serializers.CharField(
        required=False, allow_blank=True, default="", trim_whitespace=False
    )
    attachments = CustomerInquiryAttachmentRefIn(many=True, required=False, default=list)
    metaInfo = JsonObjectField(required=False, allow_null=True, default=None)


class CustomerInquiryCreateIn(serializers.Serializer):
    subject = serializers.CharField(max_length=255)
    sellerId = db_id_field(help_text="A seller account of the caller (agents: any).")
    warehouseId = db_id_field()
    # A new inquiry's opening exchange, not an import of a whole history.
    messages = CustomerInquiryMessageIn(many=True, allow_empty=False, max_length=MAX_MESSAGES)
    topic = _choice(mapping.TOPICS, required=False, allow_null=True, default=None)
    category = _choice(mapping.CATEGORIES, required=False, allow_null=True, default=None)
    subCategory = _choice(mapping.SUB_CATEGORIES, required=False, allow_null=True, default=None)
    parentInquiryId = db_id_field(required=False, allow_null=True, default=None)
    metaInfo = JsonObjectField(required=False, allow_null=True, default=None)


class CustomerInquiryListQueryIn(serializers.Serializer):
    sellerId = db_id_field(required=False)
    status = _choice(mapping.INQUIRY_STATUSES, required=False)
    topic = _choice(mapping.TOPICS, required=False)
    category = _choice(mapping.CATEGORIES, required=False)


class CustomerInquiryRatingIn(serializers.Serializer):
    rating = serializers.FloatField(help_text="From 1 to 5; decimals allowed.")
    ratingMessage = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default="", trim_whitespace=False
    )


class CustomerInquiryLoginIn(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class CustomerInquiryLoginOut(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Bearer <token>`.")


class CustomerInquiryAttachmentUrlOut(serializers.Serializer):
    link = serializers.CharField()


class CustomerInquiryAttachmentOut(serializers.Serializer):
    uuid = serializers.CharField()
    url = serializers.SerializerMethodField()
    filename = serializers.CharField(source="original_name")

    @extend_schema_field(CustomerInquiryAttachmentUrlOut)
    def get_url(self, attachment: Attachment) -> dict:
        return {"link": attachment_download_url(self.context["request"], attachment)}


class CustomerInquiryMessageOut(serializers.Serializer):
    category = serializers.SerializerMethodField(
        help_text="; ".join(f"{code}: {text}" for code, text in mapping.MESSAGE_CATEGORIES.items())
    )
    created = serializers.SerializerMethodField()
    postedAt = serializers.SerializerMethodField()
    userEmail = serializers.SerializerMethodField()
    username = serializers.SerializerMethodField()
    fullName = serializers.SerializerMethodField()
    metaInfo = serializers.SerializerMethodField()
    attachments = CustomerInquiryAttachmentOut(many=True, source="attachments.all")
    message = serializers.CharField(source="body")

    @extend_schema_field(serializers.ChoiceField(choices=list(mapping.MESSAGE_CATEGORIES)))
    def get_category(self, message: Message) -> str:
        return mapping.message_category(kind=message.kind, author_role=message.author_role)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_created(self, message: Message) -> str:
        return utc_z(message.created_at)

    # The thread is append-only, so a message is posted when it is created.
    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_postedAt(self, message: Message) -> str:
        return utc_z(message.created_at)

    def get_userEmail(self, message: Message) -> str:
        # The contract always carries the key; whose address fills it is the core's rule.
        return permissions.email_shown_to(viewer_of(self.context), message.author)

    def get_username(self, message: Message) -> str:
        return message.author.username if message.author else ""

    def get_fullName(self, message: Message) -> str:
        return message.author.get_full_name() if message.author else ""

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_metaInfo(self, message: Message) -> dict:
        return (message.metadata or {}).get(mapping.METADATA_KEY, {}).get("metaInfo") or {}


def sent_values(ticket: Ticket) -> dict:
    return (ticket.metadata or {}).get(mapping.METADATA_KEY) or {}


def tree_codes(ticket: Ticket) -> tuple[str | None, str | None]:
    """(topic, category) as the ticket's node in the category tree says, if it is a 3PL one."""
    node = ticket.category
    if node is None:
        return None, None
    if node.parent_id is None:
        return (node.code if node.code in mapping.TOPICS else None), None
    parent = node.parent
    if parent.parent_id is None and parent.code in mapping.TOPICS:
        return parent.code, (node.code if node.code in mapping.CATEGORIES else None)
    return None, None


class CustomerInquiryOut(serializers.Serializer):
    subject = serializers.CharField()
    sellerId = serializers.IntegerField(source="seller_account_id", allow_null=True)
    warehouseId = serializers.IntegerField(source="warehouse_id", allow_null=True)
    topic = serializers.SerializerMethodField()
    category = serializers.SerializerMethodField()
    subCategory = serializers.SerializerMethodField()
    parentInquiryId = serializers.IntegerField(source="parent_id", allow_null=True)
    metaInfo = serializers.SerializerMethodField()
    messages = CustomerInquiryMessageOut(many=True, source="thread")
    id = serializers.IntegerField(source="pk")
    created = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    caseNumber = serializers.CharField(source="case_number")
    resolvedAt = serializers.SerializerMethodField()
    currentRating = serializers.SerializerMethodField()
    resolvedBy = serializers.SerializerMethodField()

    # The topic the client chose is echoed even where the tree files the category under
    # another topic (`000`'s own example pairs ONBOARDING with INBOUND).
    @extend_schema_field(serializers.ChoiceField(choices=list(mapping.TOPICS), allow_null=True))
    def get_topic(self, ticket: Ticket) -> str | None:
        return sent_values(ticket).get("topic") or tree_codes(ticket)[0]

    # The ticket's node speaks first, so support recategorising shows; a topic-only
    # ticket falls back to what the client sent, and so does a merged code (filed under
    # the category it merged into) while the ticket stays there.
    @extend_schema_field(serializers.ChoiceField(choices=list(mapping.CATEGORIES), allow_null=True))
    def get_category(self, ticket: Ticket) -> str | None:
        tree, sent = tree_codes(ticket)[1], sent_values(ticket).get("category")
        if tree and mapping.CATEGORY_MERGED_INTO.get(sent) == tree:
            return sent
        return tree or sent

    @extend_schema_field(
        serializers.ChoiceField(choices=list(mapping.SUB_CATEGORIES), allow_null=True)
    )
    def get_subCategory(self, ticket: Ticket) -> str | None:
        return sent_values(ticket).get("subCategory")

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_metaInfo(self, ticket: Ticket) -> dict:
        return sent_values(ticket).get("metaInfo") or {}

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_created(self, ticket: Ticket) -> str:
        return utc_z(ticket.created_at)

    @extend_schema_field(serializers.ChoiceField(choices=list(mapping.INQUIRY_STATUSES)))
    def get_status(self, ticket: Ticket) -> str:
        return mapping.STATUS_BY_CORE[ticket.status]

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_resolvedAt(self, ticket: Ticket) -> str | None:
        return utc_z(ticket.resolved_at)

    @extend_schema_field(serializers.FloatField(allow_null=True, min_value=1, max_value=5))
    def get_currentRating(self, ticket: Ticket) -> float | None:
        return None if ticket.current_rating is None else float(ticket.current_rating)

    @extend_schema_field(
        serializers.ChoiceField(choices=list(mapping.RESOLVED_BY_VALUES), allow_null=True)
    )
    def get_resolvedBy(self, ticket: Ticket) -> str | None:
        if not ticket.resolved_by_role:
            return None
        return mapping.RESOLVED_BY_ROLE.get(ticket.resolved_by_role)


class CustomerInquiryPageOut(serializers.Serializer):
    count = serializers.IntegerField(min_value=0)
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CustomerInquiryOut(many=True)


class CustomerInquiryErrorOut(serializers.Serializer):
    status = serializers.IntegerField()
    message = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Per field (as the client named it), what is wrong.",
    )
