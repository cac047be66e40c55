"""Who may see and do what through the 3PL dialect."""

import pytest

from tests.factories import SellerAccountFactory, TicketFactory, transferred_ticket
from tickets.models import Rating, Ticket
from tickets.services.messages import message_post


@pytest.fixture
def actors(customer, other_customer, seller_colleague, agent, vendor_user):
    return {
        "owner": customer,
        "seller_colleague": seller_colleague,
        "stranger": other_customer,
        "agent": agent,
        "vendor": vendor_user,
    }


@pytest.fixture
def inquiry(customer, seller_account):
    return TicketFactory(customer=customer, seller_account_id=seller_account.pk)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("owner", 200), ("seller_colleague", 200), ("stranger", 404), ("agent", 200), ("vendor", 404)],
)
def test_inquiry_detail_visibility(actors, inquiry, client_for, actor, expected):
    response = client_for(actors[actor]).get(f"/customerInquiries/{inquiry.pk}")

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("owner", 201), ("seller_colleague", 201), ("stranger", 404), ("agent", 201), ("vendor", 404)],
)
def test_add_message_permissions(actors, inquiry, client_for, actor, expected):
    response = client_for(actors[actor]).post(
        f"/customerInquiries/{inquiry.pk}/messages", {"message": "Hello"}, format="json"
    )

    assert response.status_code == expected
    assert inquiry.messages.count() == (2 if expected == 201 else 1)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("owner", 200), ("seller_colleague", 200), ("stranger", 404), ("agent", 403), ("vendor", 404)],
)
def test_only_the_inquirys_own_side_may_rate(actors, inquiry, client_for, actor, expected):
    response = client_for(actors[actor]).post(
        f"/customerInquiries/{inquiry.pk}/ratings", {"rating": 5}, format="json"
    )

    assert response.status_code == expected
    assert Rating.objects.count() == (1 if expected == 200 else 0)


def test_list_shows_only_the_callers_and_their_seller_accounts_inquiries(
    customer, other_customer, seller_colleague, inquiry, client_for
):
    TicketFactory(customer=other_customer)
    own_plain = TicketFactory(customer=customer)

    mine = client_for(customer).get("/customerInquiries").json()["results"]
    colleague = client_for(seller_colleague).get("/customerInquiries").json()["results"]
    stranger = client_for(other_customer).get("/customerInquiries").json()["results"]

    assert {row["id"] for row in mine} == {inquiry.pk, own_plain.pk}
    assert {row["id"] for row in colleague} == {inquiry.pk}
    assert inquiry.pk not in {row["id"] for row in stranger}


def test_seller_id_must_be_one_of_the_callers_accounts(customer, create_body, client_for):
    foreign = SellerAccountFactory()

    response = client_for(customer).post(
        "/customerInquiries", create_body(sellerId=foreign.pk), format="json"
    )

    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_agent_may_file_for_any_seller_account_but_not_an_unknown_one(
    agent, create_body, client_for
):
    account = SellerAccountFactory()

    filed = client_for(agent).post(
        "/customerInquiries", create_body(sellerId=account.pk), format="json"
    )
    unknown = client_for(agent).post(
        "/customerInquiries", create_body(sellerId=987654), format="json"
    )

    assert filed.status_code == 201
    assert filed.json()["sellerId"] == account.pk
    assert unknown.status_code == 400
    assert "sellerId" in unknown.json()["errors"]


def test_vendor_cannot_open_an_inquiry(vendor_user, create_body, client_for):
    response = client_for(vendor_user).post("/customerInquiries", create_body(), format="json")

    assert response.status_code == 403
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/customerInquiries"),
        ("post", "/customerInquiries"),
        ("get", "/customerInquiries/1"),
        ("post", "/customerInquiries/1/messages"),
        ("post", "/customerInquiries/1/ratings"),
    ],
)
def test_calls_without_a_token_answer_401(client_for, db, method, path):
    response = getattr(client_for(None), method)(path, {}, format="json", HTTP_X_API_KEY="k")

    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_customers_never_see_internal_notes_or_the_vendor_exchange(
    customer, agent, vendor, client_for
):
    ticket = transferred_ticket(agent=agent, vendor=vendor, customer=customer)
    message_post(ticket=ticket, actor=agent, body="Customer is difficult", is_internal=True)

    as_customer = client_for(customer).get(f"/customerInquiries/{ticket.pk}").json()
    as_agent = client_for(agent).get(f"/customerInquiries/{ticket.pk}").json()

    assert [m["category"] for m in as_customer["messages"]] == ["CLIENT_MESSAGE"]
    assert [m["category"] for m in as_agent["messages"]] == [
        "CLIENT_MESSAGE",
        "VENDOR_TRANSFER",
        "INTERNAL_NOTE",
    ]
