"""Uploads on the web forms (limits in MB, files kept across a form error), the star
rating with the current score preselected, and the reopen notice on a resolved ticket."""

import base64
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PNG_BYTES, CategoryFactory, TicketFactory, transferred_ticket, upload
from tickets.errors import UploadQuotaError
from tickets.models import Attachment, Message, MessageKind, Rating, Status, Ticket
from tickets.services.ratings import rating_add
from tickets.services.tickets import ticket_resolve


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG_BYTES, "image/png")


def kept_ids(html: str) -> list[str]:
    return re.findall(r'name="kept_uploads" value="([0-9a-f-]+)"', html)


@pytest.fixture
def category(db):
    return CategoryFactory(name="Orders", code="ORDER_WEB")


def test_new_ticket_form_keeps_chosen_files_after_an_error(customer, category, web_for):
    client = web_for(customer)
    first = client.post(
        "/tickets/new/",
        {"subject": "", "category": category.pk, "description": "Lost", "attachments": [png()]},
    )
    html = first.content.decode()
    assert first.status_code == 200
    assert "This field is required." in html
    assert "photo.png" in html
    assert "The files already attached stay attached." in html
    [kept] = kept_ids(html)
    assert not Ticket.objects.exists()

    second = client.post(
        "/tickets/new/",
        {
            "subject": "Lost parcel",
            "category": category.pk,
            "description": "Lost",
            "kept_uploads": [kept],
            "listed_uploads": [kept],
        },
    )

    assert second.status_code == 302
    ticket = Ticket.objects.get()
    [attachment] = Attachment.objects.all()
    assert (str(attachment.uuid), attachment.message.ticket) == (kept, ticket)


def test_unticked_kept_file_is_left_out_and_discarded(customer, category, web_for):
    stays, goes = upload(customer, "stays.png"), upload(customer, "goes.png")

    response = web_for(customer).post(
        "/tickets/new/",
        {
            "subject": "Two photos",
            "category": category.pk,
            "description": "One is enough",
            "kept_uploads": [str(stays.uuid)],
            "listed_uploads": [str(stays.uuid), str(goes.uuid)],
        },
    )

    assert response.status_code == 302
    assert [a.original_name for a in Attachment.objects.all()] == ["stays.png"]


