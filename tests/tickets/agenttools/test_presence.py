import pytest

from tests.factories import AgentFactory
from tickets.agenttools import presence

pytestmark = pytest.mark.django_db


def poll(client, ticket, typing=False):
    response = client.post(
        f"/agent/tickets/{ticket.pk}/presence/", {"typing": "1" if typing else "0"}
    )
    assert response.status_code == 200
    return response.json()["others"]


def test_an_agent_sees_who_else_has_the_ticket_open_and_who_is_typing(ticket, agent, web_for):
    colleague = AgentFactory(first_name="Kim", last_name="Lee")
    mine, theirs = web_for(agent), web_for(colleague)
    assert poll(mine, ticket) == []
    assert poll(theirs, ticket, typing=True) == [
        {"username": agent.username, "name": agent.get_full_name(), "is_typing": False}
    ]
    assert poll(mine, ticket) == [
        {"username": colleague.username, "name": "Kim Lee", "is_typing": True}
    ]
    page = mine.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Kim Lee is typing a reply" in page


def test_the_notice_is_hidden_when_alone(ticket, agent, web_for):
    page = web_for(agent).get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert 'id="presence-notice"' in page
    assert "is typing" not in page
    assert 'data-poll-seconds="5" hidden' in page


def test_an_agent_who_left_drops_out_after_the_ttl(ticket, agent, web_for, monkeypatch):
    colleague = AgentFactory()
    poll(web_for(colleague), ticket)
    clock = presence.time.time() + presence.PRESENCE_TTL_SECONDS + 1
    monkeypatch.setattr(presence.time, "time", lambda: clock)
    assert poll(web_for(agent), ticket) == []


def test_presence_is_for_agents_on_tickets_that_exist(ticket, customer, agent, web_for):
    assert web_for(customer).post(f"/agent/tickets/{ticket.pk}/presence/").status_code == 403
    assert web_for(agent).post("/agent/tickets/999999/presence/").status_code == 404
    assert web_for(agent).get(f"/agent/tickets/{ticket.pk}/presence/").status_code == 405
