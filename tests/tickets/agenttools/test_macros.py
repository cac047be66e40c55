import pytest

from tests.factories import AgentFactory, CategoryFactory, CustomerFactory, TicketFactory
from tickets.agenttools.models import Macro
from tickets.agenttools.selectors import tag_names_of
from tickets.errors import (
    ActionNotAllowedError,
    InvalidInputError,
    MacroNotFoundError,
    TicketClosedError,
)
from tickets.models import EventKind, Message, Priority, Status, TicketEvent
from tickets.services.macros import macro_apply, macro_delete, macro_save
from tickets.services.tickets import ticket_cancel

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_ticket():
    customer = CustomerFactory(first_name="Alice", last_name="Martin", username="alice")
    return TicketFactory(customer=customer, order_id="1900012345", item_name="Blue kettle")


@pytest.mark.parametrize(
    ("placeholder", "expected"),
    [
        ("{{ customer_name }}", "Alice Martin"),
        ("{{customer_first_name}}", "Alice"),
        ("{{ case_number }}", "HD-"),
        ("{{ order_id }}", "1900012345"),
        ("{{ item_name }}", "Blue kettle"),
        ("{{ subject }}", "Parcel"),
        ("{{ agent_name }}", "Sam Support"),
    ],
)
def test_each_placeholder_is_filled_from_the_ticket_or_agent(
    placeholder, expected, named_ticket, make_macro
):
    sam = AgentFactory(first_name="Sam", last_name="Support")
    macro = make_macro(owner=sam, body=f"Value: {placeholder}.")
    macro_apply(ticket=named_ticket, actor=sam, macro=macro)
    reply = Message.objects.filter(ticket=named_ticket, author=sam).get()
    assert reply.body.startswith(f"Value: {expected}")
    assert "{{" not in reply.body


def test_placeholder_of_a_missing_value_becomes_empty(agent, make_macro):
    ticket = TicketFactory(order_id="")
    macro_apply(ticket=ticket, actor=agent, macro=make_macro(body="Order [{{ order_id }}]"))
    assert Message.objects.filter(ticket=ticket, author=agent).get().body == "Order []"


def test_unknown_placeholder_is_refused_when_saving(agent):
    with pytest.raises(InvalidInputError) as error:
        macro_save(actor=agent, name="Bad", body="Hello {{ password }}")
    assert error.value.field == "body"
    assert not Macro.objects.exists()


def test_macro_reply_moves_status_like_any_reply_and_logs_each_change(ticket, agent, make_macro):
    category = CategoryFactory()
    macro = make_macro(
        body="We are on it.",
        set_priority=Priority.HIGH,
        set_category=category,
        add_tags=["vip", "late-delivery"],
    )
    macro_apply(ticket=ticket, actor=agent, macro=macro)
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING_ON_CUSTOMER
    assert ticket.priority == Priority.HIGH
    assert ticket.category == category
    assert tag_names_of(ticket) == ["late-delivery", "vip"]
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    for kind in (
        EventKind.STATUS_CHANGED,
        EventKind.PRIORITY_CHANGED,
        EventKind.CATEGORY_CHANGED,
        EventKind.TAGS_CHANGED,
        EventKind.MACRO_APPLIED,
    ):
        assert kind in kinds
    applied = TicketEvent.objects.get(ticket=ticket, kind=EventKind.MACRO_APPLIED)
    assert applied.to_value == macro.name
    assert applied.actor == agent


def test_macro_sets_status_after_its_reply(ticket, agent, make_macro):
    macro_apply(
        ticket=ticket, actor=agent, macro=make_macro(body="Done.", set_status=Status.RESOLVED)
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert ticket.resolved_by == agent


def test_macro_can_post_an_internal_note(ticket, agent, make_macro):
    macro_apply(ticket=ticket, actor=agent, macro=make_macro(body="Check", is_internal=True))
    note = Message.objects.get(ticket=ticket, author=agent)
    assert note.is_internal
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_macro_removes_tags(ticket, agent, make_macro):
    macro_apply(ticket=ticket, actor=agent, macro=make_macro(add_tags=["vip", "hold"]))
    macro_apply(ticket=ticket, actor=agent, macro=make_macro(remove_tags=["hold"]))
    assert tag_names_of(ticket) == ["vip"]


def test_macro_on_a_cancelled_ticket_writes_nothing(ticket, agent, make_macro):
    ticket_cancel(ticket=ticket, actor=agent)
    before = TicketEvent.objects.count()
    with pytest.raises(TicketClosedError):
        macro_apply(
            ticket=ticket,
            actor=agent,
            macro=make_macro(body="Hi", set_priority=Priority.URGENT, add_tags=["x"]),
        )
    ticket.refresh_from_db()
    assert ticket.priority == Priority.NORMAL
    assert TicketEvent.objects.count() == before
    assert tag_names_of(ticket) == []


def test_personal_macro_of_another_agent_cannot_be_applied(ticket, make_macro):
    macro = make_macro(body="Mine")
    with pytest.raises(MacroNotFoundError):
        macro_apply(ticket=ticket, actor=AgentFactory(), macro=macro)


def test_shared_macro_is_usable_by_every_agent_but_changed_by_its_owner(ticket, make_macro):
    macro = make_macro(body="Shared", is_shared=True)
    other = AgentFactory()
    macro_apply(ticket=ticket, actor=other, macro=macro)
    with pytest.raises(ActionNotAllowedError):
        macro_save(actor=other, macro=macro, name="Mine now", body="x")
    with pytest.raises(ActionNotAllowedError):
        macro_delete(actor=other, macro=macro)


def test_customers_cannot_save_or_apply_macros(ticket, customer, make_macro):
    with pytest.raises(ActionNotAllowedError):
        macro_save(actor=customer, name="x", body="y")
    with pytest.raises(ActionNotAllowedError):
        macro_apply(ticket=ticket, actor=customer, macro=make_macro(body="x"))


def test_a_macro_that_does_nothing_is_refused(agent):
    with pytest.raises(InvalidInputError):
        macro_save(actor=agent, name="Empty")


def test_macro_save_normalises_tags(agent):
    macro = macro_save(actor=agent, name="T", add_tags="VIP, Late delivery ,vip")
    assert macro.add_tags == ["vip", "late-delivery"]
