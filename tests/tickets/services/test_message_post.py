import pytest

from tests.factories import TicketFactory, upload
from tickets.errors import (
    ActionNotAllowedError,
    InvalidInputError,
    TicketClosedError,
    TicketNotFoundError,
)
from tickets.models import Message, Status, Ticket
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_cancel, ticket_resolve


def test_agent_public_reply_waits_on_customer_and_stamps_first_response(ticket, agent):
    message_post(ticket=ticket, actor=agent, body="We are on it.")

    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING_ON_CUSTOMER
    assert ticket.first_response_at is not None
    first_response = ticket.first_response_at

    message_post(ticket=ticket, actor=agent, body="Still on it.")
    ticket.refresh_from_db()
    assert ticket.first_response_at == first_response


def test_customer_reply_moves_ticket_back_to_support(ticket, agent, customer):
    message_post(ticket=ticket, actor=agent, body="Photo please")
    message_post(ticket=ticket, actor=customer, body="Here it is")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_customer_reply_reopens_resolved_ticket(ticket, agent, customer):
    ticket_resolve(ticket=ticket, actor=agent)
    message_post(ticket=ticket, actor=customer, body="It broke again")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolved_at) == (Status.OPEN, None)


def test_internal_note_changes_no_status_and_is_not_a_first_response(ticket, agent):
    note = message_post(ticket=ticket, actor=agent, body="VIP buyer", is_internal=True)
    ticket.refresh_from_db()
    assert (note.kind, note.is_internal) == ("note", True)
    assert ticket.status == Status.OPEN
    assert ticket.first_response_at is None


def test_customer_cannot_write_internal_notes(ticket, customer):
    with pytest.raises(ActionNotAllowedError):
        message_post(ticket=ticket, actor=customer, body="x", is_internal=True)
    assert ticket.messages.count() == 1


def test_stranger_gets_not_found(ticket, other_customer):
    with pytest.raises(TicketNotFoundError):
        message_post(ticket=ticket, actor=other_customer, body="hello")
    assert ticket.messages.count() == 1


def test_cancelled_ticket_takes_no_reply(ticket, customer):
    ticket_cancel(ticket=ticket, actor=customer)
    with pytest.raises(TicketClosedError):
        message_post(ticket=ticket, actor=customer, body="wait")
    assert ticket.messages.count() == 1


def test_empty_reply_is_refused(ticket, customer):
    with pytest.raises(InvalidInputError) as error:
        message_post(ticket=ticket, actor=customer, body="  ")
    assert error.value.field == "body"


def test_reply_with_attachments_only(ticket, customer):
    attachment = upload(customer)
    message = message_post(
        ticket=ticket, actor=customer, body="", attachment_uuids=[attachment.uuid]
    )
    assert list(message.attachments.all()) == [attachment]


def test_an_attachment_is_used_once(ticket, customer):
    attachment = upload(customer)
    message_post(ticket=ticket, actor=customer, body="a", attachment_uuids=[attachment.uuid])
    with pytest.raises(InvalidInputError):
        message_post(ticket=ticket, actor=customer, body="b", attachment_uuids=[attachment.uuid])
    assert Message.objects.filter(ticket=ticket).count() == 2


def test_seller_colleague_may_reply(customer, seller_account, seller_colleague):
    ticket = TicketFactory(customer=customer, seller_account_id=seller_account.pk)
    message_post(ticket=ticket, actor=seller_colleague, body="I can add the invoice")
    assert Ticket.objects.get(pk=ticket.pk).messages.count() == 2
