"""Ticket lists filtered by choices alone run compiled reads (tickets/api/views/compiled.py):
they answer what the per-request queryset answers, for each role and each user."""

import pytest
from django.db import transaction

from tests.factories import AgentFactory, CustomerFactory, TicketFactory, transferred_ticket
from tickets.models import Priority, Status
from tickets.services.messages import message_post
from tickets.services.tags import tags_change
from tickets.services.tickets import lock, ticket_assign, ticket_set_status

pytestmark = pytest.mark.django_db

LIST_FILTERS = [
    "",
    "status=open",
    "status=open&status=resolved",
    "ordering=-created_at",
    "ordering=subject&page_size=2",
    "ordering=subject&page_size=2&page=2",
]
AGENT_FILTERS = [
    "priority=high",
    "unassigned=true&ordering=priority",
    "ordering=due",
]


@pytest.fixture
def board(agent, customer, vendor):
    other = CustomerFactory()
    tickets = [
        TicketFactory(customer=customer, priority=Priority.HIGH, subject="Bent box"),
        TicketFactory(customer=customer, subject="Late parcel"),
        TicketFactory(customer=other, subject="Wrong size"),
        transferred_ticket(agent=agent, vendor=vendor, customer=customer, subject="Missing"),
    ]
    ticket_assign(ticket=tickets[1], actor=agent, assignee=AgentFactory())
    ticket_set_status(ticket=tickets[2], actor=agent, to=Status.RESOLVED)
    message_post(ticket=tickets[0], actor=agent, body="A note", is_internal=True)
    with transaction.atomic():
        tags_change(lock(tickets[0]), actor=agent, add=["vip", "fragile"])
    return {"other": other}


def both_ways(client, path: str, query: str) -> tuple[dict, dict]:
    """The answer compiled, and the same answer with an empty keyword, which builds the
    queryset per request and filters nothing more."""
    compiled = client.get(f"{path}?{query}")
    per_request = client.get(f"{path}?{query}&q=" if query else f"{path}?q=")
    assert compiled.status_code == per_request.status_code, compiled.json()
    # The page links name the keyword too: compare all else.
    return tuple(
        {key: value for key, value in answer.json().items() if key not in ("next", "previous")}
        for answer in (compiled, per_request)
    )


def test_each_roles_lists_answer_as_the_queryset_does(
    board, agent, customer, vendor_user, client_for
):
    for user, queries in [
        (agent, LIST_FILTERS + AGENT_FILTERS),
        (customer, LIST_FILTERS),
        (board["other"], LIST_FILTERS),
        (vendor_user, LIST_FILTERS),
    ]:
        client = client_for(user)
        for query in queries:
            compiled, per_request = both_ways(client, "/api/v1/tickets/", query)
            assert compiled == per_request, (user, query)


def test_one_customers_list_never_shows_anothers_tickets(board, customer, client_for):
    mine = client_for(customer).get("/api/v1/tickets/?ordering=subject").json()["results"]
    theirs = client_for(board["other"]).get("/api/v1/tickets/?ordering=subject").json()["results"]

    assert {row["subject"] for row in mine} == {"Bent box", "Late parcel", "Missing"}
    assert [row["subject"] for row in theirs] == ["Wrong size"]


def test_the_agents_queue_answers_as_the_queryset_does(board, agent, client_for):
    client = client_for(agent)
    for query in ["", "ordering=due", "priority=high", "status=open&ordering=-priority"]:
        compiled, per_request = both_ways(client, "/api/v1/queue/", query)
        assert compiled == per_request, query
    assert client_for(board["other"]).get("/api/v1/queue/").status_code == 403


def test_a_bad_choice_is_refused_naming_the_field(customer, client_for):
    response = client_for(customer).get("/api/v1/tickets/?status=nonsense")

    assert response.status_code == 400
    assert "status" in response.json()["errors"] or "status" in str(response.json())
