"""One ticket, every surface: opened through one dialect, worked through others, and seen
the same way (thread and status) through the native API, each dialect that may see it,
and the agent dashboard. Internal notes and the vendor exchange stay where they belong."""

import pytest
from django.test import Client

from tests.factories import CategoryFactory, VendorFactory, VendorUserFactory
from tests.inquiries.callcenter.conftest import ROOT as CALLCENTER
from tests.inquiries.callcenter.conftest import SignedClient
from tests.inquiries.storefront.conftest import BASE as STOREFRONT
from tests.inquiries.storefront.conftest import UPLOAD, png_data_uri
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

FIRST = "The blender arrived with a cracked jar."
AGENT_REPLY = "Sorry about that, we are checking with the seller."
NOTE = "Internal: the seller had three of these this month."
TRANSFER_NOTE = "[Vendor transfer] Cracked jar, please arrange a replacement."
VENDOR_ANSWER = "Replacement jar ships tomorrow."
RESOLUTION = "A replacement jar is on its way."


@pytest.fixture
def cast(customer, agent, client_for):
    vendor = VendorFactory()
    vendor_user = VendorUserFactory(vendor=vendor)
    return {
        "customer": client_for(customer),
        "agent": client_for(agent),
        "vendor": SignedClient(vendor),
        "vendor_code": vendor.code,
        "vendor_user": vendor_user,
    }


