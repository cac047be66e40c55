"""Tickets are filed on leaves: a category with active sub-categories only heads them.
The web and the native API are held to it; the dialect contracts may name a heading."""

import pytest

from tests.factories import CategoryFactory, TicketFactory
from tickets.agenttools.models import Macro
from tickets.errors import InvalidInputError
from tickets.models import EventKind, Status, Ticket, TicketEvent
from tickets.services.macros import macro_save
from tickets.services.tickets import ticket_change_category, ticket_create
from tickets.services.updates import ticket_update


@pytest.fixture
def heading(db):
    heading = CategoryFactory(name="Shipping")
    CategoryFactory(name="Late parcel", parent=heading)
    return heading


def test_opening_a_ticket_under_a_heading_is_refused_naming_category(customer, heading):
    with pytest.raises(InvalidInputError) as refused:
        ticket_create(actor=customer, subject="Late", description="Still late.", category=heading)

    assert refused.value.field == "category"
    assert "'Shipping' has sub-categories" in refused.value.message
    assert not Ticket.objects.exists()


def test_a_leaf_takes_the_ticket(customer, heading):
    leaf = heading.children.get()

    ticket = ticket_create(actor=customer, subject="Late", description="Still late.", category=leaf)

    assert ticket.category == leaf


def test_a_heading_whose_sub_categories_are_all_inactive_is_a_leaf(customer):
    category = CategoryFactory()
    CategoryFactory(parent=category, is_active=False)
    CategoryFactory(parent=category, is_deleted=True)

    ticket = ticket_create(actor=customer, subject="S", description="D", category=category)

    assert ticket.category == category


def test_a_contract_may_file_under_a_heading(customer, heading):
    ticket = ticket_create(
        actor=customer,
        subject="Late",
        description="Still late.",
        category=heading,
        allow_parent_category=True,
    )

    assert ticket.category == heading


def test_changing_to_a_heading_is_refused_and_writes_nothing(agent, heading):
    leaf = heading.children.get()
    ticket = TicketFactory(category=leaf)

    with pytest.raises(InvalidInputError) as refused:
        ticket_change_category(ticket=ticket, actor=agent, category=heading)

    assert refused.value.field == "category"
    ticket.refresh_from_db()
    assert ticket.category == leaf
    assert not TicketEvent.objects.filter(kind=EventKind.CATEGORY_CHANGED).exists()


def test_a_ticket_filed_under_a_heading_keeps_it_while_other_fields_change(agent, heading):
    ticket = TicketFactory(category=heading)

    ticket = ticket_update(ticket=ticket, actor=agent, category=heading, status=Status.IN_PROGRESS)

    assert (ticket.category, ticket.status) == (heading, Status.IN_PROGRESS)


def test_a_category_gaining_sub_categories_stops_taking_tickets(customer):
    category = CategoryFactory()
    ticket_create(actor=customer, subject="S", description="D", category=category)
    CategoryFactory(parent=category)

    with pytest.raises(InvalidInputError):
        ticket_create(actor=customer, subject="S", description="D", category=category)


def test_a_macro_may_not_set_a_heading(agent, heading):
    with pytest.raises(InvalidInputError) as refused:
        macro_save(actor=agent, name="Shipping", body="", set_category=heading)

    assert refused.value.field == "set_category"
    assert not Macro.objects.exists()


def test_api_create_under_a_heading_is_400_naming_category(customer, heading, client_for):
    response = client_for(customer).post(
        "/api/v1/tickets/",
        {"subject": "Late", "description": "Still late.", "category": heading.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "sub-categories" in str(response.json()["errors"]["category"])
    assert not Ticket.objects.exists()


def test_api_patch_to_a_heading_is_400_and_writes_nothing(agent, heading, client_for):
    ticket = TicketFactory()

    response = client_for(agent).patch(
        f"/api/v1/tickets/{ticket.pk}/",
        {"priority": "urgent", "category": heading.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "category" in response.json()["errors"]
    ticket.refresh_from_db()
    assert (ticket.category, ticket.priority) == (None, "normal")
