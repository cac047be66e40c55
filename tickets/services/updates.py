"""An agent's edit of several ticket fields at once, all or nothing."""

from dataclasses import dataclass

from .. import permissions
from ..models import Category, Ticket, User
from . import use_case
from .tickets import _assign, _change_category, _change_priority, _set_status, lock

# A field ticket_update (or ticket_triage) leaves as it is.
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


# The order triage applies its changes in, as ticket_update does: a move to resolved comes
# last, after the fields that describe what was resolved.
TRIAGE_FIELDS = ("category", "priority", "assignee", "status")


@dataclass(frozen=True)
class TriageResult:
    ticket: Ticket
    # The fields that changed, in TRIAGE_FIELDS order; empty when nothing did.
    changed: tuple[str, ...]


def _current(ticket: Ticket, field: str) -> object:
    return {
        "category": ticket.category_id,
        "priority": ticket.priority,
        "assignee": ticket.assignee_id,
        "status": ticket.status,
    }[field]


def _requested(field: str, value: object) -> object:
    if field in ("category", "assignee"):
        return value.pk if value is not None else None
    return value


@use_case
def ticket_triage(
    *,
    ticket: Ticket,
    actor: User,
    assignee: User | object | None = UNSET,
    status: str | object = UNSET,
    priority: str | object = UNSET,
    category: Category | object | None = UNSET,
) -> TriageResult:
    """An agent's triage: assignee, status, priority and category saved in one act.

    A value equal to the ticket's current one (read under the lock) changes nothing and
    writes no event; each other value goes through the checks of its own service (the
    role, the state machine, an agent as assignee, a usable category) and writes that
    service's one event. Agents only: raises ActionNotAllowedError for anyone else,
    InvalidInputError naming the field, TransitionNotAllowedError for a move the state
    machine refuses; nothing at all is written then.
    """
    permissions.require_agent(actor)
    ticket = lock(ticket)
    requested = {"assignee": assignee, "status": status, "priority": priority, "category": category}
    changed = []
    for field in TRIAGE_FIELDS:
        value = requested[field]
        if value is UNSET or _requested(field, value) == _current(ticket, field):
            continue
        match field:
            case "category":
                ticket = _change_category(ticket, actor=actor, category=value)
            case "priority":
                ticket = _change_priority(ticket, actor=actor, priority=value)
            case "assignee":
                ticket = _assign(ticket, actor=actor, assignee=value)
            case "status":
                ticket = _set_status(ticket, actor=actor, to=value)
        changed.append(field)
    return TriageResult(ticket=ticket, changed=tuple(changed))
