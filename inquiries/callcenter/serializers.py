"""Request and answer shapes of the marketplace call-center inquiry API (`004`)."""

import re
from datetime import date, datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tickets.models import Message, MessageKind, Ticket, TransferStatus
from tickets.pagination import MAX_OFFSET
from tickets.references import DB_ID_MAX

from .mapping import (
    ANSWER_TYPE,
    COUNSELING_STATUS,
    DATE_PATTERN,
    DATETIME_PATTERN,
    INQUIRY_STATUS,
    MAX_WINDOW_DAYS,
    NO_COMPLETE_REASON,
    PAGE_SIZE_DEFAULT,
    PAGE_SIZE_MAX,
    PARTNER_TRANSFER_ANSWERED,
    PARTNER_TRANSFER_NONE,
    PARTNER_TRANSFER_STATUS,
    TRANSFER_STATUSES_BY_COUNSELING,
    WINDOW_ERROR,
)

DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Keys of Ticket.metadata this dialect reads when a ticket carries them.
METADATA_KEY = "callcenter"


def local_time(value: datetime | None) -> str | None:
    """`yyyy-MM-dd HH:mm:ss` in the install's time zone, as the platform writes times."""
    return timezone.localtime(value).strftime(DATETIME_PATTERN) if value else None


def _parse_date(text: str) -> date:
    if not DATE_SHAPE.match(text):
        raise serializers.ValidationError(WINDOW_ERROR)
    try:
        return datetime.strptime(text, DATE_PATTERN).date()  # noqa: DTZ007 (a date only)
    except ValueError:
        raise serializers.ValidationError(WINDOW_ERROR) from None


# --- input ------------------------------------------------------------------------------


class CallCenterInquiryQuery(serializers.Serializer):
    vendorId = serializers.CharField(required=False, max_length=20)
    partnerCounselingStatus = serializers.CharField(
        max_length=20, help_text="NONE, ANSWER, NO_ANSWER or TRANSFER (any case)"
    )
    inquiryStartAt = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="yyyy-MM-dd"
    )
    inquiryEndAt = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="yyyy-MM-dd, at most 7 days on"
    )
    orderId = serializers.IntegerField(required=False, min_value=0, max_value=DB_ID_MAX)
    vendorItemId = serializers.CharField(required=False, allow_blank=True, max_length=64)
    pageNum = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_OFFSET + 1, default=1
    )
    pageSize = serializers.IntegerField(
        required=False, min_value=1, max_value=PAGE_SIZE_MAX, default=PAGE_SIZE_DEFAULT
    )

    def validate_partnerCounselingStatus(self, value: str) -> str:
        value = value.strip().upper()
        if value not in TRANSFER_STATUSES_BY_COUNSELING:
            raise serializers.ValidationError(
                f"Use one of {', '.join(TRANSFER_STATUSES_BY_COUNSELING)}."
            )
        return value

    def validate(self, attrs: dict) -> dict:
        # `004`: without an option id both dates are needed; with one they are optional,
        # but a window that is given follows the same pattern and 7-day limit.
        start_text = (attrs.get("inquiryStartAt") or "").strip()
        end_text = (attrs.get("inquiryEndAt") or "").strip()
        attrs["vendorItemId"] = (attrs.get("vendorItemId") or "").strip()
        attrs["window"] = None
        if not attrs["vendorItemId"] and not (start_text and end_text):
            raise serializers.ValidationError(WINDOW_ERROR)
        if start_text or end_text:
            if not (start_text and end_text):
                raise serializers.ValidationError(WINDOW_ERROR)
            start, end = _parse_date(start_text), _parse_date(end_text)
            if end < start or (end - start).days > MAX_WINDOW_DAYS:
                raise serializers.ValidationError(WINDOW_ERROR)
            attrs["window"] = (start, end)
        if (attrs["pageNum"] - 1) * attrs["pageSize"] > MAX_OFFSET:
            raise serializers.ValidationError(
                {"pageNum": [f"Lists stop at {MAX_OFFSET} inquiries; narrow the dates."]}
            )
        return attrs


