"""The native REST API: each view parses input, calls one selector or service, renders.

Who may see and do what is decided by tickets.permissions (through the selectors and
services); errors become HTTP answers in helpdesk.errors.
"""

from django.db.models import QuerySet
from django.http import FileResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from helpdesk.parsers import SafeJSONParser
from helpdesk.throttling import AnonThrottle, UserThrottle
from tickets import permissions, selectors
from tickets.agenttools.selectors import ticket_tags_prefetch
from tickets.downloads import attachment_file_response
from tickets.errors import ActionNotAllowedError, InvalidInputError, TicketNotFoundError
from tickets.models import Category, Ticket, User, Vendor
from tickets.services.attachments import attachment_upload
from tickets.services.messages import message_post, vendor_answer, vendor_confirm
from tickets.services.ratings import rating_add
from tickets.services.tickets import (
    ticket_assign,
    ticket_cancel,
    ticket_create,
    ticket_reopen,
    ticket_resolve,
    ticket_transfer,
)
from tickets.services.updates import UNSET, ticket_update

from . import serializers as s
from .filters import (
    PAGINATION_PARAMS,
    CategoryFilter,
    QueueFilter,
    TicketFilter,
    reject_unknown_params,
)
from .pagination import NativePagination
from .schema import NativeAutoSchema, errors, id_path

TICKETS = ["tickets"]
USER_EXAMPLE = {"id": 7, "username": "alice", "full_name": "Alice Martin"}
TICKET_EXAMPLE = OpenApiExample(
    "ticket as its customer sees it",
    response_only=True,
    value={
        "id": 42,
        "case_number": "HD-2026-000042",
        "subject": "Parcel has not arrived",
        "status": "waiting_on_customer",
        "priority": "normal",
        "category": {"id": 3, "code": "ORDER", "name": "Order", "path": "Order"},
        "customer": USER_EXAMPLE,
        "seller_account": 1001,
        "assignee": {"id": 2, "username": "sam", "full_name": "Sam Support"},
        "vendor_code": None,
        "transfer_status": "none",
        "order_id": "1900012345",
        "warehouse_id": None,
        "item_id": "",
        "item_name": "",
        "created_at": "2026-11-20T09:12:03Z",
        "updated_at": "2026-11-20T10:01:44Z",
        "last_activity_at": "2026-11-20T10:01:44Z",
        "first_response_at": "2026-11-20T10:01:44Z",
        "resolved_at": None,
        "current_rating": None,
        "message_count": 2,
        "tags": ["late-delivery"],
        "merged_into": None,
        "description": "Tracking has not moved for five days.",
        "parent": None,
        "metadata": {},
        "resolved_by": None,
        "resolved_by_role": "",
        "messages": [
            {
                "id": 90,
                "author": USER_EXAMPLE,
                "author_role": "customer",
                "kind": "reply",
                "body": "Tracking has not moved for five days.",
                "is_internal": False,
                "created_at": "2026-11-20T09:12:03Z",
                "merged_from": None,
                "attachments": [
                    {
                        "uuid": "9b2f4c1e-6a55-4c1d-9d5e-1f1d0c7a2b3c",
                        "filename": "tracking.png",
                        "content_type": "image/png",
                        "size": 48213,
                        "sha256": "3f1a" + "0" * 60,
                        "url": "http://127.0.0.1:8000/api/v1/attachments/"
                        "9b2f4c1e-6a55-4c1d-9d5e-1f1d0c7a2b3c/",
                    }
                ],
            },
            {
                "id": 91,
                "author": {"id": 2, "username": "sam", "full_name": "Sam Support"},
                "author_role": "agent",
                "kind": "reply",
                "body": "We asked the carrier; could you confirm the address?",
                "is_internal": False,
                "created_at": "2026-11-20T10:01:44Z",
                "merged_from": None,
                "attachments": [],
            },
        ],
        "events": [],
        "ratings": [],
    },
)
TICKET_ACTIONS = ["ticket actions"]


def parse(serializer_class: type, data: object) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _bounded_id(value: object) -> int | None:
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 1 <= number <= s.MAX_ID else None


def visible_ticket(user: User, ticket_id: object) -> Ticket:
    """A ticket the user may see, without its thread; missing and hidden alike are 404."""
    pk = _bounded_id(ticket_id)
    ticket = permissions.visible_tickets(user).filter(pk=pk).first() if pk else None
    if ticket is None:
        raise TicketNotFoundError(ticket_id)
    return ticket


