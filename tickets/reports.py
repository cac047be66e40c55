"""Numbers for the agent overview, computed by the database in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import Channel, Message, Status, Ticket
from .sla.reports import Attainment, sla_attainment

PERFORMANCE_DAYS = 30


@dataclass(frozen=True)
class DailyCounts:
    day: date
    created: int
    resolved: int


@dataclass(frozen=True)
class Overview:
    by_status: dict[str, int]
    total: int
    median_first_response: timedelta | None
    median_resolution: timedelta | None
    average_rating: float | None
    rated_count: int
    daily: list[DailyCounts]
    performance_days: int
    sla: Attainment
    opened_by_mail: int
    replies_by_mail: int


def _median_duration(tickets: QuerySet[Ticket], *, start: str, end: str) -> timedelta | None:
    """The median of `end - start` over tickets that have both, ordered in the database.

    Two queries whatever the number of tickets: a count, then the one or two middle rows
    (SQLite has no percentile function, so the middle is found by offset on both backends).
    """
    durations = (
        tickets.filter(**{f"{start}__isnull": False, f"{end}__isnull": False})
        .annotate(duration=ExpressionWrapper(F(end) - F(start), output_field=DurationField()))
        .order_by("duration", "id")
    )
    count = durations.count()
    if count == 0:
        return None
    middle = (count - 1) // 2
    wanted = 1 if count % 2 else 2
    values = list(durations.values_list("duration", flat=True)[middle : middle + wanted])
    return sum(values, timedelta()) / len(values)


def ticket_overview(*, days: int = 14, performance_days: int = PERFORMANCE_DAYS) -> Overview:
    """Tickets by status, tickets created and resolved per day over the last `days` days
    (today included), and the medians and average rating of the tickets opened in the last
    `performance_days` days: recent performance is what a team steers by, and it keeps
    these sorts small however many years of tickets the table holds."""
    tickets = Ticket.objects.all()
    counts = {row["status"]: row["n"] for row in tickets.values("status").annotate(n=Count("id"))}
    by_status = {status: counts.get(status, 0) for status in Status.values}
    recent_since = timezone.now() - timedelta(days=performance_days)
    recent = tickets.filter(created_at__gte=recent_since)
    opened_by_mail = recent.filter(channel=Channel.MAIL).count()
    # A ticket opened by mail has its first message by mail too: the rest are replies.
    mail_messages = Message.objects.filter(channel=Channel.MAIL, created_at__gte=recent_since)
    rating = recent.filter(current_rating__isnull=False).aggregate(
        average=Avg("current_rating"), rated=Count("id")
    )
    today = timezone.localdate()
    first_day = today - timedelta(days=days - 1)
    since = datetime.combine(first_day, time.min, tzinfo=timezone.get_current_timezone())
    created = _per_day(tickets.filter(created_at__gte=since), "created_at")
    resolved = _per_day(tickets.filter(resolved_at__gte=since), "resolved_at")
    daily = [
        DailyCounts(day=day, created=created.get(day, 0), resolved=resolved.get(day, 0))
        for day in (first_day + timedelta(days=offset) for offset in range(days))
    ]
    return Overview(
        by_status=by_status,
        total=sum(by_status.values()),
        median_first_response=_median_duration(recent, start="created_at", end="first_response_at"),
        median_resolution=_median_duration(recent, start="created_at", end="resolved_at"),
        performance_days=performance_days,
        average_rating=float(rating["average"]) if rating["average"] is not None else None,
        rated_count=rating["rated"],
        daily=daily,
        sla=sla_attainment(days=performance_days),
        opened_by_mail=opened_by_mail,
        replies_by_mail=max(mail_messages.count() - opened_by_mail, 0),
    )


def _per_day(tickets: QuerySet[Ticket], field: str) -> dict[date, int]:
    rows = (
        tickets.annotate(day=TruncDate(field, tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    return {row["day"]: row["n"] for row in rows}
