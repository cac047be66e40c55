"""The storefront's own document (`003`): each example request, each documented field."""

import pytest

from tests.factories import TicketFactory
from tickets.models import Attachment, Message, Status, Ticket
from tickets.services.messages import message_post

from .conftest import BASE, DOCUMENT, UPLOAD

pytestmark = pytest.mark.django_db

CATEGORY_FIELDS = {
    "createdBy": str,
    "createdDate": str,
    "modifiedBy": str,
    "modifiedDate": str,
    "id": str,
    "categoryName": str,
    "parentCategoryId": str,
    "isActive": bool,
    "isDelete": bool,
}
ROW_FIELDS = {
    "categoryId": (int, type(None)),
    "subCategoryId": (int, type(None)),
    "refId": str,
    "subject": str,
    "description": str,
    "status": str,
    "userId": int,
    "userType": str,
    "createdDate": str,
    "id": int,
    "categoryName": (str, type(None)),
    "subCategoryName": (str, type(None)),
    "modifiedDate": str,
}
DETAIL_FIELDS = {
    **ROW_FIELDS,
    "createdBy": str,
    "modifiedBy": str,
    "isActive": bool,
    "isDelete": bool,
    "ticketMessage": list,
}
MESSAGE_FIELDS = {
    "createdBy": str,
    "createdDate": str,
    "modifiedBy": str,
    "modifiedDate": str,
    "id": int,
    "ticketId": int,
    "senderId": int,
    "senderType": str,
    "message": str,
    "sentAt": str,
    "isActive": bool,
    "isDelete": bool,
    "createdByType": str,
    "modifiedByType": str,
    "ticketAttachments": list,
    "postedBy": dict,
}
STATUS_NAMES = {"open", "in progress", "resolved", "closed"}


def assert_shape(obj: dict, fields: dict) -> None:
    for name, kind in fields.items():
        assert name in obj, name
        assert isinstance(obj[name], kind), (name, obj[name])


def assert_envelope(body: dict, message: str) -> object:
    assert set(body) == {"status", "message", "data"}
    assert body["status"] == "success"
    assert body["message"] == message
    return body["data"]


def test_document_category_example(client_for, customer, tree):
    response = client_for(customer).get(f"{BASE}/ticket-category")
    assert response.status_code == 200
    data = assert_envelope(response.json(), "Successfully retrieved ticket categories")
    by_name = {row["categoryName"]: row for row in data}
    root = by_name["Storefront Returns"]
    assert_shape(root, CATEGORY_FIELDS)
    assert root["parentCategoryId"] == "null"
    assert root["id"] == str(tree["root"].pk)
    assert by_name["Damaged parcel"]["parentCategoryId"] == str(tree["root"].pk)
    # Inactive ones only on request; soft-deleted ones never.
    assert "Late parcel" not in by_name
    assert "Gone parcel" not in by_name


@pytest.mark.parametrize(
    ("role", "params", "expected"),
    [
        ("customer", {"parentCategoryId": "ROOT"}, {"Damaged parcel"}),
        # Inactive categories are for support (the storefront's admin) only.
        ("agent", {"parentCategoryId": "ROOT", "status": "inactive"}, {"Late parcel"}),
        ("agent", {"parentCategoryId": "ROOT", "status": "0"}, {"Late parcel"}),
        ("customer", {"parentCategoryId": "ROOT", "status": "inactive"}, set()),
        ("customer", {"parentCategoryId": "ROOT", "status": "0"}, set()),
        (
            "customer",
            {"parentCategoryId": "ROOT", "status": "1", "categoryType": "ticket"},
            {"Damaged parcel"},
        ),
        ("customer", {"keyword": "parcel", "status": "active"}, {"Damaged parcel"}),
        ("customer", {"parentCategoryId": "0", "keyword": "storefront"}, {"Storefront Returns"}),
        ("customer", {"parentCategoryId": "ROOT", "limit": "1", "offset": "1"}, set()),
    ],
)
def test_category_filters(client_for, customer, agent, tree, role, params, expected):
    if params.get("parentCategoryId") == "ROOT":
        params = {**params, "parentCategoryId": str(tree["root"].pk)}
    caller = {"customer": customer, "agent": agent}[role]
    response = client_for(caller).get(f"{BASE}/ticket-category", params)
    assert response.status_code == 200
    assert {row["categoryName"] for row in response.json()["data"]} == expected


