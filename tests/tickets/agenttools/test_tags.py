import pytest

from tests.factories import TicketFactory
from tickets.agenttools.models import Tag
from tickets.agenttools.selectors import tag_names_of
from tickets.errors import ActionNotAllowedError, InvalidInputError
from tickets.models import EventKind, TicketEvent
from tickets.services.tags import MAX_TAGS_PER_TICKET, ticket_tags_change
from tickets.services.tickets import ticket_resolve

pytestmark = pytest.mark.django_db


def tag(ticket, agent, *names, remove=()):
    return ticket_tags_change(ticket=ticket, actor=agent, add=names, remove=remove)


def test_tags_are_normalised_created_once_and_logged(ticket, agent):
    tag(ticket, agent, "VIP", " Late Delivery ")
    other = TicketFactory()
    tag(other, agent, "vip")
    assert tag_names_of(ticket) == ["late-delivery", "vip"]
    assert Tag.objects.count() == 2
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.TAGS_CHANGED)
    assert (event.from_value, event.to_value, event.actor) == ("", "late-delivery, vip", agent)


def test_removing_a_tag_logs_the_change_and_unchanged_tags_log_nothing(ticket, agent):
    tag(ticket, agent, "vip", "hold")
    tag(ticket, agent, remove=["hold"])
    tag(ticket, agent, "vip")
    events = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.TAGS_CHANGED)
    assert [e.to_value for e in events.order_by("id")] == ["hold, vip", "vip"]


@pytest.mark.parametrize("name", ["a" * 51, "no/slash", "-leading", "<b>"])
def test_malformed_tags_are_refused_naming_the_field(name, ticket, agent):
    with pytest.raises(InvalidInputError) as error:
        tag(ticket, agent, "ok", name)
    assert error.value.field == "add"
    assert tag_names_of(ticket) == []


def test_a_ticket_has_a_bounded_number_of_tags(ticket, agent):
    tag(ticket, agent, *[f"t{n}" for n in range(MAX_TAGS_PER_TICKET)])
    with pytest.raises(InvalidInputError):
        tag(ticket, agent, "one-more")
    assert len(tag_names_of(ticket)) == MAX_TAGS_PER_TICKET


def test_customers_cannot_tag(ticket, customer):
    with pytest.raises(ActionNotAllowedError):
        tag(ticket, customer, "vip")


def test_queue_filters_by_tag(agent, web_for):
    tagged, plain = TicketFactory(subject="Tagged one"), TicketFactory(subject="Plain one")
    tag(tagged, agent, "vip")
    page = web_for(agent).get("/agent/", {"tag": "VIP"}).content.decode()
    assert "Tagged one" in page
    assert "Plain one" not in page
    assert plain.pk


def test_native_api_filters_by_tags_all_of_them(agent, client_for):
    both, one = TicketFactory(), TicketFactory()
    tag(both, agent, "vip", "late")
    tag(one, agent, "vip")
    client = client_for(agent)
    ids = [row["id"] for row in client.get("/api/v1/tickets/?tag=vip").json()["results"]]
    assert set(ids) == {both.pk, one.pk}
    ids = [row["id"] for row in client.get("/api/v1/tickets/?tag=vip&tag=late").json()["results"]]
    assert ids == [both.pk]
    queue = client.get("/api/v1/queue/?tag=late").json()["results"]
    assert [row["id"] for row in queue] == [both.pk]
    assert queue[0]["tags"] == ["late", "vip"]
    assert client.get("/api/v1/tickets/?tag=bad/name").status_code == 400


def test_customers_never_see_tags(ticket, customer, agent, client_for):
    tag(ticket, agent, "angry-customer")
    client = client_for(customer)
    assert client.get(f"/api/v1/tickets/{ticket.pk}/").json()["tags"] == []
    assert client.get("/api/v1/tickets/").json()["results"][0]["tags"] == []


def test_native_tags_endpoint_adds_and_removes(ticket, agent, customer, client_for):
    url = f"/api/v1/tickets/{ticket.pk}/tags/"
    response = client_for(agent).post(url, {"add": ["VIP", "hold"]}, format="json")
    assert response.status_code == 200
    assert response.json()["tags"] == ["hold", "vip"]
    response = client_for(agent).post(url, {"remove": ["hold"]}, format="json")
    assert response.json()["tags"] == ["vip"]
    assert client_for(agent).post(url, {"add": "vip"}, format="json").status_code == 400
    assert client_for(customer).post(url, {"add": ["x"]}, format="json").status_code == 403


def test_tag_suggestions_for_agents_only(ticket, agent, customer, client_for, web_for):
    tag(ticket, agent, "late-delivery", "lost", "vip")
    assert client_for(agent).get("/api/v1/tags/?q=l").json() == ["late-delivery", "lost"]
    assert web_for(agent).get("/agent/suggest/tags/?q=v").json() == {"tags": ["vip"]}
    assert client_for(customer).get("/api/v1/tags/").status_code == 403
    assert web_for(customer).get("/agent/suggest/tags/").status_code == 403


def test_agent_page_adds_and_removes_tags(ticket, agent, web_for):
    client = web_for(agent)
    client.post(f"/agent/tickets/{ticket.pk}/tags/", {"add": "vip, hold"})
    page = client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Remove tag hold" in page
    client.post(f"/agent/tickets/{ticket.pk}/tags/", {"remove": "hold"})
    assert tag_names_of(ticket) == ["vip"]


def test_overview_counts_open_tickets_per_tag(agent, web_for):
    open_one, done = TicketFactory(), TicketFactory()
    tag(open_one, agent, "vip")
    tag(done, agent, "vip", "refund")
    ticket_resolve(ticket=done, actor=agent)
    page = web_for(agent).get("/agent/overview/").content.decode()
    assert 'data-tag="vip">1<' in page
    assert 'data-tag="refund"' not in page


def test_keyword_search_finds_a_tag_for_agents_only(agent, customer, web_for, client_for):
    tagged = TicketFactory(customer=customer, subject="Tagged ticket")
    TicketFactory(customer=customer, subject="Other ticket")
    tag(tagged, agent, "late-delivery")
    page = web_for(agent).get("/agent/", {"q": "#Late delivery"}).content.decode()
    assert "Tagged ticket" in page
    assert "Other ticket" not in page
    found = client_for(agent).get("/api/v1/tickets/?q=late-delivery").json()["results"]
    assert [row["id"] for row in found] == [tagged.pk]
    assert client_for(customer).get("/api/v1/tickets/?q=late-delivery").json()["results"] == []
