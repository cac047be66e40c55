"""One paging policy on every surface: pages hold at most MAX_PAGE_SIZE rows, counts stop
at COUNT_CAP and no page starts past it (the storefront's offset and count=1 included)."""

import pytest

from tests.factories import TicketFactory, transferred_ticket
from tickets import pagination

STOREFRONT = "/backend/api/api/customer-support-ticket"
CALLCENTER = "/v2/providers/openapi/apis/api/v4/vendors"


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)


def test_storefront_count_stops_at_the_cap(small_cap, client_for, customer):
    for _ in range(5):
        TicketFactory(customer=customer)
    response = client_for(customer).get(STOREFRONT, {"count": 1})
    assert response.json()["data"] == 3


def test_storefront_offset_past_the_cap_is_400_naming_it(client_for, customer):
    response = client_for(customer).get(STOREFRONT, {"offset": pagination.MAX_OFFSET + 1})
    assert response.status_code == 400
    assert "offset" in response.json()["data"]["errors"]


def test_storefront_categories_take_the_same_caps(client_for, customer):
    path = f"{STOREFRONT}/ticket-category"
    assert client_for(customer).get(path, {"offset": pagination.MAX_OFFSET + 1}).status_code == 400
    limit = pagination.MAX_PAGE_SIZE + 1
    assert client_for(customer).get(path, {"limit": limit}).status_code == 400


@pytest.mark.parametrize(
    ("path", "size_param"),
    [("/api/v1/tickets/", "page_size"), ("/customerInquiries", "pageSize")],
)
def test_page_number_surfaces_never_exceed_the_largest_page(
    path, size_param, client_for, customer, monkeypatch
):
    monkeypatch.setattr(pagination, "MAX_PAGE_SIZE", 2)
    for _ in range(3):
        TicketFactory(customer=customer)
    response = client_for(customer).get(path, {size_param: 10_000})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


def test_callcenter_pages_stop_at_the_cap(client_for, agent, vendor, vendor_user):
    transferred_ticket(agent=agent, vendor=vendor)
    query = {"vendorItemId": "x", "pageSize": 30, "partnerCounselingStatus": "NONE"}
    url = f"{CALLCENTER}/{vendor.code}/callCenterInquiries"
    last = pagination.MAX_OFFSET // 30 + 1
    first = client_for(vendor_user).get(url, {**query, "pageNum": last})
    assert first.status_code == 200, first.json()
    response = client_for(vendor_user).get(url, {**query, "pageNum": last + 1})
    assert response.status_code == 400


def test_callcenter_total_stops_at_the_cap(small_cap, client_for, agent, vendor, vendor_user):
    for _ in range(5):
        transferred_ticket(agent=agent, vendor=vendor, item_id="sku-1")
    url = f"{CALLCENTER}/{vendor.code}/callCenterInquiries"
    response = client_for(vendor_user).get(
        url, {"vendorItemId": "sku-1", "partnerCounselingStatus": "NONE"}
    )
    assert response.json()["data"]["pagination"]["totalElements"] == 3


def test_support_request_lists_answer_at_most_the_unpaged_limit(
    client_for, customer, agent, monkeypatch
):
    from inquiries.support_requests import views

    monkeypatch.setattr(views, "UNPAGED_LIMIT", 2)
    for _ in range(3):
        TicketFactory(customer=customer)
    mine = client_for(customer).get(f"/api/support-requests/customers/{customer.pk}")
    assert len(mine.json()) == 2
    assert len(client_for(agent).get("/api/support-requests/pending").json()) == 2
