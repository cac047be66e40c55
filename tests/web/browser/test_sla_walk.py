"""Sam watches an SLA badge in the queue as the clock moves: on track, at risk, breached.

The clock is frozen with time-machine in the test process. The live server is a thread
of that same process and time-machine replaces the clock functions for every thread, so
the server reads the test's clock: no hook in the application, no deadline edited in the
database. Chromium runs its own clock, which the pages do not use for these badges.
"""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.sla_support import seoul
from tickets.models import Category, EventKind, TicketEvent, User
from tickets.services.tickets import ticket_create
from tickets.sla.check import sla_check

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser

SUBJECT = "Courier left the parcel at the wrong door"


def badge(page):
    row = page.locator("table.ticket-table tbody tr", has_text=SUBJECT)
    return row.locator("td.sla [data-sla]")


def test_sam_sees_the_sla_badge_turn_at_risk_as_the_clock_moves(session_for):
    # Monday 9 March 2026, 10:00 in Seoul: the demo's office policy (weekdays 9-12 and
    # 13-18, Korean holidays) gives a normal ticket 8 business hours to a first reply,
    # due Tuesday 10:00; it counts as at risk from the last business hour, Monday 18:00.
    with time_machine.travel(seoul(2026, 3, 9, 10), tick=False) as clock:
        ticket = ticket_create(
            actor=User.objects.get(username="alice"),
            subject=SUBJECT,
            description="The photo shows a door that is not mine.",
            category=Category.objects.get(code="ORDER", parent__isnull=True),
        )
        sam = session_for("sam")
        page = sam.page
        page.get_by_role("link", name="Due soonest").click()
        expect(page).to_have_url(re.compile(r"sort=due"))
        expect(badge(page)).to_have_attribute("data-sla", "ok")
        expect(badge(page)).to_have_text("On track")
        screenshot(page, "sla-1-on-track")

        clock.move_to(seoul(2026, 3, 9, 17, 55))
        page.reload()
        expect(badge(page)).to_have_attribute("data-sla", "ok")

        clock.move_to(seoul(2026, 3, 9, 18, 5))
        page.reload()
        expect(badge(page)).to_have_attribute("data-sla", "at_risk")
        expect(badge(page)).to_have_text("At risk")
        assert axe_violations(page) == []
        screenshot(page, "sla-2-at-risk")

        page.select_option("#id_sla", "at_risk")
        page.get_by_role("button", name="Apply").click()
        expect(badge(page)).to_have_attribute("data-sla", "at_risk")

        clock.move_to(seoul(2026, 3, 10, 10, 1))
        sla_check()
        page.goto("/agent/?status=active&sort=due")
        expect(badge(page)).to_have_attribute("data-sla", "breached")
        page.get_by_role("link", name=SUBJECT).click()
        expect(page.locator(".thread")).to_contain_text(
            "recorded that the first response target was missed"
        )
        screenshot(page, "sla-3-breached-ticket")
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.SLA_BREACHED).count() == 1
