import pytest

from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from tickets.agenttools.models import Macro
from tickets.models import Message, Status

pytestmark = pytest.mark.django_db


def test_agent_writes_a_macro_on_the_macros_page(agent, web_for):
    client = web_for(agent)
    response = client.post(
        "/agent/macros/",
        {
            "name": "Shipped",
            "body": "Hi {{ customer_first_name }}, order {{ order_id }} has shipped.",
            "set_status": Status.RESOLVED,
            "set_priority": "",
            "set_category": "",
            "add_tags": "Shipped",
            "remove_tags": "",
            "is_shared": "on",
        },
    )
    assert response.status_code == 302
    macro = Macro.objects.get()
    assert (macro.owner, macro.is_shared, macro.add_tags) == (agent, True, ["shipped"])
    assert "Shipped" in client.get("/agent/macros/").content.decode()


def test_macro_page_names_an_unknown_placeholder(agent, web_for):
    response = web_for(agent).post(
        "/agent/macros/", {"name": "Bad", "body": "{{ secret }}", "set_status": ""}
    )
    assert response.status_code == 400
    assert "Unknown placeholder {{ secret }}" in response.content.decode()
    assert not Macro.objects.exists()


def test_another_agent_cannot_change_a_personal_or_shared_macro(agent, web_for):
    macro = Macro.objects.create(name="Mine", owner=agent, body="x", is_shared=True)
    colleague = web_for(AgentFactory())
    assert colleague.get(f"/agent/macros/{macro.pk}/").status_code == 200
    response = colleague.post(f"/agent/macros/{macro.pk}/", {"name": "Stolen", "body": "y"})
    assert response.status_code == 403
    personal = Macro.objects.create(name="Private", owner=agent, body="x")
    assert colleague.get(f"/agent/macros/{personal.pk}/").status_code == 404
    assert web_for(CustomerFactory()).get("/agent/macros/").status_code == 403


def test_agent_applies_a_macro_from_the_ticket_page(agent, web_for):
    customer = CustomerFactory(first_name="Alice")
    ticket = TicketFactory(customer=customer)
    macro = Macro.objects.create(name="Hello", owner=agent, body="Hi {{ customer_first_name }}")
    client = web_for(agent)
    page = client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert f'<option value="{macro.pk}">Hello (personal)</option>' in page
    response = client.post(f"/agent/tickets/{ticket.pk}/macro/", {"macro": macro.pk}, follow=True)
    assert "Macro “Hello” applied." in response.content.decode()
    assert Message.objects.filter(ticket=ticket, body="Hi Alice").exists()


def test_native_apply_macro(agent, customer, client_for):
    ticket = TicketFactory(customer=customer)
    macro = Macro.objects.create(
        name="Close", owner=agent, body="Done, {{ case_number }}.", set_status=Status.RESOLVED
    )
    url = f"/api/v1/tickets/{ticket.pk}/apply-macro/"
    response = client_for(agent).post(url, {"macro": macro.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == Status.RESOLVED
    assert response.json()["messages"][-1]["body"] == f"Done, {ticket.case_number}."
    other = AgentFactory()
    response = client_for(other).post(url, {"macro": macro.pk}, format="json")
    assert response.status_code == 400
    assert "macro" in response.json()["errors"]
    assert client_for(customer).post(url, {"macro": macro.pk}, format="json").status_code == 403
    listed = client_for(agent).get("/api/v1/macros/").json()
    assert [m["name"] for m in listed] == ["Close"]
    assert client_for(other).get("/api/v1/macros/").json() == []
