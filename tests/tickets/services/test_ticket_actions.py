import pytest

from tests.factories import AgentFactory, CategoryFactory, CustomerFactory, transferred_ticket
from tickets.errors import (
    ActionNotAllowedError,
    ConflictError,
    InvalidInputError,
    TicketNotFoundError,
    TransferStateError,
    TransitionNotAllowedError,
)
from tickets.models import Status, TicketEvent, TransferStatus
from tickets.services.messages import vendor_answer, vendor_confirm
from tickets.services.tickets import (
    ticket_assign,
    ticket_cancel,
    ticket_change_category,
    ticket_change_priority,
    ticket_reopen,
    ticket_resolve,
    ticket_set_status,
    ticket_transfer,
)


def last_event(ticket):
    return TicketEvent.objects.filter(ticket=ticket).latest("id")


def test_agent_assigns_and_unassigns_with_events(ticket, agent):
    colleague = AgentFactory()
    ticket_assign(ticket=ticket, actor=agent, assignee=colleague)
    ticket.refresh_from_db()
    assert ticket.assignee == colleague
    event = last_event(ticket)
    assert (event.kind, event.to_value, event.actor) == ("assigned", colleague.username, agent)

    ticket_assign(ticket=ticket, actor=agent, assignee=None)
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert last_event(ticket).from_value == colleague.username


def test_only_agents_can_be_assigned_and_only_agents_assign(ticket, agent, customer):
    with pytest.raises(InvalidInputError) as error:
        ticket_assign(ticket=ticket, actor=agent, assignee=CustomerFactory())
    assert error.value.field == "assignee"
    with pytest.raises(ActionNotAllowedError):
        ticket_assign(ticket=ticket, actor=customer, assignee=agent)
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_priority_and_category_changes_are_logged(ticket, agent):
    ticket_change_priority(ticket=ticket, actor=agent, priority="urgent")
    assert (last_event(ticket).kind, last_event(ticket).to_value) == ("priority_changed", "urgent")
    category = CategoryFactory()
    ticket_change_category(ticket=ticket, actor=agent, category=category)
    assert (last_event(ticket).kind, last_event(ticket).to_value) == (
        "category_changed",
        category.code,
    )
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.category) == ("urgent", category)


def test_bad_priority_and_customer_changes_are_refused(ticket, agent, customer):
    with pytest.raises(InvalidInputError):
        ticket_change_priority(ticket=ticket, actor=agent, priority="whenever")
    with pytest.raises(ActionNotAllowedError):
        ticket_change_priority(ticket=ticket, actor=customer, priority="urgent")
    with pytest.raises(ActionNotAllowedError):
        ticket_change_category(ticket=ticket, actor=customer, category=CategoryFactory())
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.category) == ("normal", None)


def test_transfer_hands_ticket_to_vendor_and_starts_work(ticket, agent, vendor, vendor_user):
    with pytest.raises(TicketNotFoundError):
        vendor_answer(ticket=ticket, actor=vendor_user, body="not yet mine")

    ticket_transfer(ticket=ticket, actor=agent, vendor=vendor, note="Check the return")

    ticket.refresh_from_db()
    assert (ticket.vendor, ticket.transfer_status) == (vendor, TransferStatus.ANSWER_REQUESTED)
    assert ticket.status == Status.IN_PROGRESS
    assert ticket.messages.filter(kind="transfer", body="Check the return").exists()
    assert TicketEvent.objects.filter(ticket=ticket, kind="transferred").exists()


def test_vendor_answers_once(agent, vendor, vendor_user):
    ticket = transferred_ticket(agent=agent, vendor=vendor)
    answer = vendor_answer(ticket=ticket, actor=vendor_user, body="Refund sent")
    assert (answer.kind, answer.author_role) == ("vendor_answer", "vendor")

    with pytest.raises(TransferStateError):
        vendor_answer(ticket=ticket, actor=vendor_user, body="Refund sent")
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.ANSWERED
    assert ticket.messages.filter(kind="vendor_answer").count() == 1


def test_vendor_confirms_a_confirmation_transfer_only(agent, vendor, vendor_user):
    awaiting_answer = transferred_ticket(agent=agent, vendor=vendor)
    with pytest.raises(TransferStateError):
        vendor_confirm(ticket=awaiting_answer, actor=vendor_user)

    ticket = transferred_ticket(agent=agent, vendor=vendor, needs_answer=False)
    vendor_confirm(ticket=ticket, actor=vendor_user)
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.CONFIRMED
    with pytest.raises(TransferStateError):
        vendor_confirm(ticket=ticket, actor=vendor_user)


def test_other_vendor_cannot_touch_the_transfer(agent, vendor, other_vendor_user):
    ticket = transferred_ticket(agent=agent, vendor=vendor)
    with pytest.raises(TicketNotFoundError):
        vendor_answer(ticket=ticket, actor=other_vendor_user, body="mine?")


def test_cancelled_ticket_cannot_be_transferred(ticket, agent, vendor):
    ticket_cancel(ticket=ticket, actor=agent)
    with pytest.raises(ConflictError):
        ticket_transfer(ticket=ticket, actor=agent, vendor=vendor, note="x")
    ticket.refresh_from_db()
    assert ticket.vendor is None


def test_customer_resolves_cancels_and_reopens_own_ticket(ticket, customer):
    ticket_resolve(ticket=ticket, actor=customer)
    ticket.refresh_from_db()
    assert (ticket.resolved_by, ticket.resolved_by_role) == (customer, "customer")
    ticket_reopen(ticket=ticket, actor=customer)
    ticket_cancel(ticket=ticket, actor=customer)
    ticket.refresh_from_db()
    assert ticket.status == Status.CANCELLED


def test_reopen_only_from_resolved(ticket, customer):
    with pytest.raises(TransitionNotAllowedError):
        ticket_reopen(ticket=ticket, actor=customer)


def test_customer_cannot_set_work_states(ticket, customer):
    with pytest.raises(ActionNotAllowedError):
        ticket_set_status(ticket=ticket, actor=customer, to=Status.IN_PROGRESS)


def test_stranger_and_vendor_cannot_act_on_a_ticket(ticket, other_customer, vendor_user):
    for actor in (other_customer, vendor_user):
        with pytest.raises(TicketNotFoundError):
            ticket_resolve(ticket=ticket, actor=actor)
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
