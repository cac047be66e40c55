"""OpenAPI documentation of the 3PL customer-inquiry dialect (`000`, `001`): one decorator
per operation, used by the views."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema

from .serializers import (
    CustomerInquiryCreateIn,
    CustomerInquiryErrorOut,
    CustomerInquiryListQueryIn,
    CustomerInquiryLoginIn,
    CustomerInquiryLoginOut,
    CustomerInquiryMessageIn,
    CustomerInquiryOut,
    CustomerInquiryPageOut,
    CustomerInquiryRatingIn,
)

TAG = "3PL customer inquiries"
API_KEY_HEADER = OpenApiParameter(
    "X-Api-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The provider's integrations send their API key on every call: accepted, "
    "never checked (the bearer token identifies the caller).",
)
INQUIRY_ID = OpenApiParameter("customerInquiryId", int, OpenApiParameter.PATH)
ERRORS = {
    400: CustomerInquiryErrorOut,
    401: CustomerInquiryErrorOut,
    403: CustomerInquiryErrorOut,
    404: CustomerInquiryErrorOut,
    409: CustomerInquiryErrorOut,
}

EXAMPLE_CREATE = {
    "subject": "Pallet not booked in",
    "sellerId": 1001,
    "warehouseId": 7,
    "messages": [
        {
            "message": "Our pallet arrived on Monday but stock is still 0.",
            "attachments": [
                {
                    "uuid": "6f1c2a9e-3f1b-4d7a-9a54-8b1f0d2c3e4f",
                    "mimeType": "image/png",
                    "filename": "delivery-note.png",
                }
            ],
        }
    ],
    "topic": "ONBOARDING",
    "category": "INBOUND",
    "subCategory": "FULFILMENT_WAREHOUSE",
    "parentInquiryId": None,
    "metaInfo": {"shop": "berlin-1"},
}
EXAMPLE_INQUIRY = {
    "subject": "Pallet not booked in",
    "sellerId": 1001,
    "warehouseId": 7,
    "topic": "ONBOARDING",
    "category": "INBOUND",
    "subCategory": "FULFILMENT_WAREHOUSE",
    "parentInquiryId": None,
    "metaInfo": {"shop": "berlin-1"},
    "messages": [
        {
            "category": "CLIENT_MESSAGE",
            "created": "2023-11-07T05:31:56Z",
            "postedAt": "2023-11-07T05:31:56Z",
            "userEmail": "alice@example.com",
            "username": "alice",
            "fullName": "Alice Smith",
            "metaInfo": {},
            "attachments": [
                {
                    "uuid": "6f1c2a9e-3f1b-4d7a-9a54-8b1f0d2c3e4f",
                    "url": {
                        "link": "https://helpdesk.example.com/api/v1/attachments/"
                        "6f1c2a9e-3f1b-4d7a-9a54-8b1f0d2c3e4f/"
                    },
                    "filename": "delivery-note.png",
                }
            ],
            "message": "Our pallet arrived on Monday but stock is still 0.",
        }
    ],
    "id": 42,
    "created": "2023-11-07T05:31:56Z",
    "status": "WITH_LOGSTA",
    "caseNumber": "HD-2023-000042",
    "resolvedAt": None,
    "currentRating": None,
    "resolvedBy": None,
}


inquiry_list = extend_schema(
    tags=[TAG],
    operation_id="customer_inquiries_list",
    summary="List customer inquiries",
    description="The caller's inquiries (and their seller accounts'; agents: all), "
    "newest first, paginated with `page` and `pageSize` (at most 100).",
    parameters=[
        API_KEY_HEADER,
        CustomerInquiryListQueryIn,
        OpenApiParameter("page", int, description="1-based page number."),
        OpenApiParameter("pageSize", int, description="Rows per page (default 20, max 100)."),
    ],
    responses={200: CustomerInquiryPageOut, **ERRORS},
)

inquiry_create = extend_schema(
    tags=[TAG],
    operation_id="customer_inquiries_create",
    summary="Create customer inquiry",
    description="Open an inquiry with its messages. Attachments reference files "
    "uploaded first with `POST /api/v1/attachments/` by their `uuid`. `topic`, "
    "`category`, `subCategory` take `000`'s values; `sellerId` must be one of the "
    "caller's seller accounts (agents: any).",
    parameters=[API_KEY_HEADER],
    request=CustomerInquiryCreateIn,
    responses={201: CustomerInquiryOut, **ERRORS},
    examples=[
        OpenApiExample("Create", value=EXAMPLE_CREATE, request_only=True),
        OpenApiExample("Created", value=EXAMPLE_INQUIRY, response_only=True),
    ],
)

inquiry_retrieve = extend_schema(
    tags=[TAG],
    operation_id="customer_inquiries_retrieve",
    summary="Get customer inquiry",
    parameters=[API_KEY_HEADER, INQUIRY_ID],
    responses={200: CustomerInquiryOut, **ERRORS},
    examples=[OpenApiExample("Inquiry", value=EXAMPLE_INQUIRY, response_only=True)],
)

message_create = extend_schema(
    tags=[TAG],
    operation_id="customer_inquiries_messages_create",
    summary="Add a message to a customer inquiry",
    description="Adds a message (with attachments uploaded first) and answers the "
    "whole inquiry. The client answering hands the inquiry back to support "
    "(`WITH_LOGSTA`, reopening a resolved one); support answering makes it `WITH_YOU`.",
    parameters=[API_KEY_HEADER, INQUIRY_ID],
    request=CustomerInquiryMessageIn,
    responses={201: CustomerInquiryOut, **ERRORS},
    examples=[
        OpenApiExample(
            "Message",
            value={"message": "Any news on this?", "attachments": []},
            request_only=True,
        )
    ],
)

rating_create = extend_schema(
    tags=[TAG],
    operation_id="customer_inquiries_ratings_create",
    summary="Submit a rating",
    description="Rate the inquiry from 1 to 5 (decimals allowed); `currentRating` "
    "becomes the new rating and a non-empty `ratingMessage` is added as a message of "
    "category `RATING_MESSAGE`. Only the inquiry's own client side may rate.",
    parameters=[API_KEY_HEADER, INQUIRY_ID],
    request=CustomerInquiryRatingIn,
    responses={200: CustomerInquiryOut, **ERRORS},
    examples=[
        OpenApiExample(
            "Rating",
            value={"rating": 4.5, "ratingMessage": "Quick and friendly, thanks!"},
            request_only=True,
        )
    ],
)

login = extend_schema(
    tags=[TAG],
    operation_id="customer_inquiries_login",
    summary="Log in",
    description="Exchange a username and password for a new API token, to send "
    "as `Authorization: Bearer <token>` (with `X-Api-Key`) on every other call. Each "
    "login issues another token; it expires after the configured lifetime and when the "
    "password changes. Too many failed logins lock the account and the address for a "
    "while (429 with `Retry-After`), even for the right password.",
    auth=[],
    parameters=[API_KEY_HEADER],
    request=CustomerInquiryLoginIn,
    responses={
        200: CustomerInquiryLoginOut,
        400: CustomerInquiryErrorOut,
        401: CustomerInquiryErrorOut,
        429: CustomerInquiryErrorOut,
    },
    examples=[
        OpenApiExample(
            "Login", value={"username": "alice", "password": "demo12345"}, request_only=True
        ),
        OpenApiExample(
            "Token",
            value={"token": "2f1c0b9e8d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e"},
            response_only=True,
        ),
    ],
)
