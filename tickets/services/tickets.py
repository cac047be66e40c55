"""Ticket workflow: each service is one transaction that locks the ticket it changes."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import permissions, workflow
from ..errors import ActionNotAllowedError, InvalidInputError, TransitionNotAllowedError
from ..models import (
    Category,
    Channel,
    EventKind,
    Message,
    MessageKind,
    Priority,
    SellerAccount,
    Status,
    Ticket,
    TransferStatus,
    User,
    Vendor,
)
from ..notifications import outbox
from ..permissions import Action
from ..sla.clock import clock_update
from .attachments import attachments_claim
from .events import event_record


def lock(ticket: Ticket) -> Ticket:
    """Re-read the ticket under a row lock; callers are inside a transaction."""
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def save_ticket(ticket: Ticket, *fields: str) -> None:
    ticket.save(update_fields=[*fields, "updated_at"])


def _require_usable_category(category: Category | None) -> None:
    if category is not None and (not category.is_active or category.is_deleted):
        raise InvalidInputError("category", f"The category '{category.code}' is not available.")


def _resolve_seller_account(actor: User, seller_account_id: int | None) -> SellerAccount | None:
    if seller_account_id is None:
        return None
    account = SellerAccount.objects.filter(pk=seller_account_id).first()
    if permissions.is_agent(actor):
        if account is None:
            raise InvalidInputError("seller_account", f"Unknown seller {seller_account_id}.")
        return account
    if account is None or account.pk not in permissions.seller_account_id_list(actor):
        raise ActionNotAllowedError(f"Seller {seller_account_id} is not one of your accounts.")
    return account


@transaction.atomic
def ticket_create(
    *,
    actor: User,
    subject: str,
    description: str = "",
    body: str | None = None,
    customer: User | None = None,
    category: Category | None = None,
    priority: str = Priority.NORMAL,
    seller_account_id: int | None = None,
    warehouse_id: int | None = None,
    order_id: str = "",
    item_id: str = "",
    item_name: str = "",
    parent: Ticket | None = None,
    metadata: dict[str, Any] | None = None,
    attachment_uuids: Iterable[object] = (),
    message_metadata: dict[str, Any] | None = None,
    channel: str = Channel.WEB,
) -> Ticket:
    """Open a ticket with its first message (`body`, else the description).

    Customers open tickets for themselves; agents may file for any customer. Raises
    InvalidInputError naming the field, or ActionNotAllowedError; writes nothing then.
    """
    customer = customer or actor
    if permissions.is_vendor(actor):
        raise ActionNotAllowedError("Vendors answer tickets; they do not open them.")
    if customer.pk != actor.pk:
        permissions.require_agent(actor)
    if not (subject or "").strip():
        raise InvalidInputError("subject", "A subject is required.")
    first_body = body if body is not None else description
    if not (first_body or "").strip():
        raise InvalidInputError("description", "Describe the problem.")
    _require_usable_category(category)
    if parent is not None and not permissions.can_see(actor, parent):
        raise InvalidInputError("parent", f"Ticket {parent.pk} is not one you can follow up.")
    ticket = Ticket.objects.create(
        subject=subject.strip(),
        description=description,
        priority=priority,
        category=category,
        customer=customer,
        seller_account=_resolve_seller_account(actor, seller_account_id),
        warehouse_id=warehouse_id,
        order_id=order_id or "",
        item_id=item_id or "",
        item_name=item_name or "",
        parent=parent,
        metadata=metadata or {},
        channel=channel,
    )
    # The primary key comes from the database's sequence, so concurrent creations never
    # share a number; a rolled-back creation leaves a gap, which is fine.
    prefix = settings.HELPDESK_CASE_NUMBER_PREFIX
    ticket.case_number = f"{prefix}-{ticket.created_at.year}-{ticket.pk:06d}"
    ticket.save(update_fields=["case_number"])
    message = Message.objects.create(
        ticket=ticket,
        author=actor,
        author_role=permissions.author_role_of(actor),
        kind=MessageKind.REPLY,
        body=first_body,
        metadata=message_metadata or {},
        channel=channel,
    )
    attachments_claim(message=message, actor=actor, uuids=attachment_uuids)
    event_record(ticket=ticket, actor=actor, kind=EventKind.CREATED, to_value=Status.OPEN)
    clock_update(ticket=ticket, repick=True)
    outbox.ticket_opened(ticket=ticket, actor=actor, message=message)
    return ticket


@transaction.atomic
def ticket_assign(*, ticket: Ticket, actor: User, assignee: User | None) -> Ticket:
    ticket = lock(ticket)
    permissions.require(actor, Action.ASSIGN, ticket)
    if assignee is not None and not permissions.is_agent(assignee):
        raise InvalidInputError("assignee", f"{assignee.username} is not a support agent.")
    if ticket.assignee_id == (assignee.pk if assignee else None):
        return ticket
    previous = ticket.assignee
    ticket.assignee = assignee
    save_ticket(ticket, "assignee")
    event_record(
        ticket=ticket,
        actor=actor,
        kind=EventKind.ASSIGNED,
        from_value=previous.username if previous else "",
        to_value=assignee.username if assignee else "",
    )
    return ticket


@transaction.atomic
def ticket_change_priority(*, ticket: Ticket, actor: User, priority: str) -> Ticket:
    ticket = lock(ticket)
    permissions.require(actor, Action.CHANGE_PRIORITY, ticket)
    if priority not in Priority.values:
        raise InvalidInputError("priority", f"'{priority}' is not a priority.")
    if ticket.priority == priority:
        return ticket
    previous, ticket.priority = ticket.priority, priority
    save_ticket(ticket, "priority")
    clock_update(ticket=ticket, repick=True)
    event_record(
        ticket=ticket,
        actor=actor,
        kind=EventKind.PRIORITY_CHANGED,
        from_value=previous,
        to_value=priority,
    )
    return ticket


@transaction.atomic
def ticket_change_category(*, ticket: Ticket, actor: User, category: Category | None) -> Ticket:
    ticket = lock(ticket)
    permissions.require(actor, Action.CHANGE_CATEGORY, ticket)
    _require_usable_category(category)
    if ticket.category_id == (category.pk if category else None):
        return ticket
    previous = ticket.category
    ticket.category = category
    save_ticket(ticket, "category")
    clock_update(ticket=ticket, repick=True)
    event_record(
        ticket=ticket,
        actor=actor,
        kind=EventKind.CATEGORY_CHANGED,
        from_value=previous.code if previous else "",
        to_value=category.code if category else "",
    )
    return ticket


def _record_status(ticket: Ticket, actor: User | None, previous: str) -> None:
    event_record(
        ticket=ticket,
        actor=actor,
        kind=EventKind.STATUS_CHANGED,
        from_value=previous,
        to_value=ticket.status,
    )


def apply_status(ticket: Ticket, *, actor: User, to: str) -> None:
    """Move a locked ticket, keep its resolution stamps in step, save and log it."""
    previous = workflow.move(ticket, to=to)
    now = timezone.now()
    if to == Status.RESOLVED:
        ticket.resolved_at = now
        ticket.resolved_by = actor
        ticket.resolved_by_role = permissions.author_role_of(actor)
    elif previous == Status.RESOLVED:
        ticket.resolved_at = None
        ticket.resolved_by = None
        ticket.resolved_by_role = ""
    ticket.last_activity_at = now
    save_ticket(
        ticket, "status", "resolved_at", "resolved_by", "resolved_by_role", "last_activity_at"
    )
    _record_status(ticket, actor, previous)
    clock_update(ticket=ticket)
    outbox.status_changed(ticket=ticket, actor=actor)


@transaction.atomic
def ticket_resolve(*, ticket: Ticket, actor: User) -> Ticket:
    """Resolve the ticket, stamping when and by whom. Raises TransitionNotAllowedError."""
    ticket = lock(ticket)
    permissions.require(actor, Action.RESOLVE, ticket)
    apply_status(ticket, actor=actor, to=Status.RESOLVED)
    return ticket


@transaction.atomic
def ticket_cancel(*, ticket: Ticket, actor: User) -> Ticket:
    ticket = lock(ticket)
    permissions.require(actor, Action.CANCEL, ticket)
    apply_status(ticket, actor=actor, to=Status.CANCELLED)
    return ticket


@transaction.atomic
def ticket_reopen(*, ticket: Ticket, actor: User) -> Ticket:
    """Reopen a resolved ticket; any other state answers TransitionNotAllowedError."""
    ticket = lock(ticket)
    permissions.require(actor, Action.REOPEN, ticket)
    if ticket.status != Status.RESOLVED:
        raise TransitionNotAllowedError(current=ticket.status, requested=Status.OPEN)
    apply_status(ticket, actor=actor, to=Status.OPEN)
    return ticket


STATUS_SERVICES = {
    Status.RESOLVED: ticket_resolve,
    Status.CANCELLED: ticket_cancel,
}


def ticket_set_status(*, ticket: Ticket, actor: User, to: str) -> Ticket:
    """Set any status the workflow and the actor's role allow.

    Customers may resolve, cancel, and reopen what was resolved; agents may make every
    move of the state machine.
    """
    if to not in Status.values:
        raise InvalidInputError("status", f"'{to}' is not a status.")
    if to in STATUS_SERVICES:
        return STATUS_SERVICES[to](ticket=ticket, actor=actor)
    if to == Status.OPEN and ticket.status == Status.RESOLVED:
        return ticket_reopen(ticket=ticket, actor=actor)
    return _ticket_move(ticket=ticket, actor=actor, to=to)


@transaction.atomic
def _ticket_move(*, ticket: Ticket, actor: User, to: str) -> Ticket:
    ticket = lock(ticket)
    permissions.require(actor, Action.CHANGE_STATUS, ticket)
    if ticket.status != to:
        apply_status(ticket, actor=actor, to=to)
    return ticket


@transaction.atomic
def ticket_transfer(
    *,
    ticket: Ticket,
    actor: User,
    vendor: Vendor,
    note: str,
    needs_answer: bool = True,
) -> Ticket:
    """Hand the ticket to a vendor for an answer (or only for confirmation).

    The note is shown to the vendor and to agents, never to the customer. An open ticket
    moves to in progress. Raises TransitionNotAllowedError on a cancelled ticket.
    """
    ticket = lock(ticket)
    permissions.require(actor, Action.TRANSFER, ticket)
    if workflow.is_closed_for_replies(ticket):
        raise TransitionNotAllowedError(current=ticket.status, requested="transferred")
    if not (note or "").strip():
        raise InvalidInputError("note", "Tell the vendor what to look at.")
    now = timezone.now()
    ticket.vendor = vendor
    ticket.transfer_status = (
        TransferStatus.ANSWER_REQUESTED if needs_answer else TransferStatus.CONFIRM_REQUESTED
    )
    ticket.transferred_at = now
    ticket.last_activity_at = now
    save_ticket(ticket, "vendor", "transfer_status", "transferred_at", "last_activity_at")
    clock_update(ticket=ticket, repick=True)
    note_message = Message.objects.create(
        ticket=ticket,
        author=actor,
        author_role=permissions.author_role_of(actor),
        kind=MessageKind.TRANSFER,
        body=note,
    )
    event_record(
        ticket=ticket,
        actor=actor,
        kind=EventKind.TRANSFERRED,
        to_value=f"{vendor.code} ({ticket.get_transfer_status_display()})",
    )
    outbox.transferred(ticket=ticket, actor=actor, message=note_message)
    if ticket.status == Status.OPEN:
        apply_status(ticket, actor=actor, to=Status.IN_PROGRESS)
    return ticket
