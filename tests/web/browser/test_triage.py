"""The agent's ticket page in a browser: triage in one form, keyboard shortcuts, the
activity log in people's words, and the phone layout."""

import re

import pytest
from playwright.sync_api import expect

from tickets.models import EventKind, Priority, Status, Ticket, TicketEvent, User

from .conftest import VIEWPORTS, axe_violations, screenshot

pytestmark = pytest.mark.browser


def open_unassigned_ticket() -> Ticket:
    return (
        Ticket.objects.filter(status=Status.OPEN, assignee__isnull=True, vendor__isnull=True)
        .order_by("id")
        .first()
    )


def test_one_triage_save_changes_several_fields_with_one_event_each(session_for):
    ticket = open_unassigned_ticket()
    events_before = TicketEvent.objects.filter(ticket=ticket).count()
    new_priority = Priority.URGENT if ticket.priority != Priority.URGENT else Priority.LOW
    sam = session_for("sam")
    page = sam.page
    page.goto(f"/agent/tickets/{ticket.pk}/")
    triage = page.locator("#triage")
    triage.get_by_label("Assignee").fill("sam")
    triage.get_by_label("Status").select_option(Status.IN_PROGRESS)
    triage.get_by_label("Priority").select_option(new_priority)
    screenshot(page, "triage-form-desktop")
    triage.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Priority, assignee and status saved.")).to_be_visible()

    ticket.refresh_from_db()
    assert (ticket.assignee.username, ticket.status, ticket.priority) == (
        "sam",
        Status.IN_PROGRESS,
        new_priority,
    )
    new_events = TicketEvent.objects.filter(ticket=ticket).order_by("id")[events_before:]
    # The SLA clock may record a missed target of its own when the ticket is touched.
    assert [event.kind for event in new_events if event.kind != EventKind.SLA_BREACHED] == [
        EventKind.PRIORITY_CHANGED,
        EventKind.ASSIGNED,
        EventKind.STATUS_CHANGED,
    ]
    thread = page.locator(".thread")
    expect(thread).to_contain_text("You took the ticket")
    expect(thread).to_contain_text("You changed the status from Open to In progress")
    assert axe_violations(page) == []

    # A bad value is refused on its field, and nothing at all is written.
    triage.get_by_label("Assignee").fill("nobody-such")
    triage.get_by_label("Priority").select_option(Priority.NORMAL)
    triage.get_by_role("button", name="Save").click()
    expect(page.locator("#triage-assignee_error")).to_contain_text("No support agent")
    expect(page.locator("#triage-assignee")).to_have_attribute("aria-invalid", "true")
    assert Ticket.objects.get(pk=ticket.pk).priority == new_priority


def test_activity_log_uses_names_and_labels(session_for):
    ticket = (
        Ticket.objects.filter(events__kind=EventKind.ASSIGNED, assignee__username="sam")
        .order_by("id")
        .first()
    )
    vera_sees = session_for("sam")
    vera_sees.page.goto(f"/agent/tickets/{ticket.pk}/")
    thread = vera_sees.page.locator(".thread")
    customer = ticket.customer.get_full_name() or ticket.customer.username
    expect(thread).to_contain_text(f"{customer} opened the ticket")
    expect(thread).to_contain_text("You took the ticket")
    text = thread.text_content()
    assert not re.search(r"\b(open|in_progress|waiting_on_customer)\b to", text)
    screenshot(vera_sees.page, "activity-log-desktop")


