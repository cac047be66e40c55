"""Malformed input answers each surface's own 4xx, never a 500: OPTIONS on every route,
lone UTF-16 surrogates, deep nesting, and one size cap on free-form metadata."""

import json
import re

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import SellerAccountFactory, TicketFactory
from tickets.metadata import METADATA_MAX_DEPTH
from tickets.models import Message, Status, Ticket, TicketEvent

LONE_SURROGATE_JSON = '"\\ud800"'
SAMPLE_UUID = "9b2f4c1e-6a55-4c1d-9d5e-1f1d0c7a2b3c"


def _concrete(route: str) -> str:
    """A path that the route matches, its parameters filled with sample values."""
    route = re.sub(r"<uuid:[^>]+>", SAMPLE_UUID, route)
    return re.sub(r"<[^>]+>", "1", route)


def _routes(patterns=None, prefix: str = "") -> list[str]:
    """Every route of the project (Django admin's own pages apart from its index)."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if pattern.startswith("admin/"):
                found.append("/admin/")
                continue
            found.extend(_routes(entry.url_patterns, prefix + pattern))
        elif isinstance(entry, URLPattern):
            # The catch-all routes (`^.*$`) are reached with a path nothing else takes.
            path = "no-such-page" if pattern.startswith("^") else _concrete(pattern)
            found.append("/" + prefix + path)
    return sorted(set(found))


ROUTES = _routes()


def test_the_route_walk_covers_every_surface():
    assert "/api/v1/tickets/1/resolve/" in ROUTES
    assert "/api/v1/attachments/" in ROUTES
    assert "/customerInquiries/1/ratings" in ROUTES
    assert "/api/support-requests/1/agents/1/respond" in ROUTES
    assert "/backend/api/api/customer-support-ticket/1" in ROUTES
    assert "/v2/providers/openapi/apis/api/v4/vendors/1/callCenterInquiries/1/replies" in ROUTES
    assert "/tickets/" in ROUTES


@pytest.mark.parametrize("role", ["anonymous", "customer", "agent", "vendor"])
def test_options_on_every_route_is_never_a_server_error(
    role, customer, agent, vendor_user, client_for
):
    ticket = TicketFactory(customer=customer)
    users = {"anonymous": None, "customer": customer, "agent": agent, "vendor": vendor_user}
    client = client_for(users[role])
    client.raise_request_exception = False
    failures = {}
    for route in ROUTES:
        path = route.replace("/1/", f"/{ticket.pk}/")
        response = client.options(path)
        if response.status_code >= 500:
            failures[path] = response.status_code
    assert failures == {}


@pytest.mark.parametrize(
    "path",
    ["/api/v1/tickets/{id}/resolve/", "/api/v1/tickets/{id}/assign/", "/api/v1/attachments/"],
)
def test_options_on_native_actions_and_upload_lists_the_methods(path, agent, client_for):
    ticket = TicketFactory()

    response = client_for(agent).options(path.format(id=ticket.pk))

    assert response.status_code == 200
    assert response.json()["allowed_methods"] == ["POST", "OPTIONS"]


def test_lone_surrogate_in_native_patch_is_400_naming_the_field(agent, client_for):
    ticket = TicketFactory()

    response = client_for(agent).patch(
        f"/api/v1/tickets/{ticket.pk}/",
        '{"status": ' + LONE_SURROGATE_JSON + "}",
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"status": ["Contains an unpaired UTF-16 surrogate."]}
    assert Ticket.objects.get().status == Status.OPEN
    assert not TicketEvent.objects.exclude(kind="created").exists()


def test_lone_surrogate_in_support_request_category_is_400(customer, client_for):
    body = (
        f'{{"customerId": {customer.pk}, "category": {LONE_SURROGATE_JSON}, '
        '"subject": "Where is it?", "description": "Late."}'
    )

    response = client_for(customer).post(
        "/api/support-requests", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert "category" in response.json()["errors"]
    assert not Ticket.objects.exists()


def test_lone_surrogate_in_storefront_status_is_400_in_the_envelope(customer, client_for):
    ticket = TicketFactory(customer=customer)

    response = client_for(customer).put(
        f"/backend/api/api/customer-support-ticket/{ticket.pk}",
        '{"status": ' + LONE_SURROGATE_JSON + "}",
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["status"] == "error"
    assert "status" in response.json()["message"]
    assert Ticket.objects.get().status == Status.OPEN


def test_lone_surrogate_as_a_key_is_400(customer, client_for):
    response = client_for(customer).post(
        "/api/v1/tickets/",
        '{"subject": "Keys", "metadata": {' + LONE_SURROGATE_JSON + ": 1}}",
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "metadata" in response.json()["errors"]


def test_surrogate_pair_is_an_ordinary_character(customer, client_for):
    response = client_for(customer).post(
        "/api/v1/tickets/",
        '{"subject": "Smile \\ud83d\\ude00", "description": "Pair."}',
        content_type="application/json",
    )

    assert response.status_code == 201
    assert Ticket.objects.get().subject == "Smile \U0001f600"


def _nested(depth: int) -> dict:
    document: dict = {}
    for _ in range(depth - 1):
        document = {"a": document}
    return document


@pytest.fixture
def seller_id(customer):
    account = SellerAccountFactory()
    customer.seller_accounts.add(account)
    return account.pk


def _inquiry(seller_id: int, **message) -> dict:
    return {
        "subject": "Pallet",
        "sellerId": seller_id,
        "warehouseId": 1,
        "messages": [{"message": "Arrived Monday.", **message}],
    }


def test_3pl_meta_info_nested_400_levels_is_400(customer, seller_id, client_for):
    body = _inquiry(seller_id, metaInfo=_nested(400))

    response = client_for(customer).post(
        "/customerInquiries", json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["messages[0].metaInfo"]
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("where", ["inquiry", "message"])
def test_3pl_meta_info_over_the_core_size_cap_is_400(where, customer, seller_id, client_for):
    big = {"blob": "x" * 2_000_000}
    body = _inquiry(seller_id, metaInfo=big) if where == "message" else _inquiry(seller_id)
    if where == "inquiry":
        body["metaInfo"] = big

    response = client_for(customer).post(
        "/customerInquiries", json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 400
    [(field, problems)] = response.json()["errors"].items()
    assert field.startswith("messages") if where == "message" else field == "metaInfo"
    assert field.endswith("metaInfo")
    assert problems == ["Metadata is limited to 10000 characters of JSON."]
    assert not Ticket.objects.exists()


def test_3pl_meta_info_on_a_later_message_is_capped_too(customer, seller_id, client_for):
    ticket = TicketFactory(customer=customer, seller_account_id=seller_id)

    response = client_for(customer).post(
        f"/customerInquiries/{ticket.pk}/messages",
        json.dumps({"message": "More.", "metaInfo": _nested(METADATA_MAX_DEPTH + 1)}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "metaInfo" in response.json()["errors"]
    assert Message.objects.count() == 1


def test_native_and_3pl_accept_the_same_metadata_and_refuse_the_same(
    customer, seller_id, client_for
):
    client = client_for(customer)
    deepest_allowed = _nested(METADATA_MAX_DEPTH)
    too_deep = _nested(METADATA_MAX_DEPTH + 1)
    for metadata, expected in ((deepest_allowed, 201), (too_deep, 400)):
        native = client.post(
            "/api/v1/tickets/",
            {"subject": "Meta", "description": "x", "metadata": metadata},
            format="json",
        )
        dialect = client.post(
            "/customerInquiries", _inquiry(seller_id, metaInfo=metadata), format="json"
        )
        assert (native.status_code, dialect.status_code) == (expected, expected)


@override_settings(HELPDESK_METADATA_MAX_CHARS=50)
def test_the_metadata_cap_is_a_setting_the_services_enforce(customer):
    from tickets.errors import InvalidInputError

    with pytest.raises(InvalidInputError) as raised:
        TicketFactory(customer=customer, metadata={"note": "y" * 1000})

    assert raised.value.field == "metadata"
    assert not Ticket.objects.exists()
