from django.db.models import QuerySet

from tickets import permissions
from tickets.compiledreads import CompiledRead
from tickets.models import Ticket, User

from .models import Notification

TICKET_PAGE_NOTIFICATIONS = 50


def notification_list_for(*, user: User, ticket: Ticket) -> QuerySet[Notification]:
    """Every mail about the ticket, newest first: for agents only (it names addresses).
    Raises ActionNotAllowedError for anyone else."""
    permissions.require_agent(user)
    return _notifications_of(ticket=ticket.pk)


def latest_notifications_for(*, user: User, ticket: Ticket) -> list[Notification]:
    """The ticket page's share of notification_list_for: the newest ones."""
    permissions.require_agent(user)
    return LATEST_NOTIFICATIONS.rows(ticket=ticket.pk)


def _notifications_of(*, ticket) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(ticket_id=ticket)
        .select_related("recipient")
        .order_by("-created_at", "-id")
    )


LATEST_NOTIFICATIONS = CompiledRead(
    lambda *, ticket: _notifications_of(ticket=ticket)[:TICKET_PAGE_NOTIFICATIONS]
)
