import pytest

from tests.factories import AgentFactory, CategoryFactory, TicketFactory
from tickets.agenttools.selectors import tag_names_of
from tickets.errors import ActionNotAllowedError, InvalidInputError
from tickets.models import EventKind, Priority, Status, Ticket, TicketEvent
from tickets.services.bulk import BulkAction, bulk_apply
from tickets.services.tickets import ticket_cancel

pytestmark = pytest.mark.django_db


@pytest.fixture
def three():
    return [TicketFactory(subject=f"Bulk {n}") for n in range(3)]


def test_bulk_assign_changes_each_ticket_through_the_assign_service(three, agent):
    colleague = AgentFactory()
    result = bulk_apply(
        actor=agent, ticket_ids=[t.pk for t in three], action="assign", value=colleague
    )
    assert [row.ticket_id for row in result.changed] == [t.pk for t in three]
    assert result.refused == []
    assert set(Ticket.objects.values_list("assignee", flat=True)) == {colleague.pk}
    assert TicketEvent.objects.filter(kind=EventKind.ASSIGNED).count() == 3


def test_a_refused_row_is_reported_and_the_others_still_change(three, agent):
    ticket_cancel(ticket=three[1], actor=agent)
    result = bulk_apply(
        actor=agent,
        ticket_ids=[t.pk for t in three] + [987654],
        action=BulkAction.STATUS,
        value=Status.RESOLVED,
    )
    assert [row.ticket_id for row in result.changed] == [three[0].pk, three[2].pk]
    refused = {row.ticket_id: row.reason for row in result.refused}
    assert "cannot move from 'cancelled' to 'resolved'" in refused[three[1].pk]
    assert refused[987654] == "Ticket 987654 was not found."
    statuses = [Ticket.objects.get(pk=t.pk).status for t in three]
    assert statuses == [Status.RESOLVED, Status.CANCELLED, Status.RESOLVED]


@pytest.mark.parametrize(
    ("action", "value", "check"),
    [
        ("priority", Priority.URGENT, lambda t: t.priority == Priority.URGENT),
        ("status", Status.IN_PROGRESS, lambda t: t.status == Status.IN_PROGRESS),
        ("add_tags", "vip, late", lambda t: tag_names_of(t) == ["late", "vip"]),
    ],
)
def test_each_bulk_action_changes_every_ticket(action, value, check, three, agent):
    bulk_apply(actor=agent, ticket_ids=[t.pk for t in three], action=action, value=value)
    assert all(check(Ticket.objects.get(pk=t.pk)) for t in three)


def test_bulk_category_and_tag_removal(three, agent):
    category = CategoryFactory()
    ids = [t.pk for t in three]
    bulk_apply(actor=agent, ticket_ids=ids, action="category", value=category)
    bulk_apply(actor=agent, ticket_ids=ids, action="add_tags", value=["vip", "hold"])
    bulk_apply(actor=agent, ticket_ids=ids, action="remove_tags", value=["hold"])
    for ticket in Ticket.objects.filter(pk__in=ids):
        assert ticket.category == category
        assert tag_names_of(ticket) == ["vip"]


def test_bulk_limits_and_roles(three, agent, customer, settings):
    ids = [t.pk for t in three]
    with pytest.raises(ActionNotAllowedError):
        bulk_apply(actor=customer, ticket_ids=ids, action="priority", value=Priority.HIGH)
    with pytest.raises(InvalidInputError):
        bulk_apply(actor=agent, ticket_ids=ids, action="explode", value=None)
    settings.HELPDESK_BULK_MAX_TICKETS = 2
    with pytest.raises(InvalidInputError):
        bulk_apply(actor=agent, ticket_ids=ids, action="priority", value=Priority.HIGH)
    assert not Ticket.objects.exclude(priority=Priority.NORMAL).exists()


def test_queue_bulk_form_shows_changed_and_refused_with_reasons(three, agent, web_for):
    ticket_cancel(ticket=three[2], actor=agent)
    colleague = AgentFactory(username="kim")
    response = web_for(agent).post(
        "/agent/bulk/",
        {
            "action": "status",
            "status": Status.RESOLVED,
            "tickets": [t.pk for t in three],
            "assignee": colleague.username,
            "query": "status=active",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 changed, 1 refused" in page
    assert three[2].case_number in page
    assert "cannot move from" in page


def test_queue_bulk_all_that_match_is_capped(agent, web_for, settings):
    settings.HELPDESK_BULK_MAX_TICKETS = 2
    tickets = [TicketFactory(subject=f"Match {n}", order_id="777") for n in range(3)]
    response = web_for(agent).post(
        "/agent/bulk/",
        {"action": "priority", "priority": Priority.HIGH, "all_matching": "1", "query": "q=777"},
    )
    page = response.content.decode()
    assert "2 changed, 0 refused" in page
    assert "More than 2 tickets matched" in page
    changed = Ticket.objects.filter(pk__in=[t.pk for t in tickets], priority=Priority.HIGH)
    assert changed.count() == 2


def test_queue_bulk_without_a_selection_writes_nothing(three, agent, web_for):
    response = web_for(agent).post(
        "/agent/bulk/", {"action": "priority", "priority": Priority.HIGH}, follow=True
    )
    assert "Select at least one ticket" in response.content.decode()
    assert not Ticket.objects.filter(priority=Priority.HIGH).exists()


def test_queue_bulk_with_an_unknown_agent_names_it(three, agent, web_for):
    response = web_for(agent).post(
        "/agent/bulk/",
        {"action": "assign", "assignee": "nobody-here", "tickets": [three[0].pk]},
        follow=True,
    )
    assert "No support agent is called “nobody-here”" in response.content.decode()
    assert not Ticket.objects.filter(assignee__isnull=False).exists()


def test_native_bulk_endpoint(three, agent, customer, client_for):
    colleague = AgentFactory()
    ticket_cancel(ticket=three[0], actor=agent)
    body = {"tickets": [t.pk for t in three], "action": "status", "value": "resolved"}
    response = client_for(agent).post("/api/v1/tickets/bulk/", body, format="json")
    assert response.status_code == 200
    data = response.json()
    assert [row["id"] for row in data["changed"]] == [three[1].pk, three[2].pk]
    assert data["refused"][0]["id"] == three[0].pk
    assert data["refused"][0]["reason"]
    assign = {"tickets": [three[1].pk], "action": "assign", "value": colleague.pk}
    response = client_for(agent).post("/api/v1/tickets/bulk/", assign, format="json")
    assert response.status_code == 200
    assert Ticket.objects.get(pk=three[1].pk).assignee == colleague
    category = CategoryFactory()
    recategorise = {"tickets": [three[1].pk], "action": "category", "value": category.pk}
    response = client_for(agent).post("/api/v1/tickets/bulk/", recategorise, format="json")
    assert response.status_code == 200
    assert Ticket.objects.get(pk=three[1].pk).category == category
    bad = {"tickets": [three[1].pk], "action": "add_tags", "value": "vip"}
    response = client_for(agent).post("/api/v1/tickets/bulk/", bad, format="json")
    assert response.status_code == 400
    assert "value" in response.json()["errors"]
    response = client_for(customer).post("/api/v1/tickets/bulk/", assign, format="json")
    assert response.status_code == 403
