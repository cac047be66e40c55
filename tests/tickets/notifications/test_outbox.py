"""The outbox: written with the change, handed over on commit, sent once, retried."""

import pytest
from django.core import mail

from tests.factories import TicketFactory
from tickets.errors import InvalidInputError
from tickets.models import Ticket
from tickets.notifications import delivery
from tickets.notifications.models import DeliveryStatus, Notification, NotificationEvent
from tickets.services.messages import FollowUp, message_post, ticket_open_with_messages


def test_reply_is_mailed_to_the_customer_after_commit(
    ticket, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = message_post(ticket=ticket, actor=agent, body="The parcel left the depot.")
    row = Notification.objects.get(message=message)
    assert row.event == NotificationEvent.PUBLIC_REPLY
    assert row.recipient == ticket.customer
    assert row.status == DeliveryStatus.PENDING
    assert mail.outbox == []  # nothing goes out before the transaction commits

    for callback in callbacks:
        callback()

    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT
    assert row.attempts == 1
    assert [m.to for m in mail.outbox] == [[ticket.customer.email]]
    assert "The parcel left the depot." in mail.outbox[0].body


def test_a_rolled_back_change_sends_nothing(customer, django_capture_on_commit_callbacks):
    # Use cases are durable (issue 10), so the rollback is one inside a use case: the
    # ticket is opened (its notifications written), then a follow-up message is refused.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInputError):
        ticket_open_with_messages(
            actor=customer,
            subject="This never happened",
            description="First.",
            follow_ups=[FollowUp(body="  ")],
        )

    assert not Notification.objects.exists()
    assert mail.outbox == []
    assert not Ticket.objects.exists()
    # The same use case, not refused, does write its notifications.
    ticket_open_with_messages(actor=customer, subject="This happened", description="First.")
    assert Notification.objects.exists()


def test_a_failed_send_is_retried_with_backoff_and_sent_once(
    ticket, agent, settings, django_capture_on_commit_callbacks, time_machine
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        message = message_post(ticket=ticket, actor=agent, body="Your refund is on its way.")
    row = Notification.objects.get(message=message)
    assert row.status == DeliveryStatus.PENDING
    assert row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error
    first_retry_at = row.next_attempt_at

    assert delivery.outbox_sweep() == 0  # not due yet: it backs off

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.move_to(first_retry_at)
    assert delivery.outbox_sweep() == 1
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT
    assert row.attempts == 2
    assert len(mail.outbox) == 1

    time_machine.shift(3600)
    delivery.outbox_sweep()
    assert delivery.deliver(notification_id=row.pk) == DeliveryStatus.SENT
    refund_mails = [m for m in mail.outbox if "Your refund is on its way." in m.body]
    assert len(refund_mails) == 1


def test_the_sweep_sends_what_was_never_handed_over(customer, time_machine):
    # The factory's transaction is the test's own, never committed: like a crash (or a
    # dead broker) between the commit and the hand-over, nothing was queued.
    ticket = TicketFactory(customer=customer)
    row = Notification.objects.get(ticket=ticket, event=NotificationEvent.TICKET_OPENED)
    assert delivery.outbox_sweep() == 0
    time_machine.move_to(row.next_attempt_at)
    assert delivery.outbox_sweep() == 1
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT
    assert [m.to for m in mail.outbox] == [[customer.email]]
    assert delivery.outbox_sweep() == 0


def test_backoff_doubles_and_gives_up_after_the_last_attempt(
    ticket, agent, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    settings.HELPDESK_MAIL_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        message = message_post(ticket=ticket, actor=agent, body="Hello")
    row = Notification.objects.get(message=message)
    delays = []
    while row.status == DeliveryStatus.PENDING:
        delays.append(row.next_attempt_at - row.last_attempt_at)
        delivery.deliver(notification_id=row.pk)
        row.refresh_from_db()
    assert [d.total_seconds() for d in delays] == [60, 120]
    assert row.status == DeliveryStatus.FAILED
    assert row.attempts == 3
    assert mail.outbox == []
