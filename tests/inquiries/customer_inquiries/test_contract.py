"""`000` and `001` as a client of the 3PL provider sees them."""

import re

import pytest

from tests.factories import TicketFactory, upload
from tickets.models import Category, Message, Rating, Status, Ticket
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_cancel, ticket_resolve

TOPICS = {
    "ONBOARDING",
    "FULFILMENT",
    "SERVICE",
    "ACCOUNTING",
    "TECH_IT",
    "MISCELLANEOUS_OTHER",
    "REPORTS",
}
SUB_CATEGORIES = {
    "FULFILMENT_WAREHOUSE",
    "INSURANCE",
    "CUSTOMS",
    "LOST_ITEMS",
    "DAMAGES",
    "CARRIER_DISPUTES",
    "MISCELLANEOUS_OTHER",
    "SHIPPING_PRICES",
    "OTHER_CHARGES",
}
INQUIRY_FIELDS = {
    "subject": str,
    # Set on every inquiry opened here; a ticket opened on another surface may lack them.
    "sellerId": (int, type(None)),
    "warehouseId": (int, type(None)),
    "topic": (str, type(None)),
    "category": (str, type(None)),
    "subCategory": (str, type(None)),
    "parentInquiryId": (int, type(None)),
    "metaInfo": dict,
    "messages": list,
    "id": int,
    "created": str,
    "status": str,
    "caseNumber": str,
    "resolvedAt": (str, type(None)),
    "currentRating": (float, int, type(None)),
    "resolvedBy": (str, type(None)),
}
MESSAGE_FIELDS = {
    "category": str,
    "created": str,
    "postedAt": str,
    "userEmail": str,
    "username": str,
    "fullName": str,
    "metaInfo": dict,
    "attachments": list,
    "message": str,
}
UTC_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
API_KEY = {"HTTP_X_API_KEY": "any-key-the-integration-has"}


def doc_example_request(*, attachment_uuid: str, parent_id: int) -> dict:
    """`000`'s request body as written; only the placeholders that must name real rows
    (the uploaded file, the parent inquiry) are filled in. Seller 123 is the caller's."""
    return {
        "subject": "<string>",
        "sellerId": 123,
        "warehouseId": 123,
        "messages": [
            {
                "message": "<string>",
                "attachments": [
                    {"uuid": attachment_uuid, "mimeType": "<string>", "filename": "<string>"}
                ],
            }
        ],
        "topic": "ONBOARDING",
        "category": "INBOUND",
        "subCategory": "FULFILMENT_WAREHOUSE",
        "parentInquiryId": parent_id,
        "metaInfo": {},
    }


def assert_inquiry_shape(body: dict) -> None:
    assert set(body) == set(INQUIRY_FIELDS)
    for name, kind in INQUIRY_FIELDS.items():
        assert isinstance(body[name], kind), (name, body[name])
    assert body["status"] in {"WITH_YOU", "WITH_LOGSTA", "RESOLVED"}
    assert body["topic"] in {*TOPICS, None}
    assert body["subCategory"] in {*SUB_CATEGORIES, None}
    assert body["resolvedBy"] in {None, "LOGSTA", "CLIENT"}
    assert UTC_Z.match(body["created"])
    for message in body["messages"]:
        assert set(message) == set(MESSAGE_FIELDS)
        for name, kind in MESSAGE_FIELDS.items():
            assert isinstance(message[name], kind), (name, message[name])
        assert UTC_Z.match(message["created"])
        assert UTC_Z.match(message["postedAt"])
        for attachment in message["attachments"]:
            assert set(attachment) == {"uuid", "url", "filename"}
            assert set(attachment["url"]) == {"link"}


