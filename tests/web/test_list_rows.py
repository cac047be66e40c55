"""The list pages' cheap display helpers say exactly what Django's would."""

import datetime as dt
import random

import pytest
from django.utils.timesince import timesince, timeuntil

from tickets.web.templatetags.helpdesk_web import since_text, until_text

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
