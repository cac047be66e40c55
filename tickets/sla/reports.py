"""SLA attainment: the share of decided targets met, overall and per priority, top-level
category and vendor, over the tickets opened in a recent window. Four queries."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from tickets.models import Priority, Status, Ticket

# A target counts once it is decided: met (answered or resolved in time) or missed.
COUNTS = {
    "first_response_met": Count(
        "id",
        filter=Q(
            first_response_at__isnull=False,
            sla_first_response_due_at__isnull=False,
            sla_first_response_breached_at__isnull=True,
        ),
    ),
    "first_response_missed": Count("id", filter=Q(sla_first_response_breached_at__isnull=False)),
    "resolution_met": Count(
        "id",
        filter=Q(
            status=Status.RESOLVED,
            sla_resolution_due_at__isnull=False,
            sla_resolution_breached_at__isnull=True,
        ),
    ),
    "resolution_missed": Count("id", filter=Q(sla_resolution_breached_at__isnull=False)),
}


def _rate(met: int, missed: int) -> float | None:
    return None if met + missed == 0 else 100 * met / (met + missed)


@dataclass(frozen=True)
class AttainmentRow:
    label: str
    first_response_met: int = 0
    first_response_missed: int = 0
    resolution_met: int = 0
    resolution_missed: int = 0

    @property
    def first_response_rate(self) -> float | None:
        return _rate(self.first_response_met, self.first_response_missed)

    @property
    def resolution_rate(self) -> float | None:
        return _rate(self.resolution_met, self.resolution_missed)


@dataclass(frozen=True)
class Attainment:
    days: int
    overall: AttainmentRow
    by_priority: list[AttainmentRow]
    by_category: list[AttainmentRow]
    by_vendor: list[AttainmentRow]


def _grouped(tickets: QuerySet[Ticket], key) -> dict[str | None, dict]:
    rows = tickets.annotate(group=key).values("group").annotate(**COUNTS).order_by()
    return {row["group"]: {name: row[name] for name in COUNTS} for row in rows}


def _rows(groups: dict[str | None, dict], labels: dict[str | None, str]) -> list[AttainmentRow]:
    return [AttainmentRow(label=labels[key], **groups[key]) for key in labels if key in groups]


def sla_attainment(*, days: int = 30) -> Attainment:
    """Targets met and missed among tickets under a policy opened in the last `days`."""
    since = timezone.now() - timedelta(days=days)
    tickets = Ticket.objects.filter(created_at__gte=since, sla_policy__isnull=False).order_by()
    priorities = _grouped(tickets, F("priority"))
    root_category = Coalesce(
        "category__parent__parent__name", "category__parent__name", "category__name"
    )
    categories = _grouped(tickets, root_category)
    vendors = _grouped(tickets.filter(vendor__isnull=False), F("vendor__code"))
    return Attainment(
        days=days,
        overall=AttainmentRow(label="All tickets", **tickets.aggregate(**COUNTS)),
        by_priority=_rows(priorities, dict(reversed(Priority.choices))),
        by_category=_rows(
            categories,
            {
                **{name: name for name in sorted(filter(None, categories))},
                None: "No category",
            },
        ),
        by_vendor=_rows(vendors, {code: code for code in sorted(vendors)}),
    )
