"""Allow-listed filters, search and ordering for the ticket and category lists.

Only the parameters declared here are accepted (see `reject_unknown_params`): a lookup
through a relation such as `customer__password` or an unknown ordering is a 400, never a
query.
"""

from datetime import UTC
from typing import ClassVar

import django_filters as filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from tickets import permissions, selectors
from tickets.agenttools.selectors import tickets_with_tags
from tickets.customers.selectors import tickets_of_customer
from tickets.errors import InvalidInputError
from tickets.models import Category, Priority, Status, Ticket
from tickets.permissions import VisibleField
from tickets.services.tags import tag_normalize
from tickets.sla.clock import SLA_STATUSES, sla_status_q

from .serializers import MAX_ID

PAGINATION_PARAMS = frozenset({"page", "page_size"})


def reject_unknown_params(params, allowed: set[str] | frozenset[str]) -> None:
    """Refuse every query parameter the endpoint does not declare."""
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise ValidationError({name: ["Unknown query parameter."] for name in unknown})


class BoundedIntegerField(forms.IntegerField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """An integer filter bounded to what the database can compare without overflowing."""

    field_class = BoundedIntegerField


class UtcIsoDateTimeField(IsoDateTimeField):
    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned is None:
            return None
        try:
            # Databases compare in UTC; a date near year 1 or 9999 may not survive that.
            return cleaned.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError("Enter a date-time between years 1 and 9999.") from None


class TagNamesField(forms.MultipleChoiceField):
    """Free tag names (repeated parameter), normalised as tags are stored."""

    def valid_value(self, value) -> bool:
        return True

    def clean(self, value):
        names = super().clean(value)
        try:
            return [tag_normalize(name, field="tag") for name in names]
        except InvalidInputError as error:
            raise forms.ValidationError(error.message) from None


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class TagFilter(filters.MultipleChoiceFilter):
    field_class = TagNamesField


class CustomerReferenceField(forms.CharField):
    """A customer's user id, or (for agents) their username or email address."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 254)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value is None or not value.strip():
            return None
        value = value.strip()
        if value.isascii() and value.isdigit():
            number = int(value)
            if number > MAX_ID:
                raise forms.ValidationError(f"Ensure this value is at most {MAX_ID}.")
            return number
        return value


@extend_schema_field(OpenApiTypes.STR)
class CustomerFilter(filters.Filter):
    field_class = CustomerReferenceField

    def filter(self, qs: QuerySet, value):
        if value is None or value == "":
            return qs
        if isinstance(value, int):
            return qs.filter(customer_id=value)
        return tickets_of_customer(qs, user=self.parent.request.user, reference=value)


class DateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


# Tickets without a deadline sort after every ticket with one, whichever the direction
# (and on every database: SQLite would put them first).
NULLS_LAST = frozenset({"sla_due_at"})


class StableOrderingFilter(filters.OrderingFilter):
    """Ordering from an allow-list, with the id as a tie-breaker so pages never overlap."""

    def filter(self, qs: QuerySet, value):
        if not value:
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        last_descending = ordering[-1].startswith("-")
        return qs.order_by(*map(_nulls_last, ordering), "-id" if last_descending else "id")


def _nulls_last(field: str) -> str | OrderBy:
    name = field.removeprefix("-")
    if name not in NULLS_LAST:
        return field
    return F(name).desc(nulls_last=True) if field.startswith("-") else F(name).asc(nulls_last=True)


TICKET_ORDERING_FIELDS = (
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
    ("last_activity_at", "last_activity_at"),
    ("priority_rank", "priority"),
    ("status", "status"),
    ("case_number", "case_number"),
    ("subject", "subject"),
    ("id", "id"),
    ("sla_due_at", "due"),
)


_FORM_CLASSES: dict[tuple[type, tuple[str, ...]], type[forms.Form]] = {}


class TicketFilter(filters.FilterSet):
    # distinct=False: these are columns of the ticket itself, nothing to de-duplicate, and
    # DISTINCT over every column costs seconds at a million tickets.
    status = filters.MultipleChoiceFilter(
        choices=Status.choices, distinct=False, help_text="Repeat for several."
    )
    priority = filters.MultipleChoiceFilter(choices=Priority.choices, distinct=False)
    category = IdFilter(
        method="filter_category", help_text="A category id; its sub-categories are included."
    )
    assignee = IdFilter(field_name="assignee_id", help_text="An agent's user id.")
    unassigned = filters.BooleanFilter(field_name="assignee", lookup_expr="isnull")
    customer = CustomerFilter(
        help_text="A customer's user id; agents may give their username or email address "
        "(exact, any case). Anyone else naming a person by username or email names only "
        "themselves."
    )
    seller_account = IdFilter(field_name="seller_account_id")
    vendor_code = filters.CharFilter(field_name="vendor__code", lookup_expr="iexact", max_length=20)
    order_id = filters.CharFilter(field_name="order_id", max_length=64)
    warehouse = IdFilter(field_name="warehouse_id")
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_after = DateTimeFilter(field_name="updated_at", lookup_expr="gte")
    updated_before = DateTimeFilter(field_name="updated_at", lookup_expr="lt")
    tag = TagFilter(
        method="filter_tags",
        help_text="A tag name; repeat for tickets carrying every one of them.",
    )
    q = filters.CharFilter(
        method="filter_keyword",
        max_length=200,
        help_text="Keyword in the subject, description, case number, order id or messages; "
        "for agents also the customer's username, email, or first, last or full name.",
    )
    sla_status = filters.ChoiceFilter(
        choices=[(status, status) for status in SLA_STATUSES],
        method="filter_sla_status",
        help_text="breached, at_risk or ok (see `sla_status` in the answer).",
    )
    ordering = StableOrderingFilter(
        fields=TICKET_ORDERING_FIELDS,
        help_text="One or more of the listed fields, comma-separated; '-' for descending.",
    )

    # Filters some roles may not use: to them the parameter is unknown, as any other.
    role_filters: ClassVar[dict[str, VisibleField]] = {
        "vendor_code": VisibleField.VENDOR,
        "sla_status": VisibleField.SLA,
        "priority": VisibleField.PRIORITY,
    }

    class Meta:
        model = Ticket
        fields: list[str] = []

    def __init__(self, data=None, *args, request=None, **kwargs) -> None:
        super().__init__(data, *args, request=request, **kwargs)
        viewer = getattr(request, "user", None) or AnonymousUser()
        hidden = [
            name
            for name, field in self.role_filters.items()
            if not permissions.can_see_field(viewer, field)
        ]
        sent = sorted(name for name in hidden if data is not None and name in data)
        if sent:
            raise ValidationError({name: ["Unknown query parameter."] for name in sent})
        for name in hidden:
            self.filters.pop(name, None)

    def get_form_class(self) -> type[forms.Form]:
        # django-filter builds a form class (a form field and a label per filter) for every
        # request. The filters' fields take nothing from the request, so one class per
        # filter set and set of filters the role may use serves them all; each form still
        # copies its fields.
        key = (type(self), tuple(self.filters))
        form_class = _FORM_CLASSES.get(key)
        if form_class is None:
            form_class = _FORM_CLASSES[key] = super().get_form_class()
        return form_class

    def filter_category(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return selectors.tickets_in_categories(queryset, Q(pk=value))

    def filter_keyword(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.ticket_search(queryset, user=self.request.user, keyword=value)

    def filter_tags(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return tickets_with_tags(queryset, value)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        ordering = self.form.cleaned_data.get("ordering") or ()
        if any(value.lstrip("-") == "due" for value in ordering) and not (
            permissions.can_see_field(self.request.user, VisibleField.SLA)
        ):
            raise ValidationError({"ordering": ["Only support agents can sort by SLA."]})
        if any(value.lstrip("-") == "priority" for value in ordering) and not (
            permissions.can_see_field(self.request.user, VisibleField.PRIORITY)
        ):
            raise ValidationError({"ordering": ["Only support agents can sort by priority."]})
        return super().filter_queryset(queryset)

    def filter_sla_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(sla_status_q(value))


class QueueFilter(TicketFilter):
    status = filters.MultipleChoiceFilter(
        choices=[(s.value, s.label) for s in selectors.QUEUE_STATUSES],
        distinct=False,
        help_text="Defaults to every state that waits on support or the customer.",
    )
    mine = filters.BooleanFilter(method="filter_mine", help_text="Only tickets assigned to me.")

    def filter_mine(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if value is True:
            return queryset.filter(assignee_id=self.request.user.pk)
        if value is False:
            return queryset.exclude(assignee_id=self.request.user.pk)
        return queryset


class CategoryFilter(filters.FilterSet):
    parent = IdFilter(field_name="parent_id", help_text="Children of this category.")
    root = filters.BooleanFilter(
        field_name="parent", lookup_expr="isnull", help_text="true: top-level categories only."
    )
    active = filters.BooleanFilter(
        field_name="is_active", help_text="Agents may list inactive categories too."
    )
    depth = filters.NumberFilter(field_name="depth", min_value=1, max_value=3)
    keyword = filters.CharFilter(method="filter_keyword", max_length=120)

    class Meta:
        model = Category
        fields: list[str] = []

    def filter_keyword(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))
