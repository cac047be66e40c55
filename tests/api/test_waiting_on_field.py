"""`waiting_on` / `waiting_since` in the native API: read-only, for those who see the
transfer (agents, the vendor), never for the customer side."""

import pytest

from tests.factories import transferred_ticket

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("viewer", "shown"), [("agent", True), ("vendor_user", True), ("customer", False)]
)
def test_waiting_on_is_shown_to_those_who_see_the_transfer(
    viewer, shown, agent, vendor, vendor_user, customer, client_for
):
    ticket = transferred_ticket(agent=agent, vendor=vendor, customer=customer)
    user = {"agent": agent, "vendor_user": vendor_user, "customer": customer}[viewer]
    for path in (f"/api/v1/tickets/{ticket.pk}/", "/api/v1/tickets/"):
        response = client_for(user).get(path)
        assert response.status_code == 200
        body = response.json()
        data = body if "id" in body else body["results"][0]
        if shown:
            assert data["waiting_on"] == "vendor"
            assert data["waiting_since"]
        else:
            assert "waiting_on" not in data
            assert "waiting_since" not in data
