"""`002` and SPEC's table: paths, status codes and shapes of the support-request API."""

import re

import pytest

from tests.factories import AgentFactory, TicketFactory
from tickets.models import Category, Message, Status, Ticket
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_cancel, ticket_resolve

REQUEST_FIELDS = {
    "id": int,
    "customerId": int,
    "category": str,
    "subject": str,
    "description": str,
    "orderId": (str, type(None)),
    "status": str,
    "createdAt": str,
    "updatedAt": str,
    "responses": list,
}
CATEGORIES = {"Order", "Product", "Account", "Technical", "Payment", "General"}
STATUSES = {"Pending", "In Progress", "Resolved", "Cancelled"}
UTC_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def assert_request_shape(body):
    assert set(body) == set(REQUEST_FIELDS)
    for name, kind in REQUEST_FIELDS.items():
        assert isinstance(body[name], kind), (name, body[name])
    assert body["category"] in CATEGORIES
    assert body["status"] in STATUSES
    assert UTC_Z.match(body["createdAt"])
    assert UTC_Z.match(body["updatedAt"])
    for response in body["responses"]:
        assert set(response) == {"message", "agentId", "createdAt"}
        assert isinstance(response["agentId"], int)
        assert UTC_Z.match(response["createdAt"])


def create_body(customer, **overrides):
    return {
        "customerId": customer.pk,
        "category": "Order",
        "subject": "Where is my order?",
        "description": "The tracking page has not changed for five days.",
        "orderId": "ORD-2024-001",
    } | overrides


def test_create_answers_204_with_location_of_the_new_request(customer, client_for):
    client = client_for(customer)

    response = client.post("/api/support-requests", create_body(customer), format="json")

    assert response.status_code == 204
    assert response.content == b""
    ticket = Ticket.objects.select_related("category").get()
    location = f"http://testserver/api/support-requests/customers/{customer.pk}/{ticket.pk}"
    assert response["Location"] == location
    assert (ticket.category.code, ticket.order_id) == ("ORDER", "ORD-2024-001")
    detail = client.get(location)
    assert detail.status_code == 200
    body = detail.json()
    assert_request_shape(body)
    assert body == body | {
        "id": ticket.pk,
        "customerId": customer.pk,
        "category": "Order",
        "subject": "Where is my order?",
        "description": "The tracking page has not changed for five days.",
        "orderId": "ORD-2024-001",
        "status": "Pending",
        "responses": [],
    }


