"""Pagination that stays fast at a million rows: counts stop at a cap.

An exact count of every matching ticket costs a scan of all of them; a support queue only
needs to know "there are more than 2,000" (80 pages of 25). Pages past the cap are not
offered (filters and search narrow a queue faster than paging), so OFFSET never grows
past the cap either.
"""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 2_000


class CappedCountPaginator(Paginator):
    count_cap = COUNT_CAP

    @cached_property
    def exact_or_capped_count(self) -> int:
        rows = self.object_list
        if hasattr(rows, "values"):
            # Only the keys: list annotations (message counts, search rank) and ordering
            # cost per row and change nothing in how many rows there are.
            rows = rows.order_by().values("pk")
        sliced = rows[: self.count_cap + 1]
        return sliced.count() if hasattr(sliced, "count") else len(sliced)

    @cached_property
    def count(self) -> int:
        return min(self.exact_or_capped_count, self.count_cap)

    @property
    def is_capped(self) -> bool:
        """True when more rows match than were counted."""
        return self.exact_or_capped_count > self.count_cap
