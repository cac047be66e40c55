"""The storefront's support-ticket API (`003`): translate, call the core, wrap in the envelope.

Every answer, errors included, is `{status, message, data}`; the setting
HELPDESK_STOREFRONT_NUMERIC_STATUS turns `status` into the 1/0 the real storefront tests.
"""

import base64
import binascii
import re

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.errors import ApiError
from inquiries.common import DB_ID_MAX, contract_field_names, parse
from tickets import permissions
from tickets.downloads import attachment_file_response
from tickets.errors import AttachmentTooLargeError, InvalidInputError, TicketNotFoundError
from tickets.models import Category, Status
from tickets.permissions import Action
from tickets.selectors import (
    attachment_get_for,
    category_list,
    category_list_for,
    ticket_get_for,
    ticket_list_for,
    ticket_search,
)
from tickets.services.attachments import attachment_upload
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_create, ticket_reopen, ticket_set_status

from . import serializers as io
from .mapping import (
    ENVELOPE_STATUS,
    ENVELOPE_STATUS_NUMERIC,
    MESSAGES,
    STATUS_BY_CODE,
    STATUS_NAME,
)

TAG = "Storefront tickets (003)"
DATA_URI = re.compile(r"^data:(?P<mime>[\w.+-]+/[\w.+-]+)?(?:;[\w-]+=[\w.-]+)*;base64,", re.I)


def envelope_status(success: bool) -> object:
    table = (
        ENVELOPE_STATUS_NUMERIC if settings.HELPDESK_STOREFRONT_NUMERIC_STATUS else ENVELOPE_STATUS
    )
    return table[success]


def enveloped(name: str, data: serializers.Field) -> serializers.Serializer:
    """The schema of `{status, message, data}` around one answer shape."""
    return inline_serializer(
        name=name,
        fields={
            "status": serializers.CharField(help_text='"success"/"error", or 1/0 by setting'),
            "message": serializers.CharField(),
            "data": data,
        },
    )


ERROR_ENVELOPE = enveloped("StorefrontError", serializers.JSONField(allow_null=True))
ERRORS = {
    code: OpenApiResponse(ERROR_ENVELOPE, description=text)
    for code, text in {
        400: "Invalid input (the field is named in data.errors)",
        401: "Missing or bad credentials",
        403: "Not allowed for your role",
        404: "No such ticket (or not yours)",
    }.items()
}


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
    @extend_schema(
        tags=[TAG],
        operation_id="storefront_ticket_categories",
        summary="Get customer support ticket categories",
        parameters=[io.StorefrontCategoryQuery],
        responses={
            200: enveloped("StorefrontCategories", io.StorefrontCategoryOut(many=True)),
            **{code: ERRORS[code] for code in (400, 401)},
        },
        examples=[
            OpenApiExample(
                "Categories",
                response_only=True,
                value={
                    "status": "success",
                    "message": MESSAGES["categories"],
                    "data": [
                        {
                            "createdBy": "admin",
                            "createdDate": "2025-04-20",
                            "modifiedBy": "admin",
                            "modifiedDate": "2025-04-20",
                            "id": "123",
                            "categoryName": "Technical Issue",
                            "parentCategoryId": "null",
                            "isActive": True,
                            "isDelete": False,
                        }
                    ],
                },
            )
        ],
    )
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
        start = query["offset"]
        page = categories[start : start + query["limit"]]
        rows = io.StorefrontCategoryOut(page, many=True, context={"request": request}).data
        return self.envelope(rows, MESSAGES["categories"])


TICKET_ROW_EXAMPLE = {
    "categoryId": 1,
    "subCategoryId": 2,
    "categoryName": "Product",
    "subCategoryName": "Defect",
    "refId": "HD-2025-000001",
    "subject": "Issue with Product",
    "description": "The product is defective.",
    "status": "open",
    "userId": 123,
    "userType": "customer",
    "createdDate": "2025-04-20T12:34:56Z",
    "modifiedDate": "2025-04-21T08:45:00Z",
    "id": 1,
}
CREATE_EXAMPLE = {
    "categoryId": 1,
    "subCategoryId": 2,
    "subject": "Issue with Product",
    "description": "The product is defective.",
    "message": "Please check the issue with the product.",
    "attachments": [
        {
            "fileName": "3f2a9c0e8b7d4f65a1c2d3e4f5a6b7c8.jpg",
            "filePath": "attachments/3f/3f2a9c0e8b7d4f65a1c2d3e4f5a6b7c8",
        }
    ],
}


