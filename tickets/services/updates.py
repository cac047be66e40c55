"""An agent's edit of several ticket fields at once, all or nothing."""

from .. import permissions
from ..models import Ticket, User
from . import use_case
from .tickets import _assign, _change_category, _change_priority, _set_status, lock

# A field ticket_update leaves as it is.
UNSET = object()


@use_case
def ticket_update(
    *,
    ticket: Ticket,
    actor: User,
    status: object = UNSET,
    priority: object = UNSET,
    category: object = UNSET,
    assignee: object = UNSET,
) -> Ticket:
    """An agent's edit of several fields at once, all or nothing, each change logged.

    Agents only: raises ActionNotAllowedError for anyone else, and whatever each step
    raises (InvalidInputError, TransitionNotAllowedError); nothing is written then.
    """
    permissions.require_agent(actor)
    ticket = lock(ticket)
    if category is not UNSET:
        ticket = _change_category(ticket, actor=actor, category=category)
    if priority is not UNSET:
        ticket = _change_priority(ticket, actor=actor, priority=priority)
    if assignee is not UNSET:
        ticket = _assign(ticket, actor=actor, assignee=assignee)
    if status is not UNSET:
        ticket = _set_status(ticket, actor=actor, to=status)
    return ticket
