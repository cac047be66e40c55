"""The provider's integration, call by call: log in, upload, open, read, rate, download."""

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.factories import PASSWORD, PNG_BYTES, CustomerFactory
from tickets.models import Ticket
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_resolve

API_KEY = {"HTTP_X_API_KEY": "integration-key-123"}


def logged_in(user):
    client = APIClient()
    token = client.post(
        "/login", {"username": user.username, "password": PASSWORD}, format="json", **API_KEY
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}", **API_KEY)
    return client


def test_integration_uploads_opens_follows_and_rates_an_inquiry(
    customer, seller, other_customer, agent, create_body
):
    colleague = CustomerFactory()
    colleague.seller_accounts.add(seller)
    client = logged_in(customer)
    uploaded = client.post(
        "/api/v1/attachments/",
        {"file": SimpleUploadedFile("label.png", PNG_BYTES, "image/png")},
        format="multipart",
    )
    assert uploaded.status_code == 201
    uuid = uploaded.json()["uuid"]
    body = create_body()
    body["messages"][0]["attachments"] = [
        {"uuid": uuid, "mimeType": "image/png", "filename": "label.png"}
    ]

    created = client.post("/customerInquiries", body, format="json")

    assert created.status_code == 201
    inquiry = created.json()
    link = inquiry["messages"][0]["attachments"][0]["url"]["link"]
    assert client.get(link).status_code == 200
    assert logged_in(colleague).get(link).status_code == 200
    assert logged_in(other_customer).get(link).status_code == 404

    ticket = Ticket.objects.get(pk=inquiry["id"])
    message_post(ticket=ticket, actor=agent, body="Booked in now, sorry for the delay.")
    ticket_resolve(ticket=ticket, actor=agent)
    detail = client.get(f"/customerInquiries/{inquiry['id']}").json()
    assert (detail["status"], detail["resolvedBy"]) == ("RESOLVED", "LOGSTA")
    assert detail["messages"][-1]["username"] == agent.username

    rated = client.post(
        f"/customerInquiries/{inquiry['id']}/ratings",
        {"rating": 5, "ratingMessage": "Thanks!"},
        format="json",
    )
    assert rated.status_code == 200
    assert rated.json()["currentRating"] == 5
    assert rated.json()["messages"][-1]["category"] == "RATING_MESSAGE"
    listed = client.get("/customerInquiries?status=RESOLVED&sellerId=123").json()
    assert [row["id"] for row in listed["results"]] == [inquiry["id"]]
