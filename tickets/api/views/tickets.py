"""Tickets: list, open, read, change; their messages and ratings."""

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from tickets import permissions, selectors
from tickets.models import Ticket
from tickets.services.messages import message_post
from tickets.services.ratings import rating_add
from tickets.services.tickets import ticket_create
from tickets.services.updates import UNSET, ticket_update

from .. import apidocs
from .. import serializers as s
from ..filters import TicketFilter
from ..pagination import NativePagination
from .base import (
    NativeView,
    agent_prefetches,
    category_from_input,
    parse,
    ticket_response,
    user_from_input,
)
from .compiled import CompiledFilterListMixin


class TicketListCreateView(CompiledFilterListMixin, NativeView, ListAPIView):
    serializer_class = s.TicketListOut
    filter_backends = [DjangoFilterBackend]
    filterset_class = TicketFilter
    pagination_class = NativePagination
    queryset = Ticket.objects.none()

    def paginate_queryset(self, queryset: QuerySet[Ticket]) -> list[Ticket]:
        page = super().paginate_queryset(queryset)
        selectors.attach_held_categories(page)
        return page

    @staticmethod
    def rows_for(user) -> QuerySet[Ticket]:
        return selectors.ticket_list_rows(
            selectors.ticket_annotate_for_list(selectors.ticket_list_for(user=user), user=user)
        )

    def get_queryset(self) -> QuerySet[Ticket]:
        user = self.request.user
        return self.rows_for(user).prefetch_related(*agent_prefetches(user))

    @apidocs.ticket_list
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @apidocs.ticket_create
    def post(self, request: Request) -> Response:
        data = parse(s.TicketCreateIn, request.data)
        actor = request.user
        customer = actor
        if data.get("customer") not in (None, actor.pk):
            # Check the role before looking the user up, so ids of others are not probed.
            permissions.require_agent(actor)
            customer = user_from_input("customer", data["customer"])
        parent = selectors.ticket_parent_for(
            user=actor, ticket_id=data.get("parent"), field="parent"
        )
        ticket = ticket_create(
            actor=actor,
            customer=customer,
            subject=data["subject"],
            description=data["description"],
            body=data.get("body") or None,
            category=category_from_input("category", data.get("category"), user=actor),
            seller_account_id=data.get("seller_account"),
            warehouse_id=data.get("warehouse_id"),
            order_id=data["order_id"],
            item_id=data["item_id"],
            item_name=data["item_name"],
            parent=parent,
            metadata=data["metadata"],
            attachment_uuids=data["attachments"],
            priority=data.get("priority"),
        )
        ticket = selectors.ticket_as_opened_for(user=actor, ticket=ticket)
        ticket.message_count = len(ticket.thread)
        return Response(
            s.TicketDetailOut(ticket, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class TicketDetailView(NativeView):
    @apidocs.ticket_detail
    def get(self, request: Request, id: int) -> Response:
        return ticket_response(request, id)

    @apidocs.ticket_update
    def patch(self, request: Request, id: int) -> Response:
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=id, with_thread=False)
        # Refused before the input is read: only agents learn which fields are accepted.
        fields = sorted(request.data) if isinstance(request.data, dict) else []
        named = f": {', '.join(map(str, fields))}" if fields else ""
        permissions.require_agent(request.user, what=f"change a ticket{named}")
        data = parse(s.TicketUpdateIn, request.data)
        ticket_update(
            ticket=ticket,
            actor=request.user,
            status=data.get("status", UNSET),
            priority=data.get("priority", UNSET),
            category=(
                category_from_input("category", data["category"], user=request.user)
                if "category" in data
                else UNSET
            ),
            assignee=(
                user_from_input("assignee", data["assignee"]) if "assignee" in data else UNSET
            ),
        )
        return ticket_response(request, ticket.pk)


class TicketMessagesView(NativeView, ListAPIView):
    serializer_class = s.MessageOut
    pagination_class = NativePagination
    queryset = Ticket.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.thread_messages_for(self.request.user).none()
        ticket = selectors.ticket_get_for(
            user=self.request.user, ticket_id=self.kwargs["id"], with_thread=False
        )
        return selectors.thread_messages_for(self.request.user).filter(ticket_id=ticket.pk)

    @apidocs.message_list
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @apidocs.message_create
    def post(self, request: Request, id: int) -> Response:
        # message_post re-reads the ticket under its lock: only the visible id is needed.
        ticket = selectors.ticket_get_for(
            user=request.user, ticket_id=id, with_thread=False, key_only=True
        )
        data = parse(s.MessageIn, request.data)
        message = message_post(
            ticket=ticket,
            actor=request.user,
            body=data["body"],
            is_internal=data["internal"],
            attachment_uuids=data["attachments"],
        )
        # Answered as posted: its author may see it, its files are held (no read-back).
        return Response(
            s.MessageOut(message, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class TicketRatingsView(NativeView):
    @apidocs.rating_list
    def get(self, request: Request, id: int) -> Response:
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=id, with_thread=False)
        ratings = ticket.ratings.select_related("rated_by").order_by("created_at", "id")
        return Response(s.RatingOut(ratings, many=True).data)

    @apidocs.rating_create
    def post(self, request: Request, id: int) -> Response:
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=id, with_thread=False)
        data = parse(s.RatingIn, request.data)
        rating = rating_add(
            ticket=ticket, actor=request.user, score=data["score"], comment=data["comment"]
        )
        return Response(s.RatingOut(rating).data, status=status.HTTP_201_CREATED)
