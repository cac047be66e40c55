"""Celery tasks: thin wrappers; the work is in delivery.py and inbound.py."""

from celery import shared_task

from . import delivery
from .imap import Mailbox, fetch_mailbox


@shared_task(name="tickets.notifications.tasks.deliver_notification", ignore_result=True)
def deliver_notification(notification_id: int) -> None:
    delivery.deliver(notification_id=notification_id)


@shared_task(name="tickets.notifications.tasks.outbox_sweep", ignore_result=True)
def outbox_sweep() -> None:
    delivery.outbox_sweep()


@shared_task(name="tickets.notifications.tasks.fetch_mail", ignore_result=True)
def fetch_mail() -> None:
    fetch_mailbox(Mailbox.from_settings())
