"""The simple support-request API (`002`) over the ticket core."""

from http import HTTPStatus

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.errors import ApiError
from inquiries.common import contract_error_fields, contract_field_names, parse
from tickets import permissions
from tickets.errors import ActionNotAllowedError, InvalidInputError, NotFoundError
from tickets.models import Category, Status, Ticket, User
from tickets.selectors import (
    category_find,
    ticket_get_for,
    ticket_list_for,
    ticket_list_with_threads,
)
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_cancel, ticket_create, ticket_resolve

from . import mapping
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
    "description": "The customer's requests, newest first. `customerId` must be the caller "
    "(agents: any customer).",
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


class SupportRequestView(APIView):
    """Base of the dialect: errors as `{status, error, message, path, errors}`."""

    def render_error(self, error: ApiError) -> Response:
        return Response(
            {
                "status": error.status,
                "error": HTTPStatus(error.status).phrase,
                "message": error.message,
                "path": self.request.path,
                "errors": contract_error_fields(error.fields),
            },
            status=error.status,
        )


def _root_is(codes: list[str]) -> Q:
    """Categories whose root (the tree has at most three levels) has one of `codes`."""
    return (
        Q(parent__isnull=True, code__in=codes)
        | Q(parent__parent__isnull=True, parent__code__in=codes)
        | Q(parent__parent__code__in=codes)
    )


def filter_category(tickets: QuerySet[Ticket], name: str | None) -> QuerySet[Ticket]:
    if not name:
        return tickets
    if name == mapping.FALLBACK_CATEGORY:
        # What reads as General: filed under General, under no category, or outside the six.
        general = mapping.CODE_BY_CATEGORY[mapping.FALLBACK_CATEGORY]
        others = [code for code in mapping.CATEGORY_BY_CODE if code != general]
        return tickets.filter(
            Q(category__isnull=True)
            | ~Q(category__in=Category.objects.filter(_root_is(others)).values("pk"))
        )
    code = mapping.CODE_BY_CATEGORY[name]
    return tickets.filter(category__in=Category.objects.filter(_root_is([code])).values("pk"))


def customer_of(customer_id: int) -> User:
    user = User.objects.filter(pk=customer_id).first()
    if user is None or not permissions.is_customer(user):
        raise NotFoundError(f"Customer {customer_id} was not found.")
    return user


def require_self_or_agent(actor: User, customer: User) -> None:
    if actor.pk != customer.pk and not permissions.is_agent(actor):
        raise ActionNotAllowedError("customerId must be your own user id.")


def agent_acting(actor: User, agent_id: int) -> None:
    """The path's agent must exist and be the caller: support answers in its own name."""
    agent = User.objects.filter(pk=agent_id).first()
    if agent is None or not permissions.is_agent(agent):
        raise NotFoundError(f"Support agent {agent_id} was not found.")
    if agent.pk != actor.pk:
        raise ActionNotAllowedError("agentId must be your own user id.")


def requests_out(tickets: QuerySet[Ticket], user: User) -> list[dict]:
    tickets = ticket_list_with_threads(
        tickets.select_related("category__parent__parent"), user=user
    )
    return SupportRequestOut(tickets, many=True).data


