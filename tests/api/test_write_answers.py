"""Create and reply answer from the rows they wrote instead of reading them back: the answer
is byte for byte what reading the ticket (or the thread) right after gives."""

import pytest

from tests.factories import CategoryFactory, TicketFactory, upload
from tests.sla_support import make_policy
from tickets.models import Priority

# Keys out of order, nested and of every JSON type: PostgreSQL's jsonb stores them its
# own way, and the answer must show what a later read shows.
METADATA = {
    "zeta": 1,
    "a": [1.5, None, True, "x"],
    "middle-key": {"b": 2, "a": {"deep": "yes"}},
    "big": 1e20,
}


@pytest.fixture
def leaf_category():
    top = CategoryFactory()
    return CategoryFactory(parent=CategoryFactory(parent=top, depth=2), depth=3)


def _detail(client, ticket_id: int) -> bytes:
    response = client.get(f"/api/v1/tickets/{ticket_id}/")
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("with_policy", [False, True])
def test_a_customers_create_answers_what_a_read_gives(
    customer, seller_account, leaf_category, client_for, with_policy
):
    if with_policy:
        make_policy()
    parent = TicketFactory(customer=customer)
    photos = [upload(customer, "b.png"), upload(customer, "a.png")]
    client = client_for(customer)
    response = client.post(
        "/api/v1/tickets/",
        {
            "subject": "  Dented box ",
            "description": "It arrived dented.",
            "body": "Photos attached.",
            "category": leaf_category.pk,
            "seller_account": seller_account.pk,
            "parent": parent.pk,
            "order_id": "ORD-1",
            "warehouse_id": 7,
            "item_id": "SKU-9",
            "item_name": "Lamp",
            "metadata": METADATA,
            "attachments": [str(photo.uuid) for photo in photos],
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert len(body["messages"][0]["attachments"]) == 2
    assert response.content == _detail(client, body["id"])


def test_an_agents_create_for_a_customer_answers_what_a_read_gives(customer, agent, client_for):
    make_policy(targets={Priority.HIGH: (60, 240)})
    client = client_for(agent)
    response = client.post(
        "/api/v1/tickets/",
        {
            "subject": "Called in",
            "description": "By phone.",
            "customer": customer.pk,
            "priority": Priority.HIGH,
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert [event["kind"] for event in body["events"]] == ["created"]
    assert body["sla_first_response_due_at"] is not None
    assert response.content == _detail(client, body["id"])


@pytest.mark.parametrize(("who", "internal"), [("customer", False), ("agent", True)])
def test_a_reply_answers_the_message_as_the_thread_shows_it(
    who, internal, customer, agent, client_for, request
):
    user = request.getfixturevalue(who)
    ticket = TicketFactory(customer=customer)
    files = [upload(user, "z.png"), upload(user, "y.png")]
    client = client_for(user)
    response = client.post(
        f"/api/v1/tickets/{ticket.pk}/messages/",
        {
            "body": "See the files.",
            "internal": internal,
            "attachments": [str(f.uuid) for f in files],
        },
        format="json",
    )

    assert response.status_code == 201
    posted = response.json()
    assert len(posted["attachments"]) == 2
    thread = client.get(f"/api/v1/tickets/{ticket.pk}/messages/").json()["results"]
    assert [m for m in thread if m["id"] == posted["id"]] == [posted]
