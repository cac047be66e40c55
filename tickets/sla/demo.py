"""Demo SLA policies, and deadlines spread so the demo queue shows every badge."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from tickets.models import Category, Priority, Ticket

from .clock import clock_update, rules_for
from .models import BusinessHours, SlaHoliday, SlaPolicy, SlaTarget

# Business minutes: (first response, resolution).
OFFICE_TARGETS = {
    Priority.URGENT: (60, 480),
    Priority.HIGH: (240, 1080),
    Priority.NORMAL: (480, 2160),
    Priority.LOW: (960, 4320),
}
ROUND_THE_CLOCK_TARGETS = {
    Priority.URGENT: (30, 240),
    Priority.HIGH: (60, 480),
    Priority.NORMAL: (120, 1440),
    Priority.LOW: (240, 2880),
}
# How long ago the demo's office tickets were opened, in turn: fresh, hours, days. The
# round-the-clock ones are opened so that their deadline is close, whatever the hour.
OPENED_AGO = (timedelta(minutes=10), timedelta(hours=5), timedelta(days=3))
FIRST_REPLY_AFTER = timedelta(minutes=5)


def demo_policies() -> None:
    """A Seoul office policy with a lunch break, Korean holidays and a company day, and a
    round-the-clock one for payments. Created once, by name."""
    office, created = SlaPolicy.objects.get_or_create(
        name="Standard support (Seoul office)",
        defaults={"time_zone": "Asia/Seoul", "holiday_country": "KR", "at_risk_minutes": 60},
    )
    if created:
        _targets(office, OFFICE_TARGETS)
        for weekday in range(5):
            for opens, closes in ((time(9), time(12)), (time(13), time(18))):
                BusinessHours.objects.create(
                    policy=office, weekday=weekday, opens_at=opens, closes_at=closes
                )
        year = timezone.localdate().year
        SlaHoliday.objects.create(policy=office, day=date(year, 12, 31), name="Year-end closing")
    payments, created = SlaPolicy.objects.get_or_create(
        name="Payments, around the clock",
        defaults={
            "time_zone": "Asia/Seoul",
            "at_risk_minutes": 30,
            "category": Category.objects.filter(code="PAYMENT", parent__isnull=True).first(),
        },
    )
    if created:
        _targets(payments, ROUND_THE_CLOCK_TARGETS)


def _targets(policy: SlaPolicy, targets: dict) -> None:
    for priority, (first, resolution) in targets.items():
        SlaTarget.objects.create(
            policy=policy,
            priority=priority,
            first_response_minutes=first,
            resolution_minutes=resolution,
        )


def demo_spread_deadlines(tickets: list[Ticket]) -> None:
    """Open the given tickets (waiting on support) at staggered times, answered five
    minutes later if they were, and count their clocks again, one transaction a ticket."""
    now = timezone.now()
    for index, ticket in enumerate(tickets):
        with transaction.atomic():
            _backdate(ticket.pk, index, now)


def _backdate(ticket_id: int, index: int, now: datetime) -> None:
    ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    rules = rules_for(ticket)
    if rules is None:
        return
    if rules.policy.business_hours.all():
        ago = OPENED_AGO[index % len(OPENED_AGO)]
    else:
        target = rules.target
        minutes = (
            target.first_response_minutes
            if ticket.first_response_at is None
            else target.resolution_minutes
        )
        ago = timedelta(minutes=minutes - rules.policy.at_risk_minutes // 2)
    ticket.created_at = now - ago
    if ticket.first_response_at is not None:
        ticket.first_response_at = ticket.created_at + FIRST_REPLY_AFTER
    ticket.save(update_fields=["created_at", "first_response_at"])
    clock_update(ticket=ticket, repick=True)
