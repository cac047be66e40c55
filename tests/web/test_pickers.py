"""The pickers (categories, agents, vendors) are built once per change: every change shows on
the next page, whichever way it was made, and nothing else rebuilds them."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AgentFactory, CategoryFactory, TicketFactory, UserFactory, VendorFactory
from tickets import pickers
from tickets.models import Vendor


@pytest.fixture
def page(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    client = web_for(agent)

    def render() -> str:
        response = client.get(f"/agent/tickets/{ticket.pk}/")
        assert response.status_code == 200
        return response.content.decode()

    return render


def test_a_new_vendor_shows_in_the_transfer_select(page):
    page()
    VendorFactory(code="A00099999", name="Late Arrivals Ltd")

    assert "A00099999 · Late Arrivals Ltd" in page()


def test_a_deactivated_agent_leaves_the_assignee_select(page):
    leaving = AgentFactory(username="leaving-agent")
    assert "leaving-agent" in page()

    leaving.is_active = False
    leaving.save()

    assert "leaving-agent" not in page()


def test_a_category_soft_deleted_in_admin_leaves_the_category_select(page, client):
    category = CategoryFactory(name="Seasonal returns")
    assert "Seasonal returns" in page()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    client.post(
        "/admin/tickets/category/",
        {"action": "soft_delete", "_selected_action": [category.pk]},
    )

    assert "Seasonal returns" not in page()


def test_a_change_made_elsewhere_shows_once_the_shared_version_moves(page):
    vendor = VendorFactory(name="Old Name GmbH")
    assert "Old Name GmbH" in page()
    # Another app host's write: this process sees no signal, only the shared version.
    Vendor.objects.filter(pk=vendor.pk).update(name="New Name GmbH")
    assert "Old Name GmbH" in page()

    cache.set(pickers.VERSION_KEY, "changed-on-another-host", timeout=None)

    assert "New Name GmbH" in page()


def vendor_list_reads(render) -> int:
    with CaptureQueriesContext(connection) as captured:
        render()
    return sum(
        query["sql"].startswith('SELECT "tickets_vendor"."code" AS "code"')
        for query in captured.captured_queries
    )


def test_only_the_first_page_after_a_change_reads_the_pickers(page):
    cache.clear()

    assert vendor_list_reads(page) == 1
    assert vendor_list_reads(page) == 0
