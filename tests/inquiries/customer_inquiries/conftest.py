import pytest
from django.core.cache import cache

from tests.factories import SellerAccountFactory


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle counters live in the cache: each test starts with a clean count.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seller(customer):
    """The customer as a seller: seller account 123, as in `000`'s example."""
    account = SellerAccountFactory(id=123)
    customer.seller_accounts.add(account)
    return account


@pytest.fixture
def create_body(seller):
    """`000`'s create request with its placeholders filled in with real values."""

    def make(**overrides):
        body = {
            "subject": "Pallet not booked in",
            "sellerId": seller.pk,
            "warehouseId": 123,
            "messages": [{"message": "Our pallet arrived on Monday.", "attachments": []}],
            "topic": "ONBOARDING",
            "category": "INBOUND",
            "subCategory": "FULFILMENT_WAREHOUSE",
            "metaInfo": {},
        }
        body.update(overrides)
        return body

    return make