def test_top_level_categories_include_the_shipped_storefront_six(client_for, customer):
    response = client_for(customer).get(f"{BASE}/ticket-category", {"parentCategoryId": "0"})
    names = {row["categoryName"] for row in response.json()["data"]}
    assert {"Order", "Product", "Account", "Technical", "Payment", "General"} <= names
    assert all(row["parentCategoryId"] == "null" for row in response.json()["data"])


def test_document_list_example(client_for, customer, tree):
    ticket = TicketFactory(customer=customer, category=tree["damaged"])
    response = client_for(customer).get(BASE, {"limit": 10, "offset": 0})
    assert response.status_code == 200
    data = assert_envelope(response.json(), "Customer support tickets retrieved successfully.")
    assert len(data) == 1
    row = data[0]
    assert_shape(row, ROW_FIELDS)
    assert row["id"] == ticket.pk
    assert row["refId"] == ticket.case_number
    assert row["status"] == "open"
    assert row["userType"] == "customer"
    assert row["userId"] == customer.pk
    assert row["categoryId"] == tree["root"].pk
    assert row["subCategoryId"] == tree["damaged"].pk
    assert (row["categoryName"], row["subCategoryName"]) == ("Storefront Returns", "Damaged parcel")
    assert row["createdDate"].endswith("Z")


def test_list_keyword_and_count(client_for, customer):
    TicketFactory(customer=customer, subject="Refund for order 5")
    TicketFactory(customer=customer, subject="Where is my parcel")
    client = client_for(customer)
    assert client.get(BASE, {"count": 1}).json()["data"] == 2
    assert client.get(BASE, {"count": "1", "keyword": "refund"}).json()["data"] == 1
    rows = client.get(BASE, {"keyword": "refund"}).json()["data"]
    assert [row["subject"] for row in rows] == ["Refund for order 5"]


def test_document_create_example_opens_a_ticket(client_for, customer, tree, upload_via_storefront):
    uploaded = upload_via_storefront(customer, "image1.png")
    body = {
        "categoryId": tree["root"].pk,
        "subCategoryId": tree["damaged"].pk,
        "subject": "Issue with Product",
        "description": "The product is defective.",
        "message": "Please check the issue with the product.",
        "attachments": [{"fileName": uploaded["file"], "filePath": uploaded["path"]}],
    }
    response = client_for(customer).post(BASE, body, format="json")
    assert response.status_code == 200, response.json()
    data = assert_envelope(response.json(), "Customer support ticket created successfully.")
    ticket = Ticket.objects.get(pk=data["ticketId"])
    assert ticket.customer == customer
    assert ticket.category == tree["damaged"]
    assert data["categoryId"] == tree["root"].pk
    assert data["subCategoryId"] == tree["damaged"].pk
    assert data["subject"] == "Issue with Product"
    assert data["description"] == "The product is defective."
    assert data["message"] == "Please check the issue with the product."
    assert data["attachments"] == body["attachments"]
    first = ticket.messages.get()
    assert first.body == "Please check the issue with the product."
    assert first.attachments.get().uuid.hex == uploaded["file"].split(".")[0]


