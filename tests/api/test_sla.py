"""The native API's SLA fields, filter and ordering, on a frozen clock."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TicketFactory, VendorUserFactory
from tests.sla_support import make_policy, seoul, ticket_of_priority
from tickets.models import Priority, Ticket
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_transfer


@pytest.fixture
def tickets(db, clock, agent):
    """Opened Monday: one at 08:00 (due 11:00 is past at 11:05: breached), one at 09:10
    (due 11:10, at risk from 10:40), one at 10:00 (due 12:00: ok), one paused waiting on
    the customer, one without a policy (low priority)."""
    make_policy(targets={Priority.NORMAL: (120, 600)})
    made = {}
    for name, hour, minute in (("breached", 8, 0), ("at_risk", 9, 10), ("ok", 10, 0)):
        clock.move_to(seoul(2026, 3, 9, hour, minute))
        made[name] = TicketFactory(subject=name)
    made["paused"] = TicketFactory(subject="paused")
    message_post(ticket=made["paused"], actor=agent, body="Which colour?")
    made["none"] = ticket_of_priority(Priority.LOW, subject="none")
    clock.move_to(seoul(2026, 3, 9, 11, 5))
    return made


def subjects(body) -> list[str]:
    return [row["subject"] for row in body["results"]]


def test_list_shows_deadlines_and_sla_status(tickets, agent, client_for):
    body = client_for(agent).get("/api/v1/tickets/").json()
    rows = {row["subject"]: row for row in body["results"]}
    assert {name: row["sla_status"] for name, row in rows.items()} == {
        "breached": "breached",
        "at_risk": "at_risk",
        "ok": "ok",
        "paused": "ok",
        "none": None,
    }
    ok = rows["ok"]
    assert ok["sla_due_at"] == ok["sla_first_response_due_at"] == "2026-03-09T03:00:00Z"
    assert ok["sla_resolution_due_at"] == "2026-03-10T02:00:00Z"
    assert ok["sla_paused_since"] is None
    assert ok["sla_paused_seconds"] == 0
    paused = rows["paused"]
    assert paused["sla_due_at"] is None
    assert paused["sla_paused_since"] is not None


@pytest.mark.parametrize(
    ("status", "expected"),
    [("breached", {"breached"}), ("at_risk", {"at_risk"}), ("ok", {"ok", "paused"})],
)
def test_filter_by_sla_status(tickets, agent, client_for, status, expected):
    for path in ("/api/v1/tickets/", "/api/v1/queue/"):
        body = client_for(agent).get(path, {"sla_status": status}).json()
        assert set(subjects(body)) == expected, path


def test_ordering_by_due_puts_the_soonest_first_and_no_deadline_last(tickets, agent, client_for):
    body = client_for(agent).get("/api/v1/queue/", {"ordering": "due"}).json()
    assert subjects(body)[:3] == ["breached", "at_risk", "ok"]
    assert set(subjects(body)[3:]) == {"paused", "none"}
    body = client_for(agent).get("/api/v1/tickets/", {"ordering": "-due"}).json()
    assert subjects(body)[:3] == ["ok", "at_risk", "breached"]


def test_breach_recorded_by_the_check_shows_after_the_answer(tickets, agent, client_for, check):
    check()
    message_post(ticket=tickets["breached"], actor=agent, body="Sorry!")
    row = client_for(agent).get(f"/api/v1/tickets/{tickets['breached'].pk}/").json()
    assert row["sla_status"] == "breached"
    assert row["sla_first_response_breached_at"] == "2026-03-09T02:00:00Z"


def test_unknown_sla_status_is_a_400_naming_the_field(tickets, agent, client_for):
    response = client_for(agent).get("/api/v1/tickets/", {"sla_status": "late"})
    assert response.status_code == 400
    assert "sla_status" in response.json()["errors"]


@pytest.mark.parametrize("params", [{"sla_status": "breached"}, {"ordering": "due"}])
def test_customers_may_not_filter_or_sort_by_sla(tickets, client_for, params):
    owner = tickets["breached"].customer
    response = client_for(owner).get("/api/v1/tickets/", params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


@pytest.mark.parametrize("who", ["customer", "vendor"])
def test_customers_and_vendors_get_no_sla_fields(tickets, client_for, who, agent):
    ticket = tickets["breached"]
    if who == "vendor":
        vendor_user = VendorUserFactory()
        ticket_transfer(ticket=ticket, actor=agent, vendor=vendor_user.vendor, note="?")
        viewer = vendor_user
    else:
        viewer = ticket.customer
    row = client_for(viewer).get(f"/api/v1/tickets/{ticket.pk}/").json()
    assert row["id"] == ticket.pk
    assert not [name for name in row if name.startswith("sla_")]
    assert Ticket.objects.get(pk=ticket.pk).sla_first_response_due_at is not None


def test_queue_by_due_costs_the_same_queries_for_more_rows(db, clock, agent, client_for):
    make_policy()
    client = client_for(agent)
    counts = []
    for extra in (1, 20):
        for _ in range(extra):
            TicketFactory()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/queue/", {"ordering": "due", "page_size": 50})
        assert response.status_code == 200
        assert response.json()["results"][0]["sla_status"] == "ok"
        counts.append(len(queries))
    assert counts[0] == counts[1]
