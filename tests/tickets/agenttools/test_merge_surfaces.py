"""Every surface that looks a merged duplicate up answers with the target's state or a
clear pointer to it; the undo works from the API and the agent page."""

import pytest

from tests.factories import TicketFactory
from tests.mail_helpers import make_mail
from tickets.models import Category, Status, Ticket
from tickets.notifications.addresses import reply_address
from tickets.notifications.inbound import mail_receive
from tickets.services.merge import ticket_merge
from tickets.services.messages import message_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(customer, agent):
    order = Category.objects.get(code="ORDER", parent__isnull=True)
    target = TicketFactory(customer=customer, subject="Target", category=order)
    duplicate = TicketFactory(customer=customer, subject="Duplicate", category=order)
    message_post(ticket=target, actor=agent, body="We are checking with the carrier.")
    ticket_merge(duplicate=duplicate, target=target, actor=agent)
    target.refresh_from_db()
    duplicate.refresh_from_db()
    return target, duplicate


def test_native_detail_shows_the_pointer_and_the_thread_moved(merged, customer, client_for):
    target, duplicate = merged
    body = client_for(customer).get(f"/api/v1/tickets/{duplicate.pk}/").json()
    assert body["merged_into"] == target.pk
    assert body["status"] == Status.CANCELLED
    assert body["messages"] == []
    target_body = client_for(customer).get(f"/api/v1/tickets/{target.pk}/").json()
    assert {m["merged_from"] for m in target_body["messages"]} == {None, duplicate.pk}


def test_native_messages_of_the_duplicate_are_the_targets(merged, customer, client_for):
    target, duplicate = merged
    client = client_for(customer)
    listed = client.get(f"/api/v1/tickets/{duplicate.pk}/messages/").json()["results"]
    assert "We are checking with the carrier." in [m["body"] for m in listed]
    posted = client.post(
        f"/api/v1/tickets/{duplicate.pk}/messages/", {"body": "Thanks"}, format="json"
    )
    assert posted.status_code == 201
    assert target.messages.filter(body="Thanks").exists()


def test_native_merge_and_unmerge_endpoints(customer, agent, client_for):
    target = TicketFactory(customer=customer)
    duplicate = TicketFactory(customer=customer)
    client = client_for(agent)
    response = client.post(
        f"/api/v1/tickets/{duplicate.pk}/merge/", {"into": target.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["id"] == target.pk
    assert Ticket.objects.get(pk=duplicate.pk).merged_into_id == target.pk
    again = client.post(
        f"/api/v1/tickets/{duplicate.pk}/merge/", {"into": target.pk}, format="json"
    )
    assert again.status_code == 409
    undone = client.post(f"/api/v1/tickets/{duplicate.pk}/unmerge/")
    assert undone.status_code == 200
    assert undone.json()["merged_into"] is None
    assert undone.json()["status"] == Status.OPEN
    assert client.post(f"/api/v1/tickets/{duplicate.pk}/unmerge/").status_code == 409


@pytest.mark.parametrize(
    ("actor", "expected"), [("customer", 403), ("stranger", 404), ("vendor", 404)]
)
def test_only_agents_merge(actor, expected, customer, other_customer, vendor_user, client_for):
    target = TicketFactory(customer=customer)
    duplicate = TicketFactory(customer=customer)
    user = {"customer": customer, "stranger": other_customer, "vendor": vendor_user}[actor]
    response = client_for(user).post(
        f"/api/v1/tickets/{duplicate.pk}/merge/", {"into": target.pk}, format="json"
    )
    assert response.status_code == expected
    assert Ticket.objects.get(pk=duplicate.pk).merged_into_id is None


def test_merge_into_an_unknown_ticket_names_the_field(customer, agent, client_for):
    duplicate = TicketFactory(customer=customer)
    response = client_for(agent).post(
        f"/api/v1/tickets/{duplicate.pk}/merge/", {"into": 999999}, format="json"
    )
    assert response.status_code == 400
    assert "into" in response.json()["errors"]


def test_portal_sends_the_customer_to_the_target(merged, customer, web_for):
    target, duplicate = merged
    response = web_for(customer).get(f"/tickets/{duplicate.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/tickets/{target.pk}/"
    page = response.content.decode()
    assert f"{duplicate.case_number} was merged into {target.case_number}" in page


def test_agent_page_shows_the_pointer_and_undoes_the_merge(merged, agent, web_for):
    target, duplicate = merged
    client = web_for(agent)
    page = client.get(f"/agent/tickets/{duplicate.pk}/").content.decode()
    assert "Merged into" in page
    assert target.case_number in page
    assert "Undo merge" in page
    target_page = client.get(f"/agent/tickets/{target.pk}/").content.decode()
    assert "Merged into this ticket" in target_page
    client.post(f"/agent/tickets/{duplicate.pk}/unmerge/")
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_agent_page_merges_by_case_number(customer, agent, web_for):
    target = TicketFactory(customer=customer)
    duplicate = TicketFactory(customer=customer)
    response = web_for(agent).post(
        f"/agent/tickets/{duplicate.pk}/merge/", {"target": target.case_number}, follow=True
    )
    assert f"Merged into {target.case_number}" in response.content.decode()
    assert Ticket.objects.get(pk=duplicate.pk).merged_into_id == target.pk


def test_agent_page_shows_why_a_merge_is_refused(customer, other_customer, agent, web_for):
    duplicate = TicketFactory(customer=customer)
    stranger = TicketFactory(customer=other_customer)
    response = web_for(agent).post(
        f"/agent/tickets/{duplicate.pk}/merge/", {"target": stranger.case_number}, follow=True
    )
    assert "Only tickets of the same customer can be merged." in response.content.decode()
    assert Ticket.objects.get(pk=duplicate.pk).merged_into_id is None


def test_3pl_inquiry_of_the_duplicate_answers_with_the_target(merged, customer, client_for):
    target, duplicate = merged
    body = client_for(customer).get(f"/customerInquiries/{duplicate.pk}").json()
    assert body["id"] == target.pk
    assert body["caseNumber"] == target.case_number
    assert body["status"] == "WITH_YOU"


def test_support_request_of_the_duplicate_answers_with_the_target(merged, customer, client_for):
    target, duplicate = merged
    response = client_for(customer).get(
        f"/api/support-requests/customers/{customer.pk}/{duplicate.pk}"
    )
    assert response.status_code == 200
    assert response.json()["id"] == target.pk
    assert response.json()["status"] == "In Progress"


def test_storefront_ticket_of_the_duplicate_answers_with_the_target(merged, customer, client_for):
    target, duplicate = merged
    body = (
        client_for(customer).get(f"/backend/api/api/customer-support-ticket/{duplicate.pk}").json()
    )
    assert str(body["data"]["id"]) == str(target.pk)


def test_callcenter_vendor_never_sees_a_merged_duplicate(merged, vendor_user, client_for):
    _, duplicate = merged
    response = client_for(vendor_user).get(
        f"/v2/providers/openapi/apis/api/v4/vendors/callCenterInquiries/{duplicate.pk}"
    )
    assert response.status_code == 404


def test_a_mail_reply_to_the_duplicate_lands_on_the_target(merged, customer):
    target, duplicate = merged
    raw = make_mail(
        sender=customer.email, to=reply_address(duplicate.pk), text="Replying to the old one"
    ).as_bytes()
    mail_receive(raw=raw)
    assert target.messages.filter(body="Replying to the old one").exists()
    assert not duplicate.messages.exists()
