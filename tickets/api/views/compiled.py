"""Ticket lists whose filters are all literal choices, read through compiled reads.

A list filtered by status, priority, assignment or ordering runs the same SQL for every
user of a role: its queryset is built and compiled once per role and set of filters
(tickets.compiledreads), and each request binds only the ids its user's visibility names.
A filter whose value names a row, a keyword, a person, a tag or a time builds the
queryset per request as before.
"""

from types import SimpleNamespace

from django.db.models import QuerySet
from django.http import QueryDict
from django_filters.utils import translate_validation

from tickets import permissions
from tickets.agenttools.selectors import hold_tag_rows
from tickets.compiledreads import CompiledList, CompiledRead
from tickets.models import Ticket

from ..filters import PAGINATION_PARAMS

COMPILED_FILTERS = frozenset({"status", "priority", "unassigned", "ordering"})


class CompiledFilterListMixin:
    """For a ListAPIView with a static `rows_for(user)`, its tickets before filtering, and
    a `filterset_class` that filters them."""

    def filter_queryset(self, queryset: QuerySet[Ticket]) -> QuerySet[Ticket] | CompiledList:
        params = self.request.query_params
        if not set(params) - PAGINATION_PARAMS <= COMPILED_FILTERS:
            return super().filter_queryset(queryset)
        # The same validation, and the same 400 naming the field, as the filter backend's.
        filterset = self.filterset_class(params, queryset=queryset, request=self.request)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        user = self.request.user
        filters = tuple(
            (name, tuple(params.getlist(name)))
            for name in sorted(params)
            if name not in PAGINATION_PARAMS
        )
        shows_tags = permissions.can_see_field(user, permissions.VisibleField.TAGS)
        return CompiledList(
            LIST_PAGE,
            LIST_COUNT,
            type(self),
            permissions.role_of(user),
            filters,
            attach=hold_tag_rows if shows_tags else None,
            **permissions.ticket_visibility_ids(user),
        )


def _filtered(view_class, role, filters, **visibility_ids) -> QuerySet[Ticket]:
    viewer = permissions.stand_in(role, **visibility_ids)
    params = QueryDict(mutable=True)
    for name, values in filters:
        params.setlist(name, list(values))
    filterset = view_class.filterset_class(
        params, queryset=view_class.rows_for(viewer), request=SimpleNamespace(user=viewer)
    )
    return filterset.qs


def _page_read(view_class, role, filters, offset, size, **ids) -> QuerySet[Ticket]:
    return _filtered(view_class, role, filters, **ids)[offset : offset + size]


def _count_read(view_class, role, filters, up_to, **ids) -> QuerySet[Ticket]:
    return _filtered(view_class, role, filters, **ids).order_by().values("pk")[:up_to]


LIST_PAGE = CompiledRead(_page_read, planned_per_run=True)
LIST_COUNT = CompiledRead(_count_read, planned_per_run=True)
