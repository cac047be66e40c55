import pytest

from tests.factories import TicketFactory
from tickets import workflow
from tickets.errors import InvalidInputError, TransitionNotAllowedError
from tickets.models import Status, Ticket, TicketEvent
from tickets.services.tickets import apply_status, ticket_set_status

LEGAL = [(current, to) for current, targets in workflow.ALLOWED.items() for to in targets]
ILLEGAL = [
    (current, to)
    for current in Status.values
    for to in Status.values
    if to != current and to not in workflow.ALLOWED[current]
]


def ticket_in(status: str, agent) -> Ticket:
    ticket = TicketFactory()
    path = {
        Status.OPEN: [],
        Status.IN_PROGRESS: [Status.IN_PROGRESS],
        Status.WAITING_ON_CUSTOMER: [Status.WAITING_ON_CUSTOMER],
        Status.RESOLVED: [Status.RESOLVED],
        Status.CANCELLED: [Status.CANCELLED],
    }[status]
    for step in path:
        apply_status(ticket, actor=agent, to=step)
    return Ticket.objects.get(pk=ticket.pk)


def test_every_status_has_a_row_and_cancelled_is_final():
    assert set(workflow.ALLOWED) == set(Status.values)
    assert workflow.ALLOWED[Status.CANCELLED] == frozenset()
    assert workflow.ALLOWED[Status.RESOLVED] == frozenset({Status.OPEN})


@pytest.mark.parametrize(("current", "to"), LEGAL)
def test_legal_transition_is_applied_and_logged(current, to, agent):
    ticket = ticket_in(current, agent)
    events_before = TicketEvent.objects.filter(ticket=ticket).count()

    ticket_set_status(ticket=ticket, actor=agent, to=to)

    ticket.refresh_from_db()
    assert ticket.status == to
    event = TicketEvent.objects.filter(ticket=ticket).latest("id")
    assert (event.kind, event.from_value, event.to_value) == ("status_changed", current, to)
    assert event.actor == agent
    assert TicketEvent.objects.filter(ticket=ticket).count() == events_before + 1


@pytest.mark.parametrize(("current", "to"), ILLEGAL)
def test_illegal_transition_is_refused_and_writes_nothing(current, to, agent):
    ticket = ticket_in(current, agent)
    events_before = TicketEvent.objects.filter(ticket=ticket).count()
    updated_before = ticket.updated_at

    with pytest.raises(TransitionNotAllowedError):
        ticket_set_status(ticket=ticket, actor=agent, to=to)

    ticket.refresh_from_db()
    assert ticket.status == current
    assert ticket.updated_at == updated_before
    assert TicketEvent.objects.filter(ticket=ticket).count() == events_before


def test_resolving_stamps_time_and_actor_and_reopening_clears_them(agent):
    ticket = ticket_in(Status.IN_PROGRESS, agent)

    ticket_set_status(ticket=ticket, actor=agent, to=Status.RESOLVED)
    ticket.refresh_from_db()
    assert ticket.resolved_at is not None
    assert ticket.resolved_by == agent
    assert ticket.resolved_by_role == "agent"

    ticket_set_status(ticket=ticket, actor=agent, to=Status.OPEN)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolved_at, ticket.resolved_by) == (Status.OPEN, None, None)


def test_unknown_status_is_invalid_input(agent):
    ticket = TicketFactory()
    with pytest.raises(InvalidInputError) as error:
        ticket_set_status(ticket=ticket, actor=agent, to="archived")
    assert error.value.field == "status"
