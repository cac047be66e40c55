"""The simple support-request API (`002`) over the ticket core."""

from http import HTTPStatus

from django.db.models import Q, QuerySet
from django.urls import reverse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.errors import ApiError
from inquiries.common import contract_error_fields, contract_field_names, parse
from tickets import permissions
from tickets.errors import ActionNotAllowedError, InvalidInputError, NotFoundError
from tickets.models import Ticket, User
from tickets.pagination import UNPAGED_LIMIT
from tickets.selectors import (
    agents,
    category_find,
    category_root_code_of,
    category_subtree,
    customer_get_for,
    public_agent_replies_of,
    root_code,
    ticket_get_for,
    ticket_list_for,
    tickets_in_categories,
)
from tickets.services.messages import ticket_respond_and_resolve
from tickets.services.tickets import ticket_cancel, ticket_create

from . import apidocs, mapping
from .serializers import (
    REQUEST_ROW_FIELDS,
    SupportRequestCategoryQueryIn,
    SupportRequestCreateIn,
    SupportRequestOut,
    SupportRequestRespondIn,
    support_request_rows,
)


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


def filter_category(tickets: QuerySet[Ticket], name: str | None) -> QuerySet[Ticket]:
    if not name:
        return tickets
    if name == mapping.FALLBACK_CATEGORY:
        # What reads as General: filed under General, under no category, or outside the six.
        general = mapping.CODE_BY_CATEGORY[mapping.FALLBACK_CATEGORY]
        others = [code for code in mapping.CATEGORY_BY_CODE if code != general]
        filed_elsewhere = category_subtree(Q(parent__isnull=True, code__in=others))
        return tickets.filter(
            Q(category__isnull=True) | ~Q(category__in=filed_elsewhere.values("pk"))
        )
    code = mapping.CODE_BY_CATEGORY[name]
    return tickets_in_categories(tickets, Q(parent__isnull=True, code=code))


def agent_acting(actor: User, agent_id: int) -> None:
    """The path's agent must exist and be the caller: support answers in its own name."""
    agent = agents().filter(pk=agent_id).first()
    if agent is None:
        raise NotFoundError(f"Support agent {agent_id} was not found.")
    if agent.pk != actor.pk:
        raise ActionNotAllowedError("agentId must be your own user id.")


def requests_out(tickets: QuerySet[Ticket], user: User) -> list[dict]:
    """Every listed request as SupportRequestOut renders it, from plain rows: two queries
    (the requests, then support's public replies to them) whatever the list's length."""
    rows = list(tickets.values(*REQUEST_ROW_FIELDS, **category_root_code_of()))
    for row in rows:
        row["root_code"] = root_code(row)
    replies = public_agent_replies_of(user=user, ticket_ids=[row["id"] for row in rows])
    return support_request_rows(rows, replies)


class SupportRequestCreateView(SupportRequestView):
    @apidocs.create
    def post(self, request: Request) -> Response:
        data = parse(SupportRequestCreateIn, request.data)
        customer = customer_get_for(user=request.user, customer_id=data["customerId"])
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
            # `002` names only the six top levels, whatever admin files below them.
            allow_parent_category=True,
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
    @apidocs.request_list
    def get(self, request: Request, customerId: int) -> Response:
        query = parse(SupportRequestCategoryQueryIn, request.query_params)
        customer = customer_get_for(user=request.user, customer_id=customerId)
        tickets = ticket_list_for(user=request.user).filter(customer_id=customer.pk)
        tickets = filter_category(tickets, query.get("category"))
        return Response(requests_out(tickets[:UNPAGED_LIMIT], request.user))


class CustomerSupportRequestListShortView(CustomerSupportRequestListView):
    """`002`'s own examples read `/api/support-requests/{customerId}`: the same operation."""

    @apidocs.request_list_short
    def get(self, request: Request, customerId: int) -> Response:
        return super().get(request, customerId)


class CustomerSupportRequestDetailView(SupportRequestView):
    @apidocs.request_retrieve
    def get(self, request: Request, customerId: int, requestId: int) -> Response:
        ticket = ticket_get_for(user=request.user, ticket_id=requestId)
        if ticket.customer_id != customerId:
            raise NotFoundError(f"Support request {requestId} was not found.")
        return Response(SupportRequestOut(ticket).data)


class CustomerSupportRequestDetailShortView(CustomerSupportRequestDetailView):
    """`002`'s own examples read `/api/support-requests/{customerId}/{requestId}`: the same
    operation."""

    @apidocs.request_retrieve_short
    def get(self, request: Request, customerId: int, requestId: int) -> Response:
        return super().get(request, customerId, requestId)


class PendingSupportRequestListView(SupportRequestView):
    @apidocs.pending_list
    def get(self, request: Request) -> Response:
        permissions.require_agent(request.user)
        query = parse(SupportRequestCategoryQueryIn, request.query_params)
        tickets = (
            ticket_list_for(user=request.user)
            .filter(status__in=mapping.PENDING_CORE_STATUSES)
            .order_by("created_at", "id")
        )
        tickets = filter_category(tickets, query.get("category"))
        return Response(requests_out(tickets[:UNPAGED_LIMIT], request.user))


class SupportRequestRespondView(SupportRequestView):
    @apidocs.respond
    def post(self, request: Request, requestId: int, agentId: int) -> Response:
        permissions.require_agent(request.user)
        ticket = ticket_get_for(user=request.user, ticket_id=requestId)
        agent_acting(request.user, agentId)
        data = parse(SupportRequestRespondIn, request.data)
        with contract_field_names({"body": "message"}):
            ticket_respond_and_resolve(ticket=ticket, actor=request.user, body=data["message"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class SupportRequestCancelView(SupportRequestView):
    @apidocs.cancel
    def post(self, request: Request, requestId: int, agentId: int) -> Response:
        permissions.require_agent(request.user)
        ticket = ticket_get_for(user=request.user, ticket_id=requestId)
        agent_acting(request.user, agentId)
        ticket_cancel(ticket=ticket, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
