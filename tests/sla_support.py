"""SLA policies and times for tests: a Seoul office on weekdays 9 to 6."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from tests.factories import AgentFactory, CustomerFactory
from tickets.models import Priority, Ticket
from tickets.services.tickets import ticket_create
from tickets.sla.models import BusinessHours, SlaPolicy, SlaTarget

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(*args) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


def make_policy(
    name: str = "Seoul office",
    *,
    targets: dict | None = None,
    hours=((9, 18),),
    days=range(5),
    **fields,
) -> SlaPolicy:
    """A policy in Seoul, weekdays 9 to 6, Korean public holidays; targets in minutes as
    {priority: (first response, resolution)}, by default normal 2 h / 10 h."""
    fields.setdefault("time_zone", "Asia/Seoul")
    fields.setdefault("holiday_country", "KR")
    fields.setdefault("at_risk_minutes", 30)
    policy = SlaPolicy.objects.create(name=name, **fields)
    for priority, (first, resolution) in (targets or {Priority.NORMAL: (120, 600)}).items():
        SlaTarget.objects.create(
            policy=policy,
            priority=priority,
            first_response_minutes=first,
            resolution_minutes=resolution,
        )
    for weekday in days:
        for opens, closes in hours:
            BusinessHours.objects.create(
                policy=policy, weekday=weekday, opens_at=time(opens), closes_at=time(closes)
            )
    return policy


def ticket_of_priority(priority: str, **fields) -> Ticket:
    """A ticket filed with a priority, as only an agent may: the clock starts with it."""
    customer = fields.pop("customer", None) or CustomerFactory()
    return ticket_create(
        actor=AgentFactory(),
        customer=customer,
        subject=fields.pop("subject", "Parcel has not arrived"),
        description="Tracking has not moved.",
        priority=priority,
        # Filed under a heading where a test says so, as the dialect contracts may.
        allow_parent_category=True,
        **fields,
    )