class TicketListCreateView(StorefrontView):
    @extend_schema(
        tags=[TAG],
        operation_id="storefront_tickets",
        summary="Retrieve customer support tickets",
        description="The caller's tickets (agents: all), newest first. `count=1` answers "
        "the total number as `data` instead.",
        parameters=[io.StorefrontTicketListQuery],
        responses={
            200: PolymorphicProxySerializer(
                component_name="StorefrontTicketsOrCount",
                serializers=[
                    enveloped("StorefrontTickets", io.StorefrontTicketRowOut(many=True)),
                    enveloped("StorefrontTicketCount", serializers.IntegerField()),
                ],
                resource_type_field_name=None,
            ),
            **{code: ERRORS[code] for code in (400, 401)},
        },
        examples=[
            OpenApiExample(
                "Tickets",
                response_only=True,
                value={
                    "status": "success",
                    "message": MESSAGES["list"],
                    "data": [TICKET_ROW_EXAMPLE],
                },
            ),
            OpenApiExample(
                "Count (count=1)",
                response_only=True,
                value={"status": "success", "message": MESSAGES["list"], "data": 13},
            ),
        ],
    )
    def get(self, request: Request) -> Response:
        query = parse(io.StorefrontTicketListQuery, request.query_params)
        tickets = ticket_search(
            ticket_list_for(user=request.user), user=request.user, keyword=query["keyword"]
        )
        if query["count"]:
            return self.envelope(tickets.count(), MESSAGES["list"])
        start = query["offset"]
        page = tickets[start : start + query["limit"]]
        return self.envelope(io.StorefrontTicketRowOut(page, many=True).data, MESSAGES["list"])

    @extend_schema(
        tags=[TAG],
        operation_id="storefront_ticket_create",
        summary="Create a customer support ticket (or add a message with ticketId)",
        description="Without `ticketId`: open a ticket (`subject` required, `message` or "
        "`description` as its first message). With `ticketId`: add `message` to that ticket. "
        "Attachments reference uploads from `POST /backend/api/api/media/upload-file` as "
        "`{fileName: file, filePath: path}`.",
        request=io.StorefrontTicketCreateIn,
        responses={
            200: enveloped("StorefrontTicketCreated", io.StorefrontTicketCreatedOut()),
            **ERRORS,
        },
        examples=[
            OpenApiExample("New ticket", request_only=True, value=CREATE_EXAMPLE),
            OpenApiExample(
                "Message on a ticket",
                request_only=True,
                value={"ticketId": "12", "message": "Any news?", "attachments": []},
            ),
        ],
    )
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


def visible_ticket(request: Request, ticket_id: object):
    """The caller's ticket by the id in the path; anything that names no row is a 404."""
    text = str(ticket_id)
    if not text.isdigit() or int(text) > DB_ID_MAX:
        raise TicketNotFoundError(ticket_id)
    return ticket_get_for(user=request.user, ticket_id=int(text))


TICKET_ID = OpenApiParameter("ticket_id", int, OpenApiParameter.PATH, description="Ticket id")


