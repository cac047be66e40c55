"""Property-based run of every operation in /api/schema/ against the in-process WSGI app.

Bounded (a few examples per operation, fixed seed, no shrinking) so `make test` stays
fast; authenticated once as an agent and once as a customer. It fails on any 5xx and on
any response whose status, content type, headers or body the schema does not describe.
"""

import pytest
import schemathesis
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
def callers(db, unthrottled, direct_wsgi_calls):
    """An agent and a customer, and a ticket of the customer's (with a file on its thread)
    that both of them may see."""
    customer = CustomerFactory()
    attachment = upload(customer, "seed.png")
    ticket = TicketFactory(customer=customer, attachment_uuids=[attachment.uuid])
    headers = {}
    for role, user in (("agent", AgentFactory()), ("customer", customer)):
        headers[role] = {"Authorization": f"Bearer {api_token_for(user)}"}
    return {"headers": headers, "ticket_id": ticket.pk, "attachment_uuid": str(attachment.uuid)}


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