class CallCenterReplyIn(serializers.Serializer):
    vendorId = serializers.CharField(required=False, max_length=20)
    inquiryId = serializers.IntegerField(required=False, min_value=1, max_value=DB_ID_MAX)
    content = serializers.CharField(max_length=20000)
    replyBy = serializers.CharField(max_length=100, help_text="The replying user's login id")
    parentAnswerId = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=DB_ID_MAX
    )


class CallCenterConfirmIn(serializers.Serializer):
    confirmBy = serializers.CharField(max_length=100, help_text="The confirming user's login id")


# --- output -----------------------------------------------------------------------------


def _transfer_ids_before(exchange: list[Message]) -> dict[int, int]:
    """For each message of the vendor exchange, the transfer note it follows (0: none)."""
    parents: dict[int, int] = {}
    current = 0
    for message in exchange:
        if message.kind == MessageKind.TRANSFER:
            current = message.pk
            parents[message.pk] = 0
        else:
            parents[message.pk] = current
    return parents


class CallCenterReplyOut(serializers.Serializer):
    receptionistName = serializers.CharField()
    receptionist = serializers.CharField()
    replyAt = serializers.CharField()
    content = serializers.CharField()
    answerId = serializers.IntegerField()
    parentAnswerId = serializers.IntegerField()
    partnerTransferStatus = serializers.CharField(allow_null=True)
    partnerTransferCompleteReason = serializers.CharField()
    answerType = serializers.ChoiceField(choices=sorted(ANSWER_TYPE.values()))
    needAnswer = serializers.BooleanField()


def replies_of(ticket: Ticket) -> list[dict]:
    """The transfer notes (csAgent) and vendor answers (vendor) of a ticket, oldest first."""
    exchange: list[Message] = ticket.exchange
    parents = _transfer_ids_before(exchange)
    transfer_ids = [m.pk for m in exchange if m.kind == MessageKind.TRANSFER]
    answered_transfers = {parents[m.pk] for m in exchange if m.kind == MessageKind.VENDOR_ANSWER}
    rows = []
    for message in exchange:
        author = message.author
        is_transfer = message.kind == MessageKind.TRANSFER
        is_latest_transfer = is_transfer and message.pk == transfer_ids[-1]
        if not is_transfer:
            transfer_status = None
        elif message.pk in answered_transfers:
            transfer_status = PARTNER_TRANSFER_ANSWERED
        elif is_latest_transfer:
            transfer_status = PARTNER_TRANSFER_STATUS[ticket.transfer_status]
        else:
            transfer_status = PARTNER_TRANSFER_NONE
        if is_transfer:
            # The CS agent who transferred it; a vendor answer is signed by the shop.
            receptionist_name = (author.get_full_name() or author.username) if author else ""
        else:
            # Signed by the shop that wrote it, which after a second transfer is not the
            # ticket's current vendor.
            receptionist_name = message.vendor.name or message.vendor.code
        rows.append(
            {
                "receptionistName": receptionist_name,
                "receptionist": author.username if author else "",
                "replyAt": local_time(message.created_at),
                "content": message.body,
                "answerId": message.pk,
                "parentAnswerId": parents[message.pk],
                "partnerTransferStatus": transfer_status,
                "partnerTransferCompleteReason": NO_COMPLETE_REASON,
                "answerType": ANSWER_TYPE[message.kind],
                "needAnswer": is_latest_transfer
                and ticket.transfer_status == TransferStatus.ANSWER_REQUESTED,
            }
        )
    return rows


