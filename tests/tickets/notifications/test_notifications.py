"""Who is mailed about what, and what the mails carry."""

import pytest
from django.core import mail

from tests.factories import AgentFactory, CustomerFactory, TicketFactory, transferred_ticket
from tickets.notifications.addresses import AddressKind, destination_of
from tickets.notifications.models import DeliveryStatus, Notification, NotificationEvent
from tickets.notifications.preferences import notification_preferences_set
from tickets.services.messages import message_post, vendor_answer
from tickets.services.tickets import ticket_assign, ticket_resolve, ticket_transfer

NOTE = "Internal: the customer is on our watch list"


def mail_text(message) -> str:
    """Everything a recipient could read: subject, text and the HTML alternative."""
    parts = [message.subject, message.body, *(content for content, _ in message.alternatives)]
    return "\n".join(parts)


@pytest.fixture
def mails(django_capture_on_commit_callbacks):
    """Run the block's on-commit hand-overs (eager tasks) and give the mails sent."""

    class Capture:
        def __call__(self, act):
            start = len(mail.outbox)
            with django_capture_on_commit_callbacks(execute=True):
                act()
            return mail.outbox[start:]

    return Capture()


def test_opening_a_ticket_tells_the_customer_and_the_agents(mails, customer, agent, settings):
    other_agent = AgentFactory()
    settings.HELPDESK_NOTIFY_AGENTS_ON_NEW_TICKET = True
    sent = mails(lambda: TicketFactory(customer=customer, subject="Lamp arrived broken"))
    by_address = {m.to[0]: m for m in sent}
    assert set(by_address) == {customer.email, agent.email, other_agent.email}
    ack = by_address[customer.email]
    ticket = Notification.objects.filter(event=NotificationEvent.TICKET_OPENED).get().ticket
    assert ack.subject == f"[{ticket.case_number}] Lamp arrived broken"
    assert by_address[agent.email].subject.startswith(f"[{ticket.case_number}] New ticket:")
    assert f"/agent/tickets/{ticket.pk}/" in by_address[agent.email].body
    assert f"/tickets/{ticket.pk}/" in ack.body


def test_agents_are_not_told_of_new_tickets_when_the_setting_is_off(
    mails, customer, agent, settings
):
    settings.HELPDESK_NOTIFY_AGENTS_ON_NEW_TICKET = False
    sent = mails(lambda: TicketFactory(customer=customer))
    assert [m.to for m in sent] == [[customer.email]]


def test_a_public_reply_goes_to_the_customer_only(mails, ticket, agent):
    sent = mails(lambda: message_post(ticket=ticket, actor=agent, body="It ships today."))
    assert [m.to for m in sent] == [[ticket.customer.email]]
    assert "It ships today." in sent[0].body
    assert "It ships today." in sent[0].alternatives[0][0]


def test_an_internal_note_mails_nobody(mails, ticket, agent):
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    sent = mails(lambda: message_post(ticket=ticket, actor=agent, body=NOTE, is_internal=True))
    assert sent == []
    assert not Notification.objects.filter(message__body=NOTE).exists()


def test_no_mail_of_a_whole_ticket_life_carries_an_internal_note(
    mails, customer, agent, vendor, vendor_user
):
    def life():
        ticket = TicketFactory(customer=customer)
        ticket_assign(ticket=ticket, actor=agent, assignee=agent)
        message_post(ticket=ticket, actor=agent, body=NOTE, is_internal=True)
        message_post(ticket=ticket, actor=agent, body="We are on it.")
        message_post(ticket=ticket, actor=customer, body="Thanks!")
        ticket_transfer(ticket=ticket, actor=agent, vendor=vendor, note="Check the stock.")
        ticket_resolve(ticket=ticket, actor=agent)

    sent = mails(life)
    events = {(n.event, n.address) for n in Notification.objects.all()}
    assert events == {
        (NotificationEvent.TICKET_OPENED, customer.email),
        (NotificationEvent.NEW_TICKET, agent.email),
        (NotificationEvent.PUBLIC_REPLY, customer.email),
        (NotificationEvent.CUSTOMER_REPLY, agent.email),
        (NotificationEvent.TRANSFERRED, vendor_user.email),
        (NotificationEvent.RESOLVED, customer.email),
    }
    assert len(sent) == len(events)
    for message in sent:
        assert NOTE not in mail_text(message)
    vendor_mail = next(m for m in sent if m.to == [vendor_user.email])
    assert "Check the stock." in vendor_mail.body
    assert customer.email not in mail_text(vendor_mail)
    for message in sent:
        if message.to == [customer.email]:
            assert "Check the stock." not in mail_text(message)


