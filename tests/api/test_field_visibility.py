"""One rule (permissions.VISIBLE_FIELDS) decides what each role is shown of a ticket, and
the native API and every dialect follow it: customers see no vendor fields and cannot
filter by them, no dialect shows an email address the native API and portal would not,
and customers get only active categories without staff names."""

import pytest

from tests.factories import (
    CategoryFactory,
    SellerAccountFactory,
    TicketFactory,
    transferred_ticket,
)
from tickets import permissions
from tickets.permissions import UserRole, VisibleField
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_transfer

VENDOR_FIELDS = {"vendor_code", "transfer_status"}
STOREFRONT_CATEGORIES = "/backend/api/api/customer-support-ticket/ticket-category"


@pytest.fixture
def vendor_ticket(agent, customer, vendor):
    return transferred_ticket(agent=agent, vendor=vendor, customer=customer)


@pytest.mark.parametrize(
    ("role", "shown"), [("customer", False), ("vendor", True), ("agent", True)]
)
def test_vendor_fields_follow_the_rule_in_native_list_and_detail(
    role, shown, customer, vendor_user, agent, vendor_ticket, client_for
):
    client = client_for({"customer": customer, "vendor": vendor_user, "agent": agent}[role])

    row = client.get("/api/v1/tickets/").json()["results"][0]
    detail = client.get(f"/api/v1/tickets/{vendor_ticket.pk}/").json()

    for answer in (row, detail):
        assert {name: name in answer for name in VENDOR_FIELDS} == dict.fromkeys(
            VENDOR_FIELDS, shown
        )
    if shown:
        assert detail["vendor_code"] == vendor_ticket.vendor.code


def test_customer_filtering_by_vendor_is_an_unknown_parameter(customer, vendor_ticket, client_for):
    client = client_for(customer)

    real = client.get("/api/v1/tickets/", {"vendor_code": vendor_ticket.vendor.code})
    made_up = client.get("/api/v1/tickets/", {"vendor_code": "A99999999"})

    assert real.status_code == made_up.status_code == 400
    assert real.json() == made_up.json()
    assert real.json()["errors"] == {"vendor_code": ["Unknown query parameter."]}


def test_agent_still_filters_by_vendor(agent, vendor_ticket, client_for):
    TicketFactory()

    response = client_for(agent).get("/api/v1/tickets/", {"vendor_code": vendor_ticket.vendor.code})

    assert [row["id"] for row in response.json()["results"]] == [vendor_ticket.pk]


def test_native_schema_does_not_promise_vendor_fields_to_everyone(client_for, agent):
    schema = client_for(agent).get("/api/schema/", HTTP_ACCEPT="application/json").json()

    for name in ("NativeTicket", "NativeTicketDetail"):
        component = schema["components"]["schemas"][name]
        assert not VENDOR_FIELDS & set(component["required"])
        assert (
            "Shown to: vendor, agent, admin."
            in component["properties"]["vendor_code"]["description"]
        )


@pytest.fixture
def inquiry(customer, agent, vendor):
    """A 3PL inquiry with a message from the buyer and one from support, transferred to the
    vendor so that the vendor may read it too."""
    account = SellerAccountFactory()
    customer.seller_accounts.add(account)
    ticket = TicketFactory(customer=customer, seller_account_id=account.pk)
    message_post(ticket=ticket, actor=agent, body="We are on it.")
    return ticket_transfer(ticket=ticket, actor=agent, vendor=vendor, note="Please check.")


def _emails(client, ticket) -> dict[str, str]:
    response = client.get(f"/customerInquiries/{ticket.pk}")
    assert response.status_code == 200
    return {message["username"]: message["userEmail"] for message in response.json()["messages"]}


def test_3pl_shows_customers_only_their_own_email(customer, agent, inquiry, client_for):
    assert _emails(client_for(customer), inquiry) == {
        customer.username: customer.email,
        agent.username: "",
    }


def test_3pl_shows_vendors_no_email(customer, agent, vendor_user, inquiry, client_for):
    emails = _emails(client_for(vendor_user), inquiry)

    assert emails[customer.username] == ""
    assert emails[agent.username] == ""


def test_3pl_shows_agents_every_email_as_their_dashboard_does(
    customer, agent, inquiry, client_for, client
):
    client.force_login(agent)
    page = client.get(f"/agent/tickets/{inquiry.pk}/").content.decode()

    emails = _emails(client_for(agent), inquiry)

    assert emails[customer.username] == customer.email
    assert customer.email in page


def test_email_rule_holds_for_every_role():
    assert {
        role
        for role, fields in permissions.VISIBLE_FIELDS.items()
        if VisibleField.OTHERS_EMAIL in fields
    } == {UserRole.AGENT, UserRole.ADMIN}


@pytest.fixture
def staff_made_categories(agent):
    root = CategoryFactory(name="Shipping", code="SF_SHIP", created_by=agent, modified_by=agent)
    CategoryFactory(name="Customs", code="SF_CUSTOMS", parent=root, created_by=agent)
    CategoryFactory(name="Old", code="SF_OLD", parent=root, is_active=False, created_by=agent)
    CategoryFactory(name="Gone", code="SF_GONE", parent=root, is_deleted=True, created_by=agent)
    return root


def _storefront_categories(client, **params) -> list[dict]:
    response = client.get(STOREFRONT_CATEGORIES, params)
    assert response.status_code == 200
    return response.json()["data"]


def test_storefront_categories_show_customers_no_staff_names(
    customer, staff_made_categories, client_for
):
    rows = _storefront_categories(client_for(customer), keyword="")

    shipping = next(row for row in rows if row["categoryName"] == "Shipping")
    assert shipping["createdBy"] == shipping["modifiedBy"] == ""


@pytest.mark.parametrize("status", ["inactive", "0", ""])
def test_storefront_categories_show_customers_only_active_undeleted_ones(
    status, customer, staff_made_categories, client_for
):
    rows = _storefront_categories(
        client_for(customer), parentCategoryId=str(staff_made_categories.pk), status=status
    )

    assert {row["categoryName"] for row in rows} == (set() if status else {"Customs"})
    assert all(row["isActive"] and not row["isDelete"] for row in rows)


def test_storefront_categories_show_agents_inactive_ones_and_staff_names(
    agent, staff_made_categories, client_for
):
    rows = _storefront_categories(
        client_for(agent), parentCategoryId=str(staff_made_categories.pk), status="inactive"
    )

    assert [(row["categoryName"], row["createdBy"]) for row in rows] == [("Old", agent.username)]
