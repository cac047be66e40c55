"""The customer's and vendor's screens in a real browser: uploads checked before sending
and kept across a form error, vendors attaching files, the keyboard star rating, the
reopen notice, and no internal priority for the customer."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PNG_BYTES
from tickets.models import Attachment, MessageKind, Status, Ticket, TransferStatus, User, Vendor
from tickets.services.tickets import ticket_resolve, ticket_transfer

from .conftest import VIEWPORTS, axe_violations, screenshot

pytestmark = pytest.mark.browser

ELEVEN_MB = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)


def watch_posts(page) -> list[str]:
    posts: list[str] = []
    page.on(
        "request", lambda request: posts.append(request.url) if request.method == "POST" else None
    )
    return posts


def fill_new_ticket(page, *, subject: str) -> None:
    page.goto("/tickets/new/")
    page.fill("#id_subject", subject)
    page.select_option("#id_category", label="Product")
    page.fill("#id_description", "The lid is missing from the box.")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_too_big_or_wrong_file_is_refused_in_the_browser_without_a_request(session_for, viewport):
    page = session_for("alice", viewport).page
    fill_new_ticket(page, subject="Lid missing")
    posts = watch_posts(page)

    page.set_input_files(
        "#id_attachments",
        [
            {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": ELEVEN_MB},
            {"name": "setup.exe", "mimeType": "application/x-msdownload", "buffer": b"MZ" * 10},
        ],
    )
    problems = page.locator("#id_attachments_problems")
    expect(problems).to_contain_text("“scan.pdf” is too large: at most 10 MB per file.")
    expect(problems).to_contain_text("“setup.exe” is not a type of file we accept")
    page.get_by_role("button", name="Open ticket").click()
    expect(page.locator("#id_attachments")).to_be_focused()
    page.wait_for_timeout(300)

    assert posts == []
    assert not Ticket.objects.filter(subject="Lid missing").exists()
    assert "bytes" not in problems.inner_text()
    screenshot(page, f"portal-upload-refused-{viewport}")
    assert axe_violations(page) == []


def test_chosen_files_stay_attached_after_a_form_error(session_for):
    page = session_for("alice").page
    fill_new_ticket(page, subject="")
    page.set_input_files(
        "#id_attachments", {"name": "lid.png", "mimeType": "image/png", "buffer": PNG_BYTES}
    )
    page.get_by_role("button", name="Open ticket").click()

    expect(page.get_by_text("This field is required.")).to_be_visible()
    kept = page.get_by_label(re.compile("lid.png"))
    expect(kept).to_be_checked()
    expect(page.get_by_text("The files already attached stay attached.")).to_be_visible()
    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        screenshot(page, f"portal-upload-kept-{viewport}")
    page.set_viewport_size(VIEWPORTS["desktop"])
    assert axe_violations(page) == []

    page.fill("#id_subject", "Lid missing from the box")
    page.get_by_role("button", name="Open ticket").click()
    expect(page.get_by_role("link", name=re.compile("lid.png"))).to_be_visible()
    ticket = Ticket.objects.get(subject="Lid missing from the box")
    assert [a.original_name for a in Attachment.objects.filter(message__ticket=ticket)] == [
        "lid.png"
    ]


def test_vera_attaches_a_file_that_sam_sees_and_alice_does_not(session_for):
    sam_user = User.objects.get(username="sam")
    ticket = (
        Ticket.objects.filter(customer__username="alice", status=Status.OPEN, vendor__isnull=True)
        .order_by("id")
        .first()
    )
    ticket_transfer(
        ticket=ticket,
        actor=sam_user,
        vendor=Vendor.objects.get(code="A00012345"),
        note="Can you send the spare-parts list?",
    )
    vera = session_for("vera").page
    vera.goto(f"/vendor/tickets/{ticket.pk}/")
    vera.fill("#id_body", "Spare-parts list attached.")
    vera.set_input_files(
        "#id_attachments", {"name": "parts.png", "mimeType": "image/png", "buffer": PNG_BYTES}
    )
    for viewport, size in VIEWPORTS.items():
        vera.set_viewport_size(size)
        screenshot(vera, f"vendor-answer-attachment-{viewport}")
        assert axe_violations(vera) == []
    vera.set_viewport_size(VIEWPORTS["desktop"])
    vera.get_by_role("button", name="Send answer").click()
    expect(vera.get_by_text("Your answer was sent")).to_be_visible()
    expect(vera.get_by_role("link", name=re.compile("parts.png"))).to_be_visible()

    sam = session_for("sam").page
    sam.goto(f"/agent/tickets/{ticket.pk}/")
    expect(sam.locator(".message.from-vendor")).to_contain_text("parts.png")

    alice = session_for("alice").page
    alice.goto(f"/tickets/{ticket.pk}/")
    expect(alice.locator(".thread")).not_to_contain_text("parts.png")
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.ANSWERED
    answer = ticket.messages.get(kind=MessageKind.VENDOR_ANSWER)
    assert [a.original_name for a in answer.attachments.all()] == ["parts.png"]


def resolved_ticket_of_alice() -> Ticket:
    ticket = (
        Ticket.objects.filter(customer__username="alice", status=Status.OPEN).order_by("id").first()
    )
    return ticket_resolve(ticket=ticket, actor=User.objects.get(username="sam"))


def test_star_rating_by_keyboard_and_the_current_score_preselected(session_for):
    ticket = resolved_ticket_of_alice()
    page = session_for("alice").page
    page.goto(f"/tickets/{ticket.pk}/")
    expect(page.get_by_text("Replying reopens this ticket.")).to_be_visible()
    expect(page.locator("aside")).not_to_contain_text("Priority")

    page.locator("#id_score_1").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("3 stars")).to_be_checked()
    expect(page.get_by_label("3 stars")).to_be_focused()
    outline = page.locator("label[for=id_score_3]").evaluate(
        "label => getComputedStyle(label).outlineStyle"
    )
    assert outline == "solid"
    colours = page.locator(".star-label").evaluate_all(
        "labels => labels.map(label => getComputedStyle(label).color)"
    )
    assert colours[:3] == [colours[0]] * 3
    assert colours[3:] == [colours[4]] * 2
    assert colours[0] != colours[4]
    screenshot(page, "portal-rating-stars-desktop")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send rating").click()
    expect(page.get_by_text("Thank you for your rating.")).to_be_visible()
    ticket.refresh_from_db()
    assert ticket.current_rating == 3

    phone = session_for("alice", "phone").page
    phone.goto(f"/tickets/{ticket.pk}/#rate")
    expect(phone.get_by_text("Change your rating")).to_be_visible()
    expect(phone.get_by_label("3 stars")).to_be_checked()
    tops = phone.locator(".star-label").evaluate_all(
        "labels => labels.map(label => Math.round(label.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, f"the stars wrap at phone width: {tops}"
    phone.locator("#rate").scroll_into_view_if_needed()
    screenshot(phone, "portal-rating-stars-phone")
    assert axe_violations(phone) == []
