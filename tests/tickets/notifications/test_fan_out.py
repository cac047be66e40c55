"""A new ticket's alert to every agent: one job written with the ticket, expanded into one
row per agent by the worker (or by the sweep when the hand-over was lost), once."""

from django.core import mail

from tests.factories import AgentFactory, TicketFactory
from tickets.notifications import delivery, outbox
from tickets.notifications.models import (
    DeliveryStatus,
    Notification,
    NotificationEvent,
    NotificationFanOut,
)
from tickets.notifications.preferences import notification_preferences_set
from tickets.services.tickets import ticket_create


def test_opening_a_ticket_writes_one_job_not_a_row_per_agent(
    customer, settings, django_capture_on_commit_callbacks
):
    settings.HELPDESK_NOTIFY_AGENTS_ON_NEW_TICKET = True
    agents = AgentFactory.create_batch(5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ticket = ticket_create(actor=customer, subject="Broken lamp", description="Cracked.")

    assert list(Notification.objects.values_list("event", flat=True)) == ["ticket_opened"]
    job = NotificationFanOut.objects.get()
    assert (job.ticket_id, job.event, job.expanded_at) == (ticket.pk, "new_ticket", None)
    assert len(callbacks) == 1  # one hand-over for the acknowledgement and the job

    callbacks[0]()  # the commit: the worker expands the job and sends every row

    job.refresh_from_db()
    assert job.expanded_at is not None
    alerts = Notification.objects.filter(event=NotificationEvent.NEW_TICKET)
    assert sorted(alerts.values_list("recipient_id", flat=True)) == sorted(a.pk for a in agents)
    assert set(alerts.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [customer.email, *(a.email for a in agents)]
    )


def test_a_job_is_expanded_once(customer, agent, settings):
    settings.HELPDESK_NOTIFY_AGENTS_ON_NEW_TICKET = True
    TicketFactory(customer=customer)
    job = NotificationFanOut.objects.get()

    first = outbox.fan_out_expand(job.pk)
    again = outbox.fan_out_expand(job.pk)

    assert len(first) == 1
    assert again == []
    assert Notification.objects.filter(event=NotificationEvent.NEW_TICKET).count() == 1


def test_the_acting_agent_and_agents_who_opted_out_are_left_out(customer, agent, settings):
    settings.HELPDESK_NOTIFY_AGENTS_ON_NEW_TICKET = True
    quiet = AgentFactory()
    notification_preferences_set(user=quiet, enabled=[])
    listening = AgentFactory()
    ticket_create(actor=agent, customer=customer, subject="Filed by phone", description="Call.")

    outbox.fan_out_expand(NotificationFanOut.objects.get().pk)

    alerted = Notification.objects.filter(event=NotificationEvent.NEW_TICKET)
    assert list(alerted.values_list("recipient_id", flat=True)) == [listening.pk]


def test_the_sweep_expands_a_job_whose_hand_over_was_lost(customer, agent, settings, time_machine):
    settings.HELPDESK_NOTIFY_AGENTS_ON_NEW_TICKET = True
    # Never committed (the test's own transaction): no hand-over ran, as after a crash.
    TicketFactory(customer=customer)
    job = NotificationFanOut.objects.get()
    assert delivery.outbox_sweep() == 0  # not due yet

    time_machine.move_to(job.next_attempt_at)
    assert delivery.outbox_sweep() == 2  # the acknowledgement and the one agent's alert

    job.refresh_from_db()
    assert job.expanded_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([customer.email, agent.email])
    assert delivery.outbox_sweep() == 0


def test_no_job_when_the_setting_is_off(customer, agent, settings):
    settings.HELPDESK_NOTIFY_AGENTS_ON_NEW_TICKET = False
    TicketFactory(customer=customer)
    assert not NotificationFanOut.objects.exists()
