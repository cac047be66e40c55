"""List filtering for the web pages: cleaned form values in, a queryset out."""

from datetime import datetime, time, timedelta

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from tickets import permissions, selectors
from tickets.agenttools.selectors import (
    hold_tag_rows,
    tag_ids_named,
    ticket_tags_prefetch,
    tickets_with_tag_ids,
)
from tickets.compiledreads import CompiledList, CompiledRead
from tickets.customers.selectors import tickets_of_customer
from tickets.models import UNFINISHED_STATUSES, Category, Priority, Ticket, User, Vendor
from tickets.sla.clock import sla_status_q

from .forms import (
    ASSIGNEE_MINE,
    ASSIGNEE_NONE,
    QUEUE_SORTS,
    STATUS_ALL,
    UNREAD_ANY,
    UNREAD_CUSTOMER,
    UNREAD_VENDOR,
)

UNREAD_FILTERS = {
    UNREAD_ANY: Q(has_unread_customer_reply=True) | Q(has_unread_vendor_answer=True),
    UNREAD_CUSTOMER: Q(has_unread_customer_reply=True),
    UNREAD_VENDOR: Q(has_unread_vendor_answer=True),
}
PRIORITY_RANK = Case(
    When(priority=Priority.URGENT, then=Value(0)),
    When(priority=Priority.HIGH, then=Value(1)),
    When(priority=Priority.NORMAL, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


# What a queue row reads (tickets/web/rows.py). The page reads only these: the whole
# ticket with its customer, assignee, vendor and three category levels is some 120
# columns, and turning them into model instances cost more than the rest of the row.
QUEUE_ROW_RELATED = ("customer", "assignee", "category", "vendor")
QUEUE_ROW_FIELDS = (
    "case_number",
    "subject",
    "status",
    "priority",
    "order_id",
    "created_at",
    "last_activity_at",
    "waiting_on",
    "waiting_since",
    "has_unread_customer_reply",
    "has_unread_vendor_answer",
    "sla_policy_id",
    "sla_due_at",
    "sla_at_risk_at",
    "sla_paused_since",
    "sla_first_response_breached_at",
    "sla_resolution_breached_at",
    "category__name",
    "customer__username",
    "customer__first_name",
    "customer__last_name",
    "assignee__username",
    "vendor__code",
)


def _day_start(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def customer_tickets(*, user: User, data: dict) -> QuerySet[Ticket]:
    tickets = selectors.ticket_list_for(user=user).select_related("category__parent__parent")
    if data.get("status"):
        tickets = tickets.filter(status=data["status"])
    if data.get("category"):
        tickets = selectors.tickets_in_categories(tickets, Q(pk=data["category"].pk))
    return selectors.ticket_search(tickets, user=user, keyword=data.get("q", ""))


def queue_tickets(*, user: User, data: dict) -> QuerySet[Ticket]:
    """The agent queue filtered, searched and sorted as the queue form asks."""
    return _queue_tickets(user=user, data=data, tag_ids=_tag_ids(data))


def _tag_ids(data: dict) -> list[int] | None:
    """The id of the tag the queue filters by ([] for none; None when no tag has the name)."""
    return tag_ids_named([data["tag"]]) if data.get("tag") else []


def _queue_tickets(*, user: User, data: dict, tag_ids: list[int] | None) -> QuerySet[Ticket]:
    tickets = selectors.ticket_list_for(user=user).select_related("category__parent__parent")
    status = data.get("status")
    if not status:
        # The default view: what is not finished (the partial indexes match this filter).
        tickets = tickets.filter(status__in=UNFINISHED_STATUSES)
    elif status != STATUS_ALL:
        tickets = tickets.filter(status=status)
    if data.get("waiting_on"):
        tickets = tickets.filter(waiting_on=data["waiting_on"])
    if data.get("unread"):
        tickets = tickets.filter(UNREAD_FILTERS[data["unread"]])
    if data.get("priority"):
        tickets = tickets.filter(priority=data["priority"])
    if data.get("category"):
        tickets = selectors.tickets_in_categories(tickets, Q(pk=data["category"].pk))
    assignee = data.get("assignee")
    if assignee == ASSIGNEE_MINE:
        tickets = tickets.filter(assignee=user)
    elif assignee == ASSIGNEE_NONE:
        tickets = tickets.filter(assignee__isnull=True)
    elif assignee:
        tickets = tickets.filter(assignee_id=int(assignee))
    if data.get("vendor"):
        tickets = tickets.filter(vendor=data["vendor"])
    tickets = tickets.none() if tag_ids is None else tickets_with_tag_ids(tickets, tag_ids)
    if data.get("customer"):
        tickets = tickets_of_customer(tickets, user=user, reference=data["customer"])
    if data.get("sla"):
        tickets = tickets.filter(sla_status_q(data["sla"]))
    if data.get("created_from"):
        tickets = tickets.filter(created_at__gte=_day_start(data["created_from"]))
    if data.get("created_to"):
        tickets = tickets.filter(created_at__lt=_day_start(data["created_to"] + timedelta(days=1)))
    tickets = selectors.ticket_search(tickets, user=user, keyword=data.get("q", ""))
    tickets = tickets.prefetch_related(ticket_tags_prefetch())
    ordering = QUEUE_SORTS.get(data.get("sort") or "-created", QUEUE_SORTS["-created"])
    if "priority_rank" in ordering:
        tickets = tickets.annotate(priority_rank=PRIORITY_RANK)
    return tickets.order_by(*ordering)


def queue_row_columns(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """The queue's tickets with only the columns a row shows (QUEUE_ROW_FIELDS)."""
    return tickets.select_related(None).select_related(*QUEUE_ROW_RELATED).only(*QUEUE_ROW_FIELDS)


# The queue's filters that are choices (part of a compiled read's shape) and those that
# name a row (bound as values). The others (a search, dates, an SLA state measured
# against the clock) build the queue's queryset on every request.
QUEUE_CHOICE_FILTERS = ("status", "waiting_on", "unread", "priority", "sort")
QUEUE_ID_FILTERS = ("assignee", "category", "vendor", "tag", "customer")
ASSIGNEE_ID = "id"


def _queue_list(*, user: User, data: dict) -> CompiledList | QuerySet[Ticket]:
    """The queue's tickets through compiled reads, for the paginator to count and slice:
    for filters that are all choices or name a row (see compiled_queue_takes)."""
    assignee = data.get("assignee") or ""
    values = dict(permissions.ticket_visibility_ids(user))
    if assignee == ASSIGNEE_MINE:
        values["pk"] = user.pk
    elif assignee and assignee != ASSIGNEE_NONE:
        values["assignee_id"] = int(assignee)
        assignee = ASSIGNEE_ID
    if data.get("category"):
        values["category_id"] = data["category"].pk
    if data.get("vendor"):
        values["vendor_pk"] = data["vendor"].pk
    if (data.get("customer") or "").strip():
        values["customer_reference"] = data["customer"].strip()
    tag_ids = _tag_ids(data)
    if tag_ids is None:
        return Ticket.objects.none()
    choices = tuple((name, data.get(name) or "") for name in QUEUE_CHOICE_FILTERS)
    return CompiledList(
        QUEUE_PAGE,
        QUEUE_COUNT,
        permissions.role_of(user),
        choices,
        assignee,
        attach=hold_tag_rows,
        tag_ids=tuple(tag_ids),
        **values,
    )


def compiled_queue_takes(data: dict) -> bool:
    compiled = (*QUEUE_CHOICE_FILTERS, *QUEUE_ID_FILTERS, "per_page")
    return all(name in compiled for name, value in data.items() if value)


def _queue_of_shape(
    role,
    choices,
    assignee,
    *,
    tag_ids,
    assignee_id=None,
    category_id=None,
    vendor_pk=None,
    customer_reference="",
    **visibility_ids,
) -> QuerySet[Ticket]:
    data = dict(choices, customer=customer_reference)
    data["assignee"] = assignee_id if assignee == ASSIGNEE_ID else assignee
    data["category"] = None if category_id is None else Category(pk=category_id)
    data["vendor"] = None if vendor_pk is None else Vendor(pk=vendor_pk)
    viewer = permissions.stand_in(role, **visibility_ids)
    return _queue_tickets(user=viewer, data=data, tag_ids=list(tag_ids)).prefetch_related(None)


def _queue_page_read(role, choices, assignee, offset, size, **values) -> QuerySet[Ticket]:
    tickets = _queue_of_shape(role, choices, assignee, **values)
    return queue_row_columns(tickets)[offset : offset + size]


def _queue_count_read(role, choices, assignee, up_to, **values) -> QuerySet[Ticket]:
    return _queue_of_shape(role, choices, assignee, **values).order_by().values("pk")[:up_to]


QUEUE_PAGE = CompiledRead(_queue_page_read, planned_per_run=True)
QUEUE_COUNT = CompiledRead(_queue_count_read, planned_per_run=True)


def queue_page_tickets(*, user: User, data: dict) -> CompiledList | QuerySet[Ticket]:
    """The queue's tickets as the paginator takes them: compiled reads when they can."""
    if compiled_queue_takes(data):
        return _queue_list(user=user, data=data)
    return queue_row_columns(queue_tickets(user=user, data=data))


# What the customer's list and the agent's customer page show of a ticket (rows.py).
PORTAL_ROW_FIELDS = (
    "case_number",
    "subject",
    "status",
    "order_id",
    "updated_at",
    "category__name",
)
CUSTOMER_PAGE_ROW_FIELDS = (
    "case_number",
    "subject",
    "status",
    "order_id",
    "updated_at",
    "assignee__username",
)


def portal_list_tickets(*, user: User, data: dict) -> CompiledList | QuerySet[Ticket]:
    """The customer's list as the paginator takes it: through compiled reads, unless a
    search asks for a queryset built per request."""
    if data.get("q"):
        return portal_row_columns(customer_tickets(user=user, data=data))
    values = dict(permissions.ticket_visibility_ids(user))
    if data.get("category"):
        values["category_id"] = data["category"].pk
    return CompiledList(
        PORTAL_PAGE, PORTAL_COUNT, permissions.role_of(user), data.get("status") or "", **values
    )


def _portal_list(role, status, *, category_id=None, **visibility_ids) -> QuerySet[Ticket]:
    category = None if category_id is None else Category(pk=category_id)
    viewer = permissions.stand_in(role, **visibility_ids)
    return customer_tickets(user=viewer, data={"status": status, "category": category})


def _portal_page_read(role, status, offset, size, **values) -> QuerySet[Ticket]:
    return portal_row_columns(_portal_list(role, status, **values))[offset : offset + size]


def _portal_count_read(role, status, up_to, **values) -> QuerySet[Ticket]:
    return _portal_list(role, status, **values).order_by().values("pk")[:up_to]


PORTAL_PAGE = CompiledRead(_portal_page_read, planned_per_run=True)
PORTAL_COUNT = CompiledRead(_portal_count_read, planned_per_run=True)


def portal_row_columns(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """The customer's tickets with only the columns a row of their list shows."""
    return tickets.select_related(None).select_related("category").only(*PORTAL_ROW_FIELDS)


def customer_page_row_columns(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """A customer's tickets with only the columns a row of their page shows."""
    return tickets.select_related(None).select_related("assignee").only(*CUSTOMER_PAGE_ROW_FIELDS)
