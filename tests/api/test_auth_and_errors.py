"""Authentication (token and session with CSRF), throttling, and the one error shape."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from tests.conftest import api_token_for
from tests.factories import TicketFactory
from tickets.models import Status, Ticket
from tickets.services.tickets import ticket_cancel


@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_token_is_accepted_with_either_keyword(keyword, customer):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {api_token_for(customer)}")

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["username"] == customer.username


@pytest.mark.parametrize(
    "header", [None, "Bearer not-a-token", "Token", "Bearer a b", "Basic dXNlcjpwYXNz"]
)
def test_missing_or_bad_credentials_are_401_in_the_error_shape(header, db):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get("/api/v1/tickets/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert set(body) == {"message", "errors"}
    assert body["message"]


def test_session_auth_needs_the_csrf_token_for_writes(customer):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(customer)
    body = {"subject": "From the browser", "description": "x"}

    read = client.get("/api/v1/tickets/")
    refused = client.post("/api/v1/tickets/", body, format="json")
    client.get("/admin/login/")  # a page with a form hands out the csrftoken cookie
    accepted = client.post(
        "/api/v1/tickets/",
        body,
        format="json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )

    assert read.status_code == 200
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["message"]
    assert accepted.status_code == 201
    assert Ticket.objects.count() == 1


def test_throttled_callers_get_429_with_retry_after(customer, client_for, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "user": "3/minute",
        },
    }
    client = client_for(customer)

    statuses = [client.get("/api/v1/me").status_code for _ in range(4)]
    throttled = client.get("/api/v1/tickets/")

    assert statuses == [200, 200, 200, 429]
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert set(throttled.json()) == {"message", "errors"}


def test_validation_errors_name_each_field(customer, client_for):
    response = client_for(customer).post(
        "/api/v1/tickets/", {"description": "x", "category": "abc"}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"subject", "category"}
    assert body["message"].startswith("Invalid input:")


def test_illegal_transition_is_409_and_writes_nothing(customer, agent, client_for):
    ticket = TicketFactory(customer=customer)
    ticket_cancel(ticket=ticket, actor=agent)

    reopen = client_for(customer).post(f"/api/v1/tickets/{ticket.pk}/reopen/")
    patch = client_for(agent).patch(
        f"/api/v1/tickets/{ticket.pk}/",
        {"priority": "urgent", "status": Status.OPEN},
        format="json",
    )
    reply = client_for(customer).post(
        f"/api/v1/tickets/{ticket.pk}/messages/", {"body": "Hello?"}, format="json"
    )

    assert reopen.status_code == patch.status_code == reply.status_code == 409
    assert "cancelled" in patch.json()["message"]
    ticket.refresh_from_db()
    assert ticket.status == Status.CANCELLED
    # The priority change came first in the same call; it was rolled back with the rest.
    assert ticket.priority == "normal"
    assert ticket.messages.count() == 1


@pytest.mark.parametrize(
    "path", ["/api/v1/tickets/0/", "/api/v1/tickets/-3/", "/api/v1/tickets/99999999999999999999/"]
)
def test_out_of_range_ids_are_json_404(path, customer, client_for):
    response = client_for(customer).get(path)

    assert response.status_code == 404
    assert set(response.json()) == {"message", "errors"}


def test_action_without_a_body_refuses_one(customer, ticket, client_for):
    response = client_for(customer).post(
        f"/api/v1/tickets/{ticket.pk}/resolve/", {"status": "open"}, format="json"
    )

    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_schema_is_valid_openapi_and_documents_the_native_api(db):
    response = APIClient().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert {"bearerAuth", "tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])
    native = {path: ops for path, ops in schema["paths"].items() if path.startswith("/api/v1/")}
    assert len(native) == 26
    for path, operations in native.items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            assert {"401", "429"} <= set(operation["responses"]), (method, path)
            assert "Retry-After" in operation["responses"]["429"]["headers"]
            assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]
            for code, answer in operation["responses"].items():
                if code.startswith("4"):
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/NativeError"), (method, path, code)
                    assert answer["content"]["application/json"]["examples"]
    ticket = schema["components"]["schemas"]["NativeTicket"]
    status_enum = ticket["properties"]["status"]["$ref"].rsplit("/", 1)[-1]
    assert schema["components"]["schemas"][status_enum]["enum"] == Status.values
    assert ticket["properties"]["priority"]["$ref"]
    detail = schema["components"]["schemas"]["NativeTicketDetail"]
    [example] = native["/api/v1/tickets/{id}/"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["examples"].values()
    assert set(example["value"]) == set(detail["properties"])


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_are_served_from_local_static_files(path, db):
    response = APIClient().get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html
    assert "https://" not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    # Static files, and Swagger's start-up script from the page's own `?script` URL.
    assert all(asset.startswith(("/static/", f"{path}?script")) for asset in assets), assets


def test_redoc_copy_loads_nothing_from_another_host():
    bundle = Path(finders.find("vendor/redoc/redoc.standalone.js")).read_text()

    assert "cdn.redoc.ly" not in bundle
    assert 'src:"data:image/svg+xml,' in bundle


@pytest.mark.parametrize(
    ("path", "hint"),
    [("/api/v1/nothing-here/", False), ("/api/v1/tickets", True), ("/api/v1/tickets/1/x/", False)],
)
def test_unknown_api_paths_are_json_404(path, hint, customer, client_for):
    for client in (client_for(customer), client_for(None)):
        response = client.post(path, {}, format="json")

        assert response.status_code == 404
        assert ("end with a slash" in response.json()["message"]) is hint
