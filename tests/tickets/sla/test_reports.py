"""SLA attainment over the last 30 days, overall and per priority, category and vendor."""

import pytest

from tests.factories import (
    AgentFactory,
    CategoryFactory,
    TicketFactory,
    VendorFactory,
    VendorUserFactory,
)
from tests.sla_support import make_policy, seoul, ticket_of_priority
from tickets.models import Priority
from tickets.services.messages import message_post, vendor_answer
from tickets.services.tickets import ticket_resolve, ticket_transfer
from tickets.sla.reports import sla_attainment


def counts(row) -> tuple:
    return (
        row.first_response_met,
        row.first_response_missed,
        row.resolution_met,
        row.resolution_missed,
    )


@pytest.fixture
def history(db, clock, check):
    """Opened Monday 10:00 (Seoul): a normal ticket answered and resolved in time (sub-
    category of Orders); a normal one answered late (no category); an urgent one of
    Orders paused 40 minutes on vendor V and resolved late. Left out: a ticket opened 40
    days earlier and one without a policy (low priority)."""
    make_policy(targets={Priority.NORMAL: (120, 600), Priority.URGENT: (30, 120)})
    agent = AgentFactory()
    orders = CategoryFactory(name="Orders")
    vendor = VendorFactory(code="A00000077")
    vendor_user = VendorUserFactory(vendor=vendor)

    clock.move_to(seoul(2026, 1, 28, 10))
    old = TicketFactory()
    clock.move_to(seoul(2026, 1, 28, 13))
    message_post(ticket=old, actor=agent, body="Late, but outside the window.")

    clock.move_to(seoul(2026, 3, 9, 10))
    in_time = TicketFactory(category=CategoryFactory(parent=orders))
    late = TicketFactory()
    urgent = ticket_of_priority(Priority.URGENT, category=orders)
    ticket_of_priority(Priority.LOW)
    ticket_transfer(ticket=urgent, actor=agent, vendor=vendor, note="Stock?")
    clock.move_to(seoul(2026, 3, 9, 10, 20))
    message_post(ticket=urgent, actor=agent, body="Asking the seller.")
    clock.move_to(seoul(2026, 3, 9, 10, 30))
    message_post(ticket=in_time, actor=agent, body="Refund sent.")
    message_post(ticket=urgent, actor=urgent.customer, body="Thanks.")
    clock.move_to(seoul(2026, 3, 9, 10, 40))
    vendor_answer(ticket=urgent, actor=vendor_user, body="In stock.")
    clock.move_to(seoul(2026, 3, 9, 10, 45))
    ticket_resolve(ticket=in_time, actor=agent)
    clock.move_to(seoul(2026, 3, 9, 12, 30))
    message_post(ticket=late, actor=agent, body="Sorry for the wait.")
    clock.move_to(seoul(2026, 3, 9, 13))
    check()  # urgent: due 12:00 + 40 paused minutes = 12:40, now missed


def test_overall_attainment_counts_decided_targets_only(history):
    report = sla_attainment(days=30)
    assert counts(report.overall) == (2, 1, 1, 1)
    assert round(report.overall.first_response_rate) == 67
    assert report.overall.resolution_rate == 50


def test_attainment_per_priority_category_and_vendor(history):
    report = sla_attainment(days=30)
    assert [(row.label, counts(row)) for row in report.by_priority] == [
        ("Urgent", (1, 0, 0, 1)),
        ("Normal", (1, 1, 1, 0)),
    ]
    assert [(row.label, counts(row)) for row in report.by_category] == [
        ("Orders", (2, 0, 1, 1)),
        ("No category", (0, 1, 0, 0)),
    ]
    assert [(row.label, counts(row)) for row in report.by_vendor] == [
        ("A00000077", (1, 0, 0, 1)),
    ]


def test_a_longer_window_takes_in_older_tickets(history):
    assert counts(sla_attainment(days=60).overall) == (2, 2, 1, 1)


def test_overview_page_shows_attainment(history, agent, client):
    client.force_login(agent)
    html = client.get("/agent/overview/").content.decode()
    assert 'id="sla-attainment"' in html
    assert "67% <span" in html
    assert 'data-sla-row="A00000077"' in html
