"""Property-based run of every operation in /api/schema/ against the in-process WSGI app.

Bounded (a few examples per operation, fixed seed, no shrinking) so `make test` stays
fast; authenticated once as an agent and once as a customer. It fails on any 5xx and on
any response whose status, content type, headers or body the schema does not describe.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from helpdesk.wsgi import application
from tests.conftest import api_token_for
from tests.factories import AgentFactory, CustomerFactory, TicketFactory, upload

MAX_EXAMPLES = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# Loaded once at collection: spectacular builds the schema from the URL conf and the
# serializers, without touching the database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE],
    max_examples=MAX_EXAMPLES,
    deterministic=True,
    no_shrink=True,
)


@pytest.fixture
def callers(db, settings):
    """An agent and a customer, and a ticket of the customer's (with a file on its thread)
    that both of them may see."""
    # Generated traffic is far above a person's pace; the throttles are tested elsewhere.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "100000/minute",
            "user": "100000/minute",
            "login": "100000/minute",
        },
    }
    customer = CustomerFactory()
    attachment = upload(customer, "seed.png")
    ticket = TicketFactory(customer=customer, attachment_uuids=[attachment.uuid])
    headers = {}
    for role, user in (("agent", AgentFactory()), ("customer", customer)):
        headers[role] = {"Authorization": f"Bearer {api_token_for(user)}"}
    # Django's own test client keeps the test's database connection open across requests;
    # schemathesis calls the WSGI app directly, whose request signals would close it (and
    # with it the test transaction on PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"headers": headers, "ticket_id": ticket.pk, "attachment_uuid": str(attachment.uuid)}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@seed(20261123)
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_its_schema_says(case, callers):
    # The native API's ids point at the caller's own seeded rows, so successful answers
    # (not only 404s) are generated and checked against the schema.
    if case.path.startswith("/api/v1/") and case.path_parameters:
        if "id" in case.path_parameters:
            case.path_parameters["id"] = callers["ticket_id"]
        if "uuid" in case.path_parameters:
            case.path_parameters["uuid"] = callers["attachment_uuid"]
    for headers in callers["headers"].values():
        case.call_and_validate(headers=headers, checks=CHECKS)
