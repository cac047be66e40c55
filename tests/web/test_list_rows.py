"""The list pages' cheap display helpers say exactly what Django's would."""

import datetime as dt
import random
import zoneinfo

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.timesince import timesince, timeuntil

from tests.factories import AgentFactory, transferred_ticket
from tickets.models import Status
from tickets.services.tickets import ticket_assign
from tickets.web.rows import day_label
from tickets.web.templatetags.helpdesk_web import (
    _ENUM_BADGES,
    reltime,
    since_text,
    status_badge,
    until_text,
)

SCRIPT = "<script>alert(1)</script>"

NOW = dt.datetime(2026, 3, 31, 12, 0, 30, 500, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "span",
    [
        dt.timedelta(0),
        dt.timedelta(seconds=59),
        dt.timedelta(seconds=60),
        dt.timedelta(minutes=59, seconds=59, microseconds=999_999),
        dt.timedelta(hours=1),
        dt.timedelta(days=1, seconds=-1),
        dt.timedelta(days=6, hours=23),
        dt.timedelta(days=7),
        dt.timedelta(days=27, hours=23, minutes=59, seconds=59),
        dt.timedelta(days=28),
        dt.timedelta(days=31),
        dt.timedelta(days=400),
    ],
)
def test_since_and_until_text_match_timesince_at_the_edges(span):
    assert since_text(NOW - span, NOW) == timesince(NOW - span, NOW, depth=1)
    assert until_text(NOW + span, NOW) == timeuntil(NOW + span, NOW, depth=1)
    # A value on the wrong side of now reads as no time at all, as timesince has it.
    assert since_text(NOW + span, NOW) == timesince(NOW + span, NOW, depth=1)


def test_since_text_matches_timesince_over_many_spans():
    spans = random.Random(13)
    for _ in range(2000):
        value = NOW - dt.timedelta(seconds=spans.randint(0, 90 * 24 * 3600))
        assert since_text(value, NOW) == timesince(value, NOW, depth=1)
        assert until_text(NOW + (NOW - value), NOW) == timeuntil(NOW + (NOW - value), NOW, depth=1)


# Month ends, a leap day, the turn of a year; UTC and a zone whose calendar day differs.
NOWS = [
    dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC),
    dt.datetime(2028, 2, 29, 0, 15, 5, 7, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 31, 12, 0, tzinfo=dt.UTC),
    dt.datetime(2027, 1, 1, 2, 0, tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles")),
]
ZONES = [dt.UTC, zoneinfo.ZoneInfo("Asia/Seoul"), zoneinfo.ZoneInfo("America/Los_Angeles")]


@pytest.mark.parametrize("now", NOWS)
def test_since_and_until_text_match_timesince_over_months_and_years(now):
    spans = random.Random(now.day)
    for _ in range(3000):
        span = dt.timedelta(
            days=spans.choice([spans.randint(25, 70), spans.randint(0, 1200)]),
            seconds=spans.randint(0, 86399),
            microseconds=spans.randint(0, 999_999),
        )
        zone = spans.choice(ZONES)
        past, future = (now - span).astimezone(zone), (now + span).astimezone(zone)
        assert since_text(past, now) == timesince(past, now, depth=1)
        assert until_text(future, now) == timeuntil(future, now, depth=1)


def test_day_label_matches_the_date_filter():
    first = dt.date(2026, 1, 1)
    for offset in range(366):
        day = first + dt.timedelta(days=offset)
        assert day_label(day) == date_filter(day, "D, M j")


def test_badges_are_kept_per_language():
    with translation.override("en"):
        english = status_badge(Status.OPEN)
    with translation.override("de"):
        status_badge(Status.OPEN)
    assert {("status", Status.OPEN, "en"), ("status", Status.OPEN, "de")} <= set(_ENUM_BADGES)
    with translation.override("en"):
        assert status_badge(Status.OPEN) == english


@pytest.mark.django_db
def test_people_and_places_in_list_rows_render_as_text(customer, agent, vendor, web_for):
    customer.first_name = SCRIPT
    customer.save(update_fields=["first_name"])
    assignee = AgentFactory(username="agent<b>")
    ticket = transferred_ticket(agent=agent, vendor=vendor, customer=customer, subject=SCRIPT)
    ticket_assign(ticket=ticket, actor=agent, assignee=assignee)
    client = web_for(agent)
    for path in ("/agent/", f"/agent/customers/{customer.pk}/"):
        html = client.get(path).content.decode()
        assert SCRIPT not in html, path
        assert "&lt;script&gt;" in html, path
        assert "agent&lt;b&gt;" in html, path
    portal = web_for(customer).get("/tickets/").content.decode()
    assert SCRIPT not in portal
    assert "&lt;script&gt;" in portal


def _reltime_by_django(value):
    """The reltime filter as it was written before, on Django's own helpers."""
    local = timezone.localtime(value)
    now = timezone.now()
    if abs((now - value).total_seconds()) < 60:
        text = "just now"
    elif value < now:
        text = f"{timesince(value, now, depth=1)} ago"
    else:
        text = f"in {timeuntil(value, now, depth=1)}"
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(),
        local.strftime("%Y-%m-%d %H:%M %Z"),
        text,
    )


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/St_Johns"])
@pytest.mark.parametrize(
    "offset",
    [
        dt.timedelta(seconds=-30),
        dt.timedelta(hours=-3),
        dt.timedelta(days=-45),
        dt.timedelta(days=9),
    ],
)
def test_reltime_reads_as_before_in_every_zone(zone, offset):
    with timezone.override(zone):
        value = timezone.now().replace(second=0) + offset
        assert str(reltime(value)) == str(_reltime_by_django(value))
        assert str(reltime(None)) == "—"
