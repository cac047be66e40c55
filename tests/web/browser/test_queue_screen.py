"""Sam's queue as a support team uses it: whose move it is, what came in unread, and a
table that fits a 1280 px screen and a phone."""

import re

import pytest
from playwright.sync_api import expect

from tickets.models import Category, Ticket, User, Vendor
from tickets.services.messages import message_post, vendor_answer
from tickets.services.tickets import ticket_assign, ticket_create, ticket_transfer

from .conftest import ARTIFACTS, axe_violations, screenshot

pytestmark = pytest.mark.browser

REPLIED = "Wrong size delivered, customer sent photos"
ANSWERED = "Return label never arrived at the seller"

FITS = """() => {
  const root = document.documentElement;
  const wrapper = document.querySelector('.table-responsive');
  const headers = document.querySelectorAll('table.queue-table thead th');
  const last = headers[headers.length - 1].getBoundingClientRect();
  return {
    page: root.scrollWidth <= window.innerWidth,
    table: wrapper ? wrapper.scrollWidth <= wrapper.clientWidth : true,
    lastHeaderVisible: last.width > 0 && last.right <= window.innerWidth,
  };
}"""
PAGE_FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def make_unread_tickets() -> tuple[Ticket, Ticket]:
    sam = User.objects.get(username="sam")
    alice = User.objects.get(username="alice")
    category = Category.objects.get(code="ORDER", parent__isnull=True)
    replied = ticket_create(
        actor=alice, subject=REPLIED, description="Ordered M, got XL.", category=category
    )
    ticket_assign(ticket=replied, actor=sam, assignee=sam)
    message_post(ticket=replied, actor=sam, body="Could you send a photo of the label?")
    message_post(ticket=replied, actor=alice, body="Photos attached in the next mail.")
    answered = ticket_create(
        actor=alice, subject=ANSWERED, description="No label in the box.", category=category
    )
    ticket_assign(ticket=answered, actor=sam, assignee=sam)
    vendor = Vendor.objects.get(code="A00012345")
    ticket_transfer(ticket=answered, actor=sam, vendor=vendor, note="Label missing?")
    vendor_answer(
        ticket=answered, actor=User.objects.get(username="vera"), body="New label sent today."
    )
    return replied, answered


def row(page, subject):
    return page.locator("table.queue-table tbody tr", has_text=subject)


def test_sam_triages_by_whose_move_it_is_and_what_is_unread(session_for):
    replied, answered = make_unread_tickets()
    page = session_for("sam").page
    page.goto("/agent/")

    # The default view leaves finished tickets out.
    statuses = page.locator("table.queue-table tbody td:nth-child(4)").all_inner_texts()
    assert statuses
    assert not {"Resolved", "Cancelled"} & {text.strip() for text in statuses}
    assert page.evaluate(FITS) == {"page": True, "table": True, "lastHeaderVisible": True}
    expect(page.locator("table.queue-table thead th").last).to_be_visible()
    expect(row(page, REPLIED).locator(".unread-marker")).to_contain_text(
        "Customer replied (unread)"
    )
    expect(row(page, ANSWERED).locator("td.waiting-on")).to_contain_text("Support")
    assert axe_violations(page) == []
    screenshot(page, "queue-desktop")

    page.get_by_role("link", name="Vendor answered").click()
    expect(page).to_have_url(re.compile(r"unread=vendor"))
    expect(row(page, ANSWERED)).to_be_visible()
    expect(row(page, REPLIED)).to_have_count(0)
    markers = page.locator("table.queue-table tbody tr .unread-marker")
    for text in markers.all_inner_texts():
        assert text.strip() in {"Vendor answered (unread)", "Customer replied (unread)"}
    assert (
        page.locator("table.queue-table tbody tr").count()
        == page.locator("table.queue-table tbody tr", has_text="Vendor answered (unread)").count()
    )
    screenshot(page, "queue-vendor-answered")

    page.get_by_role("link", name="Customer replied").click()
    expect(page).to_have_url(re.compile(r"unread=customer"))
    expect(row(page, REPLIED)).to_be_visible()
    expect(row(page, ANSWERED)).to_have_count(0)

    # Opening the ticket clears Sam's marker; the facts say whose move it is.
    page.get_by_role("link", name=REPLIED).click()
    expect(page.locator("dd.waiting-on")).to_contain_text("Support")
    assert axe_violations(page) == []
    screenshot(page, "queue-ticket-waiting-on")
    page.go_back()
    page.reload()
    expect(row(page, REPLIED)).to_have_count(0)
    assert not Ticket.objects.get(pk=replied.pk).has_unread_customer_reply
    assert Ticket.objects.get(pk=answered.pk).has_unread_vendor_answer

    # Sorted by waiting since, longest first, through the column header.
    page.goto("/agent/")
    page.get_by_role("link", name="Waiting on", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=waiting"))
    assert page.evaluate(FITS)["page"]


def test_queue_fits_a_phone(session_for):
    make_unread_tickets()
    page = session_for("sam", viewport="phone").page
    page.goto("/agent/")
    expect(row(page, REPLIED)).to_be_visible()
    assert page.evaluate(PAGE_FITS)
    facts = row(page, REPLIED).locator(".stacked-facts")
    expect(facts).to_be_visible()
    expect(facts).to_contain_text("Waiting")
    expect(row(page, REPLIED).locator(".unread-marker")).to_be_attached()
    assert axe_violations(page) == []
    screenshot(page, "queue-phone")
    row(page, REPLIED).scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "queue-phone-rows.png"))
    page.get_by_role("link", name="Vendor answered").click()
    expect(row(page, ANSWERED)).to_be_visible()
    assert page.evaluate(PAGE_FITS)


def test_customer_sees_whose_move_it_is_without_the_vendor(session_for):
    _, answered = make_unread_tickets()
    sam = User.objects.get(username="sam")
    ticket_transfer(
        ticket=answered,
        actor=sam,
        vendor=Vendor.objects.get(code="A00012345"),
        note="One more question.",
    )
    page = session_for("alice", viewport="phone").page
    page.goto(f"/tickets/{answered.pk}/")
    fact = page.locator("dd.waiting-on")
    expect(fact).to_contain_text("Support")
    expect(fact).not_to_contain_text("Vendor")
    assert page.evaluate(PAGE_FITS)
    assert axe_violations(page) == []
    screenshot(page, "queue-portal-waiting-on-phone")
