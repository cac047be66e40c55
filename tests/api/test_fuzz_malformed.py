"""Fuzzing every operation of /api/schema/ (the native API and the four dialects) with
malformed input: OPTIONS, lone UTF-16 surrogates, NUL and control characters, huge
numbers, deep nesting, wrong types. Nothing may answer 5xx; every refusal is the
surface's own JSON 4xx.

Two passes, bounded so `make test` stays quick on two cores:
- every operation answers OPTIONS, and every documented body field is sent once as a lone
  surrogate and once nested 400 levels deep;
- hypothesis sends hostile JSON bodies (built on each operation's documented example, so
  the other fields are valid and the hostile one reaches the validators and the core) and
  hostile query strings, to the caller's own rows, as a customer, an agent and a vendor;
- schemathesis' negative mode generates what each operation's schema forbids.
"""

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from helpdesk.wsgi import application
from tests.conftest import api_token_for
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    SellerAccountFactory,
    VendorFactory,
    VendorUserFactory,
    transferred_ticket,
    upload,
)

MAX_EXAMPLES = 4
NEGATIVE_EXAMPLES = 3

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
RAW = schema.raw_schema
OPERATIONS = [
    (path, method)
    for path, methods in sorted(RAW["paths"].items())
    for method in sorted(methods)
    if method in {"get", "post", "put", "patch", "delete"}
]

negative = schemathesis.openapi.from_wsgi("/api/schema/", application)
negative.config.generation.update(
    modes=[GenerationMode.NEGATIVE],
    max_examples=NEGATIVE_EXAMPLES,
    deterministic=True,
    no_shrink=True,
)

# ---------------------------------------------------------------- hostile values

NASTY_TEXT = st.sampled_from(
    [
        "\ud800",
        "\udfff",
        "a\udc00b",
        "\x00",
        "nul\x00inside",
        "\u202eevil",
        "\U0001f600",
        "",
        " ",
        "9" * 40,
        "-1",
        "0",
        "null",
        "NaN",
        "1e309",
        "A00012345",
        "../../etc/passwd",
        "%00",
        "x" * 25_000,
    ]
) | st.text(max_size=12)
# What a query string can carry (a surrogate cannot be percent-encoded as UTF-8).
PRINTABLE_NASTY = st.sampled_from(
    ["", "-1", "0", "9" * 40, "\u202e", "\U0001f600", "true", "2026-13-45", "x" * 300, "%"]
) | st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | NASTY_TEXT
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(NASTY_TEXT, children, max_size=3)
    ),
    max_leaves=8,
)


def nested(depth: int) -> Any:
    value: Any = "deep"
    for level in range(depth):
        value = {"a": value} if level % 2 else [value]
    return value


HOSTILE = JSON_VALUES | st.integers(min_value=20, max_value=600).map(nested)


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = RAW["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _body_base(operation: dict) -> tuple[dict, list[str]]:
    """The operation's documented JSON example (valid fields to keep) and its field names."""
    content = operation.get("requestBody", {}).get("content", {})
    media = next((m for t, m in content.items() if "json" in t), None)
    if media is None:
        return {}, []
    examples = [e.get("value") for e in media.get("examples", {}).values()]
    base = next((e for e in examples if isinstance(e, dict)), {})
    return base, sorted(_resolve(media.get("schema", {})).get("properties", {}))


def _query_names(operation: dict) -> list[str]:
    return sorted(p["name"] for p in operation.get("parameters", []) if p["in"] == "query")


# ---------------------------------------------------------------- callers and their rows


@pytest.fixture
def world(db, unthrottled):
    """A customer (in a seller account), an agent and a vendor user, and a ticket of the
    customer's transferred to the vendor with a file on it."""
    customer = CustomerFactory()
    customer.seller_accounts.add(SellerAccountFactory())
    agent = AgentFactory()
    vendor = VendorFactory(code="A00012345")
    vendor_user = VendorUserFactory(vendor=vendor)
    attachment = upload(customer, "seed.png")
    ticket = transferred_ticket(
        agent=agent, vendor=vendor, customer=customer, attachment_uuids=[attachment.uuid]
    )
    return {
        "users": {"customer": customer, "agent": agent, "vendor": vendor_user},
        "path": {
            "id": ticket.pk,
            "ticket_id": ticket.pk,
            "customerInquiryId": ticket.pk,
            "requestId": ticket.pk,
            "inquiry_id": ticket.pk,
            "customerId": customer.pk,
            "agentId": agent.pk,
            "vendor_id": vendor.code,
            "uuid": str(attachment.uuid),
        },
    }


def _assert_own_4xx(response, path: str) -> None:
    assert response.status_code < 500, (path, response.status_code, response.content[:300])
    is_download = path.endswith(("/{uuid}/", "/media/document"))
    if response.status_code >= 400 or (not is_download and response.content):
        # Every refusal (and every answer but a file) is the surface's own JSON.
        assert "json" in response["Content-Type"], (path, response["Content-Type"])
        json.loads(response.content)


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_hostile_input_never_gets_a_server_error(path, method, world, client_for):
    operation = RAW["paths"][path][method]
    base, fields = _body_base(operation)
    query_names = _query_names(operation)
    url = path.format(**world["path"])
    clients = {role: client_for(user) for role, user in world["users"].items()}
    for client in clients.values():
        client.raise_request_exception = False
        _assert_own_4xx(client.options(url), path)

    # Every documented field once with a lone surrogate and once nested 400 levels deep,
    # the callers taking turns; then hypothesis mixes hostile values at random.
    roles = sorted(clients)
    if method != "get":
        for index, field in enumerate(fields):
            for value in ("\ud800", nested(400)):
                client = clients[roles[index % len(roles)]]
                body = json.dumps({**base, field: value})
                response = getattr(client, method)(url, body, content_type="application/json")
                _assert_own_4xx(response, path)

    bodies = st.builds(
        lambda changes, extra: {**base, **changes, **extra},
        st.dictionaries(st.sampled_from(fields), HOSTILE, max_size=3) if fields else st.just({}),
        st.dictionaries(NASTY_TEXT, HOSTILE, max_size=1),
    )
    queries = (
        st.dictionaries(st.sampled_from(query_names), PRINTABLE_NASTY, max_size=4)
        if query_names
        else st.just({})
    )

    @seed(20261126)
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(body=bodies, query=queries, role=st.sampled_from(roles))
    def send(body: dict, query: dict, role: str) -> None:
        client = clients[role]
        if method == "get":
            response = client.get(url, query)
        else:
            response = getattr(client, method)(
                url, json.dumps(body), content_type="application/json"
            )
        _assert_own_4xx(response, path)

    send()


@pytest.fixture
def schemathesis_callers(world, direct_wsgi_calls):
    return {
        role: {"Authorization": f"Bearer {api_token_for(world['users'][role])}"}
        for role in ("customer", "agent")
    }


@negative.parametrize()
@seed(20261126)
@settings(
    max_examples=NEGATIVE_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_what_the_schema_forbids_never_gets_a_server_error(case, schemathesis_callers):
    for headers in schemathesis_callers.values():
        case.call_and_validate(headers=headers, checks=[not_a_server_error])