def test_document_create_example_with_ticket_id_adds_a_message(
    client_for, customer, upload_via_storefront
):
    ticket = TicketFactory(customer=customer)
    uploaded = upload_via_storefront(customer)
    body = {
        "categoryId": 1,
        "subCategoryId": 2,
        "ticketId": str(ticket.pk),  # the real storefront sends ids as strings
        "subject": "Issue with Product",
        "description": "The product is defective.",
        "message": "Please check the issue with the product.",
        "attachments": [{"fileName": uploaded["file"], "filePath": uploaded["path"]}],
    }
    response = client_for(customer).post(BASE, body, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()["data"]
    assert data["ticketId"] == ticket.pk
    assert Ticket.objects.count() == 1
    reply = ticket.messages.order_by("id").last()
    assert reply.body == "Please check the issue with the product."
    assert reply.attachments.count() == 1


def test_document_detail_example(client_for, customer, agent, upload_via_storefront):
    uploaded = upload_via_storefront(customer)
    client = client_for(customer)
    created = client.post(
        BASE,
        {
            "subject": "Issue with Product",
            "message": "Can you please assist me with this issue?",
            "attachments": [{"fileName": uploaded["file"], "filePath": uploaded["path"]}],
        },
        format="json",
    ).json()["data"]
    client_for(agent).post(
        BASE, {"ticketId": created["ticketId"], "message": "Sure, looking."}, format="json"
    )
    response = client.get(f"{BASE}/{created['ticketId']}")
    assert response.status_code == 200
    data = assert_envelope(
        response.json(), "Customer support ticket details retrieved successfully."
    )
    assert_shape(data, DETAIL_FIELDS)
    assert data["status"] == "open"  # waiting on the customer still reads "open"
    first, answer = data["ticketMessage"]
    assert_shape(first, MESSAGE_FIELDS)
    assert first["senderType"] == "customer"
    assert first["senderId"] == customer.pk
    assert first["postedBy"] == {
        "id": customer.pk,
        "firstName": customer.first_name,
        "lastName": customer.last_name,
        "username": customer.username,
    }
    [attachment] = first["ticketAttachments"]
    assert attachment["filePath"] == uploaded["path"]
    assert answer["senderType"] == "admin"
    assert answer["ticketAttachments"] == []
    download = client.get(DOCUMENT, {"key": attachment["filePath"]})
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("code", "expected", "name"),
    [(2, Status.RESOLVED, "resolved"), ("3", Status.CANCELLED, "closed")],
)
def test_document_status_update_example(client_for, customer, code, expected, name):
    ticket = TicketFactory(customer=customer)
    response = client_for(customer).put(f"{BASE}/{ticket.pk}", {"status": code}, format="json")
    assert response.status_code == 200
    data = assert_envelope(response.json(), "Customer support ticket status updated successfully.")
    assert_shape(data, {k: v for k, v in DETAIL_FIELDS.items() if k != "ticketMessage"})
    assert data["status"] == name
    ticket.refresh_from_db()
    assert ticket.status == expected


def test_customer_reopens_resolved_ticket(client_for, customer):
    ticket = TicketFactory(customer=customer)
    client = client_for(customer)
    client.put(f"{BASE}/{ticket.pk}", {"status": 2}, format="json")
    response = client.put(f"{BASE}/{ticket.pk}", {"status": "1"}, format="json")
    assert response.status_code == 200
    assert response.json()["data"]["status"] == "open"
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.resolved_at is None


def test_agent_moves_ticket_in_progress(client_for, agent, customer):
    ticket = TicketFactory(customer=customer)
    response = client_for(agent).put(f"{BASE}/{ticket.pk}", {"status": 4}, format="json")
    assert response.status_code == 200
    assert response.json()["data"]["status"] == "in progress"


def test_closed_ticket_stays_closed_409_in_envelope(client_for, customer):
    ticket = TicketFactory(customer=customer)
    client = client_for(customer)
    client.put(f"{BASE}/{ticket.pk}", {"status": 3}, format="json")
    for code in (1, 2):
        response = client.put(f"{BASE}/{ticket.pk}", {"status": code}, format="json")
        assert response.status_code == 409
        body = response.json()
        assert body["status"] == "error"
        assert body["message"]
    ticket.refresh_from_db()
    assert ticket.status == Status.CANCELLED


