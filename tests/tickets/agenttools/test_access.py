"""The agents' tools answer agents only: every other role gets the workspace's 403, and
anonymous visitors the login page."""

import pytest

from tests.factories import TicketFactory
from tickets.agenttools.models import Macro, SavedView

pytestmark = pytest.mark.django_db

PAGES = [
    ("get", "/agent/macros/"),
    ("get", "/agent/macros/{macro}/"),
    ("post", "/agent/macros/{macro}/delete/"),
    ("get", "/agent/suggest/tags/"),
    ("get", "/agent/suggest/agents/"),
    ("post", "/agent/bulk/"),
    ("post", "/agent/views/"),
    ("post", "/agent/views/{view}/delete/"),
    ("post", "/agent/tickets/{ticket}/tags/"),
    ("post", "/agent/tickets/{ticket}/macro/"),
    ("post", "/agent/tickets/{ticket}/merge/"),
    ("post", "/agent/tickets/{ticket}/unmerge/"),
    ("post", "/agent/tickets/{ticket}/presence/"),
]


@pytest.mark.parametrize(("method", "path"), PAGES)
@pytest.mark.parametrize("role", ["customer", "vendor", "anonymous"])
def test_agent_tools_refuse_other_roles(method, path, role, customer, agent, vendor_user, web_for):
    ticket = TicketFactory(customer=customer)
    macro = Macro.objects.create(name="m", owner=agent, body="x", is_shared=True)
    view = SavedView.objects.create(name="v", owner=agent, is_shared=True)
    user = {"customer": customer, "vendor": vendor_user, "anonymous": None}[role]
    url = path.format(ticket=ticket.pk, macro=macro.pk, view=view.pk)
    response = getattr(web_for(user), method)(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 403
    assert Macro.objects.filter(pk=macro.pk).exists()
    assert SavedView.objects.filter(pk=view.pk).exists()
