"""The demo's two months of tickets read like a support team's ordinary weeks."""

from datetime import UTC, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from tickets.demo.plan import demo_cast, demo_plan
from tickets.demo.playback import Playback
from tickets.models import (
    EventKind,
    Message,
    MessageKind,
    Rating,
    Role,
    Status,
    Ticket,
    TicketEvent,
    TransferStatus,
    User,
)
from tickets.sla.clock import SlaState, sla_state

SEOUL = ZoneInfo("Asia/Seoul")
# A Monday morning in Seoul: the weekend is behind, the office opened half an hour ago.
MONDAY_MORNING = datetime(2026, 3, 9, 9, 30, tzinfo=SEOUL)


def load_demo(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def demo(db):
    load_demo(MONDAY_MORNING)
    return MONDAY_MORNING


def hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def check_opened_over_two_months_and_updated_at_varied_times(
    demo: datetime,
) -> None:
    tickets = Ticket.objects.all()
    created = sorted(tickets.values_list("created_at", flat=True))

    assert len(created) >= 60
    assert demo - created[0] <= timedelta(days=60)
    assert demo - created[0] >= timedelta(days=50)
    assert demo - created[-1] < timedelta(hours=1)
    assert len({moment.astimezone(SEOUL).date() for moment in created}) >= 35
    # Ids follow the order the tickets were opened in, as they would have.
    assert list(tickets.order_by("id").values_list("created_at", flat=True)) == created
    updated = [demo - moment for moment in tickets.values_list("updated_at", flat=True)]
    assert all(timedelta(0) <= ago <= timedelta(days=60) for ago in updated)
    assert sum(ago > timedelta(days=1) for ago in updated) > len(updated) / 2
    assert len({int(hours(ago)) for ago in updated}) > len(updated) / 2


def check_every_act_happened_after_the_ticket_was_opened_and_before_now(demo: datetime) -> None:
    for ticket in Ticket.objects.prefetch_related("messages", "events"):
        moments = [m.created_at for m in ticket.messages.all()]
        moments += [e.created_at for e in ticket.events.all()]
        assert min(moments) >= ticket.created_at, ticket.pk
        assert max(moments) <= demo, ticket.pk
        assert ticket.created_at <= ticket.updated_at <= demo, ticket.pk


def check_support_answers_in_office_hours_within_hours(demo: datetime) -> None:
    office_replies = Message.objects.filter(
        author__username="sam", kind=MessageKind.REPLY, is_internal=False
    ).exclude(ticket__category__code="PAYMENT")
    assert office_replies.count() >= 40
    for created_at in office_replies.values_list("created_at", flat=True):
        local = created_at.astimezone(SEOUL)
        assert local.weekday() < 5, local
        assert time(9) <= local.time() <= time(18), local
        assert not time(12) < local.time() < time(13), local
    first = [
        hours(answered - opened)
        for opened, answered in Ticket.objects.filter(first_response_at__isnull=False).values_list(
            "created_at", "first_response_at"
        )
    ]
    assert 0.5 <= median(first) <= 8
    assert min(first) < 1


def check_resolutions_take_days_and_fall_on_many_days(demo: datetime) -> None:
    resolved = Ticket.objects.filter(status=Status.RESOLVED)
    taken = [hours(r - c) / 24 for c, r in resolved.values_list("created_at", "resolved_at")]

    assert len(taken) >= 30
    assert 0.5 <= median(taken) <= 5
    assert sum(days > 2 for days in taken) >= 5
    assert sum(days < 1 for days in taken) >= 3
    resolved_days = {
        r.astimezone(SEOUL).date() for r in resolved.values_list("resolved_at", flat=True)
    }
    assert len(resolved_days) >= 20
    rated = Rating.objects.filter(ticket__status=Status.RESOLVED)
    assert rated.count() >= len(taken) / 2
    for rating in rated.select_related("ticket"):
        assert rating.created_at > rating.ticket.resolved_at


def check_vendors_are_asked_and_answer_days_later(demo: datetime) -> None:
    transfers = set(Ticket.objects.values_list("transfer_status", flat=True))
    assert {
        TransferStatus.ANSWER_REQUESTED,
        TransferStatus.ANSWERED,
        TransferStatus.CONFIRM_REQUESTED,
        TransferStatus.CONFIRMED,
    } <= transfers
    answers = Message.objects.filter(kind=MessageKind.VENDOR_ANSWER).select_related("ticket")
    assert answers.exists()
    for answer in answers:
        assert answer.author.username in {"vera", "vic"}
        assert answer.created_at - answer.ticket.transferred_at > timedelta(hours=1)


def check_a_few_targets_are_missed_and_the_queue_shows_every_badge(demo: datetime) -> None:
    breaches = TicketEvent.objects.filter(kind=EventKind.SLA_BREACHED)
    tickets = Ticket.objects.filter(sla_policy__isnull=False)

    assert 2 <= breaches.count() <= len(tickets) // 6
    # Each missed target is logged when the periodic check would have seen it, not later
    # than the next act on any ticket (the demo's acts are hours apart at most).
    for event in breaches:
        due = datetime.fromisoformat(event.from_value)
        assert due <= event.created_at <= due + timedelta(days=4)
    with time_machine.travel(demo, tick=False):
        states = {sla_state(ticket) for ticket in tickets}
    assert {SlaState.OK, SlaState.AT_RISK, SlaState.BREACHED, SlaState.PAUSED, SlaState.MET} <= (
        states
    )


def check_the_overview_reads_like_a_real_fortnight(demo: datetime) -> None:
    cache.clear()
    client = Client()
    client.force_login(User.objects.get(username="sam"))
    with time_machine.travel(demo, tick=False):
        response = client.get("/agent/overview/")

    assert response.status_code == 200
    overview = response.context["overview"]
    assert timedelta(minutes=30) <= overview.median_first_response <= timedelta(hours=8)
    assert timedelta(hours=12) <= overview.median_resolution <= timedelta(days=5)
    assert 3.5 <= overview.average_rating <= 4.8
    assert overview.rated_count >= 8
    days = overview.daily
    assert sum(day.created for day in days) >= 14
    assert sum(day.resolved for day in days) >= 8
    assert sum(day.resolved > 0 for day in days) >= 5
    assert max(day.created for day in days) <= 8
    assert overview.sla.overall.first_response_missed >= 1
    assert overview.sla.overall.first_response_met > 5 * overview.sla.overall.first_response_missed
    html = response.content.decode()
    first_response = html.split("Median first response", 1)[1][:300]
    assert " h " in first_response
    assert " d " not in first_response


def check_the_queue_keeps_what_the_browser_stories_use(demo: datetime) -> None:
    alice_open = Ticket.objects.filter(
        customer__username="alice", status=Status.OPEN, vendor__isnull=True
    )
    assert alice_open.count() >= 3
    untouched = Ticket.objects.filter(status=Status.OPEN, assignee__isnull=True)
    assert untouched.count() >= 3
    # Younger than the shortest first-answer target: triaged as urgent now, none is late.
    assert all(demo - t.created_at < timedelta(hours=1) for t in untouched)
    assert Ticket.objects.filter(vendor__code="A00012345").exists()
    assert Ticket.objects.filter(customer__username="bob").exists()
    assert Message.objects.filter(is_internal=True).exists()
    assert Message.objects.filter(author_role=Role.CUSTOMER, attachments__isnull=False).exists()
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)


