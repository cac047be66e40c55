"""An agent's edit of several ticket fields at once, all or nothing."""

from django.db import transaction

from .. import permissions
from ..models import Ticket, User
from .tickets import (
    ticket_assign,
    ticket_change_category,
    ticket_change_priority,
    ticket_set_status,
)

UNSET = object()


@transaction.atomic
def ticket_update(
    *,
    ticket: Ticket,
    actor: User,
    status: object = UNSET,
    priority: object = UNSET,
    category: object = UNSET,
    assignee: object = UNSET,
) -> Ticket:
    """Apply the given changes through the one-purpose services, each logging its event.

    Agents only: raises ActionNotAllowedError for anyone else, and whatever the services
    raise (InvalidInputError, TransitionNotAllowedError); then nothing at all is written,
    because every service runs inside this one transaction.
    """
    permissions.require_agent(actor)
    if category is not UNSET:
        ticket = ticket_change_category(ticket=ticket, actor=actor, category=category)
    if priority is not UNSET:
        ticket = ticket_change_priority(ticket=ticket, actor=actor, priority=priority)
    if assignee is not UNSET:
        ticket = ticket_assign(ticket=ticket, actor=actor, assignee=assignee)
    if status is not UNSET:
        ticket = ticket_set_status(ticket=ticket, actor=actor, to=status)
    return ticket