class SupportRequestCreateView(SupportRequestView):
    @extend_schema(
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
    def post(self, request: Request) -> Response:
        data = parse(SupportRequestCreateIn, request.data)
        customer = customer_of(data["customerId"])
        require_self_or_agent(request.user, customer)
        category = category_find(code=mapping.CODE_BY_CATEGORY[data["category"]])
        if category is None:
            raise InvalidInputError("category", f"The category '{data['category']}' is missing.")
        ticket = ticket_create(
            actor=request.user,
            customer=customer,
            subject=data["subject"],
            description=data["description"],
            category=category,
            order_id=data["orderId"] or "",
        )
        location = reverse(
            "support-requests-customer-detail",
            kwargs={"customerId": customer.pk, "requestId": ticket.pk},
        )
        return Response(
            status=status.HTTP_204_NO_CONTENT,
            headers={"Location": request.build_absolute_uri(location)},
        )


class CustomerSupportRequestListView(SupportRequestView):
    @extend_schema(**LIST_SCHEMA)
    def get(self, request: Request, customerId: int) -> Response:
        query = parse(SupportRequestCategoryQueryIn, request.query_params)
        customer = customer_of(customerId)
        require_self_or_agent(request.user, customer)
        tickets = ticket_list_for(user=request.user).filter(customer_id=customer.pk)
        tickets = filter_category(tickets, query.get("category"))
        return Response(requests_out(tickets, request.user))


class CustomerSupportRequestListShortView(CustomerSupportRequestListView):
    """`002`'s own examples read `/api/support-requests/{customerId}`: the same operation."""

    @extend_schema(
        **LIST_SCHEMA
        | {
            "operation_id": "support_requests_customer_list_short",
            "summary": "Get customer support requests (the document's example path)",
        }
    )
    def get(self, request: Request, customerId: int) -> Response:
        return super().get(request, customerId)


class CustomerSupportRequestDetailView(SupportRequestView):
    @extend_schema(**DETAIL_SCHEMA)
    def get(self, request: Request, customerId: int, requestId: int) -> Response:
        ticket = ticket_get_for(user=request.user, ticket_id=requestId)
        if ticket.customer_id != customerId:
            raise NotFoundError(f"Support request {requestId} was not found.")
        return Response(SupportRequestOut(ticket).data)


class CustomerSupportRequestDetailShortView(CustomerSupportRequestDetailView):
    """`002`'s own examples read `/api/support-requests/{customerId}/{requestId}`: the same
    operation."""

    @extend_schema(
        **DETAIL_SCHEMA
        | {
            "operation_id": "support_requests_customer_retrieve_short",
            "summary": "Get support request details (the document's example path)",
        }
    )
    def get(self, request: Request, customerId: int, requestId: int) -> Response:
        return super().get(request, customerId, requestId)


# The contract's pending list has no paging; support works it from the oldest end, so a
# bounded head of it keeps the answer fast however large the backlog grows.
PENDING_LIMIT = 500


class PendingSupportRequestListView(SupportRequestView):
    @extend_schema(
        tags=[TAG],
        operation_id="support_requests_pending_list",
        summary="Get all pending requests (support)",
        description="Requests no one in support has picked up yet (`Pending`), oldest "
        f"first, at most the {PENDING_LIMIT} oldest (the contract has no paging). Support "
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
    def get(self, request: Request) -> Response:
        permissions.require_agent(request.user)
        query = parse(SupportRequestCategoryQueryIn, request.query_params)
        tickets = (
            ticket_list_for(user=request.user)
            .filter(status__in=mapping.PENDING_CORE_STATUSES)
            .order_by("created_at", "id")
        )
        tickets = filter_category(tickets, query.get("category"))
        return Response(requests_out(tickets[:PENDING_LIMIT], request.user))


class SupportRequestRespondView(SupportRequestView):
    @extend_schema(
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
    def post(self, request: Request, requestId: int, agentId: int) -> Response:
        permissions.require_agent(request.user)
        ticket = ticket_get_for(user=request.user, ticket_id=requestId)
        agent_acting(request.user, agentId)
        data = parse(SupportRequestRespondIn, request.data)
        # The contract's respond is one act: the answer and the resolution together.
        with transaction.atomic(), contract_field_names({"body": "message"}):
            message = message_post(ticket=ticket, actor=request.user, body=data["message"])
            if message.ticket.status != Status.RESOLVED:
                ticket_resolve(ticket=ticket, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SupportRequestCancelView(SupportRequestView):
    @extend_schema(
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
    def post(self, request: Request, requestId: int, agentId: int) -> Response:
        permissions.require_agent(request.user)
        ticket = ticket_get_for(user=request.user, ticket_id=requestId)
        agent_acting(request.user, agentId)
        ticket_cancel(ticket=ticket, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
