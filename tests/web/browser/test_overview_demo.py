"""The demo's overview and queue, seen by sam: numbers and times like a real fortnight."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser

# What duration_text writes for hours ("3 h 20 min") or minutes, never whole days.
HOURS_OR_MINUTES = re.compile(r"^(\d+ h \d+ min|\d+ min)$")
DAYS = re.compile(r"^\d+ d \d+ h$")


def stat(page, heading: str) -> str:
    card = page.locator(".card-body").filter(has=page.get_by_role("heading", name=heading))
    return card.locator(".stat-value").inner_text().strip()


def test_overview_of_the_demo_reads_like_a_real_fortnight(session_for):
    for viewport in ("desktop", "phone"):
        sam = session_for("sam", viewport)
        page = sam.page
        page.goto("/agent/overview/")
        page.wait_for_load_state("networkidle")
        screenshot(page, f"overview-{viewport}")
        assert axe_violations(page) == []

        assert HOURS_OR_MINUTES.match(stat(page, "Median first response")), stat(
            page, "Median first response"
        )
        assert DAYS.match(stat(page, "Median resolution time")), stat(
            page, "Median resolution time"
        )
        rating = stat(page, "Average rating")
        assert re.match(r"^[34]\.\d\d / 5 from \d+$", rating), rating
        data = page.evaluate(
            "() => Chart.getChart('created-resolved-chart').data.datasets.map(d => d.data)"
        )
        created, resolved = data
        assert sum(created) >= 14
        assert sum(day > 0 for day in resolved) >= 5
        assert max(created) <= 8
        sam.close()


def test_the_demo_queue_shows_varied_activity_and_every_sla_badge(session_for):
    sam = session_for("sam")
    page = sam.page
    page.goto("/agent/?status=all&sort=-activity")
    expect(page.locator("tbody tr").first).to_be_visible()
    shown = page.locator("td.last-activity").all_inner_texts()
    moments = page.eval_on_selector_all(
        "td.last-activity time", "(times) => times.map((t) => t.getAttribute('datetime'))"
    )
    assert len(moments) == len(shown) >= 20
    # Each ticket was last touched at its own moment, from minutes to days ago.
    assert len(set(moments)) == len(moments), moments
    assert any("minute" in text for text in shown), shown
    assert any("day" in text or "week" in text for text in shown), shown
    page.goto("/agent/?sort=due")
    for state in ("at_risk", "breached", "ok", "paused"):
        expect(page.locator(f"tbody [data-sla={state}]:visible").first).to_be_visible()
    screenshot(page, "overview-demo-queue-desktop")
