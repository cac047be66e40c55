"""The storefront's support-ticket API (`003`): translate, call the core, wrap in the envelope.

Every answer, errors included, is `{status, message, data}`; the setting
HELPDESK_STOREFRONT_NUMERIC_STATUS turns `status` into the 1/0 the real storefront tests.
"""

import base64
import binascii
import re

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.errors import ApiError
from inquiries.common import contract_field_names, parse
from tickets.downloads import attachment_file_response
from tickets.errors import AttachmentTooLargeError, InvalidInputError
from tickets.models import Category
from tickets.pagination import capped_count, offset_page
from tickets.selectors import (
    attachment_get_for,
    category_list,
    category_list_for,
    ticket_get_for,
    ticket_rows_opened_by,
)
from tickets.services.attachments import attachment_upload, too_large_message
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_create, ticket_set_status

from . import apidocs
from . import serializers as io
from .mapping import (
    ENVELOPE_STATUS,
    ENVELOPE_STATUS_NUMERIC,
    MESSAGES,
    STATUS_BY_CODE,
    STATUS_NAME,
)

DATA_URI = re.compile(r"^data:(?P<mime>[\w.+-]+/[\w.+-]+)?(?:;[\w-]+=[\w.-]+)*;base64,", re.I)


def envelope_status(success: bool) -> object:
    table = (
        ENVELOPE_STATUS_NUMERIC if settings.HELPDESK_STOREFRONT_NUMERIC_STATUS else ENVELOPE_STATUS
    )
    return table[success]


class StorefrontView(APIView):
    def envelope(self, data: object, message: str, status: int = 200) -> Response:
        return Response(
            {"status": envelope_status(True), "message": message, "data": data}, status=status
        )

    def render_error(self, error: ApiError) -> Response:
        data = {"errors": error.fields} if error.fields else None
        return Response(
            {"status": envelope_status(False), "message": error.message, "data": data},
            status=error.status,
        )


class TicketCategoryListView(StorefrontView):
    @apidocs.category_list
    def get(self, request: Request) -> Response:
        query = parse(io.StorefrontCategoryQuery, request.query_params)
        # Without a status the storefront lists the categories open for new tickets.
        is_active = query.get("status")
        categories = category_list_for(
            user=request.user, is_active=True if is_active is None else is_active
        ).select_related("created_by", "modified_by")
        parent_id = query.get("parentCategoryId")
        if parent_id == 0:
            categories = categories.filter(parent__isnull=True)
        elif parent_id is not None:
            categories = categories.filter(parent_id=parent_id)
        if keyword := query["keyword"].strip():
            categories = categories.filter(name__icontains=keyword)
        page = offset_page(categories, offset=query["offset"], limit=query["limit"])
        rows = io.StorefrontCategoryOut(page, many=True, context={"request": request}).data
        return self.envelope(rows, MESSAGES["categories"])


class TicketListCreateView(StorefrontView):
    @apidocs.ticket_list
    def get(self, request: Request) -> Response:
        query = parse(io.StorefrontTicketListQuery, request.query_params)
        tickets = ticket_rows_opened_by(user=request.user, keyword=query["keyword"])
        if query["count"]:
            return self.envelope(capped_count(tickets), MESSAGES["list"])
        page = offset_page(tickets, offset=query["offset"], limit=query["limit"])
        return self.envelope(io.StorefrontTicketRowOut(page, many=True).data, MESSAGES["list"])

    @apidocs.ticket_create
    def post(self, request: Request) -> Response:
        data = parse(io.StorefrontTicketCreateIn, request.data)
        uuids = [ref["uuid"] for ref in data["attachments"]]
        field_names = {"body": "message", "category": "categoryId"}
        if data["ticketId"] is not None:
            ticket = ticket_get_for(user=request.user, ticket_id=data["ticketId"])
            body = data["message"] or data["description"]
            with contract_field_names(field_names):
                message = message_post(
                    ticket=ticket, actor=request.user, body=body, attachment_uuids=uuids
                )
        else:
            with contract_field_names(field_names):
                ticket = ticket_create(
                    actor=request.user,
                    subject=data["subject"],
                    description=data["description"],
                    body=data["message"] or None,
                    category=self._category(data),
                    attachment_uuids=uuids,
                    # `003` makes subCategoryId optional: a categoryId alone files there.
                    allow_parent_category=True,
                )
            message = ticket.messages.order_by("id").first()
            ticket = ticket_get_for(user=request.user, ticket_id=ticket.pk)
        category, sub = io.split_category(ticket.category)
        answer = {
            "ticketId": ticket.pk,
            "categoryId": category.pk if category else None,
            "subCategoryId": sub.pk if sub else None,
            "subject": ticket.subject,
            "description": ticket.description,
            "message": message.body,
            "attachments": [
                {"fileName": io.attachment_file(a), "filePath": io.attachment_path(a)}
                for a in message.attachments.order_by("id")
            ],
            "refId": ticket.case_number,
            "ticketMessageId": message.pk,
        }
        return self.envelope(answer, MESSAGES["create"])

    @staticmethod
    def _category(data: dict) -> Category | None:
        """The tree node the ticket files under: the sub-category when one is given."""
        usable = category_list()
        category = None
        if data["categoryId"] is not None:
            category = usable.filter(pk=data["categoryId"]).first()
            if category is None:
                raise InvalidInputError("categoryId", f"Unknown category {data['categoryId']}.")
        if data["subCategoryId"] is None:
            return category
        sub = usable.filter(pk=data["subCategoryId"]).first()
        if sub is None:
            raise InvalidInputError("subCategoryId", f"Unknown category {data['subCategoryId']}.")
        if category is not None and sub.parent_id != category.pk:
            raise InvalidInputError(
                "subCategoryId", f"Category {sub.pk} is not a sub-category of {category.pk}."
            )
        return sub


