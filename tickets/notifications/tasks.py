"""Celery tasks: thin wrappers; the work is in delivery.py and inbound.py."""

from celery import shared_task

from . import delivery, outbox
from .imap import Mailbox, fetch_mailbox


@shared_task(name="tickets.notifications.tasks.deliver_notification", ignore_result=True)
def deliver_notification(notification_id: int) -> None:
    delivery.deliver(notification_id=notification_id)


@shared_task(name="tickets.notifications.tasks.deliver_notifications", ignore_result=True)
def deliver_notifications(notification_ids: list[int], fan_out_ids: list[int] = ()) -> None:
    """Write the fan-out jobs' rows, then queue one delivery per row, from a worker: the
    request that wrote the rows (and the jobs) sends one message to the broker, not one
    per recipient (a new ticket tells every agent)."""
    notification_ids = list(notification_ids)
    for fan_out_id in fan_out_ids:
        notification_ids += outbox.fan_out_expand(fan_out_id)
    with deliver_notification.app.connection_for_write() as connection:
        for notification_id in notification_ids:
            deliver_notification.apply_async((notification_id,), connection=connection, retry=False)


@shared_task(name="tickets.notifications.tasks.outbox_sweep", ignore_result=True)
def outbox_sweep() -> None:
    delivery.outbox_sweep()


@shared_task(name="tickets.notifications.tasks.fetch_mail", ignore_result=True)
def fetch_mail() -> None:
    fetch_mailbox(Mailbox.from_settings())
