"""A caller who may not reach an object gets the same answer whether it exists or not, so
probing ids or codes tells nothing (SPEC: hidden and missing look alike)."""

import json

import pytest

from tests.factories import (
    AgentFactory,
    CategoryFactory,
    CustomerFactory,
    VendorFactory,
    VendorUserFactory,
)
from tickets.models import Ticket

CALLCENTER = "/v2/providers/openapi/apis/api/v4/vendors"
WINDOW = "partnerCounselingStatus=NONE&inquiryStartAt=2026-11-01&inquiryEndAt=2026-11-07"
NOBODY = 987_654_321


@pytest.fixture
def others(db):
    """An id of each kind a customer might probe: another customer, an agent, a vendor
    user, and an id nobody has."""
    return {
        "customer": CustomerFactory().pk,
        "agent": AgentFactory().pk,
        "vendor": VendorUserFactory().pk,
        "nobody": NOBODY,
    }


def _answers(client, method: str, paths_and_bodies) -> set[tuple[int, str]]:
    """Each distinct (status, body) the paths answer, leaving out the path a body echoes."""
    answers = set()
    for path, body in paths_and_bodies:
        response = getattr(client, method)(path, body, format="json") if body else client.get(path)
        echoed = {key: value for key, value in response.json().items() if key != "path"}
        answers.add((response.status_code, json.dumps(echoed, sort_keys=True)))
    return answers


@pytest.mark.parametrize(
    "path", ["/api/support-requests/customers/{id}", "/api/support-requests/{id}"]
)
def test_support_request_list_answers_alike_for_every_id_not_ones_own(
    path, customer, others, client_for
):
    answers = _answers(
        client_for(customer), "get", [(path.format(id=pk), None) for pk in others.values()]
    )

    assert len(answers) == 1
    [(status, _)] = answers
    assert status == 403


def test_support_request_create_answers_alike_for_every_id_not_ones_own(
    customer, others, client_for
):
    bodies = [
        (
            "/api/support-requests",
            {"customerId": pk, "category": "Order", "subject": "S", "description": "D"},
        )
        for pk in others.values()
    ]

    answers = _answers(client_for(customer), "post", bodies)

    assert len(answers) == 1
    assert next(iter(answers))[0] == 403
    assert not Ticket.objects.exists()


def test_support_requests_still_tell_an_agent_which_ids_are_customers(agent, others, client_for):
    client = client_for(agent)

    known = client.get(f"/api/support-requests/customers/{others['customer']}")
    unknown = client.get(f"/api/support-requests/customers/{NOBODY}")

    assert (known.status_code, unknown.status_code) == (200, 404)


@pytest.fixture
def real_code(db):
    return VendorFactory(code="A00055555").code


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", f"/callCenterInquiries?{WINDOW}", None),
        ("post", "/callCenterInquiries/1/replies", {"content": "Hi", "replyBy": "x"}),
        ("post", "/callCenterInquiries/1/confirms", {"confirmBy": "x"}),
    ],
)
@pytest.mark.parametrize("caller", ["customer", "other_vendor"])
def test_callcenter_answers_alike_for_a_real_and_an_unknown_vendor_code(
    method, suffix, body, caller, customer, other_vendor_user, real_code, client_for
):
    client = client_for({"customer": customer, "other_vendor": other_vendor_user}[caller])
    paths = [(f"{CALLCENTER}/{code}{suffix}", body) for code in (real_code, "A99999999")]

    answers = _answers(client, method, paths)

    assert len(answers) == 1
    assert next(iter(answers))[0] == 403


def test_callcenter_tells_an_agent_an_unknown_vendor_code(agent, real_code, client_for):
    client = client_for(agent)

    known = client.get(f"{CALLCENTER}/{real_code}/callCenterInquiries?{WINDOW}")
    unknown = client.get(f"{CALLCENTER}/A99999999/callCenterInquiries?{WINDOW}")

    assert (known.status_code, unknown.status_code) == (200, 400)
    assert unknown.json()["message"] == "Invalid vendor ID"


def test_native_create_answers_alike_for_an_inactive_and_a_missing_category(customer, client_for):
    hidden = CategoryFactory(code="CLOSED_FOR_NOW", is_active=False)
    client = client_for(customer)

    answers = [
        client.post(
            "/api/v1/tickets/",
            {"subject": "S", "description": "D", "category": category_id},
            format="json",
        )
        for category_id in (hidden.pk, NOBODY)
    ]

    assert [a.status_code for a in answers] == [400, 400]
    assert [a.json()["message"] for a in answers] == [
        f"Unknown category {hidden.pk}.",
        f"Unknown category {NOBODY}.",
    ]
    assert not Ticket.objects.exists()


def test_native_create_tells_an_agent_an_inactive_category_is_closed(agent, client_for):
    closed = CategoryFactory(code="CLOSED_FOR_NOW", is_active=False)

    response = client_for(agent).post(
        "/api/v1/tickets/",
        {"subject": "S", "description": "D", "category": closed.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["message"] == "The category 'CLOSED_FOR_NOW' is not available."
