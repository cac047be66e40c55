"""The ticket page's macro picker is held with the picker lists (tool_context.macro_options):
a saved, renamed or deleted macro shows on the next page, and one agent's personal macros
never reach another agent's page, whoever loaded the page first."""

import pytest

from tests.factories import AgentFactory, TicketFactory
from tickets.services.macros import macro_delete, macro_save


@pytest.fixture
def ticket_page(customer, web_for):
    ticket = TicketFactory(customer=customer)

    def render(user) -> str:
        response = web_for(user).get(f"/agent/tickets/{ticket.pk}/")
        assert response.status_code == 200
        return response.content.decode()

    return render


def test_a_saved_renamed_or_deleted_macro_shows_at_once(agent, ticket_page):
    assert "Refund sent" not in ticket_page(agent)

    macro = macro_save(actor=agent, name="Refund sent", body="Done.", is_shared=True)
    assert "Refund sent" in ticket_page(agent)

    macro_save(actor=agent, macro=macro, name="Refund issued", body="Done.", is_shared=True)
    page = ticket_page(agent)
    assert "Refund issued" in page
    assert "Refund sent" not in page

    macro_delete(actor=agent, macro=macro)
    assert "Refund issued" not in ticket_page(agent)


def test_a_personal_macro_never_reaches_another_agents_page(agent, ticket_page):
    colleague = AgentFactory()
    macro_save(actor=colleague, name="My private wording", body="Hi.")
    macro_save(actor=colleague, name="Team wording", body="Hi.", is_shared=True)
    # The owner's page is rendered first, so their list is held when the other page asks.
    owner_page = ticket_page(colleague)
    assert "My private wording" in owner_page

    page = ticket_page(agent)

    assert "Team wording" in page
    assert "My private wording" not in page
    assert "My private wording (personal)" in ticket_page(colleague)


def test_a_macro_made_private_leaves_other_agents_pages(agent, ticket_page):
    colleague = AgentFactory()
    macro = macro_save(actor=colleague, name="Shared for now", body="Hi.", is_shared=True)
    assert "Shared for now" in ticket_page(agent)

    macro_save(actor=colleague, macro=macro, name="Shared for now", body="Hi.", is_shared=False)

    assert "Shared for now" not in ticket_page(agent)