def test_doc_example_request_creates_inquiry_with_every_documented_field(
    customer, seller, client_for
):
    parent = TicketFactory(customer=customer)
    attachment = upload(customer, name="label.png")
    body = doc_example_request(attachment_uuid=str(attachment.uuid), parent_id=parent.pk)

    response = client_for(customer).post("/customerInquiries", body, format="json", **API_KEY)

    assert response.status_code == 201, response.content
    data = response.json()
    assert_inquiry_shape(data)
    ticket = Ticket.objects.get(pk=data["id"])
    assert data["caseNumber"] == ticket.case_number
    assert data["status"] == "WITH_LOGSTA"
    assert (data["sellerId"], data["warehouseId"], data["parentInquiryId"]) == (
        123,
        123,
        parent.pk,
    )
    assert (data["topic"], data["category"], data["subCategory"]) == (
        "ONBOARDING",
        "INBOUND",
        "FULFILMENT_WAREHOUSE",
    )
    assert (data["resolvedAt"], data["currentRating"], data["resolvedBy"]) == (None, None, None)
    [message] = data["messages"]
    assert message["message"] == "<string>"
    assert message["category"] == "CLIENT_MESSAGE"
    assert (message["username"], message["userEmail"]) == (customer.username, customer.email)
    assert message["fullName"] == customer.get_full_name()
    [sent_file] = message["attachments"]
    assert sent_file["uuid"] == str(attachment.uuid)
    assert sent_file["filename"] == "label.png"
    assert sent_file["url"]["link"] == f"http://testserver/api/v1/attachments/{attachment.uuid}/"


def test_inquiry_is_filed_under_the_category_node_and_keeps_what_the_client_sent(
    customer, create_body, client_for
):
    body = create_body(metaInfo={"shop": "berlin-1"})
    body["messages"][0]["metaInfo"] = {"channel": "portal"}

    response = client_for(customer).post("/customerInquiries", body, format="json")

    assert response.status_code == 201
    ticket = Ticket.objects.select_related("category__parent").get(pk=response.json()["id"])
    # The tree files INBOUND under FULFILMENT; the client's ONBOARDING is echoed anyway.
    assert (ticket.category.code, ticket.category.parent.code) == ("INBOUND", "FULFILMENT")
    assert response.json()["topic"] == "ONBOARDING"
    assert response.json()["metaInfo"] == {"shop": "berlin-1"}
    assert response.json()["messages"][0]["metaInfo"] == {"channel": "portal"}
    detail = client_for(customer).get(f"/customerInquiries/{ticket.pk}").json()
    assert detail["metaInfo"] == {"shop": "berlin-1"}


def test_topic_alone_files_the_inquiry_under_the_topic_node(customer, create_body, client_for):
    body = create_body(topic="REPORTS", category=None, subCategory=None)

    response = client_for(customer).post("/customerInquiries", body, format="json")

    assert response.status_code == 201
    ticket = Ticket.objects.select_related("category").get(pk=response.json()["id"])
    assert (ticket.category.code, ticket.category.parent_id) == ("REPORTS", None)
    assert (response.json()["topic"], response.json()["category"]) == ("REPORTS", None)


def test_every_message_of_the_request_joins_the_thread_in_order(customer, create_body, client_for):
    first, second = upload(customer), upload(customer, name="second.png")
    body = create_body(
        messages=[
            {"message": "First", "attachments": [{"uuid": str(first.uuid)}]},
            {"message": "Second", "attachments": [{"uuid": str(second.uuid)}]},
        ]
    )

    response = client_for(customer).post("/customerInquiries", body, format="json")

    assert response.status_code == 201
    messages = response.json()["messages"]
    assert [m["message"] for m in messages] == ["First", "Second"]
    assert [m["attachments"][0]["uuid"] for m in messages] == [str(first.uuid), str(second.uuid)]
    assert response.json()["status"] == "WITH_LOGSTA"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"topic": "HOLIDAYS"}, "topic"),
        ({"category": "NOT_A_CATEGORY"}, "category"),
        ({"subCategory": "INBOUND"}, "subCategory"),
        ({"messages": []}, "messages"),
        ({"subject": ""}, "subject"),
        ({"sellerId": "abc"}, "sellerId"),
        ({"warehouseId": None}, "warehouseId"),
        ({"metaInfo": {"note": "nul \u0000 byte"}}, "metaInfo"),
    ],
)
def test_invalid_create_answers_400_naming_the_field_and_writes_nothing(
    customer, create_body, client_for, overrides, field
):
    response = client_for(customer).post(
        "/customerInquiries", create_body(**overrides), format="json"
    )

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert response.json()["status"] == 400
    assert not Ticket.objects.exists()


