"""One parser of ticket references: every surface answers a malformed, an out-of-range, a
missing and a hidden ticket id alike (its own 404), and never reaches the database with a
number that cannot be a key."""

import pytest
from django.test import Client

from tests.factories import TicketFactory, transferred_ticket
from tickets.references import DB_ID_MAX, parse_id

CALLCENTER = "/v2/providers/openapi/apis/api/v4/vendors"
BAD_REFS = ["0", "-3", "abc", "1e3", str(DB_ID_MAX + 1), "99999999999999999999999", "١٢"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (42, 42),
        (str(DB_ID_MAX), DB_ID_MAX),
        (str(DB_ID_MAX + 1), None),
        ("0", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("١٢", None),  # Arabic-Indic digits: str.isdigit() says yes, a key says no
        (True, None),
        (None, None),
    ],
)
def test_parse_id_accepts_only_positive_64_bit_ascii_ids(value, expected):
    assert parse_id(value) == expected


def api_paths(ref):
    return [
        f"/api/v1/tickets/{ref}/",
        f"/api/v1/tickets/{ref}/messages/",
        f"/customerInquiries/{ref}",
        f"/backend/api/api/customer-support-ticket/{ref}",
    ]


@pytest.mark.parametrize("ref", [*BAD_REFS, "missing", "hidden"])
def test_every_api_answers_404_for_a_bad_missing_or_hidden_ticket(
    ref, client_for, customer, other_customer
):
    hidden = TicketFactory(customer=other_customer)
    ref = {"missing": str(hidden.pk + 1000), "hidden": str(hidden.pk)}.get(ref, ref)
    client = client_for(customer)
    for path in api_paths(ref):
        assert client.get(path).status_code == 404, path
    path = f"/api/support-requests/customers/{customer.pk}/{ref}"
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("ref", [*BAD_REFS, "missing", "hidden"])
def test_vendor_surfaces_answer_404_for_a_bad_missing_or_hidden_ticket(
    ref, client_for, agent, vendor, other_vendor_user
):
    hidden = transferred_ticket(agent=agent, vendor=vendor)
    ref = {"missing": str(hidden.pk + 1000), "hidden": str(hidden.pk)}.get(ref, ref)
    response = client_for(other_vendor_user).get(f"{CALLCENTER}/callCenterInquiries/{ref}")
    assert response.status_code == 404
    web = Client()
    web.force_login(other_vendor_user)
    assert web.get(f"/vendor/tickets/{ref}/").status_code == 404


@pytest.mark.parametrize("ref", BAD_REFS)
def test_web_pages_answer_404_for_a_malformed_id(ref, customer, agent):
    for user, path in ((customer, f"/tickets/{ref}/"), (agent, f"/agent/tickets/{ref}/")):
        web = Client()
        web.force_login(user)
        assert web.get(path).status_code == 404, path
        assert web.post(f"{path}resolve/").status_code == 404, path
