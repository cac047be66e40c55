import pytest

from tickets.agenttools.models import Macro


@pytest.fixture
def make_macro(agent):
    def make(**fields) -> Macro:
        fields.setdefault("name", "Canned")
        fields.setdefault("owner", agent)
        return Macro.objects.create(**fields)

    return make
