"""Assignee pickers list agents only, found by username or name as one types."""

import pytest

from tests.factories import AgentFactory, TicketFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_assignee_suggestions_list_agents_only_by_name(agent, customer, web_for):
    AgentFactory(username="kim", first_name="Kimberly", last_name="Lee")
    AgentFactory(username="zed", first_name="Zed", last_name="Kimura")
    customer.first_name = "Kimmy"
    customer.save()
    found = web_for(agent).get("/agent/suggest/agents/?q=kim").json()["agents"]
    assert [row["username"] for row in found] == ["kim", "zed"]
    assert found[0]["name"] == "Kimberly Lee"


def test_ticket_page_picker_holds_no_user_list_and_assigns_by_username(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    kim = AgentFactory(username="kim")
    client = web_for(agent)
    page = client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert customer.username not in page.split('id="agent-options"')[1].split("</datalist>")[0]
    client.post(f"/agent/tickets/{ticket.pk}/assign/", {"assignee": "kim"})
    assert Ticket.objects.get(pk=ticket.pk).assignee == kim
    client.post(f"/agent/tickets/{ticket.pk}/assign/", {"assignee": ""})
    assert Ticket.objects.get(pk=ticket.pk).assignee is None