def test_unknown_attachment_uuid_answers_400_and_writes_nothing(customer, create_body, client_for):
    body = create_body(
        messages=[
            {
                "message": "See attached",
                "attachments": [{"uuid": "9b2e4c1a-0000-4000-8000-000000000000"}],
            }
        ]
    )

    response = client_for(customer).post("/customerInquiries", body, format="json")

    assert response.status_code == 400
    assert "messages[0].attachments" in response.json()["errors"]
    assert not Ticket.objects.exists()
    assert not Message.objects.exists()


def test_bad_attachment_in_a_later_message_rolls_back_the_whole_inquiry(
    customer, other_customer, create_body, client_for
):
    own, foreign = upload(customer), upload(other_customer)
    body = create_body(
        messages=[
            {"message": "First", "attachments": [{"uuid": str(own.uuid)}]},
            {"message": "Second", "attachments": [{"uuid": str(foreign.uuid)}]},
        ]
    )

    response = client_for(customer).post("/customerInquiries", body, format="json")

    assert response.status_code == 400
    assert "messages[1].attachments" in response.json()["errors"]
    assert not Ticket.objects.exists()
    own.refresh_from_db()
    assert own.message_id is None


def test_parent_inquiry_must_be_one_the_caller_sees(
    customer, other_customer, create_body, client_for
):
    foreign = TicketFactory(customer=other_customer)

    response = client_for(customer).post(
        "/customerInquiries", create_body(parentInquiryId=foreign.pk), format="json"
    )

    assert response.status_code == 400
    assert "parentInquiryId" in response.json()["errors"]
    assert Ticket.objects.count() == 1


def test_inactive_category_answers_400(customer, create_body, client_for):
    Category.objects.filter(code="INBOUND").update(is_active=False)

    response = client_for(customer).post("/customerInquiries", create_body(), format="json")

    assert response.status_code == 400
    assert "category" in response.json()["errors"]


def test_rating_doc_example_as_written_is_out_of_range(customer, seller, client_for):
    # `001`'s example sends rating 123: outside 1-5, so it is refused naming the field.
    ticket = TicketFactory(customer=customer)

    response = client_for(customer).post(
        f"/customerInquiries/{ticket.pk}/ratings",
        {"rating": 123, "ratingMessage": "<string>"},
        format="json",
        **API_KEY,
    )

    assert response.status_code == 400
    assert "rating" in response.json()["errors"]
    assert not Rating.objects.exists()


@pytest.mark.parametrize("rating", [6, 0, 0.5, 5.01])
def test_rating_outside_1_to_5_answers_400(customer, client_for, rating):
    ticket = TicketFactory(customer=customer)

    response = client_for(customer).post(
        f"/customerInquiries/{ticket.pk}/ratings", {"rating": rating}, format="json"
    )

    assert response.status_code == 400
    assert "rating" in response.json()["errors"]
    assert not Rating.objects.exists()
    ticket.refresh_from_db()
    assert ticket.current_rating is None


def test_rating_sets_current_rating_and_adds_rating_message(customer, agent, client_for):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket=ticket, actor=agent)

    response = client_for(customer).post(
        f"/customerInquiries/{ticket.pk}/ratings",
        {"rating": 4.5, "ratingMessage": "Quick and friendly"},
        format="json",
    )

    assert response.status_code == 200
    data = response.json()
    assert_inquiry_shape(data)
    assert data["currentRating"] == 4.5
    assert data["messages"][-1]["category"] == "RATING_MESSAGE"
    assert data["messages"][-1]["message"] == "Quick and friendly"
    assert data["status"] == "RESOLVED"
    again = client_for(customer).post(
        f"/customerInquiries/{ticket.pk}/ratings", {"rating": 2}, format="json"
    )
    assert again.json()["currentRating"] == 2
    assert Rating.objects.filter(ticket=ticket).count() == 2
    assert [m["category"] for m in again.json()["messages"]].count("RATING_MESSAGE") == 1


