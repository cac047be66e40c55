"""The 3PL provider's customer-inquiry API (`000`, `001`) over the ticket core."""

import functools

from django.db.models import Q, QuerySet
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.api_login import api_login
from helpdesk.errors import ApiError
from helpdesk.throttling import LoginThrottle
from inquiries.common import contract_error_fields, contract_field_names, parse
from tickets import permissions
from tickets.compiledreads import CompiledList, CompiledRead
from tickets.errors import InvalidInputError
from tickets.models import Category, Ticket, User
from tickets.pagination import MAX_PAGE_SIZE, CappedPageNumberPagination
from tickets.selectors import (
    attach_threads,
    category_find,
    category_subtree,
    ticket_get_for,
    ticket_list_for,
    ticket_parent_for,
)
from tickets.services.messages import FollowUp, message_post, ticket_open_with_messages
from tickets.services.ratings import rating_add

from . import apidocs, mapping
from .serializers import (
    CustomerInquiryCreateIn,
    CustomerInquiryListQueryIn,
    CustomerInquiryLoginIn,
    CustomerInquiryMessageIn,
    CustomerInquiryOut,
    CustomerInquiryRatingIn,
)

# Core parameter names -> the names this contract's client sent.
CREATE_FIELDS = {
    "seller_account": "sellerId",
    "parent": "parentInquiryId",
    "category": "category",
    "subject": "subject",
    "description": "messages[0].message",
    "attachments": "messages[0].attachments",
    "file": "messages[0].attachments",
    "metadata": "metaInfo",
    "message_metadata": "messages[0].metaInfo",
}


def message_fields(prefix: str) -> dict[str, str]:
    return {
        "body": f"{prefix}message",
        "attachments": f"{prefix}attachments",
        "metadata": f"{prefix}metaInfo",
    }


class InquiryPagination(CappedPageNumberPagination):
    page_size = 20
    page_size_query_param = "pageSize"
    max_page_size = MAX_PAGE_SIZE


class CustomerInquiryView(APIView):
    """Base of the dialect: its error body is `{status, message, errors}`."""

    def render_error(self, error: ApiError) -> Response:
        return Response(
            {
                "status": error.status,
                "message": error.message,
                "errors": contract_error_fields(error.fields),
            },
            status=error.status,
        )

    def inquiry(self, ticket_id: int) -> dict:
        ticket = ticket_get_for(user=self.request.user, ticket_id=ticket_id)
        return CustomerInquiryOut(ticket, context={"request": self.request}).data


def category_node(topic: str | None, category: str | None) -> Category | None:
    """The tree node a ticket is filed under: the category's node, else the topic's."""
    if category:
        code = mapping.CATEGORY_MERGED_INTO.get(category, category)
        node = category_find(code=code, parent_codes=mapping.TOPICS)
        if node is None:
            raise InvalidInputError("category", f"The category '{category}' is not available.")
        return node
    if topic:
        node = category_find(code=topic)
        if node is None:
            raise InvalidInputError("topic", f"The topic '{topic}' is not available.")
        return node
    return None


def filter_inquiries(tickets: QuerySet[Ticket], query: dict) -> QuerySet[Ticket]:
    if "sellerId" in query:
        tickets = tickets.filter(seller_account_id=query["sellerId"])
    if "status" in query:
        tickets = tickets.filter(status__in=mapping.CORE_STATUSES_BY_STATUS[query["status"]])
    if "category" in query:
        tickets = tickets.filter(
            category__code=mapping.CATEGORY_MERGED_INTO.get(query["category"], query["category"]),
            category__parent__code__in=mapping.TOPICS,
            category__parent__parent__isnull=True,
        )
    if "topic" in query:
        # As the answer shows it: the topic the client sent, else the tree's.
        sent = f"metadata__{mapping.METADATA_KEY}__topic"
        topic = query["topic"]
        # The answer names a topic for its root node and the root's children only.
        topic_nodes = category_subtree(Q(parent__isnull=True, code=topic), max_depth=2)
        in_tree = Q(category__in=topic_nodes.values("pk"))
        tickets = tickets.filter(Q(**{sent: topic}) | (Q(**{f"{sent}__isnull": True}) & in_tree))
    return tickets


# Every filter but the seller is one of the contract's names: the list's SQL is compiled
# once per role and set of filters, and binds the seller and the user's ids.
INQUIRY_CHOICES = ("status", "topic", "category")


def inquiry_list(*, user: User, query: dict) -> CompiledList:
    """The inquiries `query` asks for, newest first, each with its thread."""
    choices = tuple((name, query[name]) for name in INQUIRY_CHOICES if name in query)
    values = dict(permissions.ticket_visibility_ids(user))
    if "sellerId" in query:
        values["seller_id"] = query["sellerId"]
    return CompiledList(
        INQUIRY_PAGE,
        INQUIRY_COUNT,
        permissions.role_of(user),
        choices,
        attach=functools.partial(attach_threads, user=user),
        **values,
    )


def _inquiries(role, choices, *, seller_id=None, **visibility_ids) -> QuerySet[Ticket]:
    query = dict(choices) if seller_id is None else dict(choices, sellerId=seller_id)
    viewer = permissions.stand_in(role, **visibility_ids)
    return filter_inquiries(ticket_list_for(user=viewer), query)


