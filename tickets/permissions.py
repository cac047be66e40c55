"""Who may see which tickets and who may do what: every surface asks here."""

from enum import StrEnum

from django.db.models import Q, QuerySet

from .errors import ActionNotAllowedError, TicketNotFoundError
from .models import Message, MessageKind, Role, Ticket, TransferStatus, User

AGENTS_GROUP = "agents"
VENDOR_EXCHANGE_KINDS = (MessageKind.TRANSFER, MessageKind.VENDOR_ANSWER)


class UserRole(StrEnum):
    ANONYMOUS = "anonymous"
    CUSTOMER = "customer"
    AGENT = "agent"
    VENDOR = "vendor"
    ADMIN = "admin"


class Action(StrEnum):
    REPLY = "reply"
    NOTE = "note"
    ASSIGN = "assign"
    CHANGE_PRIORITY = "change_priority"
    CHANGE_CATEGORY = "change_category"
    CHANGE_STATUS = "change_status"
    TRANSFER = "transfer"
    VENDOR_ANSWER = "vendor_answer"
    VENDOR_CONFIRM = "vendor_confirm"
    RESOLVE = "resolve"
    CANCEL = "cancel"
    REOPEN = "reopen"
    RATE = "rate"
    FILE_FOR_OTHERS = "file_for_others"
    TAG = "tag"
    MERGE = "merge"


CUSTOMER_ACTIONS = frozenset(
    {Action.REPLY, Action.RESOLVE, Action.CANCEL, Action.REOPEN, Action.RATE}
)
VENDOR_ACTIONS = frozenset({Action.VENDOR_ANSWER, Action.VENDOR_CONFIRM})
AGENT_ACTIONS = frozenset(Action) - VENDOR_ACTIONS - {Action.RATE}


def role_of(user: User) -> UserRole:
    """The user's role, computed once per user object."""
    cached = getattr(user, "_helpdesk_role", None)
    if cached is not None:
        return cached
    if not user.is_authenticated:
        role = UserRole.ANONYMOUS
    elif user.is_superuser:
        role = UserRole.ADMIN
    elif user.is_staff or any(group.name == AGENTS_GROUP for group in user.groups.all()):
        role = UserRole.AGENT
    elif user.vendor_id is not None:
        role = UserRole.VENDOR
    else:
        role = UserRole.CUSTOMER
    user._helpdesk_role = role
    return role


def is_agent(user: User) -> bool:
    return role_of(user) in (UserRole.AGENT, UserRole.ADMIN)


def is_vendor(user: User) -> bool:
    return role_of(user) == UserRole.VENDOR


def is_customer(user: User) -> bool:
    return role_of(user) == UserRole.CUSTOMER


def author_role_of(user: User) -> str:
    """How a message by this user is labelled in the thread."""
    if is_agent(user):
        return Role.AGENT
    if is_vendor(user):
        return Role.VENDOR
    return Role.CUSTOMER


def seller_account_id_list(user: User) -> list[int]:
    """The user's seller account ids, read once per user object.

    A literal list (rather than a subquery) lets PostgreSQL combine the customer and seller
    indexes; with a subquery under OR it scans the whole ticket table.
    """
    cached = getattr(user, "_helpdesk_seller_account_ids", None)
    if cached is None:
        memberships = User.seller_accounts.through.objects.filter(user_id=user.pk)
        cached = list(memberships.values_list("selleraccount_id", flat=True))
        user._helpdesk_seller_account_ids = cached
    return cached


def visible_tickets(user: User) -> QuerySet[Ticket]:
    role = role_of(user)
    if role in (UserRole.AGENT, UserRole.ADMIN):
        return Ticket.objects.all()
    if role == UserRole.VENDOR:
        return Ticket.objects.filter(vendor_id=user.vendor_id).exclude(
            transfer_status=TransferStatus.NONE
        )
    if role == UserRole.CUSTOMER:
        return Ticket.objects.filter(
            Q(customer_id=user.pk) | Q(seller_account_id__in=seller_account_id_list(user))
        )
    return Ticket.objects.none()


def visible_messages(user: User) -> QuerySet[Message]:
    """Messages of any ticket the user sees.

    Internal notes are for agents only; the exchange with a vendor (the transfer note and
    the vendor's answer) is between support and the vendor, so customers never see it.
    """
    if is_agent(user):
        return Message.objects.all()
    messages = Message.objects.filter(is_internal=False)
    if not is_vendor(user):
        messages = messages.exclude(kind__in=VENDOR_EXCHANGE_KINDS)
    return messages


def is_customer_side(user: User, ticket: Ticket) -> bool:
    if not is_customer(user):
        return False
    if ticket.customer_id == user.pk:
        return True
    return ticket.seller_account_id in seller_account_id_list(user)


def can_see(user: User, ticket: Ticket) -> bool:
    if is_agent(user):
        return True
    if is_vendor(user):
        return ticket.vendor_id == user.vendor_id and ticket.transfer_status != TransferStatus.NONE
    return is_customer_side(user, ticket)


def can(user: User, action: Action, ticket: Ticket) -> bool:
    if is_agent(user):
        return action in AGENT_ACTIONS
    if is_vendor(user):
        return action in VENDOR_ACTIONS and can_see(user, ticket)
    return action in CUSTOMER_ACTIONS and is_customer_side(user, ticket)


def require(user: User, action: Action, ticket: Ticket) -> None:
    """Raise not-found for a ticket the user cannot see, not-allowed for a forbidden act."""
    if not can_see(user, ticket):
        raise TicketNotFoundError(ticket.pk)
    if not can(user, action, ticket):
        raise ActionNotAllowedError(f"You may not {action.value.replace('_', ' ')} this ticket.")


def require_agent(user: User) -> None:
    if not is_agent(user):
        raise ActionNotAllowedError("Only support agents may do this.")
