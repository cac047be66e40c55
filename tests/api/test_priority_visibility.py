"""The priority is support's internal triage: the one field rule (VisibleField.PRIORITY)
shows it to agents only, and every customer surface (portal, native API, each dialect)
neither shows it nor lets a customer filter or sort by it."""

import json

import pytest
from django.test import Client

from tests.factories import TicketFactory, transferred_ticket
from tickets import permissions
from tickets.models import Priority
from tickets.permissions import UserRole, VisibleField
from tickets.services.messages import message_post


@pytest.fixture
def urgent(customer, agent):
    ticket = TicketFactory(customer=customer, subject="Parcel late", priority=Priority.URGENT)
    message_post(ticket=ticket, actor=agent, body="Looking into it.")
    return ticket


def _mentions_priority(payload) -> bool:
    text = json.dumps(payload).lower()
    return '"priority"' in text or "urgent" in text


def test_only_agents_and_admins_see_the_priority():
    rule = permissions.VISIBLE_FIELDS
    shown_to = {role for role, fields in rule.items() if VisibleField.PRIORITY in fields}
    assert shown_to == {UserRole.AGENT, UserRole.ADMIN}


@pytest.mark.parametrize(("role", "shown"), [("customer", False), ("agent", True)])
def test_native_list_and_detail_show_the_priority_to_agents_only(
    role, shown, customer, agent, urgent, client_for
):
    client = client_for({"customer": customer, "agent": agent}[role])

    row = client.get("/api/v1/tickets/").json()["results"][0]
    detail = client.get(f"/api/v1/tickets/{urgent.pk}/").json()

    assert ("priority" in row, "priority" in detail) == (shown, shown)
    if shown:
        assert detail["priority"] == Priority.URGENT


def test_vendor_is_not_shown_the_priority(agent, vendor, vendor_user, client_for):
    ticket = transferred_ticket(agent=agent, vendor=vendor, priority=Priority.URGENT)

    detail = client_for(vendor_user).get(f"/api/v1/tickets/{ticket.pk}/").json()

    assert "priority" not in detail


@pytest.mark.parametrize(
    ("params", "field"),
    [({"priority": "urgent"}, "priority"), ({"ordering": "-priority"}, "ordering")],
)
def test_customer_cannot_filter_or_sort_by_priority(params, field, customer, urgent, client_for):
    response = client_for(customer).get("/api/v1/tickets/", params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_agent_still_filters_and_sorts_by_priority(agent, urgent, client_for):
    TicketFactory(priority=Priority.LOW)

    response = client_for(agent).get(
        "/api/v1/tickets/", {"priority": "urgent", "ordering": "-priority"}
    )

    assert [row["id"] for row in response.json()["results"]] == [urgent.pk]


def test_dialects_show_the_customer_no_priority(customer, urgent, client_for):
    client = client_for(customer)
    answers = [
        client.get(f"/customerInquiries/{urgent.pk}"),
        client.get(f"/api/support-requests/customers/{customer.pk}/{urgent.pk}"),
        client.get(f"/api/support-requests/customers/{customer.pk}"),
        client.get(f"/backend/api/api/customer-support-ticket/{urgent.pk}"),
        client.get("/backend/api/api/customer-support-ticket"),
    ]

    assert [answer.status_code for answer in answers] == [200] * len(answers)
    assert [_mentions_priority(answer.json()) for answer in answers] == [False] * len(answers)


def _page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    return client.get(url).content.decode()


def test_portal_pages_show_the_customer_no_priority(customer, agent, urgent):
    detail = _page(customer, f"/tickets/{urgent.pk}/")
    listing = _page(customer, "/tickets/")
    agent_page = _page(agent, f"/agent/tickets/{urgent.pk}/")

    for page in (detail, listing):
        assert "Parcel late" in page
        assert ">Priority<" not in page
        assert "Urgent" not in page
    assert ">Priority<" in agent_page
    assert "Urgent" in agent_page
