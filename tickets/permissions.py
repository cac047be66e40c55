"""Who may see which tickets and who may do what: every surface asks here."""

from enum import StrEnum

from django.db.models import Q, QuerySet

from .errors import ActionNotAllowedError, TicketNotFoundError
from .models import VENDOR_EXCHANGE_KINDS, Message, Role, Ticket, TransferStatus, User

AGENTS_GROUP = "agents"


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


class VisibleField(StrEnum):
    """What a serializer may show beyond the ticket and its visible thread."""

    # The vendor a ticket went to and its transfer state (and filtering by them).
    VENDOR = "vendor"
    # Email addresses of other people (everyone sees their own).
    OTHERS_EMAIL = "others_email"
    # Categories switched off for new tickets, and the staff who created or changed one.
    INACTIVE_CATEGORIES = "inactive_categories"
    CATEGORY_STAFF = "category_staff"
    # SLA deadlines, stopped time and missed targets (and filtering or sorting by them).
    SLA = "sla"
    # A ticket's tags, which are internal labels.
    TAGS = "tags"
    # Other people as customers: their page (profile, seller accounts, every ticket), and
    # finding tickets by their name, username or email. Matching a search by someone's
    # email would tell whose address it is, so it follows the same rule as showing it.
    CUSTOMERS = "customers"
    # The priority support works the ticket by (and filtering or sorting by it): internal.
    PRIORITY = "priority"


# The one rule for what each role is shown; every serializer, native and dialect, asks it.
VISIBLE_FIELDS: dict[UserRole, frozenset[VisibleField]] = {
    UserRole.ANONYMOUS: frozenset(),
    UserRole.CUSTOMER: frozenset(),
    UserRole.VENDOR: frozenset({VisibleField.VENDOR}),
    UserRole.AGENT: frozenset(VisibleField),
    UserRole.ADMIN: frozenset(VisibleField),
}


def role_of(user: User) -> UserRole:
    """The user's role, computed once per user object."""
    cached = getattr(user, "_helpdesk_role", None)
    if cached is not None:
        return cached
    if not user.is_authenticated:
        role = UserRole.ANONYMOUS
    elif user.is_superuser:
        role = UserRole.ADMIN
    elif user.is_staff or _in_agents_group(user):
        role = UserRole.AGENT
    elif user.vendor_id is not None:
        role = UserRole.VENDOR
    else:
        role = UserRole.CUSTOMER
    user._helpdesk_role = role
    return role


def _in_agents_group(user: User) -> bool:
    # API token authentication reads it with the token (`in_agents_group`).
    known = getattr(user, "in_agents_group", None)
    if known is not None:
        return known
    return any(group.name == AGENTS_GROUP for group in user.groups.all())


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


def hold_seller_account_ids(user: User, ids: list[int]) -> None:
    """Keep the user's seller account ids, read with the user, for seller_account_id_list."""
    user._helpdesk_seller_account_ids = ids


def can_see_field(user: User, field: VisibleField) -> bool:
    return field in VISIBLE_FIELDS[role_of(user)]


def email_shown_to(viewer: User, person: User | None) -> str:
    """`person`'s email address as `viewer` may see it: their own, or anyone's for agents."""
    if person is None:
        return ""
    if person.pk == viewer.pk or can_see_field(viewer, VisibleField.OTHERS_EMAIL):
        return person.email
    return ""


def visible_tickets(user: User, among: QuerySet[Ticket] | None = None) -> QuerySet[Ticket]:
    """The tickets the user may see: of every ticket, or of `among` (a read built ahead)."""
    tickets = Ticket.objects.all() if among is None else among
    role = role_of(user)
    if role in (UserRole.AGENT, UserRole.ADMIN):
        return tickets
    if role == UserRole.VENDOR:
        return tickets.filter(vendor_id=user.vendor_id).exclude(transfer_status=TransferStatus.NONE)
    if role == UserRole.CUSTOMER:
        return tickets.filter(
            Q(customer_id=user.pk) | Q(seller_account_id__in=seller_account_id_list(user))
        )
    return tickets.none()


def ticket_visibility_ids(user: User) -> dict[str, int | tuple[int, ...]]:
    """The ids visible_tickets binds for `user`, by the names stand_in takes."""
    role = role_of(user)
    if role == UserRole.CUSTOMER:
        return {"pk": user.pk, "seller_account_ids": tuple(seller_account_id_list(user))}
    if role == UserRole.VENDOR:
        return {"vendor_id": user.vendor_id}
    return {}


def message_visibility_ids(user: User) -> dict[str, int]:
    """The ids visible_messages binds for `user`, by the names stand_in takes."""
    return {"vendor_id": user.vendor_id} if is_vendor(user) else {}


def stand_in(
    role: UserRole,
    *,
    pk: int | None = None,
    vendor_id: int | None = None,
    seller_account_ids: tuple[int, ...] = (),
) -> User:
    """A user of `role` with these ids, unsaved: a read built once for every user of a
    role (tickets.compiledreads) goes through the same rules as a real user's."""
    user = User(pk=pk, vendor_id=vendor_id)
    user._helpdesk_role = role
    hold_seller_account_ids(user, list(seller_account_ids))
    return user


def visible_messages(user: User) -> QuerySet[Message]:
    """Messages of any ticket the user sees.

    Internal notes are for agents only. The exchange with a vendor (the transfer note and
    the vendor's answer) is between support and that vendor: customers never see it, and a
    vendor sees only its own, never an earlier vendor's on a ticket transferred again.
    """
    if is_agent(user):
        return Message.objects.all()
    messages = Message.objects.filter(is_internal=False)
    if is_vendor(user):
        return messages.filter(~Q(kind__in=VENDOR_EXCHANGE_KINDS) | Q(vendor_id=user.vendor_id))
    return messages.exclude(kind__in=VENDOR_EXCHANGE_KINDS)


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


def require_agent(user: User, *, what: str = "do this") -> None:
    if not is_agent(user):
        raise ActionNotAllowedError(f"Only support agents may {what}.")
