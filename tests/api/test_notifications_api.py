"""GET /api/v1/tickets/{id}/notifications/: the mails sent about a ticket, for agents."""

import pytest

from tests.factories import TicketFactory
from tickets.notifications import delivery
from tickets.notifications.models import Notification


@pytest.fixture
def mailed_ticket(customer, agent, time_machine):
    ticket = TicketFactory(customer=customer)
    time_machine.move_to(Notification.objects.filter(ticket=ticket).latest("id").next_attempt_at)
    delivery.outbox_sweep()
    return ticket


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("owner", 403), ("stranger", 404), ("agent", 200), ("vendor", 404)],
)
def test_who_may_read_the_mail_record(
    actor, expected, mailed_ticket, other_customer, agent, vendor_user, client_for
):
    users = {
        "owner": mailed_ticket.customer,
        "stranger": other_customer,
        "agent": agent,
        "vendor": vendor_user,
    }
    response = client_for(users[actor]).get(f"/api/v1/tickets/{mailed_ticket.pk}/notifications/")
    assert response.status_code == expected


def test_agents_see_who_was_mailed_which_event_and_how_it_went(
    mailed_ticket, agent, client_for, django_assert_max_num_queries
):
    client = client_for(agent)
    with django_assert_max_num_queries(4):
        response = client.get(f"/api/v1/tickets/{mailed_ticket.pk}/notifications/")
    rows = {row["event"]: row for row in response.json()}
    opened = rows["ticket_opened"]
    assert opened["recipient"]["username"] == mailed_ticket.customer.username
    assert opened["address"] == mailed_ticket.customer.email
    assert opened["status"] == "sent"
    assert opened["attempts"] == 1
    assert opened["sent_at"] is not None
    assert rows["new_ticket"]["recipient"]["username"] == agent.username
