"""Vendors attach files to their answers (vendor page and native API). The files belong
to the exchange with that vendor: agents and that vendor see them, the customer and any
other vendor (including one the ticket went to later) get the same 404 as for a missing
file."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import (
    PNG_BYTES,
    TicketFactory,
    VendorFactory,
    VendorUserFactory,
    transferred_ticket,
    upload,
)
from tickets.models import Attachment, MessageKind, TransferStatus
from tickets.services.messages import vendor_answer
from tickets.services.tickets import ticket_transfer


def png(name="invoice.png"):
    return SimpleUploadedFile(name, PNG_BYTES, "image/png")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def answered(agent, customer, vendor_user):
    """A transferred ticket the vendor answered with a file through its page."""
    ticket = transferred_ticket(agent=agent, vendor=vendor_user.vendor, customer=customer)
    response = signed_in(vendor_user).post(
        f"/vendor/tickets/{ticket.pk}/", {"body": "Invoice attached", "attachments": [png()]}
    )
    assert response.status_code == 302
    return ticket


def test_vendor_answers_with_a_file(answered, vendor_user):
    answer = answered.messages.get(kind=MessageKind.VENDOR_ANSWER)
    [attachment] = answer.attachments.all()
    assert (attachment.original_name, attachment.uploaded_by) == ("invoice.png", vendor_user)
    answered.refresh_from_db()
    assert answered.transfer_status == TransferStatus.ANSWERED


@pytest.mark.parametrize(
    ("viewer", "shown"),
    [("agent", True), ("vendor", True), ("customer", False), ("other_vendor", False)],
)
def test_vendor_attachment_visibility(
    viewer, shown, answered, agent, customer, vendor_user, other_vendor_user
):
    user = {
        "agent": agent,
        "vendor": vendor_user,
        "customer": customer,
        "other_vendor": other_vendor_user,
    }[viewer]
    attachment = Attachment.objects.get()

    download = signed_in(user).get(f"/attachments/{attachment.uuid}/")

    assert download.status_code == (200 if shown else 404)


@pytest.mark.parametrize(
    ("viewer", "page"),
    [
        ("agent", "/agent/tickets/{}/"),
        ("vendor", "/vendor/tickets/{}/"),
        ("customer", "/tickets/{}/"),
    ],
)
def test_vendor_attachment_is_listed_on_the_pages_that_may_show_it(
    viewer, page, answered, agent, customer, vendor_user
):
    user = {"agent": agent, "vendor": vendor_user, "customer": customer}[viewer]

    html = signed_in(user).get(page.format(answered.pk)).content.decode()

    assert ("invoice.png" in html) == (viewer != "customer")


def test_a_later_vendor_does_not_get_the_earlier_vendors_file(answered, agent):
    second = VendorUserFactory(vendor=VendorFactory(name="Second Shop"))
    ticket_transfer(ticket=answered, actor=agent, vendor=second.vendor, note="Your turn")
    attachment = Attachment.objects.get()

    assert signed_in(second).get(f"/attachments/{attachment.uuid}/").status_code == 404
    page = signed_in(second).get(f"/vendor/tickets/{answered.pk}/").content.decode()
    assert "invoice.png" not in page


def test_native_api_vendor_answer_with_attachments(agent, customer, vendor_user, client_for):
    ticket = transferred_ticket(agent=agent, vendor=vendor_user.vendor, customer=customer)
    attachment = upload(vendor_user, "packing-list.png")

    response = client_for(vendor_user).post(
        f"/api/v1/tickets/{ticket.pk}/answer/",
        {"body": "Packing list attached", "attachments": [str(attachment.uuid)]},
        format="json",
    )

    assert response.status_code in (200, 201)
    agent_view = client_for(agent).get(f"/api/v1/tickets/{ticket.pk}/").json()
    customer_view = client_for(customer).get(f"/api/v1/tickets/{ticket.pk}/").json()
    files = [a["filename"] for m in agent_view["messages"] for a in m["attachments"]]
    assert files == ["packing-list.png"]
    assert "packing-list.png" not in str(customer_view)


def test_vendor_cannot_attach_someone_elses_upload(agent, customer, vendor_user, client_for):
    ticket = transferred_ticket(agent=agent, vendor=vendor_user.vendor, customer=customer)
    foreign = upload(customer, "private.png")

    response = client_for(vendor_user).post(
        f"/api/v1/tickets/{ticket.pk}/answer/",
        {"body": "Mine now", "attachments": [str(foreign.uuid)]},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["attachments"]
    assert not ticket.messages.filter(kind=MessageKind.VENDOR_ANSWER).exists()
    foreign.refresh_from_db()
    assert foreign.message is None


def test_vendor_answer_form_keeps_the_file_after_an_error(agent, customer, vendor_user):
    ticket = transferred_ticket(agent=agent, vendor=vendor_user.vendor, customer=customer)
    client = signed_in(vendor_user)
    first = client.post(f"/vendor/tickets/{ticket.pk}/", {"body": "", "attachments": [png()]})
    html = first.content.decode()
    assert first.status_code == 400
    [kept] = re.findall(r'name="kept_uploads" value="([0-9a-f-]+)"', html)

    second = client.post(
        f"/vendor/tickets/{ticket.pk}/",
        {"body": "Here", "kept_uploads": [kept], "listed_uploads": [kept]},
    )

    assert second.status_code == 302
    answer = ticket.messages.get(kind=MessageKind.VENDOR_ANSWER)
    assert [str(a.uuid) for a in answer.attachments.all()] == [kept]


def test_service_attaches_files_to_the_answer(agent, vendor_user):
    ticket = transferred_ticket(
        agent=agent, vendor=vendor_user.vendor, customer=TicketFactory().customer
    )
    attachment = upload(vendor_user)

    answer = vendor_answer(
        ticket=ticket, actor=vendor_user, body="See file", attachment_uuids=[attachment.uuid]
    )

    assert list(answer.attachments.all()) == [attachment]
