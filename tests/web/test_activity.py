"""The activity log in people's words: names, category names, labels, "you" for the reader."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AgentFactory, CategoryFactory, CustomerFactory, TicketFactory
from tickets.models import Status
from tickets.services.tickets import (
    ticket_assign,
    ticket_change_category,
    ticket_change_priority,
    ticket_create,
    ticket_set_status,
)


def page(client, ticket) -> str:
    return client.get(f"/agent/tickets/{ticket.pk}/").content.decode()


def test_events_name_people_categories_and_statuses(db, web_for):
    nora = AgentFactory(username="nora_042844", first_name="Nora", last_name="Kim")
    sam = AgentFactory(username="sam", first_name="Sam", last_name="Support")
    customer = CustomerFactory(username="alice_1", first_name="Alice", last_name="Lee")
    damages = CategoryFactory(code="DAMAGES", name="Damaged goods")
    signup = CategoryFactory(code="ONBOARDING_SELF_SIGNUP", name="Self sign-up")
    ticket = TicketFactory(customer=customer, category=signup)
    ticket_assign(ticket=ticket, actor=sam, assignee=nora)
    ticket_change_category(ticket=ticket, actor=nora, category=damages)
    ticket_set_status(ticket=ticket, actor=nora, to=Status.WAITING_ON_CUSTOMER)

    as_sam = page(web_for(sam), ticket)
    assert "<strong>Alice Lee</strong> opened the ticket" in as_sam
    assert "<strong>You</strong> assigned it to Nora Kim" in as_sam
    assert (
        "<strong>Nora Kim</strong> changed the category from Self sign-up to Damaged goods"
        in as_sam
    )
    assert "<strong>Nora Kim</strong> changed the status from Open to Waiting on customer" in as_sam
    for code in ("ONBOARDING_SELF_SIGNUP", "DAMAGES", "nora_042844", "waiting_on_customer<"):
        assert code not in as_sam.split('class="thread"')[1].split("thread-end")[0]

    as_nora = page(web_for(nora), ticket)
    assert "<strong>Sam Support</strong> assigned it to you" in as_nora
    assert "<strong>You</strong> changed the status from Open to Waiting on customer" in as_nora


def test_people_without_a_name_go_by_username_and_self_assignment_reads_well(db, web_for):
    kim = AgentFactory(username="kim", first_name="", last_name="")
    sam = AgentFactory(first_name="Sam", last_name="Support")
    customer = CustomerFactory()
    ticket = ticket_create(actor=sam, customer=customer, subject="By phone", description="x")
    ticket_assign(ticket=ticket, actor=kim, assignee=kim)
    ticket_assign(ticket=ticket, actor=sam, assignee=None)

    html = page(web_for(sam), ticket)
    assert f"<strong>You</strong> opened the ticket for {customer.get_full_name()}" in html
    assert "<strong>kim</strong> took the ticket" in html
    assert "<strong>You</strong> removed kim as assignee" in html


def test_names_cost_no_query_per_event(agent, customer, web_for):
    client = web_for(agent)
    counts = []
    for changes in (1, 12):
        ticket = TicketFactory(customer=customer)
        colleagues = [AgentFactory() for _ in range(3)]
        categories = [CategoryFactory() for _ in range(3)]
        for index in range(changes):
            ticket_assign(ticket=ticket, actor=agent, assignee=colleagues[index % 3])
            ticket_change_category(ticket=ticket, actor=agent, category=categories[index % 3])
            ticket_change_priority(ticket=ticket, actor=agent, priority=("high", "low")[index % 2])
        page(client, ticket)  # the name lists are built once per change of the agents
        with CaptureQueriesContext(connection) as queries:
            page(client, ticket)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
