"""Ticket workflow: each public service is one use case in one durable transaction that
locks the ticket it changes. Private helpers (`_name`) do the steps on a locked ticket, so
compound use cases combine them instead of nesting public services."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone

from .. import permissions, selectors, workflow
from ..compiledreads import CompiledRead
from ..errors import ActionNotAllowedError, InvalidInputError
from ..metadata import metadata_check
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
from ..pickers import category_has_children
from ..sla.clock import clock_update
from . import use_case
from .attachments import attachments_claim
from .events import event_record


def lock(ticket: Ticket) -> Ticket:
    """Re-read the ticket under a row lock; callers are inside a transaction."""
    locked = LOCKED_TICKET.one(ticket=ticket.pk)
    if locked is None:
        raise Ticket.DoesNotExist(f"No ticket {ticket.pk} to lock.")
    return locked


# Every change to a ticket starts here: compiled once per process.
LOCKED_TICKET = CompiledRead(lambda *, ticket: Ticket.objects.select_for_update().filter(pk=ticket))


def save_ticket(ticket: Ticket, *fields: str) -> None:
    """Save a changed ticket: every change is activity, and whose move it is follows the
    status and the transfer (a new `waiting_on` starts its `waiting_since`)."""
    now = timezone.now()
    ticket.last_activity_at = now
    derived = ["last_activity_at"]
    waiting_on = workflow.waiting_on(ticket)
    if waiting_on != ticket.waiting_on:
        ticket.waiting_on = waiting_on
        ticket.waiting_since = now
        derived += ["waiting_on", "waiting_since"]
    ticket.save(update_fields=list(dict.fromkeys([*fields, *derived, "updated_at"])))


def _require_usable_category(category: Category | None) -> None:
    """A category takes new tickets only while it and every ancestor are active and not
    deleted: soft-deleting or deactivating a node closes its whole subtree."""
    node = category
    while node is not None:
        if not node.is_active or node.is_deleted:
            raise InvalidInputError("category", f"The category '{category.code}' is not available.")
        node = node.parent


def _require_leaf(category: Category | None) -> None:
    """Tickets are filed on a leaf: a category with active sub-categories only heads them."""
    if category is not None and category_has_children(category.pk):
        raise InvalidInputError(
            "category", f"'{category.name}' has sub-categories: choose one of them."
        )


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


def _create(
    *,
    actor: User,
    subject: str,
    description: str = "",
    body: str | None = None,
    customer: User | None = None,
    category: Category | None = None,
    priority: str | None = None,
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
    allow_parent_category: bool = False,
) -> Ticket:
    """Open a ticket with its first message (`body`, else the description).

    Customers open tickets for themselves; agents may file for any customer and set the
    priority. The category must be a leaf (one without active sub-categories) unless
    `allow_parent_category`: the dialect contracts file under a topic or a top level a
    client names, which may have sub-categories. Raises InvalidInputError naming the
    field, or ActionNotAllowedError; writes nothing then.
    """
    customer = customer or actor
    if permissions.is_vendor(actor):
        raise ActionNotAllowedError("Vendors answer tickets; they do not open them.")
    if customer.pk != actor.pk:
        permissions.require_agent(actor)
    if priority is not None:
        if not permissions.is_agent(actor):
            raise ActionNotAllowedError("Only support agents set the priority.")
        if priority not in Priority.values:
            raise InvalidInputError("priority", f"'{priority}' is not a priority.")
    if not (subject or "").strip():
        raise InvalidInputError("subject", "A subject is required.")
    first_body = body if body is not None else description
    if not (first_body or "").strip():
        raise InvalidInputError("description", "Describe the problem.")
    _require_usable_category(category)
    if not allow_parent_category:
        _require_leaf(category)
    metadata = metadata_check(metadata, field="metadata")
    message_metadata = metadata_check(message_metadata, field="message_metadata")
    if parent is not None and not permissions.can_see(actor, parent):
        raise InvalidInputError("parent", f"Ticket {parent.pk} is not one you can follow up.")
    ticket = Ticket.objects.create(
        subject=subject.strip(),
        description=description,
        priority=priority or Priority.NORMAL,
        category=category,
        customer=customer,
        seller_account=_resolve_seller_account(actor, seller_account_id),
        warehouse_id=warehouse_id,
        order_id=order_id or "",
        item_id=item_id or "",
        item_name=item_name or "",
        parent=parent,
        metadata=metadata,
        channel=channel,
    )
    # The primary key comes from the database's sequence, so concurrent creations never
    # share a number; a rolled-back creation leaves a gap, which is fine.
    prefix = settings.HELPDESK_CASE_NUMBER_PREFIX
    ticket.case_number = f"{prefix}-{ticket.created_at.year}-{ticket.pk:06d}"
    message = Message.objects.create(
        ticket=ticket,
        author=actor,
        author_role=permissions.author_role_of(actor),
        kind=MessageKind.REPLY,
        body=first_body,
        metadata=message_metadata,
        channel=channel,
    )
    claimed = attachments_claim(message=message, actor=actor, uuids=attachment_uuids)
    selectors.hold_prefetched(message, "attachments", sorted(claimed, key=lambda a: a.pk))
    event_record(ticket=ticket, actor=actor, kind=EventKind.CREATED, to_value=Status.OPEN)
    # The case number is saved with the clock, in one UPDATE.
    clock_update(ticket=ticket, repick=True, save_also=("case_number",))
    outbox.ticket_opened(ticket=ticket, actor=actor, message=message)
    # What the caller answers with, without reading it back (selectors.ticket_as_opened_for).
    ticket.first_message = message
    return ticket


# The public use case; ticket_open_with_messages runs the same step inside its own.
ticket_create = use_case(_create)


@use_case
def ticket_assign(*, ticket: Ticket, actor: User, assignee: User | None) -> Ticket:
    return _assign(lock(ticket), actor=actor, assignee=assignee)


def _assign(ticket: Ticket, *, actor: User, assignee: User | None) -> Ticket:
    permissions.require(actor, Action.ASSIGN, ticket)
    workflow.require_takes(ticket, Action.ASSIGN)
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


def ticket_mark_read(*, ticket: Ticket, actor: User) -> bool:
    """The assignee opened the ticket: clear its unread markers and return True.

    Touches nothing (not even a transaction: every page view of a read ticket asks) for
    anyone else or when nothing is unread. A reply or answer that came after `ticket` was
    read moved `last_activity_at`, so its marker stays.
    """
    if actor.pk != ticket.assignee_id or not (
        ticket.has_unread_customer_reply or ticket.has_unread_vendor_answer
    ):
        return False
    return _clear_unread(ticket=ticket, actor=actor)


@use_case
def _clear_unread(*, ticket: Ticket, actor: User) -> bool:
    # Reading is not a change: updated_at and last_activity_at stay as they are.
    cleared = Ticket.objects.filter(
        pk=ticket.pk, assignee_id=actor.pk, last_activity_at=ticket.last_activity_at
    ).update(has_unread_customer_reply=False, has_unread_vendor_answer=False)
    return cleared == 1


@use_case
def ticket_change_priority(*, ticket: Ticket, actor: User, priority: str) -> Ticket:
    return _change_priority(lock(ticket), actor=actor, priority=priority)


def _change_priority(ticket: Ticket, *, actor: User, priority: str) -> Ticket:
    permissions.require(actor, Action.CHANGE_PRIORITY, ticket)
    workflow.require_takes(ticket, Action.CHANGE_PRIORITY)
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


@use_case
def ticket_change_category(*, ticket: Ticket, actor: User, category: Category | None) -> Ticket:
    return _change_category(lock(ticket), actor=actor, category=category)


def _change_category(ticket: Ticket, *, actor: User, category: Category | None) -> Ticket:
    permissions.require(actor, Action.CHANGE_CATEGORY, ticket)
    workflow.require_takes(ticket, Action.CHANGE_CATEGORY)
    _require_usable_category(category)
    if ticket.category_id == (category.pk if category else None):
        # A ticket a contract filed under a heading keeps it while other fields change.
        return ticket
    _require_leaf(category)
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


def apply_status(ticket: Ticket, *, actor: User, to: str) -> None:
    """Move a locked ticket, keep its resolution stamps in step, save and log the one
    status event of this change."""
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
    event_record(
        ticket=ticket,
        actor=actor,
        kind=EventKind.STATUS_CHANGED,
        from_value=previous,
        to_value=ticket.status,
    )
    clock_update(ticket=ticket)
    outbox.status_changed(ticket=ticket, actor=actor)


def _act_on_status(ticket: Ticket, *, actor: User, action: Action) -> Ticket:
    """Resolve, cancel or reopen a locked ticket as the workflow's table says."""
    permissions.require(actor, action, ticket)
    workflow.require_takes(ticket, action)
    apply_status(ticket, actor=actor, to=workflow.MOVES_TO[action])
    return ticket


