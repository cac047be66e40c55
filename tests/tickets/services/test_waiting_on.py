"""Whose move it is (waiting_on, waiting_since), last activity and the assignee's unread
markers, as the services keep them."""

import datetime as dt

import pytest

from tests.factories import AgentFactory, TicketFactory, transferred_ticket
from tickets.models import Status, Ticket, WaitingOn
from tickets.services.messages import (
    FollowUp,
    message_post,
    ticket_open_with_messages,
    vendor_answer,
    vendor_confirm,
)
from tickets.services.tickets import (
    ticket_assign,
    ticket_cancel,
    ticket_change_priority,
    ticket_mark_read,
    ticket_reopen,
    ticket_resolve,
    ticket_set_status,
    ticket_transfer,
)

pytestmark = pytest.mark.django_db


def fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def test_new_ticket_waits_on_support_since_it_was_opened(ticket):
    assert ticket.waiting_on == WaitingOn.SUPPORT
    assert abs(ticket.waiting_since - ticket.created_at) < dt.timedelta(seconds=1)


def test_agent_reply_without_vendor_waits_on_customer(clock, ticket, agent):
    clock.shift(dt.timedelta(hours=2))
    message_post(ticket=ticket, actor=agent, body="Which parcel?")
    ticket = fresh(ticket)
    assert (ticket.status, ticket.waiting_on) == (Status.WAITING_ON_CUSTOMER, WaitingOn.CUSTOMER)
    assert ticket.waiting_since == ticket.last_activity_at


def test_agent_reply_while_vendor_answer_is_awaited_keeps_waiting_on_vendor(agent, vendor):
    ticket = transferred_ticket(agent=agent, vendor=vendor)
    assert (ticket.status, ticket.waiting_on) == (Status.IN_PROGRESS, WaitingOn.VENDOR)
    since = ticket.waiting_since

    message_post(ticket=ticket, actor=agent, body="We asked the seller, back soon.")

    ticket = fresh(ticket)
    assert ticket.status == Status.IN_PROGRESS
    assert (ticket.waiting_on, ticket.waiting_since) == (WaitingOn.VENDOR, since)


def test_agent_reply_while_vendor_confirmation_is_awaited_does_not_wait_on_customer(agent, vendor):
    ticket = transferred_ticket(agent=agent, vendor=vendor, needs_answer=False)
    message_post(ticket=ticket, actor=agent, body="Waiting for the warehouse.")
    assert fresh(ticket).waiting_on == WaitingOn.VENDOR
    assert fresh(ticket).status != Status.WAITING_ON_CUSTOMER


def test_transfer_of_ticket_waiting_on_customer_puts_it_in_progress(ticket, agent, vendor):
    message_post(ticket=ticket, actor=agent, body="A photo, please.")
    ticket_transfer(ticket=ticket, actor=agent, vendor=vendor, note="Damaged?")
    ticket = fresh(ticket)
    assert (ticket.status, ticket.waiting_on) == (Status.IN_PROGRESS, WaitingOn.VENDOR)


def test_vendor_answer_hands_the_move_back_to_support_and_marks_it_unread(
    clock, agent, vendor, vendor_user
):
    ticket = transferred_ticket(agent=agent, vendor=vendor)
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    clock.shift(dt.timedelta(hours=5))

    vendor_answer(ticket=fresh(ticket), actor=vendor_user, body="Shipped again today.")

    ticket = fresh(ticket)
    assert ticket.waiting_on == WaitingOn.SUPPORT
    assert ticket.waiting_since == ticket.last_activity_at
    assert ticket.has_unread_vendor_answer
    assert not ticket.has_unread_customer_reply


def test_vendor_confirmation_marks_the_ticket_unread_too(agent, vendor, vendor_user):
    ticket = transferred_ticket(agent=agent, vendor=vendor, needs_answer=False)
    vendor_confirm(ticket=ticket, actor=vendor_user)
    ticket = fresh(ticket)
    assert (ticket.waiting_on, ticket.has_unread_vendor_answer) == (WaitingOn.SUPPORT, True)


def test_customer_reply_goes_back_to_support_and_marks_it_unread(clock, ticket, agent, customer):
    message_post(ticket=ticket, actor=agent, body="Which parcel?")
    clock.shift(dt.timedelta(days=1))
    message_post(ticket=ticket, actor=customer, body="The blue one.")
    ticket = fresh(ticket)
    assert (ticket.status, ticket.waiting_on) == (Status.OPEN, WaitingOn.SUPPORT)
    assert ticket.waiting_since == ticket.last_activity_at
    assert ticket.has_unread_customer_reply


