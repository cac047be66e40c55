"""The dialect contracts and the category tree after the near-duplicates merged and with
tickets filed on leaves: every code a contract lists still works, a contract may still
name a heading, and the category list still shows what its contract does."""

import pytest

from inquiries.customer_inquiries import mapping
from tests.factories import CategoryFactory, SellerAccountFactory
from tickets.models import Category, Ticket

INQUIRIES = "/customerInquiries"
STOREFRONT = "/backend/api/api/customer-support-ticket"


@pytest.fixture
def seller(customer):
    account = SellerAccountFactory(id=123)
    customer.seller_accounts.add(account)
    return account


def inquiry(seller, **fields):
    return {
        "subject": "Address changed",
        "sellerId": seller.pk,
        "warehouseId": 7,
        "messages": [{"message": "We moved.", "attachments": []}],
        **fields,
    }


def test_every_category_code_of_000_still_opens_an_inquiry(customer, seller, client_for):
    client = client_for(customer)
    for code in mapping.CATEGORIES:
        response = client.post(INQUIRIES, inquiry(seller, category=code), format="json")
        assert response.status_code == 201, (code, response.json())
        assert response.json()["category"] == code
        ticket = Ticket.objects.get(pk=response.json()["id"])
        assert not ticket.category.is_deleted, code


def test_a_merged_code_files_under_its_survivor_and_is_found_by_either(
    customer, seller, client_for
):
    client = client_for(customer)
    body = inquiry(seller, topic="MISCELLANEOUS_OTHER", category="ACCOUNT_DETAILS_CHANGE")

    created = client.post(INQUIRIES, body, format="json").json()

    ticket = Ticket.objects.get(pk=created["id"])
    assert (ticket.category.parent.code, ticket.category.code) == (
        "SERVICE",
        "ACCOUNT_DETAILS_CHANGES",
    )
    assert (created["topic"], created["category"]) == (
        "MISCELLANEOUS_OTHER",
        "ACCOUNT_DETAILS_CHANGE",
    )
    for code in ("ACCOUNT_DETAILS_CHANGE", "ACCOUNT_DETAILS_CHANGES"):
        listed = client.get(INQUIRIES, {"category": code}).json()
        assert [row["id"] for row in listed["results"]] == [created["id"]], code


def test_a_topic_alone_still_files_at_the_topic(customer, seller, client_for):
    response = client_for(customer).post(
        INQUIRIES, inquiry(seller, topic="FULFILMENT"), format="json"
    )

    assert response.status_code == 201
    assert Ticket.objects.get().category == Category.objects.get(
        code="FULFILMENT", parent__isnull=True
    )


def test_storefront_category_list_shows_the_tree_without_the_merged_twins(customer, client_for):
    client = client_for(customer)
    top = client.get(f"{STOREFRONT}/ticket-category", {"parentCategoryId": 0, "limit": 100})
    misc = Category.objects.get(code="MISCELLANEOUS_OTHER", parent__isnull=True)
    below = client.get(f"{STOREFRONT}/ticket-category", {"parentCategoryId": misc.pk})

    assert len(top.json()["data"]) == Category.objects.filter(parent__isnull=True).count() == 13
    names = {row["categoryName"] for row in below.json()["data"]}
    assert names == {
        "Sales enquiry",
        "Transport enquiry",
        "Contacted sales instead of service",
        "Miscellaneous other",
    }


def test_storefront_may_file_under_a_category_without_its_sub_category(customer, client_for):
    heading = CategoryFactory(name="Returns")
    CategoryFactory(name="Damaged", parent=heading)

    response = client_for(customer).post(
        STOREFRONT,
        {"subject": "Return", "description": "Box torn.", "categoryId": heading.pk},
        format="json",
    )

    assert response.status_code in (200, 201), response.json()
    assert Ticket.objects.get().category == heading


def test_support_request_files_under_its_category_even_with_sub_categories(customer, client_for):
    order = Category.objects.get(code="ORDER", parent__isnull=True)
    CategoryFactory(name="Late delivery", parent=order)

    response = client_for(customer).post(
        "/api/support-requests",
        {"customerId": customer.pk, "category": "Order", "subject": "Late", "description": "."},
        format="json",
    )

    assert response.status_code == 204
    assert Ticket.objects.get().category == order
