"""Lists and ticket pages issue the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AgentFactory, CategoryFactory, TicketFactory, VendorFactory, upload
from tickets.models import Ticket
from tickets.services.merge import ticket_merge
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_assign, ticket_transfer

SIZES = (1, 25, 100)


def count_queries(client, path: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(queries)


def add_tickets(customer, agent, vendor, category, how_many: int) -> None:
    for index in range(how_many):
        ticket = TicketFactory(customer=customer, category=category)
        ticket_assign(ticket=ticket, actor=agent, assignee=agent)
        if index % 3 == 0:
            ticket_transfer(ticket=ticket, actor=agent, vendor=vendor, note="check")


@pytest.fixture
def setting(customer, agent):
    parent = CategoryFactory()
    grandparent_child = CategoryFactory(parent=CategoryFactory(parent=parent))
    return {"vendor": VendorFactory(), "category": grandparent_child}


# A search builds its queryset per request; the others run compiled reads (queries.py).
@pytest.mark.parametrize(
    "filters", [{"q": "Parcel"}, {}, {"tag": "vip"}, {"assignee": "mine", "sort": "priority"}]
)
def test_queue_query_count_is_constant(customer, agent, web_for, setting, filters):
    client = web_for(agent)
    # Warm, as a ticket page's count is: the macros of the bulk bar are held with the
    # picker lists.
    assert client.get("/agent/").status_code == 200
    counts = []
    created = 0
    for size in SIZES:
        add_tickets(customer, agent, setting["vendor"], setting["category"], size - created)
        created = size
        counts.append(count_queries(client, "/agent/", {"per_page": "100", **filters}))
    assert Ticket.objects.count() == 100
    assert counts[0] == counts[1] == counts[2], counts


def test_my_tickets_query_count_is_constant(customer, agent, web_for, setting):
    client = web_for(customer)
    counts = []
    created = 0
    for size in (1, 20):
        add_tickets(customer, agent, setting["vendor"], setting["category"], size - created)
        created = size
        counts.append(count_queries(client, "/tickets/"))
    assert counts[0] == counts[1], counts


def test_vendor_list_query_count_is_constant(customer, agent, vendor_user, web_for, setting):
    client = web_for(vendor_user)
    counts = []
    for _ in (1, 25):
        for _ in range(12):
            ticket = TicketFactory(customer=customer, category=setting["category"])
            ticket_transfer(ticket=ticket, actor=agent, vendor=vendor_user.vendor, note="check")
        counts.append(count_queries(client, "/vendor/"))
    assert counts[0] == counts[1], counts


def thread_of(size: int, customer, agent) -> Ticket:
    """A ticket with `size` thread rows: replies, notes and files, by several people."""
    ticket = TicketFactory(customer=customer)
    other_agent = AgentFactory()
    for index in range(size - 1):
        author = (customer, agent, other_agent)[index % 3]
        files = [upload(author).uuid] if index % 4 == 0 else []
        message_post(
            ticket=ticket,
            actor=author,
            body=f"message {index}",
            is_internal=author != customer and index % 2 == 0,
            attachment_uuids=files,
        )
    return ticket


@pytest.mark.parametrize(
    ("viewer", "path"),
    [("customer", "/tickets/{pk}/"), ("agent", "/agent/tickets/{pk}/")],
)
def test_ticket_page_query_count_is_constant(viewer, path, customer, agent, web_for):
    client = web_for({"customer": customer, "agent": agent}[viewer])
    counts = []
    for size in SIZES:
        ticket = thread_of(size, customer, agent)
        assert ticket.messages.count() == size
        counts.append(count_queries(client, path.format(pk=ticket.pk)))
    assert counts[0] == counts[1] == counts[2], counts


# The agent's ticket page, warm (the picker lists built): session, the user with their
# role (SessionUserBackend reads the agents group with them), the ticket
# with its related rows, thread, events, ratings, customer history, notifications; its tags
# (a prefetch: one row per tag). The agent's macros (for the macro picker) are held with
# the picker lists, so a warm page reads none. A new block on the page that needs data
# should fetch it in one of these or say why it needs another.
AGENT_TICKET_PAGE_QUERIES = 10


def test_agent_ticket_page_issues_a_fixed_number_of_queries(
    customer, agent, web_for, django_assert_num_queries
):
    ticket = thread_of(5, customer, agent)
    client = web_for(agent)
    assert client.get(f"/agent/tickets/{ticket.pk}/").status_code == 200

    with django_assert_num_queries(AGENT_TICKET_PAGE_QUERIES):
        response = client.get(f"/agent/tickets/{ticket.pk}/")

    assert response.status_code == 200


# The customer page: session, the user with their role, the customer and their seller accounts, the
# ticket numbers and rating (one aggregate), the orders, and the page of tickets (with
# their assignees) and its capped count.
CUSTOMER_PAGE_QUERIES = 8


def test_customer_page_issues_a_fixed_number_of_queries(
    customer, agent, web_for, setting, django_assert_num_queries
):
    client = web_for(agent)
    created = 0
    for size in SIZES:
        add_tickets(customer, agent, setting["vendor"], setting["category"], size - created)
        created = size
        with django_assert_num_queries(CUSTOMER_PAGE_QUERIES):
            response = client.get(f"/agent/customers/{customer.pk}/")
        assert response.status_code == 200


def test_a_follow_up_merged_away_names_both_tickets_without_another_query(customer, agent, web_for):
    """The parent and the merge target come with the ticket's own row (their case numbers
    as subqueries), so naming them costs the page no query of its own."""
    client = web_for(agent)
    parent = TicketFactory(customer=customer)
    follow_up = TicketFactory(customer=customer, parent=parent)
    unrelated = TicketFactory(customer=customer)
    target = TicketFactory(customer=customer)
    for duplicate in (unrelated, follow_up):
        ticket_merge(duplicate=duplicate, target=target, actor=agent)
    counts = []
    for ticket in (unrelated, follow_up):
        client.get(f"/agent/tickets/{ticket.pk}/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/agent/tickets/{ticket.pk}/")
        counts.append(len(queries))
    page = response.content.decode()
    assert f">{parent.case_number}</a>" in page
    assert f">{target.case_number}</a>" in page
    assert counts[0] == counts[1], counts
