"""The record of mails sent about a ticket, read-only, for agents."""

from rest_framework.request import Request
from rest_framework.response import Response

from tickets import selectors
from tickets.notifications.selectors import notification_list_for

from ..notification_apidocs import ticket_notifications_docs
from ..notification_serializers import NotificationOut
from .base import NativeView


class TicketNotificationsView(NativeView):
    serializer_class = NotificationOut

    @ticket_notifications_docs
    def get(self, request: Request, id: int) -> Response:
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=id, with_thread=False)
        notifications = notification_list_for(user=request.user, ticket=ticket)
        return Response(NotificationOut(notifications, many=True).data)