def test_queue_shortcuts_and_tab_to_the_first_ticket(session_for):
    sam = session_for("sam")
    page = sam.page
    page.goto("/agent/")
    links = page.locator(".ticket-table tbody a.subject-link")
    first_href, second_href = links.nth(0).get_attribute("href"), links.nth(1).get_attribute("href")

    # One Tab reaches the skip link; Enter lands on the first ticket.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the tickets")).to_be_focused()
    page.keyboard.press("Enter")
    expect(links.nth(0)).to_be_focused()

    page.keyboard.press("j")
    expect(links.nth(1)).to_be_focused()
    expect(page.locator(".ticket-table tbody tr.is-current")).to_have_count(1)
    page.keyboard.press("k")
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    screenshot(page, "queue-keyboard-desktop")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(second_href) + "$"))
    page.wait_for_load_state()

    # On the ticket, [ and ] walk the queue the agent came from.
    page.keyboard.press("[")
    expect(page).to_have_url(re.compile(re.escape(first_href) + "$"))
    page.wait_for_load_state()
    page.keyboard.press("]")
    expect(page).to_have_url(re.compile(re.escape(second_href) + "$"))

    page.goto("/agent/")
    page.keyboard.press("j")
    page.keyboard.press("o")
    expect(page).to_have_url(re.compile(re.escape(first_href) + "$"))


def test_ticket_shortcuts_reply_note_send_and_help(session_for):
    ticket = open_unassigned_ticket()
    sam = session_for("sam")
    page = sam.page
    page.goto(f"/agent/tickets/{ticket.pk}/")

    page.keyboard.press("n")
    expect(page.locator("#id_body")).to_be_focused()
    expect(page.locator("#id_is_internal")).to_be_checked()
    expect(page.locator("#reply form")).to_have_class(re.compile("is-note"))
    # Typed letters go into the box, not to the shortcuts.
    page.keyboard.type("r and n stay text")
    expect(page.locator("#id_is_internal")).to_be_checked()
    page.locator("#id_body").blur()
    page.keyboard.press("r")
    expect(page.locator("#id_body")).to_be_focused()
    expect(page.locator("#id_is_internal")).not_to_be_checked()

    page.locator("#id_body").fill("Sent with the keyboard.")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text("Reply sent.")).to_be_visible()
    page.wait_for_load_state()
    assert ticket.messages.filter(body="Sent with the keyboard.", is_internal=False).exists()

    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Write an internal note")
    screenshot(page, "shortcuts-help-desktop")
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Keyboard shortcuts").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()


def test_phone_shows_the_actions_in_the_first_viewport(session_for):
    ticket = open_unassigned_ticket()
    # A long thread, as a busy ticket has: it folds to its first and last rows.
    sam_user = User.objects.get(username="sam")
    from tickets.services.messages import message_post

    for index in range(12):
        message_post(ticket=ticket, actor=sam_user, body=f"Note {index}", is_internal=True)
    phone = session_for("sam", "phone")
    page = phone.page
    page.goto(f"/agent/tickets/{ticket.pk}/")
    bar = page.get_by_role("navigation", name="Jump to")
    height = VIEWPORTS["phone"]["height"]
    for name in ("Reply", "Triage"):
        box = bar.get_by_role("link", name=name).bounding_box()
        assert box is not None, name
        assert box["y"] + box["height"] <= height, name
    page.screenshot(path=str(screenshot(page, "agent-ticket-triage-phone")), full_page=False)
    fold = page.locator(".thread-fold summary")
    expect(fold).to_contain_text("earlier messages and events")
    expect(page.get_by_text("Note 0", exact=True)).to_be_hidden()
    expect(page.get_by_text("Note 11", exact=True)).to_be_visible()

    bar.get_by_role("link", name="Triage").click()
    expect(page.locator("#triage").get_by_role("button", name="Save")).to_be_in_viewport()
    assert axe_violations(page) == []
    fold.click()
    expect(page.get_by_text("Note 0", exact=True)).to_be_visible()
    screenshot(page, "agent-ticket-triage-phone-full")

    desktop = session_for("sam")
    desktop.page.goto(f"/agent/tickets/{ticket.pk}/")
    expect(desktop.page.get_by_role("navigation", name="Jump to")).to_be_hidden()
    screenshot(desktop.page, "agent-ticket-triage-desktop")
