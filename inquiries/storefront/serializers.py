"""Request and answer shapes of the storefront's support-ticket API (`003`)."""

import os
import uuid

from rest_framework import serializers

from inquiries.common import utc_z
from tickets.api.visibility import RoleFieldsMixin
from tickets.models import Attachment, Category, Message, Ticket
from tickets.pagination import COUNT_CAP, MAX_OFFSET, MAX_PAGE_SIZE
from tickets.permissions import VisibleField
from tickets.references import DB_ID_MAX, parse_id

from .mapping import (
    CATEGORY_ACTIVE_BY_STATUS,
    SENDER_TYPE,
    STATUS_BY_CODE,
    STATUS_NAME,
    TICKET_USER_TYPE,
    TOP_LEVEL_PARENT_IDS,
)


class LenientIdField(serializers.IntegerField):
    """An id the storefront may send as a number, a numeric string, or empty for none."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("default", None)
        super().__init__(min_value=1, max_value=DB_ID_MAX, **kwargs)

    def validate_empty_values(self, data):
        if data in ("", "null"):
            data = None
        return super().validate_empty_values(data)


# --- storage keys -----------------------------------------------------------------------
# An upload is named by its uuid: `file` is `<hex><ext>`, `path` the storage key. Both are
# unguessable and resolve to one attachment; the core only lets its uploader claim it.


def attachment_file(attachment: Attachment) -> str:
    return attachment.uuid.hex + os.path.splitext(attachment.original_name)[1]


def attachment_path(attachment: Attachment) -> str:
    return attachment.file.name


def attachment_uuid_from_key(key: str) -> uuid.UUID | None:
    """The uuid in a `file`, `path` or bare uuid the storefront sends back, else None."""
    last = (key or "").strip().rstrip("/").rsplit("/", 1)[-1]
    stem = last.split(".", 1)[0]
    try:
        return uuid.UUID(stem)
    except ValueError:
        return None


# --- input ------------------------------------------------------------------------------


class StorefrontPageQuery(serializers.Serializer):
    default_limit = 20

    limit = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_PAGE_SIZE,
        help_text=f"Rows per page; 0 (the storefront's 'no limit') gives {MAX_PAGE_SIZE}.",
    )
    offset = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_OFFSET,
        default=0,
        help_text=f"Rows to skip; lists stop at {MAX_OFFSET} rows (narrow the search instead).",
    )
    keyword = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")

    def validate(self, attrs: dict) -> dict:
        limit = attrs.get("limit")
        attrs["limit"] = self.default_limit if limit is None else (limit or MAX_PAGE_SIZE)
        return attrs


class StorefrontCategoryQuery(StorefrontPageQuery):
    default_limit = MAX_PAGE_SIZE

    parentCategoryId = serializers.CharField(required=False, allow_blank=True, max_length=20)
    status = serializers.CharField(required=False, allow_blank=True, max_length=20)
    # Sent by the storefront (a ticket-category family); one tree serves every type.
    categoryType = serializers.CharField(required=False, allow_blank=True, max_length=50)

    def validate_parentCategoryId(self, value: str) -> int | None:
        value = value.strip().lower()
        if value in TOP_LEVEL_PARENT_IDS:
            return 0
        if not value:
            return None
        category_id = parse_id(value)
        if category_id is None:
            raise serializers.ValidationError("A category id, or 0 for the top level.")
        return category_id

    def validate_status(self, value: str) -> bool | None:
        value = value.strip().lower()
        if not value:
            return None
        if value not in CATEGORY_ACTIVE_BY_STATUS:
            raise serializers.ValidationError("Use active, inactive, 1 or 0.")
        return CATEGORY_ACTIVE_BY_STATUS[value]


class StorefrontTicketListQuery(StorefrontPageQuery):
    count = serializers.BooleanField(
        required=False,
        default=False,
        help_text=f"1 (or true): answer the number of tickets, counted up to {COUNT_CAP}.",
    )


class StorefrontAttachmentRefIn(serializers.Serializer):
    fileName = serializers.CharField(required=False, allow_blank=True, max_length=255)
    filePath = serializers.CharField(max_length=255)

    def validate(self, attrs: dict) -> dict:
        found = attachment_uuid_from_key(attrs["filePath"])
        if found is None:
            found = attachment_uuid_from_key(attrs.get("fileName", ""))
        if found is None:
            raise serializers.ValidationError(
                {"filePath": "Not an uploaded file: use the `path` the upload answered."}
            )
        attrs["uuid"] = found
        return attrs


class StorefrontTicketCreateIn(serializers.Serializer):
    categoryId = LenientIdField()
    subCategoryId = LenientIdField()
    ticketId = LenientIdField()
    subject = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=20000, default=""
    )
    message = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    attachments = StorefrontAttachmentRefIn(many=True, required=False, default=list)


class StorefrontStatusUpdateIn(serializers.Serializer):
    # Numbers may arrive as numeric strings ("3"); ChoiceField compares their text.
    status = serializers.ChoiceField(choices=sorted(STATUS_BY_CODE))


class StorefrontMediaUploadIn(serializers.Serializer):
    fileName = serializers.CharField(max_length=255)
    fileType = serializers.CharField(required=False, allow_blank=True, max_length=120)
    image = serializers.CharField(help_text="data:<mime>;base64,<bytes>")
    path = serializers.CharField(required=False, allow_blank=True, max_length=255)


class StorefrontDocumentQuery(serializers.Serializer):
    key = serializers.CharField(max_length=255, help_text="The `path` (or `file`) of an upload.")


# --- output -----------------------------------------------------------------------------


def _date(value) -> str | None:
    return value.date().isoformat() if value else None


_utc = utc_z


def _text(value) -> str | None:
    return None if value is None else str(value)


class StorefrontCategoryOut(RoleFieldsMixin, serializers.Serializer):
    # `003` always carries the keys: empty for those who are not shown staff names.
    role_fields = {
        "createdBy": VisibleField.CATEGORY_STAFF,
        "modifiedBy": VisibleField.CATEGORY_STAFF,
    }
    hidden_value = ""

    createdBy = serializers.SerializerMethodField()
    createdDate = serializers.SerializerMethodField()
    modifiedBy = serializers.SerializerMethodField()
    modifiedDate = serializers.SerializerMethodField()
    id = serializers.SerializerMethodField()
    categoryName = serializers.CharField(source="name")
    parentCategoryId = serializers.SerializerMethodField()
    isActive = serializers.BooleanField(source="is_active")
    isDelete = serializers.BooleanField(source="is_deleted")

    def get_createdBy(self, category: Category) -> str:
        return category.created_by.username if category.created_by else ""

    def get_createdDate(self, category: Category) -> str | None:
        return _date(category.created_at)

    def get_modifiedBy(self, category: Category) -> str:
        return category.modified_by.username if category.modified_by else ""

    def get_modifiedDate(self, category: Category) -> str | None:
        return _date(category.modified_at)

    def get_id(self, category: Category) -> str:
        return str(category.pk)

    def get_parentCategoryId(self, category: Category) -> str:
        # The document writes a top-level parent as the string "null".
        return str(category.parent_id) if category.parent_id else "null"


def split_category(category: Category | None) -> tuple[Category | None, Category | None]:
    """(category, sub-category) as the storefront sees a node of the tree."""
    if category is None:
        return None, None
    if category.parent_id is None:
        return category, None
    return category.parent, category


class StorefrontTicketRowOut(serializers.Serializer):
    categoryId = serializers.SerializerMethodField()
    subCategoryId = serializers.SerializerMethodField()
    categoryName = serializers.SerializerMethodField()
    subCategoryName = serializers.SerializerMethodField()
    refId = serializers.CharField(source="case_number")
    subject = serializers.CharField()
    description = serializers.CharField()
    status = serializers.SerializerMethodField()
    userId = serializers.IntegerField(source="customer_id")
    userType = serializers.SerializerMethodField()
    createdDate = serializers.SerializerMethodField()
    modifiedDate = serializers.SerializerMethodField()
    id = serializers.IntegerField()

    def get_categoryId(self, ticket: Ticket) -> int | None:
        category, _ = split_category(ticket.category)
        return category.pk if category else None

    def get_subCategoryId(self, ticket: Ticket) -> int | None:
        _, sub = split_category(ticket.category)
        return sub.pk if sub else None

    def get_categoryName(self, ticket: Ticket) -> str | None:
        category, _ = split_category(ticket.category)
        return category.name if category else None

    def get_subCategoryName(self, ticket: Ticket) -> str | None:
        _, sub = split_category(ticket.category)
        return sub.name if sub else None

    def get_status(self, ticket: Ticket) -> str:
        return STATUS_NAME[ticket.status]

    def get_userType(self, ticket: Ticket) -> str:
        return TICKET_USER_TYPE

    def to_representation(self, ticket: Ticket) -> dict:
        # A list page is rows of these: built as a plain dict, in the declared order, with
        # the values DRF's fields rendered (CharField text, IntegerField int, None kept).
        category, sub = split_category(ticket.category)
        return {
            "categoryId": category.pk if category else None,
            "subCategoryId": sub.pk if sub else None,
            "categoryName": category.name if category else None,
            "subCategoryName": sub.name if sub else None,
            "refId": _text(ticket.case_number),
            "subject": _text(ticket.subject),
            "description": _text(ticket.description),
            "status": self.get_status(ticket),
            "userId": ticket.customer_id,
            "userType": TICKET_USER_TYPE,
            "createdDate": _utc(ticket.created_at),
            "modifiedDate": _utc(ticket.updated_at),
            "id": ticket.pk,
        }

    def get_createdDate(self, ticket: Ticket) -> str | None:
        return _utc(ticket.created_at)

    def get_modifiedDate(self, ticket: Ticket) -> str | None:
        return _utc(ticket.updated_at)


class StorefrontTicketOut(StorefrontTicketRowOut):
    """A ticket as the status update answers it (`003`, PUT)."""

    createdBy = serializers.SerializerMethodField()
    modifiedBy = serializers.SerializerMethodField()
    isActive = serializers.SerializerMethodField()
    isDelete = serializers.SerializerMethodField()

    def get_createdBy(self, ticket: Ticket) -> str:
        return ticket.customer.username

    def get_modifiedBy(self, ticket: Ticket) -> str:
        actor = ticket.resolved_by if ticket.resolved_by_id else None
        return actor.username if actor else ticket.customer.username

    def get_isActive(self, ticket: Ticket) -> bool:
        return True

    def get_isDelete(self, ticket: Ticket) -> bool:
        # Tickets are never deleted: the thread is append-only.
        return False

    def to_representation(self, ticket: Ticket) -> dict:
        return {
            **super().to_representation(ticket),
            "createdBy": self.get_createdBy(ticket),
            "modifiedBy": self.get_modifiedBy(ticket),
            "isActive": self.get_isActive(ticket),
            "isDelete": self.get_isDelete(ticket),
        }


class StorefrontPostedByOut(serializers.Serializer):
    id = serializers.IntegerField()
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    username = serializers.CharField()


class StorefrontTicketAttachmentOut(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    ticketMessageId = serializers.IntegerField(source="message_id")
    fileName = serializers.SerializerMethodField()
    filePath = serializers.SerializerMethodField()
    originalName = serializers.CharField(source="original_name")
    fileType = serializers.CharField(source="content_type")
    fileSize = serializers.IntegerField(source="size")

    def get_fileName(self, attachment: Attachment) -> str:
        return attachment_file(attachment)

    def get_filePath(self, attachment: Attachment) -> str:
        return attachment_path(attachment)


class StorefrontTicketMessageOut(serializers.Serializer):
    createdBy = serializers.SerializerMethodField()
    createdDate = serializers.SerializerMethodField()
    modifiedBy = serializers.SerializerMethodField()
    modifiedDate = serializers.SerializerMethodField()
    id = serializers.IntegerField()
    ticketId = serializers.IntegerField(source="ticket_id")
    senderId = serializers.IntegerField(source="author_id", allow_null=True)
    senderType = serializers.SerializerMethodField()
    message = serializers.CharField(source="body")
    sentAt = serializers.SerializerMethodField()
    isActive = serializers.SerializerMethodField()
    isDelete = serializers.SerializerMethodField()
    createdByType = serializers.SerializerMethodField()
    modifiedByType = serializers.SerializerMethodField()
    postedBy = StorefrontPostedByOut(source="author", allow_null=True)
    ticketAttachments = StorefrontTicketAttachmentOut(source="attachments.all", many=True)

    def get_senderType(self, message: Message) -> str:
        return SENDER_TYPE[message.author_role]

    # Messages are never edited, so "modified" is "created" throughout.
    get_createdBy = get_modifiedBy = get_createdByType = get_modifiedByType = get_senderType

    def get_createdDate(self, message: Message) -> str | None:
        return _utc(message.created_at)

    get_modifiedDate = get_sentAt = get_createdDate

    def get_isActive(self, message: Message) -> bool:
        return True

    def get_isDelete(self, message: Message) -> bool:
        return False


class StorefrontTicketDetailOut(StorefrontTicketOut):
    ticketMessage = StorefrontTicketMessageOut(source="thread", many=True)

    def to_representation(self, ticket: Ticket) -> dict:
        return {
            **super().to_representation(ticket),
            "ticketMessage": self.fields["ticketMessage"].to_representation(ticket.thread),
        }


class StorefrontTicketCreatedOut(serializers.Serializer):
    """What `POST …` answers: the request echoed with the ticket's id (`003`)."""

    ticketId = serializers.IntegerField()
    categoryId = serializers.IntegerField(allow_null=True)
    subCategoryId = serializers.IntegerField(allow_null=True)
    subject = serializers.CharField()
    description = serializers.CharField()
    message = serializers.CharField()
    attachments = serializers.ListField(child=serializers.DictField())
    refId = serializers.CharField()
    ticketMessageId = serializers.IntegerField()


class StorefrontUploadedOut(serializers.Serializer):
    file = serializers.CharField()
    path = serializers.CharField()
    uuid = serializers.UUIDField()
    fileName = serializers.CharField()
    fileType = serializers.CharField()
    fileSize = serializers.IntegerField()