def test_a_customer_reply_goes_to_the_assignee(mails, ticket, agent):
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    sent = mails(lambda: message_post(ticket=ticket, actor=ticket.customer, body="Any news?"))
    assert [m.to for m in sent] == [[agent.email]]
    assert "Any news?" in sent[0].body


def test_a_customer_reply_on_an_unassigned_ticket_mails_nobody(mails, ticket):
    sent = mails(lambda: message_post(ticket=ticket, actor=ticket.customer, body="Any news?"))
    assert sent == []


def test_resolving_sends_the_customer_a_rating_link(mails, ticket, agent):
    sent = mails(lambda: ticket_resolve(ticket=ticket, actor=agent))
    assert [m.to for m in sent] == [[ticket.customer.email]]
    assert f"/tickets/{ticket.pk}/#rate" in sent[0].body
    assert sent[0].subject == f"[{ticket.case_number}] Resolved: {ticket.subject}"


def test_a_customer_who_resolves_is_not_mailed_about_it(mails, ticket):
    assert mails(lambda: ticket_resolve(ticket=ticket, actor=ticket.customer)) == []


def test_a_transfer_mails_the_vendor_users_only(mails, agent, vendor, vendor_user):
    colleague = type(vendor_user)._default_manager.create(
        username="colleague", email="colleague@vendor.test", vendor=vendor
    )
    sent = mails(lambda: transferred_ticket(agent=agent, vendor=vendor))
    vendor_mails = [m for m in sent if "Transferred to you" in m.subject]
    assert sorted(m.to[0] for m in vendor_mails) == sorted([vendor_user.email, colleague.email])
    assert "/vendor/tickets/" in vendor_mails[0].body


def test_a_user_can_turn_a_kind_of_mail_off(mails, ticket, agent):
    notification_preferences_set(user=ticket.customer, enabled=["resolved"])
    assert mails(lambda: message_post(ticket=ticket, actor=agent, body="Hello")) == []
    assert len(mails(lambda: ticket_resolve(ticket=ticket, actor=agent))) == 1


def test_mails_carry_threading_headers_and_a_signed_reply_address(mails, ticket, agent):
    (reply,) = mails(lambda: message_post(ticket=ticket, actor=agent, body="Hello"))
    row = Notification.objects.get(event=NotificationEvent.PUBLIC_REPLY)
    assert reply.extra_headers["Message-ID"] == f"<{row.uuid}@example.test>"
    assert reply.extra_headers["References"] == f"<{ticket.case_number}@example.test>"
    assert reply.extra_headers["Auto-Submitted"] == "auto-generated"
    destination = destination_of(reply.extra_headers["Reply-To"])
    assert destination.kind == AddressKind.TICKET
    assert destination.ticket_id == ticket.pk
    assert reply.subject.startswith(f"[{ticket.case_number}] ")
    message = reply.message()
    assert message["Message-ID"] == f"<{row.uuid}@example.test>"
    assert row.status == DeliveryStatus.SENT


def test_users_without_an_address_or_inactive_get_no_mail(mails, agent, settings):
    settings.HELPDESK_NOTIFY_AGENTS_ON_NEW_TICKET = True
    silent = CustomerFactory(email="")
    AgentFactory(is_active=False)
    sent = mails(lambda: TicketFactory(customer=silent))
    assert [m.to for m in sent] == [[agent.email]]
    assert not Notification.objects.filter(recipient=silent).exists()


def test_a_vendor_answer_goes_to_the_assignee_only(mails, agent, vendor, vendor_user, customer):
    ticket = transferred_ticket(agent=agent, vendor=vendor, customer=customer)
    ticket_assign(ticket=ticket, actor=agent, assignee=agent)
    sent = mails(lambda: vendor_answer(ticket=ticket, actor=vendor_user, body="Restocked."))
    assert [m.to for m in sent] == [[agent.email]]
    assert sent[0].subject == f"[{ticket.case_number}] Vendor answered: {ticket.subject}"
    assert "Restocked." in sent[0].body
