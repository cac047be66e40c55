"""The agent queue and ticket page show SLA badges and deadlines, sort by due and filter."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TicketFactory
from tests.sla_support import make_policy, seoul, ticket_of_priority
from tickets.models import Priority
from tickets.services.messages import message_post


@pytest.fixture
def tickets(db, clock, agent):
    """At Monday 11:05: breached (due 11:00), at risk (due 11:10), ok (due 12:00), paused,
    and one without a policy."""
    make_policy()
    made = {}
    for name, hour, minute in (("breached", 8, 0), ("at-risk", 9, 10), ("on-track", 10, 0)):
        clock.move_to(seoul(2026, 3, 9, hour, minute))
        made[name] = TicketFactory(subject=f"Ticket {name}")
    made["paused"] = TicketFactory(subject="Ticket paused")
    message_post(ticket=made["paused"], actor=agent, body="Which colour?")
    made["none"] = ticket_of_priority(Priority.LOW, subject="Ticket none")
    clock.move_to(seoul(2026, 3, 9, 11, 5))
    return made


def rows(html: str) -> list[tuple[str, str]]:
    """(subject, badge state) per queue row, in order."""
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        subject = re.search(r'class="subject-link"[^>]*>([^<]+)<', row)
        state = re.search(r'<td class="hide-sm sla">.*?(?:data-sla="(\w+)"|—)', row, re.S)
        if subject:
            found.append((subject.group(1), state.group(1) or "-"))
    return found


def test_queue_shows_a_badge_per_ticket_and_sorts_by_due(tickets, agent, web_for):
    html = web_for(agent).get("/agent/", {"sort": "due"}).content.decode()
    assert rows(html) == [
        ("Ticket breached", "breached"),
        ("Ticket at-risk", "at_risk"),
        ("Ticket on-track", "ok"),
        # No running deadline: last, in the order they came.
        ("Ticket paused", "paused"),
        ("Ticket none", "-"),
    ]
    assert "Due soonest" in html


@pytest.mark.parametrize(
    ("sla", "expected"),
    [
        ("breached", {"Ticket breached"}),
        ("at_risk", {"Ticket at-risk"}),
        ("ok", {"Ticket on-track", "Ticket paused"}),
    ],
)
def test_queue_filters_by_sla(tickets, agent, web_for, sla, expected):
    html = web_for(agent).get("/agent/", {"sla": sla}).content.decode()
    assert {subject for subject, _ in rows(html)} == expected


def test_badge_turns_at_risk_then_breached_as_time_passes(tickets, agent, web_for, clock):
    client = web_for(agent)
    clock.move_to(seoul(2026, 3, 9, 11, 29))
    assert ("Ticket on-track", "ok") in rows(client.get("/agent/").content.decode())
    clock.move_to(seoul(2026, 3, 9, 11, 30))
    assert ("Ticket on-track", "at_risk") in rows(client.get("/agent/").content.decode())
    clock.move_to(seoul(2026, 3, 9, 12, 0, 1))
    assert ("Ticket on-track", "breached") in rows(client.get("/agent/").content.decode())


def test_ticket_page_shows_deadlines_stopped_time_and_the_breach(tickets, agent, web_for, check):
    check()
    html = web_for(agent).get(f"/agent/tickets/{tickets['breached'].pk}/").content.decode()
    assert 'data-sla="breached"' in html
    assert "First reply due" in html
    assert "recorded that the first response target was missed" in html
    paused = web_for(agent).get(f"/agent/tickets/{tickets['paused'].pk}/").content.decode()
    assert 'data-sla="paused"' in paused
    assert "Clock stopped" in paused


def test_customer_pages_show_no_sla(tickets, web_for):
    ticket = tickets["breached"]
    html = web_for(ticket.customer).get(f"/tickets/{ticket.pk}/").content.decode()
    assert "data-sla" not in html
    assert "target was missed" not in html


def test_queue_sorted_by_due_costs_the_same_queries_for_more_rows(db, clock, agent, web_for):
    make_policy()
    client = web_for(agent)
    counts = []
    for extra in (1, 20):
        for _ in range(extra):
            TicketFactory()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/agent/", {"sort": "due", "per_page": 50})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