# Each load plays a hundred tickets through the services: one load per test, several
# checks on it.
def test_demo_tickets_spread_over_two_months_as_people_would_have_worked_them(demo):
    check_opened_over_two_months_and_updated_at_varied_times(demo)
    check_every_act_happened_after_the_ticket_was_opened_and_before_now(demo)
    check_support_answers_in_office_hours_within_hours(demo)
    check_resolutions_take_days_and_fall_on_many_days(demo)
    check_vendors_are_asked_and_answer_days_later(demo)


def test_demo_misses_a_few_targets_and_its_overview_reads_like_a_real_fortnight(demo):
    check_a_few_targets_are_missed_and_the_queue_shows_every_badge(demo)
    check_the_overview_reads_like_a_real_fortnight(demo)
    check_the_queue_keeps_what_the_browser_stories_use(demo)


def plan_at(moment: datetime) -> list[tuple[datetime, str]]:
    playback = Playback(now=moment)
    demo_plan(playback, demo_cast())
    return playback.schedule()


def test_demo_plans_the_same_acts_for_the_same_moment_and_a_second_run_adds_nothing(db):
    sunday_night = datetime(2026, 5, 17, 14, 0, tzinfo=UTC)  # 23:00 in Seoul
    load_demo(sunday_night)
    counts = {model: model.objects.count() for model in (Ticket, Message, TicketEvent, Rating)}
    subjects = list(Ticket.objects.order_by("id").values_list("subject", "created_at"))

    load_demo(sunday_night + timedelta(hours=1))

    assert {model: model.objects.count() for model in counts} == counts
    plan = plan_at(sunday_night)
    assert plan == plan_at(sunday_night)
    opened = [(when, label) for when, label in plan if label.endswith(".open")]
    assert [when for when, _ in opened] == [created for _, created in subjects]
