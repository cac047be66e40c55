"""The 3PL provider's customer-inquiry API (`000`, `001`) over the ticket core."""

from django.db import transaction
from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.api_login import api_login
from helpdesk.errors import ApiError
from helpdesk.throttling import LoginThrottle
from inquiries.common import contract_error_fields, contract_field_names, parse
from tickets import permissions
from tickets.errors import InvalidInputError
from tickets.models import Category, Ticket, User
from tickets.pagination import CappedCountPaginator
from tickets.selectors import (
    category_find,
    ticket_get_for,
    ticket_list_for,
    ticket_list_with_threads,
)
from tickets.services.messages import message_post
from tickets.services.ratings import rating_add
from tickets.services.tickets import ticket_create

from . import mapping
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

# Core parameter names -> the names this contract's client sent.
CREATE_FIELDS = {
    "seller_account": "sellerId",
    "parent": "parentInquiryId",
    "category": "category",
    "subject": "subject",
    "description": "messages[0].message",
    "attachments": "messages[0].attachments",
    "file": "messages[0].attachments",
}


def message_fields(prefix: str) -> dict[str, str]:
    return {"body": f"{prefix}message", "attachments": f"{prefix}attachments"}


class InquiryPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "pageSize"
    max_page_size = 100
    # Counting stops at COUNT_CAP so an agent's list of a million inquiries stays fast.
    django_paginator_class = CappedCountPaginator


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
        node = category_find(code=category, parent_codes=mapping.TOPICS)
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
            category__code=query["category"],
            category__parent__code__in=mapping.TOPICS,
            category__parent__parent__isnull=True,
        )
    if "topic" in query:
        # As the answer shows it: the topic the client sent, else the tree's.
        sent = f"metadata__{mapping.METADATA_KEY}__topic"
        topic = query["topic"]
        in_tree = Q(category__code=topic, category__parent__isnull=True) | Q(
            category__parent__code=topic, category__parent__parent__isnull=True
        )
        tickets = tickets.filter(Q(**{sent: topic}) | (Q(**{f"{sent}__isnull": True}) & in_tree))
    return tickets


class CustomerInquiryListCreateView(CustomerInquiryView):
    @extend_schema(
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
    def get(self, request: Request) -> Response:
        query = parse(CustomerInquiryListQueryIn, request.query_params)
        tickets = filter_inquiries(ticket_list_for(user=request.user), query)
        tickets = ticket_list_with_threads(tickets, user=request.user)
        paginator = InquiryPagination()
        page = paginator.paginate_queryset(tickets, request, view=self)
        rows = CustomerInquiryOut(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(rows)

    @extend_schema(
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
    def post(self, request: Request) -> Response:
        data = parse(CustomerInquiryCreateIn, request.data)
        user: User = request.user
        parent = None
        if data["parentInquiryId"] is not None:
            parent = permissions.visible_tickets(user).filter(pk=data["parentInquiryId"]).first()
            if parent is None:
                raise InvalidInputError(
                    "parentInquiryId", f"Inquiry {data['parentInquiryId']} is not one you can see."
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
        # One transaction: a refused later message leaves no half-made inquiry behind.
        with transaction.atomic():
            # The node is the category's, or the topic's when no category was sent.
            names = {**CREATE_FIELDS, "category": "category" if data["category"] else "topic"}
            with contract_field_names(names):
                ticket = ticket_create(
                    actor=user,
                    subject=data["subject"],
                    description=first["message"],
                    category=node,
                    seller_account_id=data["sellerId"],
                    warehouse_id=data["warehouseId"],
                    parent=parent,
                    metadata={mapping.METADATA_KEY: sent},
                    attachment_uuids=[ref["uuid"] for ref in first["attachments"]],
                    message_metadata=message_metadata(first),
                )
            for index, extra in enumerate(more, start=1):
                with contract_field_names(message_fields(f"messages[{index}].")):
                    message_post(
                        ticket=ticket,
                        actor=user,
                        body=extra["message"],
                        attachment_uuids=[ref["uuid"] for ref in extra["attachments"]],
                        metadata=message_metadata(extra),
                    )
        return Response(self.inquiry(ticket.pk), status=status.HTTP_201_CREATED)


def message_metadata(message: dict) -> dict:
    if not message.get("metaInfo"):
        return {}
    return {mapping.METADATA_KEY: {"metaInfo": message["metaInfo"]}}


class CustomerInquiryDetailView(CustomerInquiryView):
    @extend_schema(
        tags=[TAG],
        operation_id="customer_inquiries_retrieve",
        summary="Get customer inquiry",
        parameters=[API_KEY_HEADER, INQUIRY_ID],
        responses={200: CustomerInquiryOut, **ERRORS},
        examples=[OpenApiExample("Inquiry", value=EXAMPLE_INQUIRY, response_only=True)],
    )
    def get(self, request: Request, customerInquiryId: int) -> Response:
        return Response(self.inquiry(customerInquiryId))


class CustomerInquiryMessageCreateView(CustomerInquiryView):
    @extend_schema(
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
    @extend_schema(
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

    @extend_schema(
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
                value={"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"},
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = parse(CustomerInquiryLoginIn, request.data)
        token = api_login(
            request, username=data["username"], password=data["password"], token_name="POST /login"
        )
        # The answer carries a secret: no cache, shared or private, may keep it.
        return Response({"token": token}, headers={"Cache-Control": "no-store"})
