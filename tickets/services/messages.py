"""Posting to the thread: replies, internal notes and vendor answers. Append-only."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from .. import permissions, workflow
from ..errors import InvalidInputError, TicketClosedError, TransferStateError
from ..models import EventKind, Message, MessageKind, Role, Ticket, TransferStatus, User
from ..permissions import Action
from .attachments import attachments_claim
from .events import event_record
from .tickets import apply_status, lock, save_ticket


def _require_body(body: str, attachment_uuids: Iterable[object]) -> None:
    if not (body or "").strip() and not list(attachment_uuids):
        raise InvalidInputError("body", "Write a message or attach a file.")


@transaction.atomic
def message_post(
    *,
    ticket: Ticket,
    actor: User,
    body: str,
    is_internal: bool = False,
    attachment_uuids: Iterable[object] = (),
    metadata: dict[str, Any] | None = None,
) -> Message:
    """Add a public reply or (agents only) an internal note.

    A public reply moves the status as the workflow says: support answering waits on the
    customer, the customer answering goes back to support. A message to a merged duplicate
    is posted on the ticket it was merged into. Raises TicketClosedError on a
    cancelled ticket, InvalidInputError for an empty message.
    """
    attachment_uuids = list(attachment_uuids)
    ticket = lock(ticket)
    if ticket.merged_into_id is not None:
        # The conversation goes on where the duplicate was merged (merges never chain).
        ticket = lock(ticket.merged_into)
    permissions.require(actor, Action.NOTE if is_internal else Action.REPLY, ticket)
    _require_body(body, attachment_uuids)
    if workflow.is_closed_for_replies(ticket):
        raise TicketClosedError()
    role = permissions.author_role_of(actor)
    message = Message.objects.create(
        ticket=ticket,
        author=actor,
        author_role=role,
        kind=MessageKind.NOTE if is_internal else MessageKind.REPLY,
        body=body or "",
        is_internal=is_internal,
        metadata=metadata or {},
    )
    attachments_claim(message=message, actor=actor, uuids=attachment_uuids)
    now = timezone.now()
    ticket.last_activity_at = now
    if not is_internal and role == Role.AGENT and ticket.first_response_at is None:
        ticket.first_response_at = now
    save_ticket(ticket, "last_activity_at", "first_response_at")
    next_status = None if is_internal else workflow.status_after_public_reply(ticket, role=role)
    if next_status is not None:
        apply_status(ticket, actor=actor, to=next_status)
    return message


@transaction.atomic
def vendor_answer(*, ticket: Ticket, actor: User, body: str) -> Message:
    """The vendor's one answer to a transfer that asked for it.

    Raises TransferStateError when no answer is awaited (including a repeated answer).
    """
    ticket = lock(ticket)
    permissions.require(actor, Action.VENDOR_ANSWER, ticket)
    if not (body or "").strip():
        raise InvalidInputError("content", "The answer is empty.")
    if ticket.transfer_status != TransferStatus.ANSWER_REQUESTED:
        raise TransferStateError("This ticket is not waiting for your answer.")
    message = Message.objects.create(
        ticket=ticket,
        author=actor,
        author_role=Role.VENDOR,
        kind=MessageKind.VENDOR_ANSWER,
        body=body,
    )
    ticket.transfer_status = TransferStatus.ANSWERED
    ticket.last_activity_at = timezone.now()
    save_ticket(ticket, "transfer_status", "last_activity_at")
    event_record(ticket=ticket, actor=actor, kind=EventKind.VENDOR_ANSWERED)
    return message


@transaction.atomic
def vendor_confirm(*, ticket: Ticket, actor: User) -> Ticket:
    """Confirm a transfer sent for confirmation. Raises TransferStateError otherwise."""
    ticket = lock(ticket)
    permissions.require(actor, Action.VENDOR_CONFIRM, ticket)
    if ticket.transfer_status != TransferStatus.CONFIRM_REQUESTED:
        raise TransferStateError("This ticket is not waiting for your confirmation.")
    ticket.transfer_status = TransferStatus.CONFIRMED
    ticket.last_activity_at = timezone.now()
    save_ticket(ticket, "transfer_status", "last_activity_at")
    event_record(ticket=ticket, actor=actor, kind=EventKind.VENDOR_CONFIRMED)
    return ticket
