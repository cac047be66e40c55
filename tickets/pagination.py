"""The one paging policy of every list, on every surface: it stays fast at a million rows.

- A page holds at most MAX_PAGE_SIZE rows, whatever the contract calls its size.
- Counting stops at COUNT_CAP: an exact count of every matching ticket costs a scan of all
  of them, and a support queue only needs to know "there are more than 2,000" (80 pages of
  25). Pages past the cap are not offered (filters and search narrow a queue faster than
  paging), so OFFSET never grows past the cap either.
- A list a contract offers without paging answers at most UNPAGED_LIMIT rows.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination

COUNT_CAP = 2_000
MAX_PAGE_SIZE = 100
MAX_OFFSET = COUNT_CAP
UNPAGED_LIMIT = 500


def count_up_to(rows, cap: int) -> int:
    """How many rows there are, counting no further than cap + 1 (so "more than cap" shows)."""
    if hasattr(rows, "count_up_to"):
        return rows.count_up_to(cap)
    if hasattr(rows, "values"):
        # Only the keys: list annotations (message counts, search rank) and ordering
        # cost per row and change nothing in how many rows there are.
        rows = rows.order_by().values("pk")
    sliced = rows[: cap + 1]
    return sliced.count() if hasattr(sliced, "count") else len(sliced)


class CappedCountPaginator(Paginator):
    count_cap = COUNT_CAP

    @cached_property
    def exact_or_capped_count(self) -> int:
        return count_up_to(self.object_list, self.count_cap)

    @cached_property
    def count(self) -> int:
        return min(self.exact_or_capped_count, self.count_cap)

    @property
    def is_capped(self) -> bool:
        """True when more rows match than were counted."""
        return self.exact_or_capped_count > self.count_cap


def capped_count(rows: QuerySet) -> int:
    """How many rows match, counted up to COUNT_CAP."""
    return min(count_up_to(rows, COUNT_CAP), COUNT_CAP)


def offset_page(rows: QuerySet, *, offset: int, limit: int) -> QuerySet:
    """Rows from `offset`, at most `limit` of them, within the policy's caps (input
    serializers refuse larger values with a 400 naming the field)."""
    offset = max(0, min(offset, MAX_OFFSET))
    limit = max(0, min(limit, MAX_PAGE_SIZE))
    return rows[offset : offset + limit]


class CappedPageNumberPagination(PageNumberPagination):
    """DRF paging by page number under the policy: the size is capped so one call never
    loads the whole table, and the count stops at COUNT_CAP."""

    django_paginator_class = CappedCountPaginator

    def get_page_size(self, request) -> int:
        return min(super().get_page_size(request), MAX_PAGE_SIZE)