class CallCenterInquiryOut(serializers.Serializer):
    inquiryId = serializers.IntegerField(source="pk")
    csPartnerCounselingStatus = serializers.SerializerMethodField()
    inquiryStatus = serializers.SerializerMethodField()
    vendorItemId = serializers.SerializerMethodField()
    itemName = serializers.CharField(source="item_name")
    content = serializers.SerializerMethodField()
    answeredAt = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()
    inquiryAt = serializers.SerializerMethodField()
    buyerEmail = serializers.SerializerMethodField()
    buyerPhone = serializers.SerializerMethodField()
    orderId = serializers.SerializerMethodField()
    orderDate = serializers.SerializerMethodField()
    receiptCategory = serializers.SerializerMethodField()
    saleStartedAt = serializers.SerializerMethodField()
    saleEndedAt = serializers.SerializerMethodField()

    def get_csPartnerCounselingStatus(self, ticket: Ticket) -> str:
        return COUNSELING_STATUS.get(ticket.transfer_status, PARTNER_TRANSFER_NONE)

    def get_inquiryStatus(self, ticket: Ticket) -> str:
        return INQUIRY_STATUS[ticket.status]

    def get_vendorItemId(self, ticket: Ticket) -> list[int]:
        # The platform's option ids are numbers; an item id that is not one has no option.
        return [int(ticket.item_id)] if ticket.item_id.isdigit() else []

    def get_content(self, ticket: Ticket) -> str:
        return ticket.description or ticket.subject

    def get_answeredAt(self, ticket: Ticket) -> str | None:
        answers = [m for m in ticket.exchange if m.kind == MessageKind.VENDOR_ANSWER]
        return local_time(answers[-1].created_at) if answers else None

    @staticmethod
    def _meta(ticket: Ticket, key: str) -> str | None:
        extra = ticket.metadata.get(METADATA_KEY) if isinstance(ticket.metadata, dict) else None
        value = extra.get(key) if isinstance(extra, dict) else None
        return None if value is None else str(value)

    @extend_schema_field(CallCenterReplyOut(many=True))
    def get_replies(self, ticket: Ticket) -> list[dict]:
        return CallCenterReplyOut(replies_of(ticket), many=True).data

    def get_inquiryAt(self, ticket: Ticket) -> str | None:
        return local_time(ticket.created_at)

    def get_buyerEmail(self, ticket: Ticket) -> str:
        return ""  # `004`: "non-use/empty value"

    def get_buyerPhone(self, ticket: Ticket) -> str:
        return self._meta(ticket, "buyerPhone") or ""

    def get_orderId(self, ticket: Ticket) -> int | None:
        return int(ticket.order_id) if ticket.order_id.isdigit() else None

    def get_orderDate(self, ticket: Ticket) -> str | None:
        return self._meta(ticket, "orderDate")

    def get_receiptCategory(self, ticket: Ticket) -> str:
        names, node = [], ticket.category
        while node is not None:
            names.append(node.name)
            node = node.parent
        return ">".join(reversed(names))

    def get_saleStartedAt(self, ticket: Ticket) -> str | None:
        return self._meta(ticket, "saleStartedAt")

    def get_saleEndedAt(self, ticket: Ticket) -> str | None:
        return self._meta(ticket, "saleEndedAt")


class CallCenterPaginationOut(serializers.Serializer):
    currentPage = serializers.IntegerField()
    totalPages = serializers.IntegerField()
    totalElements = serializers.IntegerField()
    countPerPage = serializers.IntegerField()


class CallCenterInquiryPageOut(serializers.Serializer):
    content = CallCenterInquiryOut(many=True)
    pagination = CallCenterPaginationOut()


class CallCenterInquiryListOut(serializers.Serializer):
    code = serializers.IntegerField()
    message = serializers.CharField()
    data = CallCenterInquiryPageOut()


class CallCenterInquiryDetailOut(serializers.Serializer):
    code = serializers.IntegerField()
    message = serializers.CharField()
    data = CallCenterInquiryOut()


class CallCenterResultOut(serializers.Serializer):
    code = serializers.IntegerField()
    message = serializers.CharField()