class TicketDetailView(StorefrontView):
    @apidocs.ticket_retrieve
    def get(self, request: Request, ticket_id: int) -> Response:
        ticket = ticket_get_for(user=request.user, ticket_id=ticket_id)
        return self.envelope(io.StorefrontTicketDetailOut(ticket).data, MESSAGES["detail"])

    @apidocs.ticket_status
    def put(self, request: Request, ticket_id: int) -> Response:
        data = parse(io.StorefrontStatusUpdateIn, request.data)
        ticket = ticket_get_for(user=request.user, ticket_id=ticket_id)
        to = STATUS_BY_CODE[data["status"]]
        # A status the ticket already reads as (a retried call, or "open" while it waits
        # on the customer) is no change in this contract.
        if STATUS_NAME[ticket.status] != STATUS_NAME[to]:
            ticket_set_status(ticket=ticket, actor=request.user, to=to)
        ticket = ticket_get_for(user=request.user, ticket_id=ticket.pk)
        return self.envelope(io.StorefrontTicketOut(ticket).data, MESSAGES["status"])


class MediaUploadView(StorefrontView):
    @apidocs.media_upload
    def post(self, request: Request) -> Response:
        data = parse(io.StorefrontMediaUploadIn, request.data)
        claimed, content = self._decode(data["image"])
        if not claimed and "/" in data.get("fileType", ""):
            claimed = data["fileType"]
        uploaded = SimpleUploadedFile(data["fileName"], content, claimed or "")
        with contract_field_names({"file": "image"}):
            attachment = attachment_upload(
                actor=request.user, uploaded=uploaded, claimed_type=claimed
            )
        answer = {
            "file": io.attachment_file(attachment),
            "path": io.attachment_path(attachment),
            "uuid": str(attachment.uuid),
            "fileName": attachment.original_name,
            "fileType": attachment.content_type,
            "fileSize": attachment.size,
        }
        return self.envelope(answer, MESSAGES["upload"])

    @staticmethod
    def _decode(image: str) -> tuple[str, bytes]:
        """(claimed type, bytes) of a data URI, or of bare base64 with no claim."""
        claimed = ""
        payload = image.strip()
        if match := DATA_URI.match(payload):
            claimed = match.group("mime") or ""
            payload = payload[match.end() :]
        elif payload.startswith("data:"):
            raise InvalidInputError("image", "Send the file as data:<type>;base64,<bytes>.")
        # Refuse oversized files before decoding them: base64 is 4 characters per 3 bytes.
        limit = settings.HELPDESK_ATTACHMENT_MAX_BYTES
        if len(payload) * 3 // 4 > limit + 3:
            raise AttachmentTooLargeError("image", too_large_message())
        try:
            content = base64.b64decode(re.sub(r"\s+", "", payload), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInputError("image", "The file is not valid base64.") from None
        return claimed, content


class FirstRendererNegotiation(BaseContentNegotiation):
    """A download answers the file whatever the client accepts (images, PDFs, …)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class MediaDocumentView(StorefrontView):
    content_negotiation_class = FirstRendererNegotiation

    @apidocs.media_document
    def get(self, request: Request):
        query = parse(io.StorefrontDocumentQuery, request.query_params)
        found = io.attachment_uuid_from_key(query["key"])
        attachment = attachment_get_for(user=request.user, attachment_uuid=found or "")
        return attachment_file_response(attachment)


class StorefrontNotFoundView(StorefrontView):
    """Any other path under the storefront root: a 404 in the envelope, not an HTML page."""

    permission_classes = []

    @apidocs.undocumented
    def get(self, request: Request, *args, **kwargs) -> Response:
        raise NotFound("No such storefront API path.")

    post = put = patch = delete = get
