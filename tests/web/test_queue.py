"""The agent queue's whose-turn view: default view, waiting-on and unread filters, sorts,
markers, and the assignee's page view clearing them."""

import datetime as dt

import pytest

from tests.factories import AgentFactory, TicketFactory, transferred_ticket
from tickets.models import Ticket, WaitingOn
from tickets.services.messages import message_post, vendor_answer
from tickets.services.tickets import ticket_assign, ticket_cancel, ticket_resolve

pytestmark = pytest.mark.django_db


def subjects(response) -> list[str]:
    return [ticket.subject for ticket in response.context["page"].object_list]


@pytest.fixture
def queue(agent, web_for):
    client = web_for(agent)
    return lambda **params: client.get("/agent/", params)


@pytest.fixture
def board(agent, customer, vendor, vendor_user, clock):
    """One ticket per whose-turn case, each a day apart."""
    day = dt.timedelta(days=1)
    waiting_customer = TicketFactory(customer=customer, subject="Asked the customer")
    message_post(ticket=waiting_customer, actor=agent, body="Which colour?")
    clock.shift(day)
    at_vendor = transferred_ticket(agent=agent, vendor=vendor, subject="At the vendor")
    clock.shift(day)
    answered = transferred_ticket(agent=agent, vendor=vendor, subject="Vendor answered")
    ticket_assign(ticket=answered, actor=agent, assignee=agent)
    vendor_answer(ticket=answered, actor=vendor_user, body="Sent again.")
    clock.shift(day)
    replied = TicketFactory(customer=customer, subject="Customer replied")
    ticket_assign(ticket=replied, actor=agent, assignee=agent)
    message_post(ticket=replied, actor=agent, body="A photo?")
    message_post(ticket=replied, actor=customer, body="Here.")
    clock.shift(day)
    done = TicketFactory(customer=customer, subject="Resolved one")
    ticket_resolve(ticket=done, actor=agent)
    gone = TicketFactory(customer=customer, subject="Cancelled one")
    ticket_cancel(ticket=gone, actor=agent)
    clock.shift(day)
    return {
        ticket.subject: ticket
        for ticket in (waiting_customer, at_vendor, answered, replied, done, gone)
    }


def test_default_view_shows_what_is_not_finished(board, queue):
    assert set(subjects(queue())) == {
        "Asked the customer",
        "At the vendor",
        "Vendor answered",
        "Customer replied",
    }
    assert set(subjects(queue(status="all"))) == set(board)
    assert subjects(queue(status="resolved")) == ["Resolved one"]


def test_former_active_status_link_still_means_the_default_view(board, queue):
    response = queue(status="active")
    assert set(subjects(response)) == set(subjects(queue()))
    assert not response.context["form"].errors


def test_waiting_on_filter(board, queue):
    assert subjects(queue(waiting_on=WaitingOn.VENDOR)) == ["At the vendor"]
    assert subjects(queue(waiting_on=WaitingOn.CUSTOMER)) == ["Asked the customer"]
    assert set(subjects(queue(waiting_on=WaitingOn.SUPPORT))) == {
        "Vendor answered",
        "Customer replied",
    }
    assert set(subjects(queue(waiting_on=WaitingOn.NOBODY, status="all"))) == {
        "Resolved one",
        "Cancelled one",
    }


def test_quick_filters_vendor_answered_and_customer_replied(board, queue):
    assert subjects(queue(unread="vendor")) == ["Vendor answered"]
    assert subjects(queue(unread="customer")) == ["Customer replied"]
    assert set(subjects(queue(unread="any"))) == {"Vendor answered", "Customer replied"}


def test_sort_by_waiting_since_and_last_activity(board, queue):
    longest_first = subjects(queue(sort="waiting"))
    assert longest_first == [
        "Asked the customer",
        "At the vendor",
        "Vendor answered",
        "Customer replied",
    ]
    assert subjects(queue(sort="-waiting")) == longest_first[::-1]
    assert subjects(queue(sort="-activity"))[0] == "Customer replied"
    assert subjects(queue(sort="activity"))[0] == "Asked the customer"


def test_queue_rows_show_markers_and_waiting_on(board, queue):
    html = queue().content.decode()
    assert html.count("Customer replied (unread)") == 1
    assert html.count("Vendor answered (unread)") == 1
    for header in ("Waiting on", "Last activity"):
        assert f">{header}</a></th>" in html
    # Absolute time in the tooltip, relative in the cell.
    assert 'title="since ' in html


def test_bad_filter_value_is_reported_and_ignored(board, queue):
    response = queue(waiting_on="martians", unread="maybe")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"waiting_on", "unread"}
    assert len(subjects(response)) == 4


def test_assignee_opening_the_ticket_clears_its_marker(board, agent, web_for):
    ticket = board["Customer replied"]
    web_for(AgentFactory()).get(f"/agent/tickets/{ticket.pk}/")
    assert Ticket.objects.get(pk=ticket.pk).has_unread_customer_reply

    assert web_for(agent).get(f"/agent/tickets/{ticket.pk}/").status_code == 200
    assert not Ticket.objects.get(pk=ticket.pk).has_unread_customer_reply


def test_ticket_page_says_whose_move_it_is(board, agent, customer, web_for):
    at_vendor = board["At the vendor"]
    agent_page = web_for(agent).get(f"/agent/tickets/{at_vendor.pk}/").content.decode()
    assert "Waiting on" in agent_page
    assert "bi-shop" in agent_page.split("Waiting on</dt>")[1].split("</dd>")[0]


def test_customer_reads_waiting_on_vendor_as_waiting_on_support(board, web_for):
    at_vendor = board["At the vendor"]
    page = web_for(at_vendor.customer).get(f"/tickets/{at_vendor.pk}/").content.decode()
    fact = page.split("Waiting on</dt>")[1].split("</dd>")[0]
    assert "Support" in fact
    assert "Vendor" not in fact
    asked = board["Asked the customer"]
    page = web_for(asked.customer).get(f"/tickets/{asked.pk}/").content.decode()
    assert "You" in page.split("Waiting on</dt>")[1].split("</dd>")[0]
