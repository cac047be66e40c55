"""Reads about customers for agents: a customer's page and finding tickets by customer.

Who may read here is one rule (`VisibleField.CUSTOMERS`): agents. A customer's or a
vendor's search never matches anyone by name, username or email, so a search cannot tell
whose address an email is.

Lookups are exact (case-insensitive) on username, email, first and last name, and prefix
matches for suggestions: on PostgreSQL each is an index scan of the user table
(migration 0011), whose matching ids then find tickets through the customer index.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import connections
from django.db.models import Avg, Count, Max, Prefetch, Q, QuerySet

from tickets import permissions
from tickets.anyof import is_any_of
from tickets.errors import ActionNotAllowedError, CustomerNotFoundError
from tickets.models import SellerAccount, Status, Ticket, User
from tickets.permissions import VisibleField
from tickets.references import parse_id

CUSTOMER_SUGGESTIONS = 10
ORDERS_SHOWN = 10
# A name typed as several words is tried as "first | last" split at each gap; beyond a
# few words a keyword is a phrase, not a name.
MAX_NAME_WORDS = 4
UNFINISHED_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER)


def may_look_up_customers(user: User) -> bool:
    return permissions.can_see_field(user, VisibleField.CUSTOMERS)


def customers_named(user: User, keyword: str) -> QuerySet[User] | None:
    """The users whose username or email is `keyword`, or whose first name, last name or
    full name it is (case-insensitively), for a search by `user`. None for anyone who may
    not look customers up: their searches never match by person."""
    if not may_look_up_customers(user):
        return None
    words = keyword.split()
    if not words:
        return None
    text = " ".join(words)
    named = Q(username__iexact=text) | Q(email__iexact=text)
    if len(words) == 1:
        named |= Q(first_name__iexact=text) | Q(last_name__iexact=text)
    elif len(words) <= MAX_NAME_WORDS:
        for gap in range(1, len(words)):
            named |= Q(
                first_name__iexact=" ".join(words[:gap]),
                last_name__iexact=" ".join(words[gap:]),
            )
    return User.objects.filter(named)


def customer_tickets_named(user: User, keyword: str) -> QuerySet[Ticket] | None:
    """The ids (`pk`) of tickets whose customer `keyword` names (see customers_named)."""
    people = customers_named(user, keyword)
    if people is None:
        return None
    return Ticket.objects.filter(customer_id__in=people.values("pk")).values("pk")


def tickets_of_customer(
    tickets: QuerySet[Ticket], *, user: User, reference: str
) -> QuerySet[Ticket]:
    """Keep the tickets whose customer `reference` names by username or email (an email
    may belong to several accounts), case-insensitively. Anyone who may not look
    customers up names only themselves: another person's address matches nothing."""
    reference = reference.strip()
    if not reference:
        return tickets
    people = User.objects.filter(Q(username__iexact=reference) | Q(email__iexact=reference))
    if not may_look_up_customers(user):
        people = people.filter(pk=user.pk)
    if connections[tickets.db].vendor == "postgresql":
        # An array, not IN: IN made the people one more table of the queue's join, and
        # planning that join cost 65 ms against 0.4 ms of work at 100k tickets.
        return tickets.filter(is_any_of("customer_id", people.values("pk"), using=tickets.db))
    return tickets.filter(customer_id__in=people.values("pk"))


@dataclass(frozen=True)
class CustomerSuggestion:
    username: str
    name: str
    email: str


def customer_suggestions(
    *, user: User, prefix: str, limit: int = CUSTOMER_SUGGESTIONS
) -> list[CustomerSuggestion]:
    """Customers whose username, email, first or last name starts with `prefix`, by
    username, for an agent typing a customer filter. Raises ActionNotAllowedError for
    anyone else."""
    if not may_look_up_customers(user):
        raise ActionNotAllowedError("Only support agents may look customers up.")
    prefix = prefix.strip()
    if not prefix:
        return []
    rows = (
        User.objects.filter(
            Q(username__istartswith=prefix)
            | Q(email__istartswith=prefix)
            | Q(first_name__istartswith=prefix)
            | Q(last_name__istartswith=prefix),
            is_staff=False,
            is_superuser=False,
            vendor__isnull=True,
        )
        .exclude(groups__name=permissions.AGENTS_GROUP)
        .order_by("username")
        .values("username", "first_name", "last_name", "email")[:limit]
    )
    return [
        CustomerSuggestion(
            username=row["username"],
            name=f"{row['first_name']} {row['last_name']}".strip(),
            email=row["email"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class CustomerSummary:
    tickets: int
    unfinished: int
    rated: int
    average_rating: Decimal | None
    orders: int


@dataclass(frozen=True)
class OrderMention:
    order_id: str
    tickets: int
    last_mentioned_at: datetime


@dataclass(frozen=True)
class CustomerProfile:
    """A customer (with `seller_account_list`), their numbers and the orders their
    tickets name, newest first."""

    customer: User
    summary: CustomerSummary
    orders: list[OrderMention]


def customer_get_profile_for(*, user: User, customer_id: object) -> CustomerProfile:
    """The page of the person `customer_id` names, for an agent: profile and seller
    accounts, ticket counts, average of the tickets' current ratings, and the orders the
    tickets mention (how many, and the ORDERS_SHOWN latest). A fixed number of queries,
    whatever the size.

    Raises ActionNotAllowedError for anyone but an agent (before any lookup) and
    CustomerNotFoundError for an id that names nobody.
    """
    if not may_look_up_customers(user):
        raise ActionNotAllowedError("Only support agents may see customer pages.")
    pk = parse_id(customer_id)
    accounts = SellerAccount.objects.order_by("id")
    customer = (
        User.objects.filter(pk=pk)
        .prefetch_related(
            Prefetch("seller_accounts", queryset=accounts, to_attr="seller_account_list")
        )
        .first()
        if pk is not None
        else None
    )
    if customer is None:
        raise CustomerNotFoundError()
    tickets = permissions.visible_tickets(user).filter(customer_id=customer.pk)
    numbers = tickets.aggregate(
        tickets=Count("pk"),
        unfinished=Count("pk", filter=Q(status__in=UNFINISHED_STATUSES)),
        rated=Count("current_rating"),
        average_rating=Avg("current_rating"),
        orders=Count("order_id", distinct=True, filter=~Q(order_id="")),
    )
    orders = (
        tickets.exclude(order_id="")
        .values("order_id")
        .annotate(n=Count("pk"), last=Max("created_at"))
        .order_by("-last", "order_id")[:ORDERS_SHOWN]
    )
    return CustomerProfile(
        customer=customer,
        summary=CustomerSummary(**numbers),
        orders=[
            OrderMention(order_id=row["order_id"], tickets=row["n"], last_mentioned_at=row["last"])
            for row in orders
        ],
    )


def customer_ticket_list_for(*, user: User, customer: User) -> QuerySet[Ticket]:
    """Every ticket of `customer` the user sees, newest first (the customer index's
    order), with what a row shows."""
    return (
        permissions.visible_tickets(user)
        .filter(customer_id=customer.pk)
        .defer("search_document")
        .select_related("assignee")
        .order_by("-created_at", "-id")
    )
