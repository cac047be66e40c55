import pytest

from tests.sla_support import make_policy


@pytest.fixture
def policy(db):
    return make_policy()
