from django.db.models import QuerySet

from tickets import permissions
from tickets.models import Ticket, User

from .models import Notification

TICKET_PAGE_NOTIFICATIONS = 50


def notification_list_for(*, user: User, ticket: Ticket) -> QuerySet[Notification]:
    """Every mail about the ticket, newest first: for agents only (it names addresses).
    Raises ActionNotAllowedError for anyone else."""
    permissions.require_agent(user)
    return (
        Notification.objects.filter(ticket_id=ticket.pk)
        .select_related("recipient")
        .order_by("-created_at", "-id")
    )
