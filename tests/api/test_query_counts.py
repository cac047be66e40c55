"""Lists and details cost the same number of queries whatever their size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CategoryFactory, TicketFactory, transferred_ticket, upload
from tickets.models import Priority
from tickets.services.messages import message_post
from tickets.services.ratings import rating_add
from tickets.services.tickets import ticket_assign, ticket_change_priority, ticket_resolve

SIZES = (1, 25, 100)


def _queries(client, path, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, response.content[:300]
    return len(captured), response.json()


def _rich_tickets(count, *, customer, agent, vendor):
    """Tickets with everything a list row shows: category three levels deep, an assignee,
    a vendor, replies and an internal note."""
    top = CategoryFactory()
    leaf = CategoryFactory(parent=CategoryFactory(parent=top))
    for index in range(count):
        ticket = transferred_ticket(agent=agent, vendor=vendor, customer=customer, category=leaf)
        ticket_assign(ticket=ticket, actor=agent, assignee=agent)
        ticket_change_priority(
            ticket=ticket, actor=agent, priority=Priority.values[index % len(Priority.values)]
        )
        message_post(ticket=ticket, actor=agent, body="Checking.", is_internal=True)


@pytest.mark.parametrize("role", ["customer", "vendor_user", "agent"])
def test_ticket_list_query_count_does_not_grow_with_rows(
    role, customer, agent, vendor, vendor_user, client_for, request
):
    user = request.getfixturevalue(role)
    client = client_for(user)
    counts = []
    made = 0
    for size in SIZES:
        _rich_tickets(size - made, customer=customer, agent=agent, vendor=vendor)
        made = size
        queries, body = _queries(client, "/api/v1/tickets/", page_size=100)
        assert len(body["results"]) == size
        counts.append(queries)

    assert counts[0] == counts[1] == counts[2], counts


def test_queue_query_count_does_not_grow_with_rows(customer, agent, vendor, client_for):
    client = client_for(agent)
    counts = []
    made = 0
    for size in SIZES:
        _rich_tickets(size - made, customer=customer, agent=agent, vendor=vendor)
        made = size
        queries, body = _queries(client, "/api/v1/queue/", page_size=100, q="Parcel")
        assert len(body["results"]) == size
        counts.append(queries)

    assert counts[0] == counts[1] == counts[2], counts


@pytest.mark.parametrize("role", ["customer", "agent"])
def test_ticket_detail_and_messages_query_count_does_not_grow_with_messages(
    role, customer, agent, client_for, request
):
    user = request.getfixturevalue(role)
    client = client_for(user)
    ticket = TicketFactory(customer=customer)
    posted = 1  # the first message
    detail_counts, list_counts = [], []
    for size in SIZES:
        while posted < size:
            author = agent if posted % 2 else customer
            files = [upload(author, f"shot{posted}.png").uuid] if posted % 3 == 0 else []
            message_post(
                ticket=ticket, actor=author, body=f"Message {posted}", attachment_uuids=files
            )
            if posted % 5 == 0:
                message_post(ticket=ticket, actor=agent, body="note", is_internal=True)
            posted += 1
        queries, body = _queries(client, f"/api/v1/tickets/{ticket.pk}/")
        detail_counts.append(queries)
        public = [m for m in body["messages"] if not m["is_internal"]]
        assert len(public) == size
        queries, _ = _queries(client, f"/api/v1/tickets/{ticket.pk}/messages/", page_size=100)
        list_counts.append(queries)

    assert detail_counts[0] == detail_counts[1] == detail_counts[2], detail_counts
    assert list_counts[0] == list_counts[1] == list_counts[2], list_counts


def test_ratings_list_query_count_does_not_grow(customer, agent, client_for):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket=ticket, actor=agent)
    client = client_for(customer)
    counts = []
    rated = 0
    for size in (1, 25):
        while rated < size:
            rating_add(ticket=ticket, actor=customer, score=1 + rated % 5)
            rated += 1
        queries, body = _queries(client, f"/api/v1/tickets/{ticket.pk}/ratings/")
        assert len(body) == size
        counts.append(queries)

    assert counts[0] == counts[1], counts


def test_ticket_detail_query_count_does_not_grow_with_ratings(customer, agent, client_for):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket=ticket, actor=agent)
    client = client_for(customer)
    counts = []
    rated = 0
    for size in (1, 5):
        while rated < size:
            rating_add(ticket=ticket, actor=customer, score=1 + rated % 5)
            rated += 1
        queries, body = _queries(client, f"/api/v1/tickets/{ticket.pk}/")
        assert len(body["ratings"]) == size
        assert body["ratings"][0]["rated_by"]["id"] == customer.pk
        counts.append(queries)

    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("path", ["/api/v1/categories/", "/api/v1/categories/tree/"])
def test_category_lists_query_count_does_not_grow(path, customer, client_for):
    client = client_for(customer)
    counts = []
    for _ in range(2):
        top = CategoryFactory()
        for _ in range(5):
            middle = CategoryFactory(parent=top)
            for _ in range(4):
                CategoryFactory(parent=middle)
        counts.append(
            _queries(client, path, **({"page_size": 100} if "tree" not in path else {}))[0]
        )

    assert counts[0] == counts[1], counts


# Creating a ticket with a first message and an attachment: authentication (the role read
# with the token), the category, the attachment, the ticket, its message, the event, the
# case number, the SLA policies (read once, none here), the notification outbox (opt-outs,
# the row, the agents' fan-out job). The answer is built from the rows written.
API_CREATE_QUERIES = 14
# Authentication (the role and seller accounts read with the token), the ticket as the
# customer sees it, the ticket under its lock, the message, the ticket's update, and the
# transaction's BEGIN and COMMIT. The answer is the message as posted, not read back.
API_REPLY_QUERIES = 7


def test_api_create_issues_a_fixed_number_of_queries(
    customer, client_for, django_assert_num_queries
):
    category = CategoryFactory()
    photo = upload(customer, "dent.png")
    client = client_for(customer)

    with django_assert_num_queries(API_CREATE_QUERIES):
        response = client.post(
            "/api/v1/tickets/",
            {
                "subject": "Dented box",
                "description": "It arrived dented.",
                "body": "Photo attached.",
                "category": category.pk,
                "attachments": [str(photo.uuid)],
            },
            format="json",
        )

    assert response.status_code == 201


def test_api_reply_issues_a_fixed_number_of_queries(
    customer, client_for, django_assert_num_queries
):
    ticket = TicketFactory(customer=customer)
    client = client_for(customer)

    with django_assert_num_queries(API_REPLY_QUERIES):
        response = client.post(
            f"/api/v1/tickets/{ticket.pk}/messages/", {"body": "Any news?"}, format="json"
        )

    assert response.status_code == 201