def test_opening_message_marks_nothing_unread(ticket):
    assert (ticket.has_unread_customer_reply, ticket.has_unread_vendor_answer) == (False, False)


def test_second_customer_reply_keeps_waiting_since(clock, ticket, customer):
    since = ticket.waiting_since
    clock.shift(dt.timedelta(hours=3))
    message_post(ticket=ticket, actor=customer, body="Any news?")
    ticket = fresh(ticket)
    assert (ticket.waiting_on, ticket.waiting_since) == (WaitingOn.SUPPORT, since)
    assert ticket.last_activity_at > since


def test_resolve_waits_on_nobody_and_reopen_on_support(clock, ticket, agent, customer):
    ticket_resolve(ticket=ticket, actor=agent)
    ticket = fresh(ticket)
    assert (ticket.waiting_on, ticket.waiting_since) == (WaitingOn.NOBODY, ticket.resolved_at)
    clock.shift(dt.timedelta(days=2))
    ticket_reopen(ticket=ticket, actor=customer)
    ticket = fresh(ticket)
    assert ticket.waiting_on == WaitingOn.SUPPORT
    assert ticket.waiting_since == ticket.last_activity_at


def test_cancel_waits_on_nobody(ticket, agent):
    ticket_cancel(ticket=ticket, actor=agent)
    assert fresh(ticket).waiting_on == WaitingOn.NOBODY


def test_status_set_by_hand_to_waiting_on_customer_waits_on_customer(ticket, agent):
    ticket_set_status(ticket=ticket, actor=agent, to=Status.WAITING_ON_CUSTOMER)
    assert fresh(ticket).waiting_on == WaitingOn.CUSTOMER


def test_any_change_is_activity_but_keeps_waiting_since(clock, ticket, agent):
    since, activity = ticket.waiting_since, ticket.last_activity_at
    clock.shift(dt.timedelta(minutes=30))
    ticket_change_priority(ticket=ticket, actor=agent, priority="high")
    ticket = fresh(ticket)
    assert ticket.last_activity_at > activity
    assert ticket.waiting_since == since


def test_assignee_opening_clears_markers(ticket, agent, customer):
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    message_post(ticket=ticket, actor=customer, body="Hello?")
    ticket = fresh(ticket)
    assert ticket.has_unread_customer_reply

    assert ticket_mark_read(ticket=ticket, actor=agent) is True

    ticket = fresh(ticket)
    assert (ticket.has_unread_customer_reply, ticket.has_unread_vendor_answer) == (False, False)


def test_another_agent_opening_leaves_markers(ticket, agent, customer):
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    message_post(ticket=ticket, actor=customer, body="Hello?")
    colleague = AgentFactory()
    assert ticket_mark_read(ticket=fresh(ticket), actor=colleague) is False
    assert fresh(ticket).has_unread_customer_reply


def test_reply_after_the_page_was_read_stays_unread(clock, ticket, agent, customer):
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    message_post(ticket=ticket, actor=customer, body="Hello?")
    read = fresh(ticket)
    clock.shift(dt.timedelta(seconds=5))
    message_post(ticket=ticket, actor=customer, body="Anyone there?")

    assert ticket_mark_read(ticket=read, actor=agent) is False
    assert fresh(ticket).has_unread_customer_reply


def test_markers_stay_when_the_ticket_changes_hands(ticket, agent, customer):
    message_post(ticket=ticket, actor=customer, body="Hello?")
    ticket_assign(ticket=ticket, actor=agent, assignee=AgentFactory())
    assert fresh(ticket).has_unread_customer_reply


def test_assignee_writing_clears_markers(agent, vendor, vendor_user):
    ticket = transferred_ticket(agent=agent, vendor=vendor)
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    vendor_answer(ticket=fresh(ticket), actor=vendor_user, body="Done.")
    message_post(ticket=fresh(ticket), actor=agent, body="Checked", is_internal=True)
    assert not fresh(ticket).has_unread_vendor_answer


def test_other_agent_note_does_not_clear_markers(ticket, agent, customer):
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    message_post(ticket=ticket, actor=customer, body="Hello?")
    message_post(ticket=ticket, actor=AgentFactory(), body="FYI", is_internal=True)
    assert fresh(ticket).has_unread_customer_reply


def test_follow_ups_of_an_opening_mark_nothing(customer):
    ticket = ticket_open_with_messages(
        actor=customer, subject="Two things", description="One", follow_ups=[FollowUp("Two")]
    )
    assert not fresh(ticket).has_unread_customer_reply


def test_factory_ticket_is_consistent():
    ticket = TicketFactory()
    assert ticket.waiting_on == WaitingOn.SUPPORT
