"""Merging a duplicate into another ticket of the same customer, and undoing it.

Nothing is copied or deleted: the duplicate's messages (with their attachments), ratings
and events move to the target with `merged_from` naming where they were written, so the
thread stays complete and in time order, and undoing the merge moves exactly those rows
back. The duplicate stays as a cancelled ticket pointing at the target (`merged_into`).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from .. import permissions, workflow
from ..errors import MergeRefusedError
from ..models import (
    EventKind,
    Message,
    MessageKind,
    Rating,
    Role,
    Status,
    Ticket,
    TicketEvent,
    TransferStatus,
    User,
)
from ..permissions import Action
from . import use_case
from .events import event_record
from .tickets import save_ticket

MOVED_MODELS = (Message, Rating, TicketEvent)


def merge_undo_window() -> timedelta:
    return timedelta(hours=settings.HELPDESK_MERGE_UNDO_HOURS)


def can_unmerge(ticket: Ticket) -> bool:
    return (
        ticket.merged_into_id is not None
        and ticket.merged_at is not None
        and timezone.now() - ticket.merged_at <= merge_undo_window()
    )


def _lock_pair(first: Ticket, second: Ticket) -> tuple[Ticket, Ticket]:
    """Both rows under lock, taken in id order so two merges of the pair cannot deadlock."""
    locked = Ticket.objects.select_for_update().in_bulk([first.pk, second.pk])
    return locked[first.pk], locked[second.pk]


def _refresh_derived(ticket: Ticket) -> None:
    """Recompute what a ticket derives from its rows after rows moved in or out: its first
    response (the first public agent reply) and its current rating (the latest)."""
    first_reply = Message.objects.filter(
        ticket=ticket, author_role=Role.AGENT, is_internal=False, kind=MessageKind.REPLY
    ).aggregate(at=Min("created_at"))["at"]
    latest = Rating.objects.filter(ticket=ticket).order_by("-created_at", "-id").first()
    ticket.first_response_at = first_reply
    ticket.current_rating = latest.score if latest else None
    save_ticket(ticket, "first_response_at", "current_rating", "last_activity_at")


def _check_mergeable(duplicate: Ticket, target: Ticket) -> None:
    if duplicate.pk == target.pk:
        raise MergeRefusedError("A ticket cannot be merged into itself.")
    if duplicate.customer_id != target.customer_id:
        raise MergeRefusedError("Only tickets of the same customer can be merged.")
    if duplicate.merged_into_id is not None:
        raise MergeRefusedError(f"{duplicate.case_number} is already merged.")
    if target.merged_into_id is not None:
        raise MergeRefusedError(
            f"{target.case_number} was itself merged; merge into the ticket it points to."
        )
    if target.status == Status.CANCELLED:
        raise MergeRefusedError(f"{target.case_number} is cancelled; merge into an open ticket.")
    if duplicate.transfer_status != TransferStatus.NONE:
        # Its vendor sees it through its own transfer; moving that exchange would hide it.
        raise MergeRefusedError(
            f"{duplicate.case_number} is transferred to a vendor; merge the other way."
        )
    if Ticket.objects.filter(merged_into=duplicate).exists():
        raise MergeRefusedError(
            f"Other tickets were merged into {duplicate.case_number}; merge the other way."
        )


@use_case
def ticket_merge(*, duplicate: Ticket, target: Ticket, actor: User) -> Ticket:
    """Merge `duplicate` into `target` (agents only); returns the target.

    The duplicate's messages, attachments, ratings and events move to the target, marked
    as merged from it; the duplicate is cancelled with `merged_into` set. Both tickets log
    a `merged` event, the duplicate also its status change. Raises MergeRefusedError for
    a pair that cannot be merged (another customer, itself, already merged, a cancelled
    target, a duplicate transferred to a vendor) and TicketNotFoundError /
    ActionNotAllowedError as every service does; nothing is written then.
    """
    duplicate, target = _lock_pair(duplicate, target)
    permissions.require(actor, Action.MERGE, duplicate)
    permissions.require(actor, Action.MERGE, target)
    _check_mergeable(duplicate, target)
    for model in MOVED_MODELS:
        model.objects.filter(ticket=duplicate).update(ticket=target, merged_from=duplicate)
    now = timezone.now()
    previous = workflow.close_as_merged(duplicate)
    duplicate.merged_into = target
    duplicate.merged_at = now
    duplicate.last_activity_at = now
    save_ticket(duplicate, "status", "merged_into", "merged_at", "last_activity_at")
    _refresh_derived(duplicate)
    if previous != Status.CANCELLED:
        event_record(
            ticket=duplicate,
            actor=actor,
            kind=EventKind.STATUS_CHANGED,
            from_value=previous,
            to_value=Status.CANCELLED,
        )
    for ticket in (duplicate, target):
        event_record(
            ticket=ticket,
            actor=actor,
            kind=EventKind.MERGED,
            from_value=duplicate.case_number,
            to_value=target.case_number,
        )
    target.last_activity_at = now
    _refresh_derived(target)
    return target


def _status_before_merge(duplicate: Ticket) -> str:
    change = (
        TicketEvent.objects.filter(
            ticket=duplicate,
            kind=EventKind.STATUS_CHANGED,
            to_value=Status.CANCELLED,
            merged_from__isnull=True,
            created_at__gte=duplicate.merged_at,
        )
        .order_by("-created_at", "-id")
        .first()
    )
    return change.from_value if change else Status.CANCELLED


@use_case
def ticket_unmerge(*, duplicate: Ticket, actor: User) -> Ticket:
    """Undo a merge within the undo window (agents only); returns the duplicate.

    Exactly the rows the merge moved go back; what was written on the target since stays
    there. The duplicate gets back the status it had. Raises MergeRefusedError when the
    ticket is not merged or the window has passed; nothing is written then.
    """
    duplicate = Ticket.objects.select_for_update().get(pk=duplicate.pk)
    permissions.require(actor, Action.MERGE, duplicate)
    if duplicate.merged_into_id is None:
        raise MergeRefusedError(f"{duplicate.case_number} is not merged.")
    if not can_unmerge(duplicate):
        hours = settings.HELPDESK_MERGE_UNDO_HOURS
        raise MergeRefusedError(f"A merge can be undone for {hours} hours; this one is older.")
    duplicate, target = _lock_pair(duplicate, duplicate.merged_into)
    restored = _status_before_merge(duplicate)
    for model in MOVED_MODELS:
        model.objects.filter(ticket=target, merged_from=duplicate).update(
            ticket=duplicate, merged_from=None
        )
    if restored != Status.CANCELLED:
        previous = workflow.restore_after_unmerge(duplicate, to=restored)
        event_record(
            ticket=duplicate,
            actor=actor,
            kind=EventKind.STATUS_CHANGED,
            from_value=previous,
            to_value=restored,
        )
    duplicate.merged_into = None
    duplicate.merged_at = None
    duplicate.last_activity_at = timezone.now()
    save_ticket(duplicate, "status", "merged_into", "merged_at")
    for ticket in (duplicate, target):
        event_record(
            ticket=ticket,
            actor=actor,
            kind=EventKind.UNMERGED,
            from_value=duplicate.case_number,
            to_value=target.case_number,
        )
    _refresh_derived(duplicate)
    _refresh_derived(target)
    return duplicate
