"""Migration 0010's backfill gives existing tickets the waiting-on the workflow would."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from tests.factories import TicketFactory, transferred_ticket
from tickets import workflow
from tickets.models import Ticket, WaitingOn
from tickets.services.messages import message_post, vendor_answer
from tickets.services.tickets import ticket_cancel, ticket_resolve

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("tickets.migrations.0010_waiting_on_and_unread")


def test_backfill_matches_the_workflow(agent, customer, vendor, vendor_user):
    asked = TicketFactory(customer=customer)
    message_post(ticket=asked, actor=agent, body="Which one?")
    resolved = TicketFactory(customer=customer)
    ticket_resolve(ticket=resolved, actor=agent)
    cancelled = TicketFactory(customer=customer)
    ticket_cancel(ticket=cancelled, actor=agent)
    pending = transferred_ticket(agent=agent, vendor=vendor)
    answered = transferred_ticket(agent=agent, vendor=vendor)
    vendor_answer(ticket=answered, actor=vendor_user, body="Done.")
    TicketFactory(customer=customer)
    # As the rows stood right after the columns were added.
    Ticket.objects.update(waiting_on=WaitingOn.SUPPORT, waiting_since=timezone.now())

    backfill.backfill_waiting(apps, None)

    for ticket in Ticket.objects.all():
        assert ticket.waiting_on == workflow.waiting_on(ticket), ticket.subject
    resolved = Ticket.objects.get(pk=resolved.pk)
    assert resolved.waiting_since == resolved.resolved_at
    pending = Ticket.objects.get(pk=pending.pk)
    assert pending.waiting_since == pending.transferred_at
    asked = Ticket.objects.get(pk=asked.pk)
    assert asked.waiting_since == asked.last_activity_at
    assert {t.waiting_on for t in Ticket.objects.all()} == set(WaitingOn)
