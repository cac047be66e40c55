"""The triage form's inputs are rendered once per field and value while the picker lists
stay the same (forms.triage_field_rows): a change to the ticket or the lists shows on the
next page, and a form with errors is rendered afresh."""

import re

from tests.factories import AgentFactory, CategoryFactory, TicketFactory
from tickets.models import Priority, Status
from tickets.services.tickets import ticket_change_priority, ticket_set_status


def page(client, ticket) -> str:
    response = client.get(f"/agent/tickets/{ticket.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def selected(html: str, field: str) -> str:
    select = re.search(rf'<select[^>]*id="triage-{field}".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="([^"]*)" selected', select).group(1)


def test_a_changed_status_or_priority_shows_at_once(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    other = TicketFactory(customer=customer)
    client = web_for(agent)
    assert selected(page(client, ticket), "status") == Status.OPEN

    ticket_set_status(ticket=ticket, actor=agent, to=Status.IN_PROGRESS)
    ticket_change_priority(ticket=ticket, actor=agent, priority=Priority.URGENT)

    html = page(client, ticket)
    assert selected(html, "status") == Status.IN_PROGRESS
    assert selected(html, "priority") == Priority.URGENT
    assert f'name="initial-status" value="{Status.IN_PROGRESS}"' in html
    # Another ticket still shows its own values.
    assert selected(page(client, other), "status") == Status.OPEN


def test_a_new_category_and_agent_show_at_once(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    client = web_for(agent)
    page(client, ticket)

    CategoryFactory(name="Freshly added heading")
    AgentFactory(username="fresh-agent")

    html = page(client, ticket)
    assert "Freshly added heading" in html
    assert "fresh-agent" in html


def test_a_form_with_errors_is_rendered_afresh(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    client = web_for(agent)
    page(client, ticket)

    response = client.post(
        f"/agent/tickets/{ticket.pk}/triage/",
        {
            "assignee": "nobody-by-this-name",
            "initial-assignee": "",
            "status": Status.OPEN,
            "initial-status": Status.OPEN,
            "priority": Priority.NORMAL,
            "initial-priority": Priority.NORMAL,
            "category": "",
            "initial-category": "",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="nobody-by-this-name"' in html
    assert 'id="triage-assignee_error"' in html


def test_the_customer_page_never_shows_the_triage_inputs(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    page(web_for(agent), ticket)

    html = web_for(customer).get(f"/tickets/{ticket.pk}/").content.decode()

    assert 'id="triage-status"' not in html
    assert 'name="initial-priority"' not in html
