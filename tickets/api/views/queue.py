"""The agents' queue."""

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from tickets import selectors
from tickets.models import Ticket

from .. import apidocs
from .. import serializers as s
from ..filters import QueueFilter
from ..pagination import NativePagination
from .base import NativeView, agent_prefetches
from .compiled import CompiledFilterListMixin


class QueueView(CompiledFilterListMixin, NativeView, ListAPIView):
    serializer_class = s.TicketListOut
    filter_backends = [DjangoFilterBackend]
    filterset_class = QueueFilter
    pagination_class = NativePagination
    queryset = Ticket.objects.none()

    def paginate_queryset(self, queryset: QuerySet[Ticket]) -> list[Ticket]:
        page = super().paginate_queryset(queryset)
        selectors.attach_held_categories(page)
        return page

    @staticmethod
    def rows_for(user) -> QuerySet[Ticket]:
        return selectors.ticket_list_rows(selectors.ticket_queue_for(user=user))

    def get_queryset(self) -> QuerySet[Ticket]:
        if getattr(self, "swagger_fake_view", False):
            return Ticket.objects.none()
        user = self.request.user
        return self.rows_for(user).prefetch_related(*agent_prefetches(user))

    @apidocs.queue
    def get(self, request: Request, *args, **kwargs) -> Response:
        # Agents only: ticket_queue_for refuses anyone else.
        return super().get(request, *args, **kwargs)