def open_through_storefront(cast) -> int:
    uploaded = (
        cast["customer"]
        .post(UPLOAD, {"fileName": "jar.png", "image": png_data_uri()}, format="json")
        .json()["data"]
    )
    category = CategoryFactory(name="Blenders")
    response = cast["customer"].post(
        STOREFRONT,
        {
            "categoryId": str(category.pk),
            "subject": "Cracked blender jar",
            "description": "Delivered yesterday.",
            "message": FIRST,
            "attachments": [{"fileName": uploaded["file"], "filePath": uploaded["path"]}],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    return response.json()["data"]["ticketId"]


def customer_views(cast, customer, ticket_id) -> dict[str, tuple[str, list[str]]]:
    """(status, public thread bodies) of the ticket through every surface a customer has."""
    client = cast["customer"]
    native = client.get(f"/api/v1/tickets/{ticket_id}/").json()
    storefront = client.get(f"{STOREFRONT}/{ticket_id}").json()["data"]
    inquiry = client.get(f"/customerInquiries/{ticket_id}").json()
    support = client.get(f"/api/support-requests/customers/{customer.pk}/{ticket_id}").json()
    return {
        "native": (native["status"], [m["body"] for m in native["messages"]]),
        "storefront": (storefront["status"], [m["message"] for m in storefront["ticketMessage"]]),
        "3pl": (inquiry["status"], [m["message"] for m in inquiry["messages"]]),
        # A support request shows the description, then support's responses.
        "support": (support["status"], [r["message"] for r in support["responses"]]),
    }


def vendor_view(cast, ticket_id) -> dict:
    response = cast["vendor"].get(f"{CALLCENTER}/callCenterInquiries/{ticket_id}")
    assert response.status_code == 200
    return response.json()["data"]


def dashboard_page(agent, ticket_id) -> str:
    browser = Client()
    browser.force_login(agent)
    response = browser.get(f"/agent/tickets/{ticket_id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_storefront_ticket_worked_through_every_surface(cast, customer, agent):
    ticket_id = open_through_storefront(cast)

    # Support answers and notes through the native API, then transfers to the vendor.
    agent_api = cast["agent"]
    assert agent_api.post(
        f"/api/v1/tickets/{ticket_id}/messages/", {"body": AGENT_REPLY}, format="json"
    ).status_code in (200, 201)
    assert agent_api.post(
        f"/api/v1/tickets/{ticket_id}/messages/", {"body": NOTE, "internal": True}, format="json"
    ).status_code in (200, 201)
    transfer = agent_api.post(
        f"/api/v1/tickets/{ticket_id}/transfer/",
        {"vendor_code": cast["vendor_code"], "note": TRANSFER_NOTE},
        format="json",
    )
    assert transfer.status_code == 200, transfer.json()

    # The vendor answers through the call-center dialect, signed with its keys.
    reply = cast["vendor"].post(
        f"{CALLCENTER}/{cast['vendor_code']}/callCenterInquiries/{ticket_id}/replies",
        {"inquiryId": str(ticket_id), "content": VENDOR_ANSWER, "replyBy": "vendor"},
    )
    assert reply.status_code == 200, reply.json()

    # The customer sees one thread and one status everywhere, in each contract's words.
    # The transfer took the ticket off the customer: support waits on the vendor now.
    views = customer_views(cast, customer, ticket_id)
    assert views["native"] == ("in_progress", [FIRST, AGENT_REPLY])
    assert views["storefront"] == ("in progress", [FIRST, AGENT_REPLY])
    assert views["3pl"] == ("WITH_LOGSTA", [FIRST, AGENT_REPLY])
    assert views["support"] == ("In Progress", [AGENT_REPLY])

    # The vendor sees the exchange with support, not the customer thread or the note.
    inquiry = vendor_view(cast, ticket_id)
    assert inquiry["inquiryStatus"] == "progress"
    assert inquiry["csPartnerCounselingStatus"] == "answered"
    assert [(r["answerType"], r["content"]) for r in inquiry["replies"]] == [
        ("csAgent", TRANSFER_NOTE),
        ("vendor", VENDOR_ANSWER),
    ]

    # Support sees everything, through the native API and on the dashboard.
    native = agent_api.get(f"/api/v1/tickets/{ticket_id}/").json()
    assert [m["body"] for m in native["messages"]] == [
        FIRST,
        AGENT_REPLY,
        NOTE,
        TRANSFER_NOTE,
        VENDOR_ANSWER,
    ]
    assert native["transfer_status"] == "answered"
    page = dashboard_page(agent, ticket_id)
    for text in ("Cracked blender jar", FIRST, AGENT_REPLY, NOTE, TRANSFER_NOTE, VENDOR_ANSWER):
        assert text in page

    # The file uploaded through the storefront is the same attachment everywhere.
    [native_file] = native["messages"][0]["attachments"]
    [storefront_file] = (
        cast["customer"]
        .get(f"{STOREFRONT}/{ticket_id}")
        .json()["data"]["ticketMessage"][0]["ticketAttachments"]
    )
    assert storefront_file["id"] == native_file["uuid"]
    assert cast["customer"].get(native_file["url"]).status_code == 200

    # Support resolves it through the support-request dialect; every surface agrees.
    responded = agent_api.post(
        f"/api/support-requests/{ticket_id}/agents/{agent.pk}/respond",
        {"message": RESOLUTION},
        format="json",
    )
    assert responded.status_code == 204
    views = customer_views(cast, customer, ticket_id)
    thread = [FIRST, AGENT_REPLY, RESOLUTION]
    assert views["native"] == ("resolved", thread)
    assert views["storefront"] == ("resolved", thread)
    assert views["3pl"] == ("RESOLVED", thread)
    assert views["support"] == ("Resolved", [AGENT_REPLY, RESOLUTION])
    assert vendor_view(cast, ticket_id)["inquiryStatus"] == "complete"
    inquiry = cast["customer"].get(f"/customerInquiries/{ticket_id}").json()
    assert inquiry["resolvedBy"] == "LOGSTA"

    # The customer rates it through the 3PL dialect; the native API shows the rating.
    rated = cast["customer"].post(
        f"/customerInquiries/{ticket_id}/ratings",
        {"rating": 5, "ratingMessage": ""},
        format="json",
    )
    assert rated.status_code == 200
    assert agent_api.get(f"/api/v1/tickets/{ticket_id}/").json()["current_rating"] == 5

    # Roles hold on every surface: a customer may not put it back in progress (403).
    refused = cast["customer"].put(f"{STOREFRONT}/{ticket_id}", {"status": 4}, format="json")
    assert refused.status_code == 403
    assert Ticket.objects.get(pk=ticket_id).status == "resolved"


def test_tickets_opened_through_a_and_b_appear_in_the_storefront_and_native_lists(
    cast, customer, seller_account
):
    client = cast["customer"]
    created = client.post(
        "/api/support-requests",
        {
            "customerId": customer.pk,
            "category": "Payment",
            "subject": "Charged twice",
            "description": "Two charges for one order.",
        },
        format="json",
    )
    assert created.status_code == 204
    support_id = int(created["Location"].rstrip("/").rsplit("/", 1)[-1])
    inquiry = client.post(
        "/customerInquiries",
        {
            "subject": "Pallet not booked in",
            "sellerId": seller_account.pk,
            "warehouseId": 7,
            "topic": "FULFILMENT",
            "category": "INBOUND",
            "messages": [{"message": "Our pallet arrived on Monday.", "attachments": []}],
        },
        format="json",
    )
    assert inquiry.status_code == 201, inquiry.json()
    inquiry_id = inquiry.json()["id"]

    rows = client.get(STOREFRONT).json()["data"]
    assert {row["id"] for row in rows} == {support_id, inquiry_id}
    by_id = {row["id"]: row for row in rows}
    assert by_id[support_id]["subject"] == "Charged twice"
    assert by_id[support_id]["categoryName"] == "Payment"
    assert by_id[inquiry_id]["status"] == "open"
    detail = client.get(f"{STOREFRONT}/{inquiry_id}").json()["data"]
    assert [m["message"] for m in detail["ticketMessage"]] == ["Our pallet arrived on Monday."]

    native_rows = client.get("/api/v1/tickets/").json()["results"]
    assert {row["id"] for row in native_rows} == {support_id, inquiry_id}
    support_rows = client.get(f"/api/support-requests/customers/{customer.pk}").json()
    assert {row["id"] for row in support_rows} == {support_id, inquiry_id}
    inquiry_rows = client.get("/customerInquiries").json()["results"]
    assert {row["id"] for row in inquiry_rows} == {support_id, inquiry_id}
