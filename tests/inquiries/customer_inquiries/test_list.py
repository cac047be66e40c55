"""`GET /customerInquiries`: filters, pagination, a fixed number of queries."""

import pytest

from tests.factories import TicketFactory, upload
from tickets.models import Category
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_resolve


def category(code):
    return Category.objects.get(code=code, parent__isnull=False)


def make_inquiries(customer, seller, count):
    for index in range(count):
        ticket = TicketFactory(
            customer=customer,
            seller_account_id=seller.pk,
            category=category("INBOUND"),
            attachment_uuids=[upload(customer).uuid],
        )
        message_post(ticket=ticket, actor=customer, body=f"More detail {index}")


@pytest.mark.parametrize("rows", [1, 50])
def test_list_issues_a_fixed_number_of_queries(
    customer, seller, client_for, django_assert_max_num_queries, rows
):
    make_inquiries(customer, seller, rows)
    client = client_for(customer)

    with django_assert_max_num_queries(9):
        response = client.get("/customerInquiries?pageSize=100")

    assert response.status_code == 200
    assert response.json()["count"] == rows
    assert all(len(row["messages"]) == 2 for row in response.json()["results"])


def test_list_is_paginated_newest_first(customer, seller, client_for):
    tickets = [TicketFactory(customer=customer) for _ in range(3)]

    first = client_for(customer).get("/customerInquiries?pageSize=2").json()
    second = client_for(customer).get("/customerInquiries?pageSize=2&page=2").json()

    assert first["count"] == 3
    assert [row["id"] for row in first["results"]] == [tickets[2].pk, tickets[1].pk]
    assert [row["id"] for row in second["results"]] == [tickets[0].pk]
    assert first["next"] is not None
    assert second["next"] is None


def test_filters_by_seller_status_topic_and_category(customer, seller, agent, client_for):
    inbound = TicketFactory(
        customer=customer, seller_account_id=seller.pk, category=category("INBOUND")
    )
    report = TicketFactory(customer=customer, category=category("CARTONAGE_REPORT"))
    resolved = TicketFactory(customer=customer)
    ticket_resolve(ticket=resolved, actor=agent)
    waiting = TicketFactory(customer=customer)
    message_post(ticket=waiting, actor=agent, body="Which order?")
    client = client_for(customer)

    def ids(query):
        response = client.get(f"/customerInquiries?{query}")
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids(f"sellerId={seller.pk}") == {inbound.pk}
    assert ids("status=RESOLVED") == {resolved.pk}
    assert ids("status=WITH_YOU") == {waiting.pk}
    assert ids("status=WITH_LOGSTA") == {inbound.pk, report.pk}
    assert ids("topic=FULFILMENT") == {inbound.pk}
    assert ids("topic=REPORTS") == {report.pk}
    assert ids("category=CARTONAGE_REPORT") == {report.pk}


def test_topic_filter_follows_the_topic_the_client_sent(customer, create_body, client_for):
    client = client_for(customer)
    created = client.post("/customerInquiries", create_body(), format="json").json()

    onboarding = client.get("/customerInquiries?topic=ONBOARDING").json()["results"]
    fulfilment = client.get("/customerInquiries?topic=FULFILMENT").json()["results"]

    assert [row["id"] for row in onboarding] == [created["id"]]
    assert fulfilment == []


@pytest.mark.parametrize(
    ("query", "field"),
    [("status=OPEN", "status"), ("topic=NOPE", "topic"), ("sellerId=x", "sellerId")],
)
def test_bad_filter_answers_400_naming_it(customer, client_for, query, field):
    response = client_for(customer).get(f"/customerInquiries?{query}")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_inquiry_sent_without_topic_is_found_under_the_trees_topic(
    customer, create_body, client_for
):
    client = client_for(customer)
    created = client.post(
        "/customerInquiries", create_body(topic=None, category="SURCHARGES"), format="json"
    ).json()

    accounting = client.get("/customerInquiries?topic=ACCOUNTING").json()["results"]

    assert created["topic"] == "ACCOUNTING"
    assert [row["id"] for row in accounting] == [created["id"]]


def test_list_rows_are_what_each_inquirys_own_read_answers(
    customer, seller, agent, other_customer, client_for
):
    """The list runs reads compiled once per role and filters; each row, thread and files
    included, is what `GET /customerInquiries/{id}` answers that user."""
    make_inquiries(customer, seller, 3)
    noted = TicketFactory(customer=customer, seller_account_id=seller.pk)
    message_post(ticket=noted, actor=agent, body="Internal only.", is_internal=True)
    message_post(ticket=noted, actor=agent, body="We are on it.")
    ticket_resolve(ticket=noted, actor=agent)
    TicketFactory(customer=other_customer)

    for user, query in [
        (customer, ""),
        (customer, "?status=RESOLVED&sellerId=123"),
        (customer, "?sellerId=123&pageSize=2&page=2"),
        (other_customer, ""),
        (other_customer, "?sellerId=123"),
    ]:
        client = client_for(user)
        rows = client.get(f"/customerInquiries{query}").json()["results"]
        assert rows == [client.get(f"/customerInquiries/{row['id']}").json() for row in rows]
        if user == other_customer:
            assert all(row["id"] != noted.pk for row in rows)
