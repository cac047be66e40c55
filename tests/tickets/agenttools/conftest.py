import pytest

from tests.web.conftest import web_for as web_for_fixture
from tickets.agenttools.models import Macro


@pytest.fixture
def make_macro(agent):
    def make(**fields) -> Macro:
        fields.setdefault("name", "Canned")
        fields.setdefault("owner", agent)
        return Macro.objects.create(**fields)

    return make


# The pages' signed-in client, shared with the web tests.
web_for = web_for_fixture
