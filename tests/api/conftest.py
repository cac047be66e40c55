import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.factories import TicketFactory, transferred_ticket, upload
from tickets.services.messages import message_post


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle counters live in the cache, which outlives a test; every test starts clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def actors(customer, other_customer, seller_colleague, vendor_user, other_vendor_user, agent):
    return {
        "anonymous": None,
        "owner": customer,
        "other_customer": other_customer,
        "seller_colleague": seller_colleague,
        "vendor": vendor_user,
        "other_vendor": other_vendor_user,
        "agent": agent,
    }


@pytest.fixture
def shared_ticket(customer, seller_account, agent, vendor):
    """The owner's ticket in their seller account, transferred to `vendor` for an answer,
    with a public reply carrying a file and an internal note carrying another."""
    ticket = transferred_ticket(
        agent=agent,
        vendor=vendor,
        customer=customer,
        seller_account_id=seller_account.pk,
        subject="Pallet stuck at the dock",
    )
    public_file = upload(customer, "receipt.png")
    message_post(
        ticket=ticket,
        actor=customer,
        body="Here is the receipt.",
        attachment_uuids=[public_file.uuid],
    )
    note_file = upload(agent, "internal.png")
    message_post(
        ticket=ticket,
        actor=agent,
        body="INTERNAL-ONLY: carrier owes us a refund.",
        is_internal=True,
        attachment_uuids=[note_file.uuid],
    )
    ticket.public_file = public_file
    ticket.note_file = note_file
    return ticket


@pytest.fixture
def make_tickets():
    def make(count: int, **kwargs):
        return [TicketFactory(**kwargs) for _ in range(count)]

    return make


@pytest.fixture
def unthrottled(settings):
    """Generated traffic is far above a person's pace; the throttles are tested elsewhere."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "100000/minute",
            "user": "100000/minute",
            "login": "100000/minute",
        },
    }


@pytest.fixture
def direct_wsgi_calls():
    """Let schemathesis call the WSGI app directly inside the test's transaction.

    Django's own test client keeps the test's database connection open across requests;
    the WSGI app's request signals would close it (and with it the test transaction on
    PostgreSQL).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
