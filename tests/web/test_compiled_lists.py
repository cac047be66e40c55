"""The agent queue and the customer's list read through compiled reads show what their
querysets find, for each filter, with each request's own values bound."""

import pytest
from django.db import transaction

from tests.factories import AgentFactory, CategoryFactory, TicketFactory, transferred_ticket
from tickets.models import Priority, Status, Ticket
from tickets.services.tags import tags_change
from tickets.services.tickets import lock, ticket_assign, ticket_set_status
from tickets.web.queries import (
    compiled_queue_takes,
    customer_tickets,
    portal_row_columns,
    queue_row_columns,
    queue_tickets,
)
from tickets.web.tool_context import queue_data

pytestmark = pytest.mark.django_db


def tag(ticket: Ticket, agent, *names: str) -> None:
    with transaction.atomic():
        tags_change(lock(ticket), actor=agent, add=names)


@pytest.fixture
def board(agent, customer, vendor):
    other_agent = AgentFactory()
    heading = CategoryFactory()
    leaf = CategoryFactory(parent=heading, depth=2)
    elsewhere = CategoryFactory()
    first = TicketFactory(customer=customer, category=leaf, priority=Priority.HIGH)
    second = TicketFactory(customer=customer, category=elsewhere)
    third = TicketFactory(customer=customer, category=heading, priority=Priority.URGENT)
    at_vendor = transferred_ticket(agent=agent, vendor=vendor, category=elsewhere)
    ticket_assign(ticket=first, actor=agent, assignee=agent)
    ticket_assign(ticket=second, actor=agent, assignee=other_agent)
    ticket_set_status(ticket=third, actor=agent, to=Status.RESOLVED)
    tag(first, agent, "vip")
    tag(second, agent, "vip", "late")
    tag(at_vendor, agent, "late")
    return {
        "heading": heading,
        "leaf": leaf,
        "elsewhere": elsewhere,
        "other_agent": other_agent,
    }


def queries(board, vendor, customer) -> list[str]:
    return [
        "",
        "status=all",
        "status=resolved",
        "status=open&priority=high",
        "priority=urgent&status=all",
        f"category={board['heading'].pk}&status=all",
        f"category={board['leaf'].pk}",
        f"category={board['elsewhere'].pk}",
        "assignee=mine",
        "assignee=none",
        f"assignee={board['other_agent'].pk}",
        f"vendor={vendor.code}",
        "tag=vip",
        "tag=late",
        "tag=nobody-uses-this",
        "tag=vip&sort=due",
        "sort=priority&status=all",
        "sort=case&per_page=50",
        "waiting_on=vendor",
        "unread=any",
        f"customer={customer.username}",
        f"customer={customer.email.upper()}&status=all",
        "customer=nobody@example.com",
    ]


def test_each_filter_finds_what_the_querysets_find(board, agent, vendor, customer, web_for):
    client = web_for(agent)
    for query in queries(board, vendor, customer):
        data = queue_data(query)
        assert compiled_queue_takes(data), query
        expected = list(queue_row_columns(queue_tickets(user=agent, data=data)))
        response = client.get(f"/agent/?{query}")
        page = response.context["page"]
        assert [ticket.pk for ticket in page.object_list] == [t.pk for t in expected], query
        assert page.paginator.count == len(expected), query
        shown_tags = {ticket.pk: [row.tag.name for row in ticket.tag_rows] for ticket in page}
        assert shown_tags == {
            ticket.pk: sorted(ticket.ticket_tags.values_list("tag__name", flat=True))
            for ticket in expected
        }, query


def test_a_search_an_sla_state_or_dates_build_the_queryset_per_request(agent):
    for query in ("q=parcel", "sla=breached", "created_from=2026-01-01"):
        assert not compiled_queue_takes(queue_data(query)), query


def test_pages_past_the_first_show_the_next_rows(agent, customer, web_for):
    tickets = [TicketFactory(customer=customer) for _ in range(30)]
    client = web_for(agent)

    first = client.get("/agent/?sort=created").context["page"]
    second = client.get("/agent/?sort=created&page=2").context["page"]

    assert [t.pk for t in first] == [t.pk for t in tickets[:25]]
    assert [t.pk for t in second] == [t.pk for t in tickets[25:]]
    assert first.paginator.count == 30


def test_customers_lists_show_what_the_querysets_find(
    customer, seller_account, seller_colleague, other_customer, agent, web_for
):
    heading = CategoryFactory()
    leaf = CategoryFactory(parent=heading, depth=2)
    TicketFactory(customer=customer, category=leaf)
    TicketFactory(customer=seller_colleague, seller_account_id=seller_account.pk)
    TicketFactory(customer=seller_colleague)
    resolved = TicketFactory(customer=other_customer, category=heading)
    ticket_set_status(ticket=resolved, actor=agent, to=Status.RESOLVED)
    filters = [{}, {"status": "open"}, {"status": "resolved"}, {"category": heading}]

    for user in (customer, seller_colleague, other_customer):
        client = web_for(user)
        for data in filters:
            query = {name: getattr(value, "pk", value) for name, value in data.items()}
            expected = list(portal_row_columns(customer_tickets(user=user, data=data)))
            page = client.get("/tickets/", query).context["page"]
            assert [t.pk for t in page] == [t.pk for t in expected], (user, data)
            assert page.paginator.count == len(expected), (user, data)

    others = web_for(other_customer).get("/tickets/").context["page"]
    assert [t.pk for t in others] == [resolved.pk]
