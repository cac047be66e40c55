import pytest

from tests.factories import TicketFactory
from tickets.models import Category


def root(code):
    return Category.objects.get(code=code, parent__isnull=True)


@pytest.fixture
def request_of():
    """A support request (a ticket) of `customer` filed under one of `002`'s categories."""

    def make(customer, category="ORDER", **kwargs):
        return TicketFactory(customer=customer, category=root(category), **kwargs)

    return make
