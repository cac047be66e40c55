import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from helpdesk.celery import app as celery_app
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    SellerAccountFactory,
    TicketFactory,
    VendorFactory,
    VendorUserFactory,
)
from tests.sla_support import seoul
from tickets.apitokens.models import ApiToken
from tickets.apitokens.services import token_create
from tickets.sla.check import sla_check


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Cached pages and throttle counters must not leak from one test into the next.
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Background jobs run in the test's own process, right when they are queued (on
    commit); the worker tests switch to a real broker themselves."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Real hashing costs a third of a second a user; tests need none of its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def customer(db):
    return CustomerFactory()


@pytest.fixture
def other_customer(db):
    return CustomerFactory()


@pytest.fixture
def agent(db):
    return AgentFactory()


@pytest.fixture
def vendor(db):
    return VendorFactory()


@pytest.fixture
def vendor_user(vendor):
    return VendorUserFactory(vendor=vendor)


@pytest.fixture
def other_vendor_user(db):
    return VendorUserFactory()


@pytest.fixture
def seller_account(customer):
    account = SellerAccountFactory()
    customer.seller_accounts.add(account)
    return account


@pytest.fixture
def seller_colleague(seller_account):
    colleague = CustomerFactory()
    colleague.seller_accounts.add(seller_account)
    return colleague


@pytest.fixture
def ticket(customer):
    return TicketFactory(customer=customer)


def api_token_for(user) -> str:
    """A new API token for the user, as the portal's token page issues it."""
    return token_create(user=user, name="tests")[1]


@pytest.fixture
def client_for():
    """An API client authenticated with the user's token (anonymous for None)."""

    def make(user):
        client = APIClient()
        if user is not None:
            token = api_token_for(user)
            # As a client that has called before: a token's first use records the time,
            # a write that the query-count tests are not about.
            ApiToken.objects.filter(user=user).update(last_used_at=timezone.now())
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return make


@pytest.fixture
def clock():
    """A frozen clock at Monday 9 March 2026 10:00 in Seoul; `clock.move_to(...)` moves it."""
    with time_machine.travel(seoul(2026, 3, 9, 10), tick=False) as traveller:
        yield traveller


@pytest.fixture
def check(django_capture_on_commit_callbacks):
    """Run the periodic SLA check as the worker does, mails sent after each commit."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return sla_check()

    return run