@pytest.mark.parametrize("code", [0, 5, "x", None, "2.5"])
def test_unknown_status_code_is_400(client_for, customer, code):
    ticket = TicketFactory(customer=customer)
    response = client_for(customer).put(f"{BASE}/{ticket.pk}", {"status": code}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "error"
    assert "status" in body["data"]["errors"]
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_missing_auth_is_401_in_envelope(client_for, customer):
    ticket = TicketFactory(customer=customer)
    anonymous = client_for(None)
    for response in (
        anonymous.get(BASE),
        anonymous.get(f"{BASE}/ticket-category"),
        anonymous.get(f"{BASE}/{ticket.pk}"),
        anonymous.post(BASE, {"subject": "x", "message": "y"}, format="json"),
        anonymous.put(f"{BASE}/{ticket.pk}", {"status": 2}, format="json"),
        anonymous.post(UPLOAD, {}, format="json"),
        anonymous.get(DOCUMENT, {"key": "x"}),
    ):
        assert response.status_code == 401
        assert response.json()["status"] == "error"
        assert response.json()["data"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"message": "no subject"}, "subject"),
        ({"subject": "no text"}, "description"),
        ({"subject": "s", "message": "m", "categoryId": 999999}, "categoryId"),
        ({"subject": "s", "message": "m", "subCategoryId": "abc"}, "subCategoryId"),
        (
            {
                "subject": "s",
                "message": "m",
                "attachments": [{"fileName": "a.jpg", "filePath": "/uploads/a.jpg"}],
            },
            "attachments.0.filePath",
        ),
        (
            {
                "subject": "s",
                "message": "m",
                "attachments": [
                    {"fileName": "x", "filePath": "attachments/00/0123456789abcdef0123456789abcdef"}
                ],
            },
            "attachments",
        ),
    ],
)
def test_create_validation_names_the_field(client_for, customer, body, field):
    response = client_for(customer).post(BASE, body, format="json")
    assert response.status_code == 400
    envelope = response.json()
    assert envelope["status"] == "error"
    assert field in envelope["data"]["errors"]
    assert not Ticket.objects.exists()


def test_sub_category_must_belong_to_category(client_for, customer, tree):
    other_root = tree["root"].__class__.objects.create(name="Other", code="SF_OTHER")
    response = client_for(customer).post(
        BASE,
        {
            "subject": "s",
            "message": "m",
            "categoryId": other_root.pk,
            "subCategoryId": tree["damaged"].pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "subCategoryId" in response.json()["data"]["errors"]


def test_inactive_category_is_refused(client_for, customer, tree):
    response = client_for(customer).post(
        BASE, {"subject": "s", "message": "m", "subCategoryId": tree["late"].pk}, format="json"
    )
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_numeric_status_setting(client_for, customer, settings):
    settings.HELPDESK_STOREFRONT_NUMERIC_STATUS = True
    client = client_for(customer)
    assert client.get(BASE).json()["status"] == 1
    assert client.get(f"{BASE}/424242").json()["status"] == 0
    assert client_for(None).get(BASE).json()["status"] == 0


def test_unknown_ticket_is_404_in_envelope(client_for, customer):
    for path in (f"{BASE}/424242", f"{BASE}/abc", f"{BASE}/99999999999999999999999"):
        response = client_for(customer).get(path)
        assert response.status_code == 404
        assert response.json()["status"] == "error"


def test_upload_answers_file_and_path(client_for, customer, upload_via_storefront):
    data = upload_via_storefront(customer, "receipt.png")
    attachment = Attachment.objects.get()
    assert data["file"] == f"{attachment.uuid.hex}.png"
    assert data["path"] == attachment.file.name
    assert attachment.uploaded_by == customer
    assert attachment.original_name == "receipt.png"
    assert attachment.message is None


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"fileName": "a.png", "image": "data:image/png;base64,!!!"}, 400, "image"),
        ({"fileName": "a.png", "image": "data:text/plain;base64,aGVsbG8="}, 400, "image"),
        ({"fileName": "a.png", "image": "data:text/plain,hello"}, 400, "image"),
        ({"fileName": "hello.txt", "image": "data:image/png;base64,aGVsbG8="}, 400, "image"),
        ({"fileName": "a.exe", "image": "data:;base64,TVqQAAMAAAAEAAAA//8AALgAAAA="}, 400, "image"),
        ({"image": "data:image/png;base64,aGVsbG8="}, 400, "fileName"),
        ({"fileName": "a.png"}, 400, "image"),
    ],
)
def test_upload_is_checked_like_every_upload(client_for, customer, body, status, field):
    response = client_for(customer).post(UPLOAD, body, format="json")
    assert response.status_code == status
    assert response.json()["status"] == "error"
    assert field in response.json()["data"]["errors"]
    assert not Attachment.objects.exists()


