"""The agents' customer page: who may open it and what it shows (issue 14)."""

import pytest

from tests.factories import SellerAccountFactory, TicketFactory
from tickets.customers.selectors import ORDERS_SHOWN
from tickets.services.ratings import rating_add
from tickets.services.tickets import ticket_cancel, ticket_resolve


@pytest.fixture
def shopper(customer):
    customer.first_name, customer.last_name = "Nora", "Kim"
    customer.save(update_fields=["first_name", "last_name"])
    customer.seller_accounts.add(SellerAccountFactory(id=700123, name="Kim Home Goods"))
    return customer


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("agent", 200), ("customer", 403), ("other_customer", 403), ("vendor_user", 403)],
)
def test_customer_page_is_for_agents_only(actor, expected, shopper, request, web_for):
    TicketFactory(customer=shopper)

    response = web_for(request.getfixturevalue(actor)).get(f"/agent/customers/{shopper.pk}/")

    assert response.status_code == expected
    if expected != 200:
        assert shopper.email.encode() not in response.content


def test_customer_page_needs_login(shopper, client):
    response = client.get(f"/agent/customers/{shopper.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/agent/customers/{shopper.pk}/"


@pytest.mark.parametrize("reference", ["987654321", "0", "abc", "9" * 40])
def test_customer_page_of_nobody_is_404(reference, agent, web_for):
    assert web_for(agent).get(f"/agent/customers/{reference}/").status_code == 404


def test_customer_page_shows_profile_accounts_tickets_orders_and_rating(
    shopper, agent, other_customer, web_for
):
    first = TicketFactory(customer=shopper, subject="Lid cracked", order_id="ORD-1")
    second = TicketFactory(customer=shopper, subject="Refund please", order_id="ORD-1")
    third = TicketFactory(customer=shopper, subject="Wrong colour", order_id="ORD-2")
    TicketFactory(customer=other_customer, subject="Not hers", order_id="ORD-9")
    ticket_resolve(ticket=first, actor=agent)
    rating_add(ticket=first, actor=shopper, score=4)
    rating_add(ticket=second, actor=shopper, score=2)
    ticket_cancel(ticket=third, actor=agent)

    response = web_for(agent).get(f"/agent/customers/{shopper.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Nora Kim",
        shopper.username,
        shopper.email,
        "700123",
        "Kim Home Goods",
        "Lid cracked",
        "Refund please",
        "Wrong colour",
        first.case_number,
        "3.0 / 5",
        "(2 ratings)",
        f"?customer={shopper.username}",
    ):
        assert text in html, text
    assert "Not hers" not in html
    assert "ORD-9" not in html
    profile = response.context["profile"]
    assert profile.summary.tickets == 3
    assert profile.summary.unfinished == 1
    assert profile.summary.orders == 2
    assert [(order.order_id, order.tickets) for order in profile.orders] == [
        ("ORD-2", 1),
        ("ORD-1", 2),
    ]
    assert [ticket.pk for ticket in response.context["page"].object_list] == [
        third.pk,
        second.pk,
        first.pk,
    ]


def test_customer_page_lists_the_latest_orders_and_counts_them_all(shopper, agent, web_for):
    for number in range(ORDERS_SHOWN + 2):
        TicketFactory(customer=shopper, order_id=f"ORD-{number}")
    TicketFactory(customer=shopper, order_id="")

    response = web_for(agent).get(f"/agent/customers/{shopper.pk}/")

    profile = response.context["profile"]
    assert profile.summary.orders == ORDERS_SHOWN + 2
    assert [order.order_id for order in profile.orders] == [
        f"ORD-{number}" for number in range(ORDERS_SHOWN + 1, 1, -1)
    ]
    assert b"search the queue by an order number" in response.content


def test_customer_page_pages_the_tickets(shopper, agent, web_for):
    for _ in range(27):
        TicketFactory(customer=shopper)

    client = web_for(agent)
    first = client.get(f"/agent/customers/{shopper.pk}/").context["page"]
    second = client.get(f"/agent/customers/{shopper.pk}/", {"page": 2}).context["page"]

    assert len(first.object_list) == 25
    assert len(second.object_list) == 2
    assert first.paginator.count == 27


def test_customer_without_tickets_has_a_page(shopper, agent, web_for):
    response = web_for(agent).get(f"/agent/customers/{shopper.pk}/")

    assert response.status_code == 200
    assert b"No tickets yet." in response.content
    assert b"Not rated yet" in response.content


def test_agent_ticket_page_and_queue_link_to_the_customer_page(shopper, agent, web_for):
    ticket = TicketFactory(customer=shopper)
    client = web_for(agent)
    link = f'href="/agent/customers/{shopper.pk}/"'

    assert link in client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert link in client.get("/agent/").content.decode()


def test_customer_suggestions_for_agents_only(shopper, agent, customer, vendor_user, web_for):
    answer = web_for(agent).get("/agent/suggest/customers/", {"q": "nora"}).json()

    assert answer["customers"] == [
        {"username": shopper.username, "name": f"Nora Kim · {shopper.email}"}
    ]
    assert web_for(agent).get("/agent/suggest/customers/", {"q": agent.username}).json() == {
        "customers": []
    }
    assert web_for(agent).get("/agent/suggest/customers/").json() == {"customers": []}
    for outsider in (customer, vendor_user):
        response = web_for(outsider).get("/agent/suggest/customers/", {"q": "nora"})
        assert response.status_code == 403
