"""Posting to the thread: replies, internal notes and vendor answers. Append-only."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from .. import permissions, selectors, workflow
from ..errors import InvalidInputError
from ..metadata import metadata_check
from ..models import (
    Channel,
    EventKind,
    Message,
    MessageKind,
    Role,
    Status,
    Ticket,
    TransferStatus,
    User,
)
from ..notifications import outbox
from ..permissions import Action
from ..sla.clock import clock_update
from . import use_case
from .attachments import attachments_claim
from .events import event_record
from .tickets import _act_on_status, _create, apply_status, lock, save_ticket


def _require_body(body: str, attachment_uuids: Iterable[object]) -> None:
    if not (body or "").strip() and not list(attachment_uuids):
        raise InvalidInputError("body", "Write a message or attach a file.")


@use_case
def message_post(
    *,
    ticket: Ticket,
    actor: User,
    body: str,
    is_internal: bool = False,
    attachment_uuids: Iterable[object] = (),
    metadata: dict[str, Any] | None = None,
    channel: str = Channel.WEB,
) -> Message:
    """Add a public reply or (agents only) an internal note.

    A public reply moves the status as the workflow says: support answering waits on the
    customer, the customer answering goes back to support. A message to a merged duplicate
    is posted on the ticket it was merged into. Raises TicketClosedError on a
    cancelled ticket, InvalidInputError for an empty message.
    """
    ticket = lock(ticket)
    if ticket.merged_into_id is not None:
        # The conversation goes on where the duplicate was merged (merges never chain).
        ticket = lock(ticket.merged_into)
    return _post(
        ticket,
        actor=actor,
        body=body,
        is_internal=is_internal,
        attachment_uuids=attachment_uuids,
        metadata=metadata,
        channel=channel,
    )


def _post(
    ticket: Ticket,
    *,
    actor: User,
    body: str,
    is_internal: bool = False,
    attachment_uuids: Iterable[object] = (),
    metadata: dict[str, Any] | None = None,
    moves_status: bool = True,
    channel: str = Channel.WEB,
) -> Message:
    """Post on a locked ticket; with `moves_status` False the caller settles the status."""
    attachment_uuids = list(attachment_uuids)
    action = Action.NOTE if is_internal else Action.REPLY
    permissions.require(actor, action, ticket)
    _require_body(body, attachment_uuids)
    metadata = metadata_check(metadata)
    workflow.require_takes(ticket, action)
    role = permissions.author_role_of(actor)
    message = Message.objects.create(
        ticket=ticket,
        author=actor,
        author_role=role,
        kind=MessageKind.NOTE if is_internal else MessageKind.REPLY,
        body=body or "",
        is_internal=is_internal,
        metadata=metadata,
        channel=channel,
    )
    claimed = attachments_claim(message=message, actor=actor, uuids=attachment_uuids)
    # The caller may answer with the message as it is, its files included, not read back.
    selectors.hold_prefetched(message, "attachments", sorted(claimed, key=lambda a: a.pk))
    outbox.message_posted(message=message, actor=actor)
    now = timezone.now()
    ticket.last_activity_at = now
    if not is_internal and role == Role.AGENT and ticket.first_response_at is None:
        ticket.first_response_at = now
    if actor.pk == ticket.assignee_id:
        # The assignee writing on the ticket has read what came before.
        ticket.has_unread_customer_reply = ticket.has_unread_vendor_answer = False
    elif moves_status and not is_internal and role == Role.CUSTOMER:
        ticket.has_unread_customer_reply = True
    # Saved with the clock, in one UPDATE.
    clock_update(
        ticket=ticket,
        save_also=(
            "last_activity_at",
            "first_response_at",
            "has_unread_customer_reply",
            "has_unread_vendor_answer",
            "updated_at",
        ),
    )
    if moves_status and not is_internal:
        next_status = workflow.status_after_public_reply(
            ticket.status, role=role, vendor_pending=workflow.is_vendor_pending(ticket)
        )
        if next_status is not None:
            apply_status(ticket, actor=actor, to=next_status)
    return message


@use_case
def ticket_respond_and_resolve(*, ticket: Ticket, actor: User, body: str) -> Message:
    """Support's answer that also resolves the ticket: one act, one status event (straight
    to resolved, not through waiting on the customer). On a resolved ticket the answer is
    a closing word and the status stays. Raises TicketClosedError on a cancelled ticket."""
    ticket = lock(ticket)
    permissions.require(actor, Action.RESOLVE, ticket)
    permissions.require_agent(actor, what="respond and resolve in one act")
    message = _post(ticket, actor=actor, body=body, moves_status=False)
    if ticket.status != Status.RESOLVED:
        _act_on_status(ticket, actor=actor, action=Action.RESOLVE)
    return message


@dataclass(frozen=True)
class FollowUp:
    """A message after the first of a ticket opened with several."""

    body: str
    attachment_uuids: Sequence[object] = ()
    metadata: dict[str, Any] = field(default_factory=dict)


@use_case
def ticket_open_with_messages(
    *, actor: User, follow_ups: Sequence[FollowUp] = (), **fields: Any
) -> Ticket:
    """Open a ticket (with ticket_create's keyword arguments) and post the follow-ups after
    its first message, all or nothing: a refused later message leaves no half-made ticket
    behind. The follow-ups come from the opener, so they do not move the new status.
    A follow-up's InvalidInputError names it: `follow_ups[0].body`."""
    ticket = _create(actor=actor, **fields)
    for index, follow_up in enumerate(follow_ups):
        try:
            _post(
                ticket,
                actor=actor,
                body=follow_up.body,
                attachment_uuids=follow_up.attachment_uuids,
                metadata=follow_up.metadata,
                moves_status=False,
            )
        except InvalidInputError as error:
            # Same class (a too-large file stays 413), named after the follow-up it is in.
            raise type(error)(f"follow_ups[{index}].{error.field}", error.message) from error
    return ticket


@use_case
def vendor_answer(
    *,
    ticket: Ticket,
    actor: User,
    body: str,
    attachment_uuids: Iterable[object] = (),
    channel: str = Channel.WEB,
) -> Message:
    """The vendor's one answer to a transfer that asked for it, while the ticket is active,
    with the vendor's own pending uploads attached. Like the answer, the files are part of
    the exchange with that vendor: agents and that vendor see them, the customer does not.

    Raises TransferStateError when no answer is awaited (including a repeated answer), a
    ConflictError when the ticket is resolved or cancelled, InvalidInputError for an empty
    answer or an unknown upload.
    """
    ticket = lock(ticket)
    permissions.require(actor, Action.VENDOR_ANSWER, ticket)
    if not (body or "").strip():
        raise InvalidInputError("content", "The answer is empty.")
    workflow.require_takes(ticket, Action.VENDOR_ANSWER)
    workflow.require_transfer_waits(ticket, Action.VENDOR_ANSWER)
    message = Message.objects.create(
        ticket=ticket,
        author=actor,
        author_role=Role.VENDOR,
        kind=MessageKind.VENDOR_ANSWER,
        body=body,
        vendor_id=ticket.vendor_id,
        channel=channel,
    )
    attachments_claim(message=message, actor=actor, uuids=attachment_uuids)
    ticket.transfer_status = TransferStatus.ANSWERED
    ticket.last_activity_at = timezone.now()
    ticket.has_unread_vendor_answer = True
    save_ticket(ticket, "transfer_status", "last_activity_at", "has_unread_vendor_answer")
    clock_update(ticket=ticket)
    event_record(ticket=ticket, actor=actor, kind=EventKind.VENDOR_ANSWERED)
    outbox.vendor_answered(message=message, actor=actor)
    return message


@use_case
def vendor_confirm(*, ticket: Ticket, actor: User) -> Ticket:
    """Confirm a transfer sent for confirmation, while the ticket is active. Raises
    TransferStateError when none is awaited, a ConflictError on a closed ticket."""
    ticket = lock(ticket)
    permissions.require(actor, Action.VENDOR_CONFIRM, ticket)
    workflow.require_takes(ticket, Action.VENDOR_CONFIRM)
    workflow.require_transfer_waits(ticket, Action.VENDOR_CONFIRM)
    ticket.transfer_status = TransferStatus.CONFIRMED
    ticket.last_activity_at = timezone.now()
    ticket.has_unread_vendor_answer = True
    save_ticket(ticket, "transfer_status", "last_activity_at", "has_unread_vendor_answer")
    clock_update(ticket=ticket)
    event_record(ticket=ticket, actor=actor, kind=EventKind.VENDOR_CONFIRMED)
    return ticket