def test_upload_over_the_limit_is_413(client_for, customer, settings):
    from .conftest import png_data_uri

    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 10
    response = client_for(customer).post(
        UPLOAD, {"fileName": "a.png", "image": png_data_uri()}, format="json"
    )
    assert response.status_code == 413
    assert response.json()["status"] == "error"
    assert not Attachment.objects.exists()


def test_upload_near_the_file_limit_fits_in_a_request(client_for, customer, settings):
    """A file just under the attachment limit, base64 in a JSON body, is a third larger
    than the file: the request-body limit leaves room for it."""
    from .conftest import PNG_BYTES, png_data_uri

    content = PNG_BYTES + b"\0" * (settings.HELPDESK_ATTACHMENT_MAX_BYTES - len(PNG_BYTES) - 1)
    response = client_for(customer).post(
        UPLOAD, {"fileName": "scan.png", "image": png_data_uri(content)}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert Attachment.objects.get().file.size == len(content)


def test_text_upload_with_plain_base64(client_for, customer):
    response = client_for(customer).post(
        UPLOAD,
        {"fileName": "notes.txt", "fileType": "text/plain", "image": "aGVsbG8K"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["data"]["fileType"] == "text/plain"


def test_message_post_on_ticket_needs_text(client_for, customer):
    ticket = TicketFactory(customer=customer)
    response = client_for(customer).post(BASE, {"ticketId": ticket.pk}, format="json")
    assert response.status_code == 400
    assert "message" in response.json()["data"]["errors"]
    assert Message.objects.filter(ticket=ticket).count() == 1


def test_unknown_paths_under_the_root_answer_the_envelope(client_for, customer):
    for path in ("/backend/api/api/nothing", f"{BASE}/1/messages"):
        response = client_for(customer).get(path)
        assert response.status_code == 404
        assert response.json() == {
            "status": "error",
            "message": "No such storefront API path.",
            "data": None,
        }


def test_paging_parameters_as_the_storefront_sends_them(client_for, customer):
    for _ in range(3):
        TicketFactory(customer=customer)
    client = client_for(customer)
    # limit=0 is the storefront's "no limit" (bounded here by the page maximum).
    assert len(client.get(BASE, {"limit": 0, "offset": 0}).json()["data"]) == 3
    assert len(client.get(BASE, {"limit": "2", "offset": "2"}).json()["data"]) == 1
    assert client.get(BASE, {"count": "true"}).json()["data"] == 3
    assert isinstance(client.get(BASE, {"count": "0"}).json()["data"], list)
    assert client.get(f"{BASE}/ticket-category", {"limit": 0}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [{"limit": 101}, {"limit": -1}, {"offset": "99999999999999999999999"}, {"count": "maybe"}],
)
def test_bad_paging_is_400_naming_the_field(client_for, customer, params):
    response = client_for(customer).get(BASE, params)
    assert response.status_code == 400
    assert set(params) <= set(response.json()["data"]["errors"])


@pytest.mark.parametrize(
    ("code", "expected"), [(1, Status.WAITING_ON_CUSTOMER), (2, Status.RESOLVED)]
)
def test_customer_setting_the_status_it_already_has_changes_nothing(
    client_for, customer, agent, code, expected
):
    ticket = TicketFactory(customer=customer)
    message_post(ticket=ticket, actor=agent, body="Could you send a photo?")
    client = client_for(customer)
    if code == 2:
        client.put(f"{BASE}/{ticket.pk}", {"status": 2}, format="json")
    events_before = ticket.events.count()
    response = client.put(f"{BASE}/{ticket.pk}", {"status": code}, format="json")
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.status == expected
    assert ticket.events.count() == events_before


def test_malformed_json_is_400_in_the_envelope(client_for, customer):
    response = client_for(customer).post(BASE, data='{"subject": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["status"] == "error"
    assert not Ticket.objects.exists()