@use_case
def ticket_resolve(*, ticket: Ticket, actor: User) -> Ticket:
    """Resolve the ticket, stamping when and by whom. Raises TransitionNotAllowedError."""
    return _act_on_status(lock(ticket), actor=actor, action=Action.RESOLVE)


@use_case
def ticket_cancel(*, ticket: Ticket, actor: User) -> Ticket:
    """Cancel the ticket, which is final. Raises TransitionNotAllowedError."""
    return _act_on_status(lock(ticket), actor=actor, action=Action.CANCEL)


@use_case
def ticket_reopen(*, ticket: Ticket, actor: User) -> Ticket:
    """Reopen a resolved ticket; any other state answers TransitionNotAllowedError."""
    return _act_on_status(lock(ticket), actor=actor, action=Action.REOPEN)


def action_for_move(ticket: Ticket, *, actor: User, to: str) -> Action:
    """The act a move to `to` is: resolving, cancelling and reopening are acts of their own
    (the customer side may do them); any other move is an agent's status change. Asked for
    "open" by someone who may not change statuses, it can only mean reopening."""
    if to == Status.RESOLVED:
        return Action.RESOLVE
    if to == Status.CANCELLED:
        return Action.CANCEL
    if to == Status.OPEN and (
        ticket.status == Status.RESOLVED or not permissions.can(actor, Action.CHANGE_STATUS, ticket)
    ):
        return Action.REOPEN
    return Action.CHANGE_STATUS


