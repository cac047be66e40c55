"""The agent dashboard through HTTP: the queue, the ticket page and its actions."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import (
    PNG_BYTES,
    AgentFactory,
    CategoryFactory,
    TicketFactory,
    VendorFactory,
    transferred_ticket,
)
from tickets.models import EventKind, Message, Priority, Status, Ticket, TransferStatus
from tickets.notifications import delivery
from tickets.notifications.models import Notification
from tickets.services.messages import message_post
from tickets.services.tickets import ticket_assign, ticket_cancel


def subjects(response) -> set[str]:
    return {ticket.subject for ticket in response.context["page"].object_list}


@pytest.fixture
def queue(agent, web_for):
    client = web_for(agent)
    return lambda **params: client.get("/agent/", params)


def test_queue_filters_by_status_priority_and_assignee(agent, customer, queue):
    mine = TicketFactory(customer=customer, subject="Mine", priority=Priority.URGENT)
    ticket_assign(ticket=mine, actor=agent, assignee=agent)
    colleague = AgentFactory()
    theirs = TicketFactory(customer=customer, subject="Theirs")
    ticket_assign(ticket=theirs, actor=agent, assignee=colleague)
    loose = TicketFactory(customer=customer, subject="Loose")
    ticket_cancel(ticket=loose, actor=agent)
    assert subjects(queue(status="all")) == {"Mine", "Theirs", "Loose"}
    assert subjects(queue(assignee="mine")) == {"Mine"}
    assert subjects(queue(assignee="unassigned", status="all")) == {"Loose"}
    assert subjects(queue(assignee="unassigned")) == set()
    assert subjects(queue(assignee=str(colleague.pk))) == {"Theirs"}
    assert subjects(queue(status="cancelled")) == {"Loose"}
    assert subjects(queue(status="active")) == {"Mine", "Theirs"}
    assert subjects(queue(priority="urgent")) == {"Mine"}


def test_queue_filters_by_category_tree_vendor_dates_and_keyword(agent, customer, queue):
    parent = CategoryFactory(name="Delivery", code="DEL_Q")
    child = CategoryFactory(name="Late", code="LATE_Q", parent=parent)
    TicketFactory(customer=customer, subject="Late one", category=child)
    vendor = VendorFactory(code="A00099999")
    transferred_ticket(agent=agent, vendor=vendor, customer=customer, subject="Vendor one")
    old = TicketFactory(customer=customer, subject="Old one")
    Ticket.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    message_post(ticket=old, actor=customer, body="The zebra-striped box is missing")
    assert subjects(queue(category=parent.pk)) == {"Late one"}
    assert subjects(queue(vendor="A00099999")) == {"Vendor one"}
    today = timezone.localdate()
    assert subjects(queue(created_from=today - timedelta(days=1))) == {"Late one", "Vendor one"}
    assert subjects(queue(created_to=today - timedelta(days=20))) == {"Old one"}
    assert subjects(queue(q="zebra-striped")) == {"Old one"}


def test_queue_reports_bad_filter_values_and_applies_the_valid_ones(queue, customer):
    TicketFactory(customer=customer, subject="Urgent", priority=Priority.URGENT)
    TicketFactory(customer=customer, subject="Low", priority=Priority.LOW)
    response = queue(status="nope", created_from="yesterday", per_page="1000", priority="urgent")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "Enter a valid date." in html
    assert subjects(response) == {"Urgent"}


def test_queue_refuses_an_end_date_before_the_start(queue, customer):
    TicketFactory(customer=customer)
    response = queue(created_from="2026-05-02", created_to="2026-05-01")
    assert "The end date is before the start date." in response.content.decode()


def test_queue_sorts_and_keeps_filters_in_the_url(agent, customer, queue):
    low = TicketFactory(customer=customer, subject="Low", priority=Priority.LOW)
    TicketFactory(customer=customer, subject="Urgent", priority=Priority.URGENT)
    TicketFactory(customer=customer, subject="High", priority=Priority.HIGH)
    ordered = [t.subject for t in queue(sort="priority").context["page"].object_list]
    assert ordered == ["Urgent", "High", "Low"]
    oldest_first = queue(sort="created").context["page"].object_list
    assert oldest_first[0] == low
    for _ in range(25):
        TicketFactory(customer=customer, priority=Priority.LOW)
    html = queue(priority="low", sort="created").content.decode()
    assert 'href="?priority=low&amp;sort=created&amp;page=2"' in html


def test_queue_page_size_can_be_chosen(customer, queue):
    for _ in range(30):
        TicketFactory(customer=customer)
    assert len(queue().context["page"].object_list) == 25
    assert len(queue(per_page="50").context["page"].object_list) == 30


def test_agent_ticket_page_shows_notes_distinctly_and_events(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    message_post(ticket=ticket, actor=agent, body="Check the warehouse", is_internal=True)
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    html = web_for(agent).get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "is-internal" in html
    assert "Internal note · agents only" in html
    assert "Check the warehouse" in html
    assert "<strong>You</strong> took the ticket" in html
    assert "opened the ticket" in html
    assert html.index("opened the ticket") < html.index("Check the warehouse")


def test_agent_posts_internal_note_and_public_reply(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    client = web_for(agent)
    client.post(f"/agent/tickets/{ticket.pk}/", {"body": "Only for us", "is_internal": "on"})
    client.post(
        f"/agent/tickets/{ticket.pk}/",
        {"body": "We are on it", "attachments": [SimpleUploadedFile("a.png", PNG_BYTES)]},
    )
    note, reply = ticket.messages.order_by("id")[1:]
    assert (note.is_internal, note.body) == (True, "Only for us")
    assert (reply.is_internal, reply.body, reply.attachments.count()) == (False, "We are on it", 1)
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING_ON_CUSTOMER
    assert ticket.first_response_at is not None


def test_agent_actions_assign_status_priority_category(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    colleague = AgentFactory()
    category = CategoryFactory()
    client = web_for(agent)
    base = f"/agent/tickets/{ticket.pk}"
    client.post(f"{base}/take/")
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    client.post(f"{base}/assign/", {"assignee": colleague.username})
    client.post(f"{base}/status/", {"status": Status.IN_PROGRESS})
    client.post(f"{base}/priority/", {"priority": Priority.HIGH})
    response = client.post(f"{base}/category/", {"category": category.pk}, follow=True)
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status, ticket.priority, ticket.category) == (
        colleague,
        Status.IN_PROGRESS,
        Priority.HIGH,
        category,
    )
    assert "Category changed." in response.content.decode()
    kinds = set(ticket.events.values_list("kind", flat=True))
    assert {EventKind.ASSIGNED, EventKind.STATUS_CHANGED, EventKind.PRIORITY_CHANGED} <= kinds


def test_assigning_a_non_agent_is_refused(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    response = web_for(agent).post(
        f"/agent/tickets/{ticket.pk}/assign/", {"assignee": customer.username}, follow=True
    )
    assert f"No support agent is called “{customer.username}”" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_illegal_status_change_shows_the_conflict_and_writes_nothing(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    ticket_cancel(ticket=ticket, actor=agent)
    response = web_for(agent).post(
        f"/agent/tickets/{ticket.pk}/status/", {"status": Status.OPEN}, follow=True
    )
    assert "cannot move from" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.CANCELLED


def test_agent_transfers_to_vendor_resolves_and_cancels(agent, customer, vendor, web_for):
    client = web_for(agent)
    ticket = TicketFactory(customer=customer)
    client.post(
        f"/agent/tickets/{ticket.pk}/transfer/",
        {"vendor": vendor.code, "needs_answer": "1", "note": "Is the item in stock?"},
    )
    ticket.refresh_from_db()
    assert (ticket.vendor, ticket.transfer_status) == (vendor, TransferStatus.ANSWER_REQUESTED)
    client.post(f"/agent/tickets/{ticket.pk}/resolve/")
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    other = TicketFactory(customer=customer)
    client.post(f"/agent/tickets/{other.pk}/cancel/")
    other.refresh_from_db()
    assert other.status == Status.CANCELLED


def test_transfer_without_note_names_the_field(agent, customer, vendor, web_for):
    ticket = TicketFactory(customer=customer)
    response = web_for(agent).post(
        f"/agent/tickets/{ticket.pk}/transfer/",
        {"vendor": vendor.code, "needs_answer": "1", "note": ""},
        follow=True,
    )
    assert "Note for the vendor" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.vendor is None


def test_actions_are_post_only(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    assert web_for(agent).get(f"/agent/tickets/{ticket.pk}/resolve/").status_code == 405


def test_agent_actions_on_missing_ticket_answer_404(agent, web_for, db):
    assert web_for(agent).post("/agent/tickets/999999/resolve/").status_code == 404
    assert web_for(agent).get("/agent/tickets/999999/").status_code == 404


def test_overview_shows_counts_and_chart_data(agent, customer, web_for):
    TicketFactory(customer=customer)
    cancelled = TicketFactory(customer=customer)
    ticket_cancel(ticket=cancelled, actor=agent)
    response = web_for(agent).get("/agent/overview/")
    html = response.content.decode()
    assert response.context["overview"].by_status[Status.OPEN] == 1
    assert response.context["overview"].by_status[Status.CANCELLED] == 1
    assert 'id="created-resolved-data"' in html
    assert "chart.umd.min.js" in html
    assert response.context["chart"]["created"][-1] == 2
    assert Message.objects.count() == 2


def test_reply_to_a_cancelled_ticket_is_refused_on_the_form(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    ticket_cancel(ticket=ticket, actor=agent)
    page = web_for(agent).get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert 'id="reply"' not in page
    response = web_for(agent).post(f"/agent/tickets/{ticket.pk}/", {"body": "Late"})
    assert response.status_code == 400
    assert "cancelled and takes no more messages" in response.content.decode()
    assert ticket.messages.count() == 1


def test_agent_ticket_page_lists_the_customers_other_tickets(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    earlier = TicketFactory(customer=customer, subject="Earlier question")
    TicketFactory(subject="Someone else's question")
    html = web_for(agent).get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Earlier question" in html
    assert earlier.case_number in html
    assert "Someone else" not in html


def test_note_form_with_an_error_stays_a_note(agent, customer, web_for):
    ticket = TicketFactory(customer=customer)
    response = web_for(agent).post(f"/agent/tickets/{ticket.pk}/", {"is_internal": "on"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="is-note"' in html
    assert "Add internal note</button>" in html
    assert ticket.messages.count() == 1


def test_the_ticket_page_shows_the_mails_sent(customer, agent, web_for, time_machine):
    ticket = TicketFactory(customer=customer)
    time_machine.move_to(
        Notification.objects.get(ticket=ticket, event="ticket_opened").next_attempt_at
    )
    delivery.outbox_sweep()
    page = web_for(agent).get(f"/agent/tickets/{ticket.pk}/").content.decode()
    block = page[page.index('id="notifications"') :]
    assert "Your ticket was opened" in block
    assert "delivered" in block