def test_order_id_is_optional_and_may_be_a_number(customer, client_for):
    client = client_for(customer)

    without = client.post(
        "/api/support-requests", create_body(customer, orderId=None), format="json"
    )
    numeric = client.post(
        "/api/support-requests", create_body(customer, orderId=19000123), format="json"
    )

    assert (without.status_code, numeric.status_code) == (204, 204)
    rows = client.get(f"/api/support-requests/customers/{customer.pk}").json()
    assert sorted(row["orderId"] or "" for row in rows) == ["", "19000123"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "Shipping"}, "category"),
        ({"category": "order"}, "category"),
        ({"subject": ""}, "subject"),
        ({"description": ""}, "description"),
        ({"customerId": "me"}, "customerId"),
    ],
)
def test_invalid_create_answers_400_naming_the_field(customer, client_for, overrides, field):
    response = client_for(customer).post(
        "/api/support-requests", create_body(customer, **overrides), format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert (body["status"], body["error"], body["path"]) == (
        400,
        "Bad Request",
        "/api/support-requests",
    )
    assert not Ticket.objects.exists()


def test_unknown_customer_answers_404_to_an_agent(customer, agent, client_for):
    # To anyone else an id that is not their own answers 403, whoever it names (see
    # tests/api/test_enumeration.py).
    response = client_for(agent).post(
        "/api/support-requests", create_body(customer, customerId=987654321), format="json"
    )

    assert response.status_code == 404
    assert response.json()["error"] == "Not Found"
    assert not Ticket.objects.exists()


def test_missing_category_node_answers_400(customer, client_for):
    Category.objects.filter(code="PAYMENT", parent__isnull=True).update(is_deleted=True)

    response = client_for(customer).post(
        "/api/support-requests", create_body(customer, category="Payment"), format="json"
    )

    assert response.status_code == 400
    assert "category" in response.json()["errors"]


def test_list_own_filters_by_category(customer, request_of, client_for):
    order = request_of(customer, "ORDER")
    payment = request_of(customer, "PAYMENT")
    client = client_for(customer)

    everything = client.get(f"/api/support-requests/customers/{customer.pk}")
    payments = client.get(f"/api/support-requests/customers/{customer.pk}?category=Payment")

    assert everything.status_code == 200
    assert [row["id"] for row in everything.json()] == [payment.pk, order.pk]
    for row in everything.json():
        assert_request_shape(row)
    assert [row["id"] for row in payments.json()] == [payment.pk]


def test_list_invalid_category_answers_400(customer, client_for):
    response = client_for(customer).get(
        f"/api/support-requests/customers/{customer.pk}?category=Shipping"
    )

    assert response.status_code == 400
    assert "category" in response.json()["errors"]


def test_list_unknown_customer_answers_404(agent, client_for):
    response = client_for(agent).get("/api/support-requests/customers/987654321")

    assert response.status_code == 404


def test_documents_short_paths_are_the_same_operations(customer, request_of, client_for):
    ticket = request_of(customer, "TECHNICAL")
    client = client_for(customer)

    short_list = client.get(f"/api/support-requests/{customer.pk}?category=Technical")
    long_list = client.get(f"/api/support-requests/customers/{customer.pk}?category=Technical")
    short_detail = client.get(f"/api/support-requests/{customer.pk}/{ticket.pk}")
    long_detail = client.get(f"/api/support-requests/customers/{customer.pk}/{ticket.pk}")

    assert short_list.status_code == long_list.status_code == 200
    assert short_list.json() == long_list.json()
    assert short_detail.status_code == long_detail.status_code == 200
    assert short_detail.json() == long_detail.json()


def test_detail_of_another_customers_request_or_wrong_pair_answers_404(
    customer, other_customer, request_of, client_for
):
    theirs = request_of(other_customer)
    mine = request_of(customer)
    client = client_for(customer)

    assert (
        client.get(f"/api/support-requests/customers/{other_customer.pk}/{theirs.pk}").status_code
        == 404
    )
    assert (
        client.get(f"/api/support-requests/customers/{customer.pk}/{theirs.pk}").status_code == 404
    )
    assert (
        client.get(f"/api/support-requests/customers/{other_customer.pk}/{mine.pk}").status_code
        == 404
    )
    assert client.get(f"/api/support-requests/customers/{customer.pk}/999999999").status_code == 404


def test_pending_lists_unreviewed_requests_oldest_first(customer, agent, request_of, client_for):
    first = request_of(customer, "ORDER")
    second = request_of(customer, "PRODUCT")
    answered = request_of(customer, "ORDER")
    message_post(ticket=answered, actor=agent, body="Looking into it")
    resolved = request_of(customer, "ORDER")
    ticket_resolve(ticket=resolved, actor=agent)

    everything = client_for(agent).get("/api/support-requests/pending")
    products = client_for(agent).get("/api/support-requests/pending?category=Product")

    assert everything.status_code == 200
    assert [row["id"] for row in everything.json()] == [first.pk, second.pk]
    assert {row["status"] for row in everything.json()} == {"Pending"}
    assert [row["id"] for row in products.json()] == [second.pk]


def test_pending_invalid_category_answers_400(agent, client_for):
    response = client_for(agent).get("/api/support-requests/pending?category=Other")

    assert response.status_code == 400
    assert "category" in response.json()["errors"]


def test_ticket_outside_the_six_categories_reads_as_general(customer, agent, client_for):
    inbound = Category.objects.get(code="INBOUND")
    three_pl = TicketFactory(customer=customer, category=inbound)
    uncategorised = TicketFactory(customer=customer)
    TicketFactory(customer=customer, category=Category.objects.get(code="ORDER"))

    rows = client_for(agent).get("/api/support-requests/pending?category=General").json()

    assert {row["id"] for row in rows} == {three_pl.pk, uncategorised.pk}
    assert {row["category"] for row in rows} == {"General"}


def test_respond_resolves_and_the_customer_sees_the_response(
    customer, agent, request_of, client_for
):
    ticket = request_of(customer)
    message_post(ticket=ticket, actor=agent, body="Internal: check depot", is_internal=True)

    response = client_for(agent).post(
        f"/api/support-requests/{ticket.pk}/agents/{agent.pk}/respond",
        {"message": "Your parcel arrives tomorrow."},
        format="json",
    )

    assert response.status_code == 204
    assert response.content == b""
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolved_by_id) == (Status.RESOLVED, agent.pk)
    seen = client_for(customer).get(f"/api/support-requests/customers/{customer.pk}/{ticket.pk}")
    body = seen.json()
    assert body["status"] == "Resolved"
    assert [(r["message"], r["agentId"]) for r in body["responses"]] == [
        ("Your parcel arrives tomorrow.", agent.pk)
    ]


def test_respond_to_a_resolved_request_adds_the_response_and_stays_resolved(
    customer, agent, request_of, client_for
):
    ticket = request_of(customer)
    ticket_resolve(ticket=ticket, actor=agent)

    response = client_for(agent).post(
        f"/api/support-requests/{ticket.pk}/agents/{agent.pk}/respond",
        {"message": "One more thing."},
        format="json",
    )

    assert response.status_code == 204
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert ticket.messages.count() == 2


@pytest.mark.parametrize("body", [{"message": ""}, {}, {"message": None}])
def test_respond_with_empty_message_answers_400_and_writes_nothing(
    customer, agent, request_of, client_for, body
):
    ticket = request_of(customer)

    response = client_for(agent).post(
        f"/api/support-requests/{ticket.pk}/agents/{agent.pk}/respond", body, format="json"
    )

    assert response.status_code == 400
    assert "message" in response.json()["errors"]
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.messages.count() == 1


