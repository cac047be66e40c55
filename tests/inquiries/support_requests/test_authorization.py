"""Who may call which support-request operation (SPEC's table, 403 and 404 columns)."""

import pytest

from tests.factories import AgentFactory
from tickets.models import Status, Ticket


@pytest.fixture
def actors(customer, other_customer, agent, vendor_user):
    return {"customer": customer, "other": other_customer, "agent": agent, "vendor": vendor_user}


def test_customer_may_not_file_for_someone_else(customer, other_customer, client_for):
    response = client_for(customer).post(
        "/api/support-requests",
        {"customerId": other_customer.pk, "category": "Order", "subject": "s", "description": "d"},
        format="json",
    )

    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_agent_may_file_for_any_customer(customer, agent, client_for):
    response = client_for(agent).post(
        "/api/support-requests",
        {"customerId": customer.pk, "category": "Account", "subject": "s", "description": "d"},
        format="json",
    )

    assert response.status_code == 204
    ticket = Ticket.objects.get()
    assert ticket.customer_id == customer.pk


def test_filing_for_an_agent_answers_404_as_no_such_customer(agent, client_for):
    response = client_for(agent).post(
        "/api/support-requests",
        {"customerId": agent.pk, "category": "Account", "subject": "s", "description": "d"},
        format="json",
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("actor", "expected"), [("customer", 200), ("other", 403), ("agent", 200), ("vendor", 403)]
)
def test_list_of_a_customers_requests(actors, customer, request_of, client_for, actor, expected):
    request_of(customer)

    response = client_for(actors[actor]).get(f"/api/support-requests/customers/{customer.pk}")

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("actor", "expected"), [("customer", 200), ("other", 404), ("agent", 200), ("vendor", 404)]
)
def test_detail_of_a_request(actors, customer, request_of, client_for, actor, expected):
    ticket = request_of(customer)

    response = client_for(actors[actor]).get(
        f"/api/support-requests/customers/{customer.pk}/{ticket.pk}"
    )

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("actor", "expected"), [("customer", 403), ("vendor", 403), ("agent", 200)]
)
def test_pending_is_for_support_only(actors, client_for, actor, expected):
    response = client_for(actors[actor]).get("/api/support-requests/pending")

    assert response.status_code == expected


@pytest.mark.parametrize("operation", ["respond", "cancel"])
@pytest.mark.parametrize("actor", ["customer", "vendor"])
def test_a_non_agent_calling_a_support_operation_gets_403(
    actors, customer, request_of, client_for, operation, actor
):
    ticket = request_of(customer)
    caller = actors[actor]

    response = client_for(caller).post(
        f"/api/support-requests/{ticket.pk}/agents/{caller.pk}/{operation}",
        {"message": "I resolve my own ticket"},
        format="json",
    )

    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.messages.count() == 1


@pytest.mark.parametrize("operation", ["respond", "cancel"])
def test_an_agent_acting_in_another_agents_name_gets_403(
    customer, agent, request_of, client_for, operation
):
    colleague = AgentFactory()
    ticket = request_of(customer)

    response = client_for(agent).post(
        f"/api/support-requests/{ticket.pk}/agents/{colleague.pk}/{operation}",
        {"message": "Signed by someone else"},
        format="json",
    )

    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/support-requests"),
        ("get", "/api/support-requests/customers/1"),
        ("get", "/api/support-requests/1/2"),
        ("get", "/api/support-requests/pending"),
        ("post", "/api/support-requests/1/agents/2/respond"),
        ("post", "/api/support-requests/1/agents/2/cancel"),
    ],
)
def test_calls_without_a_token_answer_401(client_for, db, method, path):
    response = getattr(client_for(None), method)(path)

    assert response.status_code == 401
    assert response.json()["status"] == 401