def test_status_resolved_by_and_dates_follow_the_ticket(customer, agent, client_for):
    ticket = TicketFactory(customer=customer)
    url = f"/customerInquiries/{ticket.pk}"

    message_post(ticket=ticket, actor=agent, body="Could you send a photo?")
    assert client_for(customer).get(url).json()["status"] == "WITH_YOU"
    reply = client_for(customer).post(f"{url}/messages", {"message": "Here"}, format="json")
    assert reply.status_code == 201
    assert reply.json()["status"] == "WITH_LOGSTA"
    assert reply.json()["messages"][-1]["category"] == "CLIENT_MESSAGE"
    assert reply.json()["messages"][-2]["category"] == "LOGSTA_MESSAGE"

    ticket_resolve(ticket=ticket, actor=agent)
    resolved = client_for(customer).get(url).json()
    assert (resolved["status"], resolved["resolvedBy"]) == ("RESOLVED", "LOGSTA")
    assert UTC_Z.match(resolved["resolvedAt"])

    other = TicketFactory(customer=customer)
    ticket_resolve(ticket=other, actor=customer)
    by_client = client_for(customer).get(f"/customerInquiries/{other.pk}").json()
    assert (by_client["status"], by_client["resolvedBy"]) == ("RESOLVED", "CLIENT")


def test_customer_message_reopens_a_resolved_inquiry(customer, agent, client_for):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket=ticket, actor=agent)

    response = client_for(customer).post(
        f"/customerInquiries/{ticket.pk}/messages", {"message": "Still broken"}, format="json"
    )

    assert response.status_code == 201
    assert (response.json()["status"], response.json()["resolvedBy"]) == ("WITH_LOGSTA", None)
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_empty_message_answers_400_naming_message(customer, client_for):
    ticket = TicketFactory(customer=customer)

    response = client_for(customer).post(
        f"/customerInquiries/{ticket.pk}/messages", {"message": "  "}, format="json"
    )

    assert response.status_code == 400
    assert "message" in response.json()["errors"]
    assert ticket.messages.count() == 1


def test_message_on_a_cancelled_inquiry_answers_409(customer, client_for):
    ticket = TicketFactory(customer=customer)
    ticket_cancel(ticket=ticket, actor=customer)

    response = client_for(customer).post(
        f"/customerInquiries/{ticket.pk}/messages", {"message": "Hello?"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["status"] == 409


@pytest.mark.parametrize(
    "path",
    [
        "/customerInquiries/abc",
        "/customerInquiries/-3",
        "/customerInquiries/99999999999999999999999/messages",
    ],
)
def test_a_malformed_id_answers_the_dialects_json_404(customer, client_for, path):
    client = client_for(customer)
    response = client.post(path, {"message": "x"}) if path.endswith("s") else client.get(path)

    assert response.status_code == 404
    assert response.json()["status"] == 404


@pytest.mark.parametrize("api_key", ["any-key-the-integration-has", "", "not even ascii é"])
def test_x_api_key_is_accepted_and_ignored_on_every_call(
    customer, agent, create_body, client_for, api_key
):
    header = {"HTTP_X_API_KEY": api_key}
    client = client_for(customer)

    created = client.post("/customerInquiries", create_body(), format="json", **header)
    inquiry_id = created.json()["id"]
    listed = client.get("/customerInquiries", **header)
    detail = client.get(f"/customerInquiries/{inquiry_id}", **header)
    message = client.post(
        f"/customerInquiries/{inquiry_id}/messages", {"message": "More"}, format="json", **header
    )
    rated = client.post(
        f"/customerInquiries/{inquiry_id}/ratings", {"rating": 3}, format="json", **header
    )

    assert [r.status_code for r in (created, listed, detail, message, rated)] == [
        201,
        200,
        200,
        201,
        200,
    ]


def test_more_than_twenty_opening_messages_answers_400(customer, create_body, client_for):
    body = create_body(messages=[{"message": f"Part {n}"} for n in range(21)])

    response = client_for(customer).post("/customerInquiries", body, format="json")

    assert response.status_code == 400
    assert "messages" in response.json()["errors"]
    assert not Ticket.objects.exists()
