"""ticket_triage: the agent's assignee, status, priority and category in one act."""

import pytest
from django.db import transaction

from tests.factories import AgentFactory, CategoryFactory, CustomerFactory
from tickets.errors import ActionNotAllowedError, InvalidInputError, TransitionNotAllowedError
from tickets.models import EventKind, Priority, Status, Ticket, TicketEvent
from tickets.services.tickets import ticket_cancel
from tickets.services.updates import ticket_triage


def event_kinds(ticket) -> list[str]:
    return list(
        TicketEvent.objects.filter(ticket=ticket)
        .exclude(kind=EventKind.CREATED)
        .order_by("id")
        .values_list("kind", flat=True)
    )


def snapshot(ticket) -> tuple:
    row = Ticket.objects.get(pk=ticket.pk)
    return (row.assignee_id, row.status, row.priority, row.category_id, row.updated_at)


def test_every_field_changes_together_with_one_event_each(ticket, agent):
    colleague, category = AgentFactory(), CategoryFactory()
    result = ticket_triage(
        ticket=ticket,
        actor=agent,
        assignee=colleague,
        status=Status.IN_PROGRESS,
        priority=Priority.HIGH,
        category=category,
    )
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status, ticket.priority, ticket.category) == (
        colleague,
        Status.IN_PROGRESS,
        Priority.HIGH,
        category,
    )
    assert result.changed == ("category", "priority", "assignee", "status")
    assert event_kinds(ticket) == [
        EventKind.CATEGORY_CHANGED,
        EventKind.PRIORITY_CHANGED,
        EventKind.ASSIGNED,
        EventKind.STATUS_CHANGED,
    ]
    status_event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.STATUS_CHANGED)
    assert (status_event.from_value, status_event.to_value, status_event.actor) == (
        Status.OPEN,
        Status.IN_PROGRESS,
        agent,
    )


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        ("assignee", "colleague", EventKind.ASSIGNED),
        ("status", Status.WAITING_ON_CUSTOMER, EventKind.STATUS_CHANGED),
        ("priority", Priority.URGENT, EventKind.PRIORITY_CHANGED),
        ("category", "category", EventKind.CATEGORY_CHANGED),
    ],
)
def test_each_field_alone_writes_its_one_event(ticket, agent, field, value, kind):
    value = {"colleague": AgentFactory, "category": CategoryFactory}.get(value, lambda: value)()
    current = {
        "assignee": None,
        "status": Status.OPEN,
        "priority": Priority.NORMAL,
        "category": ticket.category,
    }
    result = ticket_triage(ticket=ticket, actor=agent, **{**current, field: value})
    assert result.changed == (field,)
    assert event_kinds(ticket) == [kind]


def test_unchanged_values_write_nothing(ticket, agent):
    before = snapshot(ticket)
    result = ticket_triage(
        ticket=ticket,
        actor=agent,
        assignee=None,
        status=ticket.status,
        priority=ticket.priority,
        category=ticket.category,
    )
    assert result.changed == ()
    assert event_kinds(ticket) == []
    assert snapshot(ticket) == before


def test_unchanged_status_of_a_resolved_ticket_lets_other_fields_change(ticket, agent):
    ticket_triage(ticket=ticket, actor=agent, status=Status.RESOLVED)
    result = ticket_triage(
        ticket=ticket, actor=agent, status=Status.RESOLVED, priority=Priority.LOW
    )
    assert result.changed == ("priority",)
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RESOLVED


def test_only_agents_triage(ticket, customer):
    before = snapshot(ticket)
    with pytest.raises(ActionNotAllowedError):
        ticket_triage(ticket=ticket, actor=customer, priority=Priority.URGENT)
    assert snapshot(ticket) == before
    assert event_kinds(ticket) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"priority": "whenever"}, "priority"),
        ({"status": "sleeping"}, "status"),
        ({"assignee": "customer"}, "assignee"),
        ({"category": "inactive"}, "category"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(ticket, agent, changes, field):
    values = {
        "customer": CustomerFactory,
        "inactive": lambda: CategoryFactory(is_active=False),
    }
    changes = {key: values.get(value, lambda v=value: v)() for key, value in changes.items()}
    before = snapshot(ticket)
    with pytest.raises(InvalidInputError) as error:
        # The valid changes listed first must roll back with the bad one.
        ticket_triage(
            ticket=ticket, actor=agent, **{"assignee": agent, "priority": Priority.HIGH, **changes}
        )
    assert error.value.field == field
    assert snapshot(ticket) == before
    assert event_kinds(ticket) == []


def test_a_refused_move_rolls_back_the_other_changes(ticket, agent):
    ticket_cancel(ticket=ticket, actor=agent)
    before = snapshot(ticket)
    kinds = event_kinds(ticket)
    with pytest.raises(TransitionNotAllowedError):
        ticket_triage(ticket=ticket, actor=agent, priority=Priority.URGENT, status=Status.OPEN)
    assert snapshot(ticket) == before
    assert event_kinds(ticket) == kinds


def test_triage_is_a_use_case_of_its_own(ticket, agent):
    with transaction.atomic(), pytest.raises(RuntimeError):
        ticket_triage(ticket=ticket, actor=agent, priority=Priority.HIGH)
