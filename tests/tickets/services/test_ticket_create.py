import re

import pytest

from tests.factories import CategoryFactory, CustomerFactory, TicketFactory, upload
from tickets.errors import ActionNotAllowedError, InvalidInputError
from tickets.models import Message, Status, Ticket, TicketEvent
from tickets.services.tickets import ticket_create


def test_customer_opens_ticket_with_first_message_attachment_and_event(customer):
    category = CategoryFactory()
    attachment = upload(customer)

    ticket = ticket_create(
        actor=customer,
        subject="  Parcel lost  ",
        description="Tracking stuck since Monday.",
        category=category,
        order_id="1900000123",
        attachment_uuids=[str(attachment.uuid)],
    )

    assert re.fullmatch(r"HD-\d{4}-\d{6}", ticket.case_number)
    assert (ticket.subject, ticket.status, ticket.customer) == (
        "Parcel lost",
        Status.OPEN,
        customer,
    )
    message = ticket.messages.get()
    assert (message.body, message.author, message.author_role) == (
        "Tracking stuck since Monday.",
        customer,
        "customer",
    )
    assert list(message.attachments.all()) == [attachment]
    event = TicketEvent.objects.get(ticket=ticket)
    assert (event.kind, event.actor) == ("created", customer)


def test_case_numbers_are_unique_and_follow_creation_order(customer):
    first, second = TicketFactory(customer=customer), TicketFactory(customer=customer)
    assert first.case_number != second.case_number
    assert first.case_number < second.case_number


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"subject": "   "}, "subject"),
        ({"description": "", "body": ""}, "description"),
    ],
)
def test_missing_text_is_refused_naming_the_field(customer, fields, field):
    arguments = {"subject": "Help", "description": "Details", **fields}
    with pytest.raises(InvalidInputError) as error:
        ticket_create(actor=customer, **arguments)
    assert error.value.field == field
    assert not Ticket.objects.exists()


def test_inactive_or_deleted_category_is_refused(customer):
    for category in (CategoryFactory(is_active=False), CategoryFactory(is_deleted=True)):
        with pytest.raises(InvalidInputError) as error:
            ticket_create(actor=customer, subject="Help", description="x", category=category)
        assert error.value.field == "category"
    assert not Ticket.objects.exists()


def test_customer_cannot_file_for_someone_else_but_agent_can(customer, agent):
    with pytest.raises(ActionNotAllowedError):
        ticket_create(actor=customer, customer=CustomerFactory(), subject="x", description="y")

    ticket = ticket_create(actor=agent, customer=customer, subject="Call", description="Logged")
    assert ticket.customer == customer
    assert ticket.messages.get().author_role == "agent"


def test_vendor_cannot_open_tickets(vendor_user):
    with pytest.raises(ActionNotAllowedError):
        ticket_create(actor=vendor_user, subject="x", description="y")


def test_seller_account_must_be_the_callers(customer, seller_account, other_customer, agent):
    ticket = ticket_create(
        actor=customer, subject="x", description="y", seller_account_id=seller_account.pk
    )
    assert ticket.seller_account == seller_account

    with pytest.raises(ActionNotAllowedError):
        ticket_create(
            actor=other_customer, subject="x", description="y", seller_account_id=seller_account.pk
        )
    with pytest.raises(InvalidInputError):
        ticket_create(
            actor=agent, customer=customer, subject="x", description="y", seller_account_id=999999
        )
    assert Ticket.objects.count() == 1


def test_follow_up_needs_a_parent_the_caller_can_see(customer, other_customer):
    parent = TicketFactory(customer=customer)
    follow_up = ticket_create(actor=customer, subject="Again", description="y", parent=parent)
    assert follow_up.parent == parent

    with pytest.raises(InvalidInputError) as error:
        ticket_create(actor=other_customer, subject="Again", description="y", parent=parent)
    assert error.value.field == "parent"


def test_unknown_attachment_rolls_back_the_whole_ticket(customer, other_customer):
    foreign = upload(other_customer)
    with pytest.raises(InvalidInputError) as error:
        ticket_create(
            actor=customer, subject="x", description="y", attachment_uuids=[str(foreign.uuid)]
        )
    assert error.value.field == "attachments"
    assert not Ticket.objects.exists()
    assert not Message.objects.exists()
    foreign.refresh_from_db()
    assert foreign.message is None
