"""Health checks and fault behaviour: a lost database answers 503 and writes nothing;
a lost Redis degrades caching and throttling but every request is still served."""

import json
import logging
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection

from helpdesk.views import server_error
from tests.factories import TicketFactory
from tickets.models import Message

DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.1,
            "SOCKET_TIMEOUT": 0.1,
        },
    }
}
LIVE_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True},
    }
}


@contextmanager
def database_gone():
    """Inside the block every new cursor fails, as when PostgreSQL stops mid-request."""

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with pytest.MonkeyPatch.context() as patcher:
        patcher.setattr(connection, "cursor", refuse)
        yield


def test_healthz_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_database_down_as_503(client, db):
    with database_gone():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("unavailable")


def test_healthz_reports_redis_down_as_degraded(client, db, settings):
    settings.CACHES = DEAD_REDIS
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"].startswith("unavailable")


def test_healthz_with_live_redis(client, db, settings):
    settings.CACHES = LIVE_REDIS
    assert client.get("/healthz").json()["checks"]["cache"] == "ok"


def test_lost_database_mid_request_answers_503_and_writes_nothing(client_for, customer):
    ticket = TicketFactory(customer=customer)
    api = client_for(customer)
    api.get("/api/v1/me")  # authenticate once, so the failure hits the write itself
    with database_gone():
        response = api.post(
            f"/api/v1/tickets/{ticket.pk}/messages/", {"body": "Are you there?"}, format="json"
        )

    assert response.status_code == 503
    assert response["Retry-After"]
    assert "temporarily unavailable" in response.json()["message"]
    assert list(Message.objects.filter(ticket=ticket).values_list("body", flat=True)) == [
        ticket.description
    ]


def test_lost_database_on_a_page_answers_503_page(client, customer):
    client.force_login(customer)
    with database_gone():
        response = client.get("/admin/", HTTP_ACCEPT="text/html")
    assert response.status_code == 503
    assert b"Temporarily unavailable" in response.content


def test_redis_down_keeps_serving_api_and_throttling(client_for, customer, settings):
    settings.CACHES = DEAD_REDIS
    TicketFactory(customer=customer)
    api = client_for(customer)
    for _ in range(3):
        response = api.get("/api/v1/tickets/")
        assert response.status_code == 200


def test_request_log_is_one_json_line_with_timing(client, db, settings, caplog):
    settings.MIDDLEWARE = ["helpdesk.middleware.RequestLogMiddleware", *settings.MIDDLEWARE]
    with caplog.at_level(logging.INFO, logger="helpdesk.requests"):
        client.get("/healthz")
    entry = json.loads(caplog.records[-1].getMessage())
    assert entry["path"] == "/healthz"
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0


@pytest.mark.parametrize(
    ("path", "accept", "expected_type"),
    [
        ("/api/v1/tickets/", "*/*", "application/json"),
        ("/customerInquiries", "*/*", "application/json"),
        ("/agent/", "text/html", "text/html"),
    ],
)
def test_server_error_answers_in_the_callers_language(rf, path, accept, expected_type):
    response = server_error(rf.get(path, HTTP_ACCEPT=accept))
    assert response.status_code == 500
    assert response["Content-Type"].startswith(expected_type)


def test_deeply_nested_json_is_a_400_on_every_api(client_for, customer):
    body = "[" * 100_000 + "]" * 100_000
    api = client_for(customer)
    for path in ("/api/v1/tickets/", "/customerInquiries", "/api/support-requests"):
        response = api.post(path, body, content_type="application/json")
        assert response.status_code == 400, path


def test_throttling_lets_requests_through_while_redis_is_down(client_for, customer, settings):
    settings.CACHES = DEAD_REDIS
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "user": "2/minute",
        },
    }
    api = client_for(customer)
    assert [api.get("/api/v1/me").status_code for _ in range(4)] == [200] * 4


def test_throttling_counts_in_live_redis(client_for, customer, settings):
    settings.CACHES = LIVE_REDIS
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "user": "2/minute",
        },
    }
    cache.clear()
    api = client_for(customer)
    statuses = [api.get("/api/v1/me").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert 1 <= int(api.get("/api/v1/me")["Retry-After"]) <= 60
    cache.clear()
