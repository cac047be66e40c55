"""The customer portal through HTTP: open, follow, reply, cancel, resolve and rate."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PASSWORD, PNG_BYTES, CategoryFactory, TicketFactory
from tickets.models import Attachment, Message, MessageKind, Rating, Status, Ticket, User
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_cancel, ticket_resolve


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG_BYTES, "image/png")


@pytest.fixture
def category(db):
    return CategoryFactory(name="Orders", code="ORDER_WEB")


def test_customer_opens_ticket_with_two_attachments(customer, category, web_for):
    response = web_for(customer).post(
        "/tickets/new/",
        {
            "subject": "Parcel missing",
            "category": category.pk,
            "order_id": "1900001",
            "item_id": "A-77",
            "item_name": "Desk lamp",
            "description": "Tracking stopped a week ago.",
            "attachments": [png("label.png"), SimpleUploadedFile("notes.txt", b"hello\n")],
        },
    )
    ticket = Ticket.objects.get(customer=customer)
    assert response.status_code == 302
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    assert (ticket.subject, ticket.category, ticket.order_id, ticket.item_name) == (
        "Parcel missing",
        category,
        "1900001",
        "Desk lamp",
    )
    first = ticket.messages.get()
    assert sorted(a.original_name for a in first.attachments.all()) == ["label.png", "notes.txt"]
    page = web_for(customer).get(response["Location"]).content.decode()
    assert ticket.case_number in page
    assert "label.png" in page


def test_new_ticket_errors_keep_what_was_typed_and_write_nothing(customer, category, web_for):
    response = web_for(customer).post(
        "/tickets/new/",
        {"subject": "", "category": category.pk, "order_id": "1900042", "description": "Lost"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert 'value="1900042"' in html
    assert "Lost</textarea>" in html
    assert not Ticket.objects.exists()


def test_new_ticket_with_a_disguised_file_names_it_and_keeps_the_good_one(
    customer, category, web_for, settings
):
    response = web_for(customer).post(
        "/tickets/new/",
        {
            "subject": "Broken",
            "category": category.pk,
            "description": "See photo",
            "attachments": [png("ok.png"), SimpleUploadedFile("evil.png", b"MZ\x90\x00" * 50)],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "evil.png: This type of file is not accepted." in html
    assert 'value="Broken"' in html
    assert not Ticket.objects.exists()
    # The accepted file waits as the customer's pending upload, listed ticked on the form;
    # the refused one was never stored.
    kept = Attachment.objects.get()
    assert (kept.original_name, kept.uploaded_by, kept.message) == ("ok.png", customer, None)
    assert f'name="kept_uploads" value="{kept.uuid}"' in html
    stored = settings.MEDIA_ROOT / "attachments"
    assert len([path for path in stored.rglob("*") if path.is_file()]) == 1


def test_new_ticket_refuses_more_files_than_allowed(customer, category, web_for, settings):
    settings.HELPDESK_ATTACHMENT_MAX_FILES = 2
    response = web_for(customer).post(
        "/tickets/new/",
        {
            "subject": "Many",
            "category": category.pk,
            "description": "files",
            "attachments": [png(f"p{n}.png") for n in range(3)],
        },
    )
    assert "At most 2 files per message." in response.content.decode()
    assert not Ticket.objects.exists()


def test_category_picker_shows_the_tree(customer, web_for):
    parent = CategoryFactory(name="Shipping", code="SHIP")
    CategoryFactory(name="Late parcel", code="LATE", parent=parent)
    CategoryFactory(name="Hidden one", code="OLD", is_active=False)
    html = web_for(customer).get("/tickets/new/").content.decode()
    # The heading groups its sub-categories and is not itself an option.
    group = f'<optgroup label="Shipping" data-category-top="{parent.pk}"'
    assert html.index(group) < html.index(">Late parcel</option>")
    assert f'<option value="{parent.pk}"' not in html
    assert "Hidden one" not in html


def test_customer_reply_with_attachment_reopens_waiting_ticket(customer, agent, web_for):
    ticket = TicketFactory(customer=customer)
    message_post(ticket=ticket, actor=agent, body="Need a photo")
    response = web_for(customer).post(
        f"/tickets/{ticket.pk}/", {"body": "Here it is", "attachments": [png()]}
    )
    assert response.status_code == 302
    reply = ticket.messages.order_by("-id").first()
    assert reply.body == "Here it is"
    assert reply.attachments.count() == 1
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_empty_reply_is_refused_with_the_field_named(customer, web_for):
    ticket = TicketFactory(customer=customer)
    response = web_for(customer).post(f"/tickets/{ticket.pk}/", {"body": "  "})
    assert response.status_code == 400
    assert "Write a message or attach a file." in response.content.decode()
    assert ticket.messages.count() == 1


def test_customer_page_hides_internal_notes_and_vendor_exchange(customer, agent, web_for):
    ticket = TicketFactory(customer=customer)
    message_post(ticket=ticket, actor=agent, body="Secret note about refunds", is_internal=True)
    message_post(ticket=ticket, actor=agent, body="Public answer")
    html = web_for(customer).get(f"/tickets/{ticket.pk}/").content.decode()
    assert "Public answer" in html
    assert "Secret note about refunds" not in html
    assert "Internal note" not in html


def test_customer_cancels_own_ticket(customer, web_for):
    ticket = TicketFactory(customer=customer)
    response = web_for(customer).post(f"/tickets/{ticket.pk}/cancel/", follow=True)
    ticket.refresh_from_db()
    assert ticket.status == Status.CANCELLED
    assert "The ticket was cancelled." in response.content.decode()
    assert "takes no more replies" in response.content.decode()


def test_cancelling_twice_shows_an_error_and_changes_nothing(customer, web_for):
    ticket = TicketFactory(customer=customer)
    client = web_for(customer)
    client.post(f"/tickets/{ticket.pk}/cancel/")
    response = client.post(f"/tickets/{ticket.pk}/cancel/", follow=True)
    assert "cannot move from" in response.content.decode()
    assert ticket.events.filter(kind="status_changed").count() == 1


def test_customer_rates_a_resolved_ticket_with_a_comment(customer, agent, web_for):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket=ticket, actor=agent)
    page = web_for(customer).get(f"/tickets/{ticket.pk}/").content.decode()
    assert "Rate our help" in page
    response = web_for(customer).post(
        f"/tickets/{ticket.pk}/rate/", {"score": "4", "comment": "Quick, thanks"}, follow=True
    )
    rating = Rating.objects.get(ticket=ticket)
    assert (rating.score, rating.comment) == (4, "Quick, thanks")
    assert ticket.messages.filter(kind=MessageKind.RATING_COMMENT).exists()
    assert "Thank you for your rating." in response.content.decode()


@pytest.mark.parametrize("score", ["0", "6", "abc", ""])
def test_rating_outside_one_to_five_is_refused(score, customer, agent, web_for):
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket=ticket, actor=agent)
    response = web_for(customer).post(f"/tickets/{ticket.pk}/rate/", {"score": score}, follow=True)
    assert "How did we do?" in response.content.decode()
    assert not Rating.objects.exists()


def test_rating_an_open_ticket_is_accepted_as_on_every_surface(customer, web_for):
    # Issue 10: one rule for every surface; the customer side may rate until cancelled.
    ticket = TicketFactory(customer=customer)
    page = web_for(customer).get(f"/tickets/{ticket.pk}/").content.decode()
    assert f"/tickets/{ticket.pk}/rate/" in page
    web_for(customer).post(f"/tickets/{ticket.pk}/rate/", {"score": "5"})
    assert Rating.objects.get().ticket == ticket


def test_rating_a_cancelled_ticket_is_refused(customer, web_for):
    ticket = TicketFactory(customer=customer)
    ticket_cancel(ticket=ticket, actor=customer)
    response = web_for(customer).post(f"/tickets/{ticket.pk}/rate/", {"score": "5"}, follow=True)
    assert "cancelled" in response.content.decode()
    assert not Rating.objects.exists()


def test_customer_marks_ticket_resolved(customer, web_for):
    ticket = TicketFactory(customer=customer)
    web_for(customer).post(f"/tickets/{ticket.pk}/resolve/")
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert ticket.resolved_by == customer


def test_my_tickets_lists_only_mine_and_filters(customer, other_customer, web_for):
    parent = CategoryFactory(name="Payments", code="PAY_WEB")
    child = CategoryFactory(name="Refunds", code="REFUND_WEB", parent=parent)
    refund = TicketFactory(customer=customer, subject="Refund missing", category=child)
    other = TicketFactory(customer=customer, subject="Where is my parcel")
    TicketFactory(customer=other_customer, subject="Bob's refund")
    client = web_for(customer)
    html = client.get("/tickets/").content.decode()
    assert "Refund missing" in html
    assert "Where is my parcel" in html
    assert "Bob&#x27;s refund" not in html
    by_category = client.get("/tickets/", {"category": parent.pk}).content.decode()
    assert "Refund missing" in by_category
    assert "Where is my parcel" not in by_category
    by_keyword = client.get("/tickets/", {"q": "parcel"}).content.decode()
    assert "Where is my parcel" in by_keyword
    assert "Refund missing" not in by_keyword
    by_case = client.get("/tickets/", {"q": refund.case_number}).content.decode()
    assert "Refund missing" in by_case
    client.post(f"/tickets/{other.pk}/cancel/")
    by_status = client.get("/tickets/", {"status": "cancelled"}).content.decode()
    assert "Where is my parcel" in by_status
    assert "Refund missing" not in by_status


def test_my_tickets_paginates_and_keeps_filters_in_page_links(customer, web_for):
    for _ in range(21):
        TicketFactory(customer=customer)
    html = web_for(customer).get("/tickets/", {"status": "open"}).content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?status=open&amp;page=2"' in html
    second = web_for(customer).get("/tickets/", {"status": "open", "page": 2}).content.decode()
    assert "21\u201321 of 21" in second


def test_sign_up_creates_a_customer_and_logs_in(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "carol",
            "email": "carol@example.com",
            "first_name": "Carol",
            "last_name": "Park",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/tickets/"
    assert User.objects.get(username="carol").email == "carol@example.com"
    assert client.get("/tickets/").status_code == 200


def test_sign_up_errors_keep_the_typed_values(client, customer):
    response = client.post(
        "/accounts/signup/",
        {"username": "dave", "email": customer.email, "password1": "x", "password2": "y"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "An account with this email already exists." in html
    assert 'value="dave"' in html
    assert not User.objects.filter(username="dave").exists()


def test_password_reset_mails_a_working_link(client, customer):
    client.post("/accounts/password/reset/", {"email": customer.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/" in line)
    path = link[link.index("/accounts/") :].strip()
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand-new-secret-77", "new_password2": "brand-new-secret-77"},
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.check_password("brand-new-secret-77")


def test_password_change(customer, web_for):
    response = web_for(customer).post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-secret-88",
            "new_password2": "another-secret-88",
        },
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.check_password("another-secret-88")


def test_thread_shows_no_message_of_another_ticket(customer, web_for):
    mine = TicketFactory(customer=customer)
    other = TicketFactory(customer=customer, description="Other ticket text")
    html = web_for(customer).get(f"/tickets/{mine.pk}/").content.decode()
    assert "Other ticket text" not in html
    assert Message.objects.filter(ticket=other).exists()


def test_oversized_file_is_refused_with_the_field_named(customer, category, web_for, settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    response = web_for(customer).post(
        "/tickets/new/",
        {
            "subject": "Big file",
            "category": category.pk,
            "description": "see file",
            "attachments": [SimpleUploadedFile("big.txt", b"x" * (2 * 1024 * 1024 + 1))],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "big.txt: The file is too large: at most 2 MB per file." in html
    assert "Up to 5 files, at most 2 MB each" in html
    assert 'data-max-bytes="2097152"' in html
    assert 'data-max-size="2 MB"' in html
    assert "2097152 bytes" not in html
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("value", ["999999", "abc", "inactive"])
def test_unknown_or_unavailable_category_is_refused(value, customer, web_for):
    inactive = CategoryFactory(is_active=False)
    response = web_for(customer).post(
        "/tickets/new/",
        {
            "subject": "S",
            "category": inactive.pk if value == "inactive" else value,
            "description": "D",
        },
    )
    assert response.status_code == 200
    assert "Choose one of the listed categories." in response.content.decode()
    assert not Ticket.objects.exists()
