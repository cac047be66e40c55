"""OpenAPI documentation of the support-request dialect (`002`): one decorator per
operation, used by the views."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema

from tickets.pagination import UNPAGED_LIMIT

from .serializers import (
    SupportRequestCategoryQueryIn,
    SupportRequestCreateIn,
    SupportRequestErrorOut,
    SupportRequestOut,
    SupportRequestRespondIn,
)

TAG = "Support requests"
CUSTOMER_ID = OpenApiParameter("customerId", int, OpenApiParameter.PATH)
REQUEST_ID = OpenApiParameter("requestId", int, OpenApiParameter.PATH)
AGENT_ID = OpenApiParameter("agentId", int, OpenApiParameter.PATH)
EXAMPLE_REQUEST = {
    "id": 42,
    "customerId": 7,
    "category": "Order",
    "subject": "Where is my order?",
    "description": "The tracking page has not changed for five days.",
    "orderId": "ORD-2024-001",
    "status": "Resolved",
    "createdAt": "2024-01-15T10:30:00Z",
    "updatedAt": "2024-01-15T14:05:00Z",
    "responses": [
        {
            "message": "Your parcel is at the depot and will arrive tomorrow.",
            "agentId": 3,
            "createdAt": "2024-01-15T14:05:00Z",
        }
    ],
}


LIST_SCHEMA = {
    "tags": [TAG],
    "operation_id": "support_requests_customer_list",
    "summary": "Get customer support requests (customer)",
    "description": f"The customer's requests, newest first, at most the {UNPAGED_LIMIT} newest "
    "(the contract has no paging). `customerId` must be the caller (agents: any customer).",
    "parameters": [CUSTOMER_ID, SupportRequestCategoryQueryIn],
    "responses": {
        200: SupportRequestOut(many=True),
        400: SupportRequestErrorOut,
        401: SupportRequestErrorOut,
        403: SupportRequestErrorOut,
        404: SupportRequestErrorOut,
    },
    "examples": [OpenApiExample("Requests", value=[EXAMPLE_REQUEST], response_only=True)],
}
DETAIL_SCHEMA = {
    "tags": [TAG],
    "operation_id": "support_requests_customer_retrieve",
    "summary": "Get support request details (customer)",
    "description": "One request of `customerId`; any request the caller may not see, or of "
    "another customer, answers 404.",
    "parameters": [CUSTOMER_ID, REQUEST_ID],
    "responses": {200: SupportRequestOut, 401: SupportRequestErrorOut, 404: SupportRequestErrorOut},
    "examples": [OpenApiExample("Request", value=EXAMPLE_REQUEST, response_only=True)],
}


create = extend_schema(
    tags=[TAG],
    operation_id="support_requests_create",
    summary="Create support request (customer)",
    description="Files a request for `customerId` (the caller; agents may file for any "
    "customer). Answers 204 with the new request's address in `Location`.",
    request=SupportRequestCreateIn,
    responses={
        204: None,
        400: SupportRequestErrorOut,
        401: SupportRequestErrorOut,
        403: SupportRequestErrorOut,
        404: SupportRequestErrorOut,
    },
    examples=[
        OpenApiExample(
            "Create",
            value={
                "customerId": 7,
                "category": "Order",
                "subject": "Where is my order?",
                "description": "The tracking page has not changed for five days.",
                "orderId": "ORD-2024-001",
            },
            request_only=True,
        )
    ],
)

request_list = extend_schema(**LIST_SCHEMA)

request_list_short = extend_schema(
    **LIST_SCHEMA
    | {
        "operation_id": "support_requests_customer_list_short",
        "summary": "Get customer support requests (the document's example path)",
    }
)

request_retrieve = extend_schema(**DETAIL_SCHEMA)

request_retrieve_short = extend_schema(
    **DETAIL_SCHEMA
    | {
        "operation_id": "support_requests_customer_retrieve_short",
        "summary": "Get support request details (the document's example path)",
    }
)

pending_list = extend_schema(
    tags=[TAG],
    operation_id="support_requests_pending_list",
    summary="Get all pending requests (support)",
    description="Requests no one in support has picked up yet (`Pending`), oldest "
    f"first, at most the {UNPAGED_LIMIT} oldest (the contract has no paging). Support "
    "agents only.",
    parameters=[SupportRequestCategoryQueryIn],
    responses={
        200: SupportRequestOut(many=True),
        400: SupportRequestErrorOut,
        401: SupportRequestErrorOut,
        403: SupportRequestErrorOut,
    },
    examples=[
        OpenApiExample(
            "Pending",
            value=[{**EXAMPLE_REQUEST, "status": "Pending", "responses": []}],
            response_only=True,
        )
    ],
)

respond = extend_schema(
    tags=[TAG],
    operation_id="support_requests_respond",
    summary="Respond to support request (support)",
    description="Sends the response to the customer and marks the request `Resolved`. "
    "`agentId` must be the calling agent. A cancelled request answers 409.",
    parameters=[REQUEST_ID, AGENT_ID],
    request=SupportRequestRespondIn,
    responses={
        204: None,
        400: SupportRequestErrorOut,
        401: SupportRequestErrorOut,
        403: SupportRequestErrorOut,
        404: SupportRequestErrorOut,
        409: SupportRequestErrorOut,
    },
    examples=[
        OpenApiExample(
            "Respond",
            value={"message": "Your parcel is at the depot and will arrive tomorrow."},
            request_only=True,
        )
    ],
)

cancel = extend_schema(
    tags=[TAG],
    operation_id="support_requests_cancel",
    summary="Cancel support request (support)",
    description="Marks the request `Cancelled` without resolution. `agentId` must be "
    "the calling agent. A resolved or cancelled request answers 409.",
    parameters=[REQUEST_ID, AGENT_ID],
    request=None,
    responses={
        204: None,
        401: SupportRequestErrorOut,
        403: SupportRequestErrorOut,
        404: SupportRequestErrorOut,
        409: SupportRequestErrorOut,
    },
)
