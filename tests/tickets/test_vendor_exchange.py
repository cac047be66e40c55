"""A ticket transferred to a second vendor: each vendor sees only its own exchange (the
transfer note to it and its answer), on every surface; answers are credited to the vendor
that wrote them."""

import pytest

from tests.factories import TicketFactory, VendorFactory, VendorUserFactory
from tickets.models import Message, MessageKind
from tickets.services.messages import vendor_answer
from tickets.services.tickets import ticket_transfer

CALLCENTER = "/v2/providers/openapi/apis/api/v4/vendors"
FIRST_NOTE = "Check the lot number, first shop"
FIRST_ANSWER = "Lot 7731 was recalled by us"
SECOND_NOTE = "Second shop, please confirm stock"
FIRST_ONLY = (FIRST_NOTE, FIRST_ANSWER)


@pytest.fixture
def shops(agent, customer):
    """A ticket transferred to a first vendor, answered by it, then transferred to a second."""
    first = VendorUserFactory(vendor=VendorFactory(name="First Shop Ltd"))
    second = VendorUserFactory(vendor=VendorFactory(name="Second Shop Ltd"))
    ticket = TicketFactory(customer=customer, subject="Recalled lot")
    ticket_transfer(ticket=ticket, actor=agent, vendor=first.vendor, note=FIRST_NOTE)
    vendor_answer(ticket=ticket, actor=first, body=FIRST_ANSWER)
    ticket_transfer(ticket=ticket, actor=agent, vendor=second.vendor, note=SECOND_NOTE)
    return {"ticket": ticket, "first": first, "second": second}


def test_each_exchange_message_names_its_vendor(shops):
    exchange = Message.objects.exclude(kind=MessageKind.REPLY).order_by("id")

    assert [(m.kind, m.vendor_id) for m in exchange] == [
        (MessageKind.TRANSFER, shops["first"].vendor_id),
        (MessageKind.VENDOR_ANSWER, shops["first"].vendor_id),
        (MessageKind.TRANSFER, shops["second"].vendor_id),
    ]


def test_second_vendor_reads_only_its_own_exchange_in_native_messages(shops, client_for):
    ticket = shops["ticket"]

    response = client_for(shops["second"]).get(f"/api/v1/tickets/{ticket.pk}/messages/")

    bodies = [message["body"] for message in response.json()["results"]]
    assert SECOND_NOTE in bodies
    assert not set(FIRST_ONLY) & set(bodies)


def test_second_vendor_reads_only_its_own_exchange_in_native_detail(shops, client_for):
    response = client_for(shops["second"]).get(f"/api/v1/tickets/{shops['ticket'].pk}/")

    bodies = [message["body"] for message in response.json()["messages"]]
    assert SECOND_NOTE in bodies
    assert not set(FIRST_ONLY) & set(bodies)
    assert response.json()["message_count"] == len(bodies)


def test_second_vendor_cannot_find_the_ticket_by_the_first_vendors_words(shops, client_for):
    response = client_for(shops["second"]).get("/api/v1/tickets/", {"q": "recalled by us"})

    assert response.json()["results"] == []


def test_second_vendor_reads_only_its_own_exchange_in_the_callcenter_detail(shops, client_for):
    ticket = shops["ticket"]

    response = client_for(shops["second"]).get(f"{CALLCENTER}/callCenterInquiries/{ticket.pk}")

    replies = response.json()["data"]["replies"]
    assert [reply["content"] for reply in replies] == [SECOND_NOTE]
    assert response.json()["data"]["answeredAt"] is None


def test_second_vendor_reads_only_its_own_exchange_on_the_vendor_page(shops, client):
    client.force_login(shops["second"])

    html = client.get(f"/vendor/tickets/{shops['ticket'].pk}/").content.decode()

    assert SECOND_NOTE in html
    for text in FIRST_ONLY:
        assert text not in html


def test_callcenter_credits_each_answer_to_the_vendor_that_wrote_it(shops, agent, client_for):
    ticket = shops["ticket"]
    vendor_answer(ticket=ticket, actor=shops["second"], body="We have 40 in stock")

    response = client_for(agent).get(f"{CALLCENTER}/callCenterInquiries/{ticket.pk}")

    answers = {
        reply["content"]: reply["receptionistName"]
        for reply in response.json()["data"]["replies"]
        if reply["answerType"] == "vendor"
    }
    assert answers == {FIRST_ANSWER: "First Shop Ltd", "We have 40 in stock": "Second Shop Ltd"}


def test_vendor_transferred_to_again_sees_its_earlier_exchange(shops, agent, client_for):
    ticket = shops["ticket"]
    ticket_transfer(ticket=ticket, actor=agent, vendor=shops["first"].vendor, note="Back to you")

    first = client_for(shops["first"]).get(f"/api/v1/tickets/{ticket.pk}/")
    second = client_for(shops["second"]).get(f"/api/v1/tickets/{ticket.pk}/")

    bodies = [message["body"] for message in first.json()["messages"]]
    assert [b for b in bodies if b != ticket.description] == [*FIRST_ONLY, "Back to you"]
    assert second.status_code == 404


def test_agents_and_customers_see_the_exchange_as_before(shops, agent, customer, client_for):
    ticket = shops["ticket"]

    agent_bodies = [
        m["body"] for m in client_for(agent).get(f"/api/v1/tickets/{ticket.pk}/").json()["messages"]
    ]
    customer_bodies = [
        m["body"]
        for m in client_for(customer).get(f"/api/v1/tickets/{ticket.pk}/").json()["messages"]
    ]

    assert {*FIRST_ONLY, SECOND_NOTE} <= set(agent_bodies)
    assert not {*FIRST_ONLY, SECOND_NOTE} & set(customer_bodies)