@use_case
def ticket_set_status(*, ticket: Ticket, actor: User, to: str) -> Ticket:
    """Set any status the workflow and the actor's role allow.

    Customers may resolve, cancel, and reopen what was resolved; agents may make every
    move of the state machine. The status the ticket already has changes nothing.
    """
    return _set_status(lock(ticket), actor=actor, to=to)


def _set_status(ticket: Ticket, *, actor: User, to: str) -> Ticket:
    if to not in Status.values:
        raise InvalidInputError("status", f"'{to}' is not a status.")
    action = action_for_move(ticket, actor=actor, to=to)
    permissions.require(actor, action, ticket)
    if ticket.status == to:
        return ticket
    if action == Action.CHANGE_STATUS:
        apply_status(ticket, actor=actor, to=to)
        return ticket
    return _act_on_status(ticket, actor=actor, action=action)


@use_case
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
    moves to in progress. Raises a ConflictError unless the ticket is active.
    """
    ticket = lock(ticket)
    permissions.require(actor, Action.TRANSFER, ticket)
    workflow.require_takes(ticket, Action.TRANSFER)
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
        vendor=vendor,
    )
    event_record(
        ticket=ticket,
        actor=actor,
        kind=EventKind.TRANSFERRED,
        to_value=f"{vendor.code} ({ticket.get_transfer_status_display()})",
    )
    outbox.transferred(ticket=ticket, actor=actor, message=note_message)
    if ticket.status in workflow.STATUS_AFTER_TRANSFER:
        apply_status(ticket, actor=actor, to=workflow.STATUS_AFTER_TRANSFER[ticket.status])
    return ticket
