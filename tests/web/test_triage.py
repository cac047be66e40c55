"""The agent's triage form: assignee, status, priority and category saved in one POST."""

from tests.factories import AgentFactory, CategoryFactory, TicketFactory
from tickets.models import EventKind, Priority, Status, Ticket, TicketEvent
from tickets.services.tickets import ticket_change_priority


def triage_post(ticket, **values) -> dict:
    """What the page's form sends: each field with the value it showed next to it."""
    shown = {
        "assignee": ticket.assignee.username if ticket.assignee else "",
        "status": ticket.status,
        "priority": ticket.priority,
        "category": str(ticket.category_id or ""),
    }
    data = {f"initial-{name}": value for name, value in shown.items()}
    return {**data, **shown, **values}


def events_after_creation(ticket) -> list[str]:
    events = TicketEvent.objects.filter(ticket=ticket).exclude(kind=EventKind.CREATED)
    return list(events.order_by("id").values_list("kind", flat=True))


def test_one_save_changes_several_fields_with_one_event_each(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    colleague, category = AgentFactory(), CategoryFactory()
    page = web_for(agent).get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert f'action="/agent/tickets/{ticket.pk}/triage/"' in page
    assert 'name="initial-priority" value="normal"' in page

    response = web_for(agent).post(
        f"/agent/tickets/{ticket.pk}/triage/",
        triage_post(
            ticket,
            assignee=colleague.username,
            status=Status.IN_PROGRESS,
            priority=Priority.HIGH,
            category=str(category.pk),
        ),
        follow=True,
    )

    assert "Category, priority, assignee and status saved." in response.content.decode()
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status, ticket.priority, ticket.category) == (
        colleague,
        Status.IN_PROGRESS,
        Priority.HIGH,
        category,
    )
    assert events_after_creation(ticket) == [
        EventKind.CATEGORY_CHANGED,
        EventKind.PRIORITY_CHANGED,
        EventKind.ASSIGNED,
        EventKind.STATUS_CHANGED,
    ]


def test_saving_unchanged_fields_writes_no_event(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    response = web_for(agent).post(
        f"/agent/tickets/{ticket.pk}/triage/", triage_post(ticket), follow=True
    )
    assert "Nothing to save" in response.content.decode()
    assert events_after_creation(ticket) == []


def test_a_colleagues_change_to_another_field_is_kept(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    form = triage_post(ticket, status=Status.IN_PROGRESS)  # the page as loaded
    ticket_change_priority(ticket=ticket, actor=AgentFactory(), priority=Priority.URGENT)

    web_for(agent).post(f"/agent/tickets/{ticket.pk}/triage/", form)

    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority) == (Status.IN_PROGRESS, Priority.URGENT)


def test_bad_input_shows_the_field_error_and_writes_nothing(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    response = web_for(agent).post(
        f"/agent/tickets/{ticket.pk}/triage/",
        triage_post(ticket, assignee="nobody-here", priority=Priority.URGENT),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="triage-assignee_error"' in html
    assert "No support agent is called “nobody-here”." in html
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.priority) == (None, Priority.NORMAL)
    assert events_after_creation(ticket) == []


def test_a_status_the_ticket_cannot_move_to_is_refused_on_the_status_field(
    agent, customer, web_for
):
    ticket = TicketFactory(customer=customer)
    web_for(agent).post(
        f"/agent/tickets/{ticket.pk}/triage/", triage_post(ticket, status=Status.RESOLVED)
    )
    ticket.refresh_from_db()
    page = web_for(agent).get(f"/agent/tickets/{ticket.pk}/").content.decode()
    # A resolved ticket only reopens: the select offers no other move.
    assert '<option value="in_progress">' not in page
    response = web_for(agent).post(
        f"/agent/tickets/{ticket.pk}/triage/",
        triage_post(ticket, status=Status.IN_PROGRESS, priority=Priority.LOW),
    )
    assert response.status_code == 400
    assert 'id="triage-status_error"' in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).priority == Priority.NORMAL


def test_only_agents_may_triage(customer, web_for):
    ticket = TicketFactory(customer=customer)
    response = web_for(customer).post(
        f"/agent/tickets/{ticket.pk}/triage/", triage_post(ticket, priority=Priority.URGENT)
    )
    assert response.status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).priority == Priority.NORMAL