def test_someone_elses_upload_cannot_be_kept(customer, other_customer, category, web_for):
    foreign = upload(other_customer, "theirs.png")

    response = web_for(customer).post(
        "/tickets/new/",
        {
            "subject": "Sneaky",
            "category": category.pk,
            "description": "Not mine",
            "kept_uploads": [str(foreign.uuid)],
            "listed_uploads": [str(foreign.uuid)],
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "no longer available" in html
    assert "theirs.png" not in html
    assert not Ticket.objects.exists()
    foreign.refresh_from_db()
    assert foreign.message is None


def test_malformed_kept_upload_is_a_form_error(customer, category, web_for):
    response = web_for(customer).post(
        "/tickets/new/",
        {"subject": "S", "category": category.pk, "description": "D", "kept_uploads": ["x"]},
    )
    assert response.status_code == 200
    assert "not valid; choose it again" in response.content.decode()
    assert not Ticket.objects.exists()


def test_kept_and_new_files_together_respect_the_count_limit(customer, category, web_for, settings):
    settings.HELPDESK_ATTACHMENT_MAX_FILES = 2
    kept = [str(upload(customer, f"k{n}.png").uuid) for n in range(2)]

    response = web_for(customer).post(
        "/tickets/new/",
        {
            "subject": "Many",
            "category": category.pk,
            "description": "files",
            "kept_uploads": kept,
            "listed_uploads": kept,
            "attachments": [png("new.png")],
        },
    )

    html = response.content.decode()
    assert "At most 2 files per message." in html
    assert sorted(kept_ids(html)) == sorted(kept)
    assert not Ticket.objects.exists()


def test_portal_reply_keeps_the_file_after_an_error(customer, web_for, settings):
    ticket = TicketFactory(customer=customer)
    client = web_for(customer)
    first = client.post(
        f"/tickets/{ticket.pk}/", {"body": "x" * 20001, "attachments": [png("receipt.png")]}
    )
    [kept] = kept_ids(first.content.decode())
    assert first.status_code == 400

    second = client.post(
        f"/tickets/{ticket.pk}/",
        {"body": "", "kept_uploads": [kept], "listed_uploads": [kept]},
    )

    assert second.status_code == 302
    reply = ticket.messages.order_by("-id").first()
    assert [a.original_name for a in reply.attachments.all()] == ["receipt.png"]


def test_agent_reply_keeps_the_file_after_an_error(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    client = web_for(agent)
    first = client.post(
        f"/agent/tickets/{ticket.pk}/", {"body": "x" * 20001, "attachments": [png("guide.png")]}
    )
    html = first.content.decode()
    [kept] = kept_ids(html)
    assert "guide.png" in html

    second = client.post(
        f"/agent/tickets/{ticket.pk}/",
        {"body": "See the guide", "kept_uploads": [kept], "listed_uploads": [kept]},
    )

    assert second.status_code == 302
    reply = ticket.messages.order_by("-id").first()
    assert [a.original_name for a in reply.attachments.all()] == ["guide.png"]


def test_upload_limits_are_rendered_for_the_browser(customer, web_for, settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
    settings.HELPDESK_ATTACHMENT_MAX_FILES = 3
    settings.HELPDESK_ATTACHMENT_ALLOWED_TYPES = ["image/png", "application/pdf"]

    html = web_for(customer).get("/tickets/new/").content.decode()

    assert 'data-max-bytes="5242880"' in html
    assert 'data-max-size="5 MB"' in html
    assert 'data-max-files="3"' in html
    assert 'data-extensions=".pdf,.png"' in html
    assert 'accept=".pdf,.png"' in html
    assert "Up to 3 files, at most 5 MB each" in html


def test_pending_upload_quota_is_worded_in_mb(customer, settings):
    settings.HELPDESK_PENDING_UPLOADS_MAX_BYTES = 3 * 1024 * 1024
    upload(customer, "a.txt", b"x" * (2 * 1024 * 1024))

    with pytest.raises(UploadQuotaError) as refused:
        upload(customer, "b.txt", b"x" * (2 * 1024 * 1024))

    assert "would exceed 3 MB, the most allowed." in str(refused.value)
    assert "bytes" not in str(refused.value)


def test_storefront_too_large_upload_is_worded_in_mb(customer, client_for, settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1024 * 1024
    image = "data:image/png;base64," + base64.b64encode(b"x" * (1024 * 1024 + 512 * 1024)).decode()

    response = client_for(customer).post(
        "/backend/api/api/media/upload-file",
        {"fileName": "big.png", "fileType": "image/png", "image": image, "path": "x"},
        format="json",
    )

    assert response.status_code == 413
    assert "at most 1 MB per file" in response.content.decode()
    assert "bytes" not in response.json()["message"]


def test_rating_control_offers_five_labelled_stars(customer, agent, web_for):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket=ticket, actor=agent)

    html = web_for(customer).get(f"/tickets/{ticket.pk}/").content.decode()

    for n, label in enumerate(["1 star", "2 stars", "3 stars", "4 stars", "5 stars"], 1):
        assert f'type="radio" name="score" value="{n}" id="id_score_{n}" required>' in html
        assert f'<span class="visually-hidden">{label}</span>' in html


def test_changing_a_rating_preselects_the_current_score(customer, agent, web_for):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket=ticket, actor=agent)
    rating_add(ticket=ticket, actor=customer, score=4)

    html = web_for(customer).get(f"/tickets/{ticket.pk}/").content.decode()

    assert "Change your rating" in html
    assert 'value="4" id="id_score_4" checked' in html
    assert html.count(" checked") == 1


def test_resolved_ticket_reply_box_says_a_reply_reopens_it(customer, agent, web_for):
    ticket = TicketFactory(customer=customer)
    client = web_for(customer)
    assert (
        "Replying reopens this ticket" not in client.get(f"/tickets/{ticket.pk}/").content.decode()
    )
    ticket_resolve(ticket=ticket, actor=agent)

    html = client.get(f"/tickets/{ticket.pk}/").content.decode()

    assert "Replying reopens this ticket." in html
    client.post(f"/tickets/{ticket.pk}/", {"body": "Still broken"})
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_rating_still_saves_after_the_control_change(customer, agent, web_for):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket=ticket, actor=agent)
    web_for(customer).post(f"/tickets/{ticket.pk}/rate/", {"score": "5"})
    assert Rating.objects.get(ticket=ticket).score == 5
    assert not Message.objects.filter(kind=MessageKind.RATING_COMMENT).exists()


def test_vendor_page_does_not_offer_attachments_without_an_awaited_answer(
    agent, customer, vendor_user, web_for
):
    ticket = transferred_ticket(
        agent=agent, vendor=vendor_user.vendor, customer=customer, needs_answer=False
    )
    html = web_for(vendor_user).get(f"/vendor/tickets/{ticket.pk}/").content.decode()
    assert 'name="attachments"' not in html
