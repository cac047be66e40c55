"""The one state machine: every status change of a ticket is decided here."""

from .errors import TransitionNotAllowedError
from .models import Role, Status, Ticket

ALLOWED: dict[str, frozenset[str]] = {
    Status.OPEN: frozenset(
        {Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER, Status.RESOLVED, Status.CANCELLED}
    ),
    Status.IN_PROGRESS: frozenset(
        {Status.OPEN, Status.WAITING_ON_CUSTOMER, Status.RESOLVED, Status.CANCELLED}
    ),
    Status.WAITING_ON_CUSTOMER: frozenset(
        {Status.OPEN, Status.IN_PROGRESS, Status.RESOLVED, Status.CANCELLED}
    ),
    Status.RESOLVED: frozenset({Status.OPEN}),
    Status.CANCELLED: frozenset(),
}


def can_move(ticket: Ticket, *, to: str) -> bool:
    return to in ALLOWED[ticket.status]


def move(ticket: Ticket, *, to: str) -> str:
    """Set the ticket's new status in memory and return the previous one."""
    if not can_move(ticket, to=to):
        raise TransitionNotAllowedError(current=ticket.status, requested=to)
    previous = ticket.status
    ticket.status = to
    return previous


def close_as_merged(ticket: Ticket) -> str:
    """A duplicate merged into another ticket is cancelled from whatever state it was in
    (resolved included); returns the previous state, which undoing the merge restores."""
    previous = ticket.status
    ticket.status = Status.CANCELLED
    return previous


def restore_after_unmerge(ticket: Ticket, *, to: str) -> str:
    """Put back the state a merged duplicate had; only a merged, cancelled ticket may."""
    if ticket.merged_into_id is None or ticket.status != Status.CANCELLED:
        raise TransitionNotAllowedError(current=ticket.status, requested=to)
    previous = ticket.status
    ticket.status = to
    return previous


def is_closed_for_replies(ticket: Ticket) -> bool:
    return ticket.status == Status.CANCELLED


def status_after_public_reply(ticket: Ticket, *, role: str) -> str | None:
    """The status a public reply leads to, or None when the reply leaves it as it is.

    Support answering hands the ticket to the customer; the customer answering hands it
    back to support (reopening a resolved ticket). A resolved ticket stays resolved when
    support adds a closing word.
    """
    if role == Role.AGENT and ticket.status in (Status.OPEN, Status.IN_PROGRESS):
        return Status.WAITING_ON_CUSTOMER
    if role == Role.CUSTOMER and ticket.status in (Status.WAITING_ON_CUSTOMER, Status.RESOLVED):
        return Status.OPEN
    return None
