"""OpenAPI documentation of the storefront dialect (`003`): one decorator per operation,
used by the views."""

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers

from . import serializers as io
from .mapping import MESSAGES

TAG = "Storefront tickets (003)"


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


TICKET_ID = OpenApiParameter("ticket_id", int, OpenApiParameter.PATH, description="Ticket id")


category_list = extend_schema(
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

ticket_list = extend_schema(
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

ticket_create = extend_schema(
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

ticket_retrieve = extend_schema(
    tags=[TAG],
    operation_id="storefront_ticket",
    summary="Get customer support ticket details",
    parameters=[TICKET_ID],
    responses={
        200: enveloped("StorefrontTicketDetail", io.StorefrontTicketDetailOut()),
        **{code: ERRORS[code] for code in (401, 404)},
    },
)

ticket_status = extend_schema(
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

media_upload = extend_schema(
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

media_document = extend_schema(
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

undocumented = extend_schema(exclude=True)
