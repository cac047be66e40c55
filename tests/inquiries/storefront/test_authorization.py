"""Who may see and do what through the storefront dialect."""

import pytest

from tests.factories import TicketFactory, upload
from tickets.models import Message, Status
from tickets.services.messages import message_post

from .conftest import BASE, DOCUMENT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("owner", 200), ("seller_colleague", 200), ("stranger", 404), ("agent", 200), ("vendor", 404)],
)
def test_ticket_detail_visibility(
    actor,
    expected,
    client_for,
    customer,
    seller_account,
    seller_colleague,
    other_customer,
    agent,
    vendor_user,
):
    ticket = TicketFactory(customer=customer, seller_account_id=seller_account.pk)
    actors = {
        "owner": customer,
        "seller_colleague": seller_colleague,
        "stranger": other_customer,
        "agent": agent,
        "vendor": vendor_user,
    }
    response = client_for(actors[actor]).get(f"{BASE}/{ticket.pk}")
    assert response.status_code == expected


def test_list_shows_only_own_tickets_and_agents_see_all(
    client_for, customer, other_customer, agent
):
    mine = TicketFactory(customer=customer)
    TicketFactory(customer=other_customer)
    rows = client_for(customer).get(BASE).json()["data"]
    assert [row["id"] for row in rows] == [mine.pk]
    assert client_for(customer).get(BASE, {"count": 1}).json()["data"] == 1
    assert client_for(agent).get(BASE, {"count": 1}).json()["data"] == 2


def test_stranger_cannot_post_to_or_change_a_ticket(client_for, customer, other_customer):
    ticket = TicketFactory(customer=customer)
    stranger = client_for(other_customer)
    response = stranger.post(BASE, {"ticketId": ticket.pk, "message": "hi"}, format="json")
    assert response.status_code == 404
    response = stranger.put(f"{BASE}/{ticket.pk}", {"status": 3}, format="json")
    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.messages.count() == 1


def test_customer_may_not_set_in_progress(client_for, customer):
    ticket = TicketFactory(customer=customer)
    response = client_for(customer).put(f"{BASE}/{ticket.pk}", {"status": 4}, format="json")
    assert response.status_code == 403
    assert response.json()["status"] == "error"
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_vendor_may_not_open_tickets(client_for, vendor_user):
    response = client_for(vendor_user).post(BASE, {"subject": "s", "message": "m"}, format="json")
    assert response.status_code == 403


def test_internal_notes_never_reach_the_customer(client_for, customer, agent):
    ticket = TicketFactory(customer=customer)
    message_post(ticket=ticket, actor=agent, body="secret note", is_internal=True)
    data = client_for(customer).get(f"{BASE}/{ticket.pk}").json()["data"]
    assert "secret note" not in [m["message"] for m in data["ticketMessage"]]
    assert client_for(customer).get(BASE, {"keyword": "secret", "count": 1}).json()["data"] == 0


def test_someone_elses_upload_cannot_be_claimed_or_downloaded(client_for, customer, other_customer):
    theirs = upload(other_customer)
    path = theirs.file.name
    client = client_for(customer)
    response = client.post(
        BASE,
        {"subject": "s", "message": "m", "attachments": [{"fileName": "x.png", "filePath": path}]},
        format="json",
    )
    assert response.status_code == 400
    assert "attachments" in response.json()["data"]["errors"]
    assert client.get(DOCUMENT, {"key": path}).status_code == 404
    assert client_for(other_customer).get(DOCUMENT, {"key": path}).status_code == 200


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("owner", 200), ("stranger", 404), ("agent", 200), ("vendor", 404)],
)
def test_attachment_download_follows_the_ticket(
    actor, expected, client_for, customer, other_customer, agent, vendor_user
):
    attachment = upload(customer)
    TicketFactory(customer=customer, attachment_uuids=[attachment.uuid])
    actors = {"owner": customer, "stranger": other_customer, "agent": agent, "vendor": vendor_user}
    for key in (attachment.file.name, attachment.uuid.hex + ".png", str(attachment.uuid)):
        response = client_for(actors[actor]).get(DOCUMENT, {"key": key})
        assert response.status_code == expected


def test_download_of_unknown_key_is_404_in_envelope(client_for, customer):
    response = client_for(customer).get(DOCUMENT, {"key": "../../etc/passwd"})
    assert response.status_code == 404
    assert response.json()["status"] == "error"


@pytest.mark.parametrize("rows", [1, 30])
def test_ticket_list_query_count_is_constant(
    rows, client_for, customer, tree, django_assert_max_num_queries
):
    for _ in range(rows):
        TicketFactory(customer=customer, category=tree["damaged"])
    client = client_for(customer)
    with django_assert_max_num_queries(4):
        response = client.get(BASE, {"limit": 50})
    assert len(response.json()["data"]) == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_category_list_query_count_is_constant(
    rows, client_for, customer, tree, django_assert_max_num_queries
):
    for index in range(rows):
        tree["root"].__class__.objects.create(
            name=f"Sub {index}", code=f"SUB_{index}", parent=tree["root"], created_by=customer
        )
    client = client_for(customer)
    with django_assert_max_num_queries(3):
        response = client.get(f"{BASE}/ticket-category", {"parentCategoryId": tree["root"].pk})
    assert len(response.json()["data"]) == rows + 1


def test_detail_thread_queries_do_not_grow_with_messages(
    client_for, customer, agent, django_assert_max_num_queries
):
    ticket = TicketFactory(customer=customer)
    for index in range(10):
        message_post(ticket=ticket, actor=agent if index % 2 else customer, body=f"m{index}")
    client = client_for(customer)
    with django_assert_max_num_queries(7):
        response = client.get(f"{BASE}/{ticket.pk}")
    assert len(response.json()["data"]["ticketMessage"]) == Message.objects.count()