def ticket_detail(request: Request, ticket_id: int, code: int = status.HTTP_200_OK) -> Response:
    pk = _bounded_id(ticket_id)
    if pk is None:
        raise TicketNotFoundError(ticket_id)
    ticket = selectors.ticket_get_for(user=request.user, ticket_id=pk, follow_merge=False)
    ticket.message_count = len(ticket.thread)
    return Response(s.TicketDetailOut(ticket, context={"request": request}).data, status=code)


def _category(field: str, category_id: int | None) -> Category | None:
    if category_id is None:
        return None
    category = Category.objects.filter(pk=category_id, is_deleted=False).first()
    if category is None:
        raise InvalidInputError(field, f"Unknown category {category_id}.")
    return category


def _user(field: str, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise InvalidInputError(field, f"Unknown user {user_id}.")
    return user


def agent_prefetches(user: User) -> list:
    """What list rows show agents only (their tags), fetched for agents only."""
    return [ticket_tags_prefetch()] if permissions.is_agent(user) else []


class NativeView(GenericAPIView):
    """Base of every native view: its throttles, and no query parameter it does not list."""

    throttle_classes = [AnonThrottle, UserThrottle]
    parser_classes = [SafeJSONParser]
    schema = NativeAutoSchema()
    filter_backends: list = []
    pagination_class = None
    query_params: frozenset[str] = frozenset()

    def allowed_query_params(self) -> frozenset[str]:
        filterset_class = getattr(self, "filterset_class", None)
        names = set(self.query_params)
        if filterset_class is not None:
            names |= set(filterset_class.base_filters)
        if self.pagination_class is not None:
            names |= PAGINATION_PARAMS
        return frozenset(names)

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        reject_unknown_params(request.query_params, self.allowed_query_params())


# ---------------------------------------------------------------- me and categories


class MeView(NativeView):
    @extend_schema(
        tags=["me"],
        operation_id="api_v1_me",
        summary="Who am I",
        description="The caller's id (the `customerId`/`agentId` of the dialects), role, "
        "seller accounts and vendor code.",
        responses={200: s.MeOut, **errors()},
        examples=[
            OpenApiExample(
                "customer",
                value={
                    "id": 7,
                    "username": "alice",
                    "role": "customer",
                    "seller_accounts": [1001],
                    "vendor_code": None,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        user = request.user
        body = {
            "id": user.pk,
            "username": user.username,
            "role": permissions.role_of(user).value,
            "seller_accounts": sorted(permissions.seller_account_id_list(user)),
            "vendor_code": user.vendor.code if user.vendor_id else None,
        }
        return Response(s.MeOut(body).data)


class MeSlashView(MeView):
    @extend_schema(
        tags=["me"],
        operation_id="api_v1_me_slash",
        summary="Who am I (with a trailing slash)",
        responses={200: s.MeOut, **errors()},
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


class CategoryListView(NativeView, ListAPIView):
    serializer_class = s.CategoryOut
    filter_backends = [DjangoFilterBackend]
    filterset_class = CategoryFilter
    pagination_class = NativePagination
    queryset = Category.objects.none()

    def get_queryset(self) -> QuerySet[Category]:
        return selectors.category_list(include_inactive=permissions.is_agent(self.request.user))

    @extend_schema(
        tags=["categories"],
        summary="List categories",
        description="Categories in tree order (depth, sort order, name); deleted ones never "
        "appear and inactive ones only to agents.",
        responses={200: s.CategoryOut(many=True), **errors(400, 404)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class CategoryTreeView(NativeView):
    @extend_schema(
        tags=["categories"],
        summary="The category tree",
        description="Top-level categories with their `children`, up to three levels.",
        responses={200: s.CategoryTreeOut(many=True), **errors()},
    )
    def get(self, request: Request) -> Response:
        nodes = list(selectors.category_list(include_inactive=permissions.is_agent(request.user)))
        by_parent: dict[int | None, list[Category]] = {}
        for node in nodes:
            by_parent.setdefault(node.parent_id, []).append(node)
        for node in nodes:
            node.tree_children = by_parent.get(node.pk, [])
        return Response(s.CategoryTreeOut(by_parent.get(None, []), many=True).data)


# ---------------------------------------------------------------- tickets


class TicketListCreateView(NativeView, ListAPIView):
    serializer_class = s.TicketListOut
    filter_backends = [DjangoFilterBackend]
    filterset_class = TicketFilter
    pagination_class = NativePagination
    queryset = Ticket.objects.none()

    def get_queryset(self) -> QuerySet[Ticket]:
        user = self.request.user
        return (
            selectors.ticket_annotate_for_list(selectors.ticket_list_for(user=user), user=user)
            .select_related("category__parent__parent")
            .prefetch_related(*agent_prefetches(user))
        )

    @extend_schema(
        tags=TICKETS,
        summary="List tickets",
        description="The tickets the caller may see (customers: their own and their seller "
        "accounts'; vendors: those transferred to their code; agents: all), newest first.",
        responses={200: s.TicketListOut(many=True), **errors(400, 404)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TICKETS,
        summary="Open a ticket",
        description="Creates the ticket with its first message (`body`, else the description) "
        "and the listed uploads. Agents may file for a customer and set the priority.",
        request=s.TicketCreateIn,
        responses={201: s.TicketDetailOut, **errors(400, 403)},
        examples=[
            OpenApiExample(
                "new ticket",
                value={
                    "subject": "Parcel has not arrived",
                    "description": "Tracking has not moved for five days.",
                    "category": 3,
                    "order_id": "1900012345",
                    "attachments": ["9b2f4c1e-6a55-4c1d-9d5e-1f1d0c7a2b3c"],
                },
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        data = parse(s.TicketCreateIn, request.data)
        actor = request.user
        is_agent = permissions.is_agent(actor)
        if "priority" in data and not is_agent:
            raise ActionNotAllowedError("Only support agents set the priority.")
        customer = actor
        if data.get("customer") not in (None, actor.pk):
            # Check the role before looking the user up, so ids of others are not probed.
            permissions.require_agent(actor)
            customer = _user("customer", data["customer"])
        parent = None
        if data.get("parent") is not None:
            parent = Ticket.objects.filter(pk=data["parent"]).first()
            if parent is None or not permissions.can_see(actor, parent):
                raise InvalidInputError(
                    "parent", f"Ticket {data['parent']} is not one you can see."
                )
        ticket = ticket_create(
            actor=actor,
            customer=customer,
            subject=data["subject"],
            description=data["description"],
            body=data.get("body") or None,
            category=_category("category", data.get("category")),
            seller_account_id=data.get("seller_account"),
            warehouse_id=data.get("warehouse_id"),
            order_id=data["order_id"],
            item_id=data["item_id"],
            item_name=data["item_name"],
            parent=parent,
            metadata=data["metadata"],
            attachment_uuids=data["attachments"],
            **({"priority": data["priority"]} if "priority" in data else {}),
        )
        return ticket_detail(request, ticket.pk, status.HTTP_201_CREATED)


class TicketDetailView(NativeView):
    @extend_schema(
        tags=TICKETS,
        summary="One ticket with its thread",
        description="The thread as the caller may see it: internal notes and the event log "
        "are shown to agents only.",
        parameters=[id_path()],
        responses={200: s.TicketDetailOut, **errors(404)},
        examples=[TICKET_EXAMPLE],
    )
    def get(self, request: Request, id: int) -> Response:
        return ticket_detail(request, id)

    @extend_schema(
        tags=TICKETS,
        summary="Change a ticket (agents)",
        description="Status, priority, category and assignee, all or nothing, each change "
        "logged. Any other field is refused: 400 for agents, 403 for everyone else.",
        parameters=[id_path()],
        request=s.TicketUpdateIn,
        responses={200: s.TicketDetailOut, **errors(400, 403, 404, 409)},
    )
    def patch(self, request: Request, id: int) -> Response:
        ticket = visible_ticket(request.user, id)
        if not permissions.is_agent(request.user):
            fields = sorted(request.data) if isinstance(request.data, dict) else []
            named = f": {', '.join(map(str, fields))}" if fields else ""
            raise ActionNotAllowedError(f"Only support agents may change a ticket{named}.")
        data = parse(s.TicketUpdateIn, request.data)
        ticket_update(
            ticket=ticket,
            actor=request.user,
            status=data.get("status", UNSET),
            priority=data.get("priority", UNSET),
            category=_category("category", data["category"]) if "category" in data else UNSET,
            assignee=_user("assignee", data["assignee"]) if "assignee" in data else UNSET,
        )
        return ticket_detail(request, ticket.pk)


class TicketMessagesView(NativeView, ListAPIView):
    serializer_class = s.MessageOut
    pagination_class = NativePagination
    queryset = Ticket.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.thread_messages_for(self.request.user).none()
        ticket = visible_ticket(self.request.user, self.kwargs["id"])
        return selectors.thread_messages_for(self.request.user).filter(ticket_id=ticket.pk)

    @extend_schema(
        tags=TICKETS,
        summary="The ticket's messages",
        description="Oldest first; internal notes only for agents.",
        parameters=[id_path()],
        responses={200: s.MessageOut(many=True), **errors(404)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TICKETS,
        summary="Reply, or add an internal note",
        description="A public reply moves the status as the workflow says (support answering "
        "waits on the customer; the customer answering goes back to support). "
        "`internal: true` is an agents-only note.",
        parameters=[id_path()],
        request=s.MessageIn,
        responses={201: s.MessageOut, **errors(400, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "reply",
                value={"body": "Here is the receipt.", "attachments": []},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request, id: int) -> Response:
        ticket = visible_ticket(request.user, id)
        data = parse(s.MessageIn, request.data)
        message = message_post(
            ticket=ticket,
            actor=request.user,
            body=data["body"],
            is_internal=data["internal"],
            attachment_uuids=data["attachments"],
        )
        message = selectors.thread_messages_for(request.user).get(pk=message.pk)
        return Response(
            s.MessageOut(message, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class TicketRatingsView(NativeView):
    @extend_schema(
        tags=TICKETS,
        summary="The ticket's ratings",
        description="Every rating, oldest first; the latest is the ticket's `current_rating`.",
        parameters=[id_path()],
        responses={200: s.RatingOut(many=True), **errors(404)},
    )
    def get(self, request: Request, id: int) -> Response:
        ticket = visible_ticket(request.user, id)
        ratings = ticket.ratings.select_related("rated_by").order_by("created_at", "id")
        return Response(s.RatingOut(ratings, many=True).data)

    @extend_schema(
        tags=TICKETS,
        summary="Rate the ticket (its customer side)",
        description="A score from 1 to 5 (decimals allowed) and an optional comment, which is "
        "also kept in the thread.",
        parameters=[id_path()],
        request=s.RatingIn,
        responses={201: s.RatingOut, **errors(400, 403, 404)},
        examples=[
            OpenApiExample("rating", value={"score": 4.5, "comment": "Quick."}, request_only=True)
        ],
    )
    def post(self, request: Request, id: int) -> Response:
        ticket = visible_ticket(request.user, id)
        data = parse(s.RatingIn, request.data)
        rating = rating_add(
            ticket=ticket, actor=request.user, score=data["score"], comment=data["comment"]
        )
        return Response(s.RatingOut(rating).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- actions


class TicketActionView(NativeView):
    """POST without a body (or with the action's input), answers the updated ticket."""

    input_class: type | None = None

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        raise NotImplementedError

    def post(self, request: Request, id: int) -> Response:
        ticket = visible_ticket(request.user, id)
        data = parse(self.input_class, request.data) if self.input_class else {}
        if self.input_class is None and request.data:
            raise InvalidInputError("non_field_errors", "This action takes no body.")
        self.act(ticket, request.user, data)
        return ticket_detail(request, ticket.pk)


def action_schema(summary: str, description: str, request=None, codes=(403, 404, 409)):
    return extend_schema(
        tags=TICKET_ACTIONS,
        summary=summary,
        description=description,
        parameters=[id_path()],
        request=request,
        responses={200: s.TicketDetailOut, **errors(400, *codes)},
    )


class TicketAssignView(TicketActionView):
    input_class = s.AssignIn

    @action_schema("Assign (agents)", "Assign to an agent, or `null` to unassign.", s.AssignIn)
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        permissions.require(user, permissions.Action.ASSIGN, ticket)
        ticket_assign(ticket=ticket, actor=user, assignee=_user("assignee", data["assignee"]))


class TicketTransferView(TicketActionView):
    input_class = s.TransferIn

    @action_schema(
        "Transfer to a vendor (agents)",
        "Hands the ticket to a vendor code for an answer (or, with `needs_answer: false`, for "
        "confirmation only). The note is shown to the vendor and agents, never the customer.",
        s.TransferIn,
    )
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        permissions.require(user, permissions.Action.TRANSFER, ticket)
        vendor = Vendor.objects.filter(code__iexact=data["vendor_code"]).first()
        if vendor is None:
            raise InvalidInputError("vendor_code", f"Unknown vendor {data['vendor_code']}.")
        ticket_transfer(
            ticket=ticket,
            actor=user,
            vendor=vendor,
            note=data["note"],
            needs_answer=data["needs_answer"],
        )


class TicketResolveView(TicketActionView):
    @action_schema("Resolve", "Agents, and the ticket's customer side.")
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        ticket_resolve(ticket=ticket, actor=user)


class TicketCancelView(TicketActionView):
    @action_schema("Cancel", "Agents, and the ticket's customer side; cancelled is final.")
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        ticket_cancel(ticket=ticket, actor=user)


class TicketReopenView(TicketActionView):
    @action_schema("Reopen", "A resolved ticket goes back to open.")
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        ticket_reopen(ticket=ticket, actor=user)


@extend_schema_serializer(component_name="NativeVendorAnswer")
class VendorAnswerIn(s.StrictInput):
    body = s.TextField(max_length=s.MAX_TEXT)


class TicketVendorAnswerView(TicketActionView):
    input_class = VendorAnswerIn

    @action_schema(
        "Answer a transfer (vendor)",
        "The vendor's one answer to a transfer that asked for it; a second answer is 409.",
        VendorAnswerIn,
    )
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        vendor_answer(ticket=ticket, actor=user, body=data["body"])


class TicketVendorConfirmView(TicketActionView):
    @action_schema("Confirm a transfer (vendor)", "Confirms a transfer sent for confirmation only.")
    def post(self, request: Request, id: int) -> Response:
        return super().post(request, id)

    def act(self, ticket: Ticket, user: User, data: dict) -> None:
        vendor_confirm(ticket=ticket, actor=user)


# ---------------------------------------------------------------- queue


class QueueView(NativeView, ListAPIView):
    serializer_class = s.TicketListOut
    filter_backends = [DjangoFilterBackend]
    filterset_class = QueueFilter
    pagination_class = NativePagination
    queryset = Ticket.objects.none()

    def get_queryset(self) -> QuerySet[Ticket]:
        if getattr(self, "swagger_fake_view", False):
            return Ticket.objects.none()
        return (
            selectors.ticket_queue_for(user=self.request.user)
            .select_related("category__parent__parent")
            .prefetch_related(*agent_prefetches(self.request.user))
        )

    @extend_schema(
        tags=["queue"],
        summary="The agents' queue",
        description="Tickets waiting on anyone (open, in progress, waiting on the customer), "
        "most urgent first, then the longest waiting. Agents only.",
        responses={200: s.TicketListOut(many=True), **errors(400, 403, 404)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        permissions.require_agent(request.user)
        return super().get(request, *args, **kwargs)


# ---------------------------------------------------------------- attachments


class AttachmentUploadView(NativeView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["attachments"],
        summary="Upload a file",
        description="One file in the multipart field `file`. Its type is read from its bytes "
        "and must be on the allowed list and agree with the name's extension. Answers the "
        "uuid to list in a ticket's or message's `attachments`.",
        request={"multipart/form-data": s.AttachmentUploadIn},
        responses={201: s.AttachmentOut, **errors(400, 413)},
    )
    def post(self, request: Request) -> Response:
        if set(request.data) - {"file"}:
            extra = sorted(set(request.data) - {"file"})
            raise InvalidInputError(extra[0], "Only the field `file` is accepted.")
        files = request.FILES.getlist("file")
        if len(files) > 1:
            raise InvalidInputError("file", "Send one file per request.")
        if not files:
            raise InvalidInputError("file", "No file was submitted.")
        attachment = attachment_upload(
            actor=request.user, uploaded=files[0], claimed_type=files[0].content_type or ""
        )
        return Response(
            s.AttachmentOut(attachment, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class AttachmentDownloadView(NativeView):
    @extend_schema(
        tags=["attachments"],
        summary="Download a file",
        description="Served as a download (`Content-Disposition: attachment`, `nosniff`) to "
        "those who see the message it is on, or to its uploader before it is used.",
        parameters=[
            OpenApiParameter(
                "uuid", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The file's uuid."
            ),
            OpenApiParameter(
                "Content-Disposition",
                str,
                OpenApiParameter.HEADER,
                description='`attachment; filename="<the sanitised name>"`',
                response=[200],
            ),
            OpenApiParameter(
                "X-Content-Type-Options",
                str,
                OpenApiParameter.HEADER,
                description="`nosniff`",
                response=[200],
            ),
        ],
        responses={
            (200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The file."),
            **errors(404),
        },
    )
    def get(self, request: Request, uuid: str) -> FileResponse:
        attachment = selectors.attachment_get_for(user=request.user, attachment_uuid=uuid)
        return attachment_file_response(attachment)


@extend_schema(exclude=True)
class NotFoundView(NativeView):
    """Any other path under /api/v1/: the API's JSON 404 rather than the site's HTML page."""

    permission_classes: list = []

    def initial(self, request: Request, *args, **kwargs) -> None:
        # No parameter check: every path here is unknown anyway.
        super(NativeView, self).initial(request, *args, **kwargs)

    def handle_unknown(self, request: Request, *args, **kwargs) -> Response:
        path = request.path
        hint = "" if path.endswith("/") else " API paths end with a slash."
        raise NotFound(f"No API endpoint at {path}.{hint}")

    get = post = put = patch = delete = handle_unknown
