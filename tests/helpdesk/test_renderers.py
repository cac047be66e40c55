"""The orjson renderer writes exactly the bytes DRF's own JSON renderer wrote."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict

from helpdesk.renderers import ORJSONRenderer

SAMPLES = [
    {"id": 1, "subject": "Parcel \u2028 late \u2029", "emoji": "📦 ü", "none": None},
    {
        "at": datetime(2026, 11, 26, 6, 0, 1, 123456, tzinfo=UTC),
        "local": datetime(2026, 11, 26, 6, 0, tzinfo=ZoneInfo("Asia/Seoul")),
        "day": date(2026, 11, 26),
        "clock": time(6, 30),
        "wait": timedelta(hours=3),
    },
    {"score": Decimal("4.50"), "uuid": uuid.UUID(int=7), "label": gettext_lazy("Open")},
    [ReturnDict({"a": [1, 2.5, True, False]}, serializer=None), (1, 2)],
    {"big": 2**63 - 1, "nested": {"deep": [{"x": ""}]}},
]


@pytest.mark.parametrize("data", SAMPLES)
def test_orjson_renderer_matches_drf(data):
    assert ORJSONRenderer().render(data) == JSONRenderer().render(data)


def test_indent_requests_still_pretty_print():
    rendered = ORJSONRenderer().render({"a": 1}, "application/json; indent=2")
    assert rendered == JSONRenderer().render({"a": 1}, "application/json; indent=2")


def test_api_answers_are_rendered_by_orjson(customer, client_for):
    response = client_for(customer).get("/api/v1/me")
    assert isinstance(response.accepted_renderer, ORJSONRenderer)
    assert response.json()["username"] == customer.username