INQUIRY_PAGE = CompiledRead(
    lambda role, choices, offset, size, **values: _inquiries(role, choices, **values)[
        offset : offset + size
    ],
    planned_per_run=True,
)
INQUIRY_COUNT = CompiledRead(
    lambda role, choices, up_to, **values: (
        _inquiries(role, choices, **values).order_by().values("pk")[:up_to]
    ),
    planned_per_run=True,
)


class CustomerInquiryListCreateView(CustomerInquiryView):
    @apidocs.inquiry_list
    def get(self, request: Request) -> Response:
        query = parse(CustomerInquiryListQueryIn, request.query_params)
        tickets = inquiry_list(user=request.user, query=query)
        paginator = InquiryPagination()
        page = paginator.paginate_queryset(tickets, request, view=self)
        rows = CustomerInquiryOut(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(rows)

    @apidocs.inquiry_create
    def post(self, request: Request) -> Response:
        data = parse(CustomerInquiryCreateIn, request.data)
        user: User = request.user
        parent = ticket_parent_for(
            user=user, ticket_id=data["parentInquiryId"], field="parentInquiryId"
        )
        node = category_node(data["topic"], data["category"])
        # Only what was sent: an absent topic must stay absent so the tree's shows (and
        # the topic filter, which looks for a missing key, finds it).
        sent = {
            name: data[name]
            for name in ("topic", "category", "subCategory")
            if data[name] is not None
        }
        sent["metaInfo"] = data["metaInfo"] or {}
        first, *more = data["messages"]
        # The node is the category's, or the topic's when no category was sent.
        names = {**CREATE_FIELDS, "category": "category" if data["category"] else "topic"}
        for index in range(1, len(data["messages"])):
            names |= {
                f"follow_ups[{index - 1}].{core}": f"messages[{index}].{sent}"
                for core, sent in (("body", "message"), ("attachments", "attachments"))
            }
        with contract_field_names(names):
            ticket = ticket_open_with_messages(
                actor=user,
                subject=data["subject"],
                description=first["message"],
                category=node,
                # `000` makes the category optional: a topic alone files at the topic.
                allow_parent_category=True,
                seller_account_id=data["sellerId"],
                warehouse_id=data["warehouseId"],
                parent=parent,
                metadata={mapping.METADATA_KEY: sent},
                attachment_uuids=[ref["uuid"] for ref in first["attachments"]],
                message_metadata=message_metadata(first),
                follow_ups=[
                    FollowUp(
                        body=extra["message"],
                        attachment_uuids=[ref["uuid"] for ref in extra["attachments"]],
                        metadata=message_metadata(extra),
                    )
                    for extra in more
                ],
            )
        return Response(self.inquiry(ticket.pk), status=status.HTTP_201_CREATED)


def message_metadata(message: dict) -> dict:
    if not message.get("metaInfo"):
        return {}
    return {mapping.METADATA_KEY: {"metaInfo": message["metaInfo"]}}


class CustomerInquiryDetailView(CustomerInquiryView):
    @apidocs.inquiry_retrieve
    def get(self, request: Request, customerInquiryId: int) -> Response:
        return Response(self.inquiry(customerInquiryId))


class CustomerInquiryMessageCreateView(CustomerInquiryView):
    @apidocs.message_create
    def post(self, request: Request, customerInquiryId: int) -> Response:
        data = parse(CustomerInquiryMessageIn, request.data)
        ticket = ticket_get_for(user=request.user, ticket_id=customerInquiryId)
        with contract_field_names(message_fields("")):
            message_post(
                ticket=ticket,
                actor=request.user,
                body=data["message"],
                attachment_uuids=[ref["uuid"] for ref in data["attachments"]],
                metadata=message_metadata(data),
            )
        return Response(self.inquiry(ticket.pk), status=status.HTTP_201_CREATED)


class CustomerInquiryRatingCreateView(CustomerInquiryView):
    @apidocs.rating_create
    def post(self, request: Request, customerInquiryId: int) -> Response:
        data = parse(CustomerInquiryRatingIn, request.data)
        ticket = ticket_get_for(user=request.user, ticket_id=customerInquiryId)
        with contract_field_names({"score": "rating"}):
            rating_add(
                ticket=ticket,
                actor=request.user,
                score=data["rating"],
                comment=data["ratingMessage"] or "",
            )
        return Response(self.inquiry(ticket.pk))


class LoginView(CustomerInquiryView):
    # The provider's integrations log in before sending any token: no authentication
    # here (a stale token must not block logging in again), a tight throttle per address,
    # and django-axes' lockout per account and per address.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]

    def get_authenticate_header(self, request: Request) -> str:
        # Without authenticators DRF would turn a failed login into 403; it is a 401.
        return 'Bearer realm="api"'

    @apidocs.login
    def post(self, request: Request) -> Response:
        data = parse(CustomerInquiryLoginIn, request.data)
        token = api_login(
            request, username=data["username"], password=data["password"], token_name="POST /login"
        )
        # The answer carries a secret: no cache, shared or private, may keep it.
        return Response({"token": token}, headers={"Cache-Control": "no-store"})