def test_respond_as_unknown_agent_answers_404(customer, agent, request_of, client_for):
    ticket = request_of(customer)

    response = client_for(agent).post(
        f"/api/support-requests/{ticket.pk}/agents/987654321/respond",
        {"message": "Hi"},
        format="json",
    )

    assert response.status_code == 404
    assert Message.objects.filter(ticket=ticket).count() == 1


def test_respond_to_unknown_request_answers_404(agent, client_for):
    response = client_for(agent).post(
        f"/api/support-requests/987654321/agents/{agent.pk}/respond",
        {"message": "Hi"},
        format="json",
    )

    assert response.status_code == 404


def test_respond_to_a_cancelled_request_answers_409(customer, agent, request_of, client_for):
    ticket = request_of(customer)
    ticket_cancel(ticket=ticket, actor=customer)

    response = client_for(agent).post(
        f"/api/support-requests/{ticket.pk}/agents/{agent.pk}/respond",
        {"message": "Hi"},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["error"] == "Conflict"
    assert ticket.messages.count() == 1


def test_cancel_marks_the_request_cancelled(customer, agent, request_of, client_for):
    ticket = request_of(customer)

    response = client_for(agent).post(f"/api/support-requests/{ticket.pk}/agents/{agent.pk}/cancel")

    assert response.status_code == 204
    seen = client_for(customer).get(f"/api/support-requests/customers/{customer.pk}/{ticket.pk}")
    assert seen.json()["status"] == "Cancelled"


@pytest.mark.parametrize("resolve_first", [True, False])
def test_cancel_after_resolution_or_twice_answers_409(
    customer, agent, request_of, client_for, resolve_first
):
    ticket = request_of(customer)
    if resolve_first:
        ticket_resolve(ticket=ticket, actor=agent)
    else:
        ticket_cancel(ticket=ticket, actor=agent)
    before = Ticket.objects.get(pk=ticket.pk).status

    response = client_for(agent).post(f"/api/support-requests/{ticket.pk}/agents/{agent.pk}/cancel")

    assert response.status_code == 409
    assert Ticket.objects.get(pk=ticket.pk).status == before


def test_cancel_unknown_request_or_agent_answers_404(customer, agent, request_of, client_for):
    ticket = request_of(customer)
    client = client_for(agent)

    assert (
        client.post(f"/api/support-requests/987654321/agents/{agent.pk}/cancel").status_code == 404
    )
    assert (
        client.post(f"/api/support-requests/{ticket.pk}/agents/987654321/cancel").status_code == 404
    )
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


def test_status_in_progress_while_support_waits_on_the_customer(
    customer, agent, request_of, client_for
):
    ticket = request_of(customer)
    message_post(ticket=ticket, actor=agent, body="Which colour did you order?")

    body = (
        client_for(customer)
        .get(f"/api/support-requests/customers/{customer.pk}/{ticket.pk}")
        .json()
    )

    assert body["status"] == "In Progress"
    assert [r["message"] for r in body["responses"]] == ["Which colour did you order?"]


@pytest.mark.parametrize("rows", [1, 50])
def test_lists_issue_a_fixed_number_of_queries(
    customer, agent, request_of, client_for, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        request_of(customer, "PRODUCT")
    agent_client, customer_client = client_for(agent), client_for(customer)

    with django_assert_max_num_queries(3):
        pending = agent_client.get("/api/support-requests/pending?category=Product")
    with django_assert_max_num_queries(6):
        own = customer_client.get(f"/api/support-requests/customers/{customer.pk}")

    assert len(pending.json()) == rows
    assert len(own.json()) == rows


def test_agent_needs_no_agent_group_membership_beyond_staff(customer, request_of, client_for):
    staff = AgentFactory(is_staff=True)
    ticket = request_of(customer)

    response = client_for(staff).post(
        f"/api/support-requests/{ticket.pk}/agents/{staff.pk}/respond",
        {"message": "Done."},
        format="json",
    )

    assert response.status_code == 204


@pytest.mark.parametrize(
    "path",
    [
        "/api/support-requests/customers/abc",
        "/api/support-requests/customers/-1/2",
        "/api/support-requests/12.5/3",
        "/api/support-requests/99999999999999999999999",
    ],
)
def test_a_malformed_id_answers_the_dialects_json_404(agent, client_for, path):
    response = client_for(agent).get(path)

    assert response.status_code == 404
    assert response.json()["error"] == "Not Found"


def test_a_malformed_agent_id_answers_404(customer, agent, request_of, client_for):
    ticket = request_of(customer)

    response = client_for(agent).post(
        f"/api/support-requests/{ticket.pk}/agents/x1/respond", {"message": "Hi"}, format="json"
    )

    assert response.status_code == 404
    assert ticket.messages.count() == 1
