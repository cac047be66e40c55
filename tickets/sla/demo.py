"""The demo's SLA policies."""

from datetime import date, time

from django.utils import timezone

from tickets.models import Category, Priority

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
OFFICE_POLICY = "Standard support (Seoul office)"


def demo_policies() -> None:
    """A Seoul office policy with a lunch break, Korean holidays and a company day, and a
    round-the-clock one for payments. Created once, by name."""
    office, created = SlaPolicy.objects.get_or_create(
        name=OFFICE_POLICY,
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
