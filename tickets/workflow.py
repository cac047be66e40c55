"""The one state machine: every status change of a ticket, and which acts each status
takes, is decided here."""

from . import permissions
from .errors import (
    StatusRefusesActError,
    TicketClosedError,
    TransferStateError,
    TransitionNotAllowedError,
)
from .models import Role, Status, Ticket, TransferStatus, User, WaitingOn
from .permissions import Action

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

EVERY_STATUS = frozenset(Status)
ACTIVE = frozenset({Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER})
NOT_CANCELLED = EVERY_STATUS - {Status.CANCELLED}

# The statuses in which each act that is not itself a status move is taken. A cancelled
# ticket is final: it takes no message, rating or transfer, though agents may still file
# it (assignee, priority, category) for the record. A vendor answers or confirms only
# while the ticket is active, so support never gets an answer to a closed question.
TAKEN_IN: dict[Action, frozenset[str]] = {
    Action.REPLY: NOT_CANCELLED,
    Action.NOTE: NOT_CANCELLED,
    Action.RATE: NOT_CANCELLED,
    Action.TRANSFER: ACTIVE,
    Action.VENDOR_ANSWER: ACTIVE,
    Action.VENDOR_CONFIRM: ACTIVE,
    Action.ASSIGN: EVERY_STATUS,
    Action.CHANGE_PRIORITY: EVERY_STATUS,
    Action.CHANGE_CATEGORY: EVERY_STATUS,
    Action.FILE_FOR_OTHERS: EVERY_STATUS,
    Action.TAG: EVERY_STATUS,
    # Which pairs merge (never into a cancelled ticket) is the merge service's rule.
    Action.MERGE: EVERY_STATUS,
}
# Acts that are status moves: the status they lead to (CHANGE_STATUS leads anywhere the
# table above allows).
MOVES_TO: dict[Action, str] = {
    Action.RESOLVE: Status.RESOLVED,
    Action.CANCEL: Status.CANCELLED,
    Action.REOPEN: Status.OPEN,
}


# A transfer puts an open ticket, or one waiting on the customer, in progress: support is
# working on it with the vendor, and the vendor's answer comes back to support.
STATUS_AFTER_TRANSFER: dict[str, str] = {
    Status.OPEN: Status.IN_PROGRESS,
    Status.WAITING_ON_CUSTOMER: Status.IN_PROGRESS,
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


def statuses_taking(action: Action) -> frozenset[str]:
    """The statuses in which `action` may be done at all (whoever does it)."""
    if action == Action.REOPEN:
        return frozenset({Status.RESOLVED})
    if action in MOVES_TO:
        return frozenset(s for s in Status if MOVES_TO[action] in ALLOWED[s])
    if action == Action.CHANGE_STATUS:
        # Resolving, cancelling and reopening are acts of their own; this is the rest.
        closing = {Status.RESOLVED, Status.CANCELLED}
        return frozenset(s for s in Status if s not in closing and ALLOWED[s] - closing)
    return TAKEN_IN[action]


def takes(ticket: Ticket, action: Action) -> bool:
    return ticket.status in statuses_taking(action)


def require_takes(ticket: Ticket, action: Action) -> None:
    """Raise the conflict (409) a ticket in this status answers to `action`."""
    if takes(ticket, action):
        return
    if ticket.status == Status.CANCELLED and action not in MOVES_TO:
        raise TicketClosedError()
    if action in MOVES_TO:
        raise TransitionNotAllowedError(current=ticket.status, requested=MOVES_TO[action])
    raise StatusRefusesActError(status=ticket.status, act=action.value)


def is_closed_for_replies(ticket: Ticket) -> bool:
    return not takes(ticket, Action.REPLY)


# A transfer still waiting for the vendor's act: the vendor owes the next move.
VENDOR_PENDING = frozenset({TransferStatus.ANSWER_REQUESTED, TransferStatus.CONFIRM_REQUESTED})
# While a vendor's act is awaited, support answering the customer does not hand the
# ticket to them (the team still waits on the vendor): an open ticket goes in progress.
STATUS_AFTER_AGENT_REPLY_WHILE_VENDOR_PENDING: dict[str, str] = {
    Status.OPEN: Status.IN_PROGRESS,
}


def is_vendor_pending(ticket: Ticket) -> bool:
    return ticket.transfer_status in VENDOR_PENDING


def status_after_public_reply(
    status: str, *, role: str, vendor_pending: bool = False
) -> str | None:
    """The status a public reply leads to, or None when the reply leaves it as it is.

    Support answering hands the ticket to the customer, unless the team still waits on a
    vendor (`vendor_pending`): then an open ticket goes in progress and nothing claims to
    wait on the customer. The customer answering hands it back to support (reopening a
    resolved ticket). A resolved ticket stays resolved when support adds a closing word.
    """
    if role == Role.AGENT and vendor_pending:
        return STATUS_AFTER_AGENT_REPLY_WHILE_VENDOR_PENDING.get(status)
    if role == Role.AGENT and status in (Status.OPEN, Status.IN_PROGRESS):
        return Status.WAITING_ON_CUSTOMER
    if role == Role.CUSTOMER and status in (Status.WAITING_ON_CUSTOMER, Status.RESOLVED):
        return Status.OPEN
    return None


FINISHED = frozenset({Status.RESOLVED, Status.CANCELLED})


def waiting_on(ticket: Ticket) -> str:
    """Whose move it is, from the status and the transfer, checked in this order:
    nobody's once resolved or cancelled; the vendor's while a transfer awaits its answer
    or confirmation; the customer's while the ticket waits on them; else support's (a new
    ticket, a customer's reply, a vendor's answer)."""
    if ticket.status in FINISHED:
        return WaitingOn.NOBODY
    if is_vendor_pending(ticket):
        return WaitingOn.VENDOR
    if ticket.status == Status.WAITING_ON_CUSTOMER:
        return WaitingOn.CUSTOMER
    return WaitingOn.SUPPORT


# The vendor acts also need the transfer to wait for them.
TRANSFER_WAITS_FOR: dict[Action, str] = {
    Action.VENDOR_ANSWER: TransferStatus.ANSWER_REQUESTED,
    Action.VENDOR_CONFIRM: TransferStatus.CONFIRM_REQUESTED,
}


def require_transfer_waits(ticket: Ticket, action: Action) -> None:
    if ticket.transfer_status != TRANSFER_WAITS_FOR[action]:
        wanted = "answer" if action == Action.VENDOR_ANSWER else "confirmation"
        raise TransferStateError(f"This ticket is not waiting for your {wanted}.")


def allows(user: User, action: Action, ticket: Ticket) -> bool:
    """May `user` do `action` on `ticket` now: their role, the status and the transfer.

    What pages ask before offering a button; services enforce the same through
    permissions.require, require_takes and require_transfer_waits.
    """
    if not permissions.can(user, action, ticket) or not takes(ticket, action):
        return False
    waited = TRANSFER_WAITS_FOR.get(action)
    return waited is None or ticket.transfer_status == waited