class TicketDetailView(StorefrontView):
    @extend_schema(
        tags=[TAG],
        operation_id="storefront_ticket",
        summary="Get customer support ticket details",
        parameters=[TICKET_ID],
        responses={
            200: enveloped("StorefrontTicketDetail", io.StorefrontTicketDetailOut()),
            **{code: ERRORS[code] for code in (401, 404)},
        },
    )
    def get(self, request: Request, ticket_id: str) -> Response:
        ticket = visible_ticket(request, ticket_id)
        return self.envelope(io.StorefrontTicketDetailOut(ticket).data, MESSAGES["detail"])

    @extend_schema(
        tags=[TAG],
        operation_id="storefront_ticket_status",
        summary="Update customer support ticket status",
        description="1 open, 2 resolved, 3 closed, 4 in progress (numbers or numeric strings). "
        "Customers may resolve or close their ticket and reopen (1) a resolved one; agents "
        "may make any move the workflow allows. An illegal move answers 409; the status the "
        "ticket already has changes nothing.",
        parameters=[TICKET_ID],
        request=io.StorefrontStatusUpdateIn,
        responses={
            200: enveloped("StorefrontTicketStatus", io.StorefrontTicketOut()),
            409: OpenApiResponse(ERROR_ENVELOPE, description="The workflow refuses this move"),
            **ERRORS,
        },
        examples=[OpenApiExample("Resolve", request_only=True, value={"status": 2})],
    )
    def put(self, request: Request, ticket_id: str) -> Response:
        data = parse(io.StorefrontStatusUpdateIn, request.data)
        ticket = visible_ticket(request, ticket_id)
        to = STATUS_BY_CODE[data["status"]]
        if permissions.is_agent(request.user):
            ticket_set_status(ticket=ticket, actor=request.user, to=to)
        elif STATUS_NAME[ticket.status] == STATUS_NAME[to]:
            # The customer's ticket already reads so (a retried call, or "open" while it
            # waits on them): nothing to move, and the customer still may see it.
            permissions.require(request.user, Action.REPLY, ticket)
        elif to == Status.OPEN:
            # A customer's "1" can only mean reopening: anything else is an illegal move.
            ticket_reopen(ticket=ticket, actor=request.user)
        else:
            ticket_set_status(ticket=ticket, actor=request.user, to=to)
        ticket = ticket_get_for(user=request.user, ticket_id=ticket.pk)
        return self.envelope(io.StorefrontTicketOut(ticket).data, MESSAGES["status"])


class MediaUploadView(StorefrontView):
    @extend_schema(
        tags=[TAG],
        operation_id="storefront_media_upload",
        summary="Upload a file for a later ticket message",
        description="The bytes arrive as a base64 data URI. Same limits and type sniffing as "
        "every upload. Reference it from a ticket as `{fileName: file, filePath: path}`.",
        request=io.StorefrontMediaUploadIn,
        responses={
            200: enveloped("StorefrontUploaded", io.StorefrontUploadedOut()),
            413: OpenApiResponse(ERROR_ENVELOPE, description="The file is too large"),
            **{code: ERRORS[code] for code in (400, 401)},
        },
        examples=[
            OpenApiExample(
                "PNG",
                request_only=True,
                value={
                    "fileName": "photo.png",
                    "fileType": "image/png",
                    "image": "data:image/png;base64,iVBORw0KGgo...",
                    "path": "ticket/",
                },
            )
        ],
    )
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
            raise AttachmentTooLargeError("image", f"The file is larger than {limit} bytes.")
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

    @extend_schema(
        tags=[TAG],
        operation_id="storefront_media_document",
        summary="Download an uploaded or attached file",
        description="Only for whoever may see the ticket it is attached to (or its uploader, "
        "before it is used).",
        parameters=[io.StorefrontDocumentQuery],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="The file"),
            **{code: ERRORS[code] for code in (400, 401, 404)},
        },
    )
    def get(self, request: Request):
        query = parse(io.StorefrontDocumentQuery, request.query_params)
        found = io.attachment_uuid_from_key(query["key"])
        attachment = attachment_get_for(user=request.user, attachment_uuid=found or "")
        return attachment_file_response(attachment)


class StorefrontNotFoundView(StorefrontView):
    """Any other path under the storefront root: a 404 in the envelope, not an HTML page."""

    permission_classes = []

    @extend_schema(exclude=True)
    def get(self, request: Request, *args, **kwargs) -> Response:
        raise NotFound("No such storefront API path.")

    post = put = patch = delete = get
