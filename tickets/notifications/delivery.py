"""Sending the outbox: one row at a time, at most once, with retries that back off."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .mail import build_mail
from .models import DeliveryStatus, Notification, NotificationFanOut
from .outbox import HANDOVER_GRACE, fan_out_expand, hand_over

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500
MAX_RETRY_DELAY = timedelta(hours=1)
ERROR_TEXT_LIMIT = 1000


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, ... times the base after each failed attempt, at most an hour."""
    base = timedelta(seconds=settings.HELPDESK_MAIL_RETRY_BASE_SECONDS)
    return min(base * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY)


def deliver(*, notification_id: int) -> str | None:
    """Send the row if it is still pending, and record how that went.

    The row stays locked while the mail goes out, so two workers handed the same row (a
    sweep racing a late hand-over) send it once: the second finds it sent, or skips it
    while it is locked. Returns the row's status afterwards, None when another worker
    holds it or it does not exist.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("ticket", "message", "recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.status != DeliveryStatus.PENDING:
            return notification.status if notification else None
        now = timezone.now()
        notification.attempts += 1
        notification.last_attempt_at = now
        try:
            build_mail(notification).send()
        except (smtplib.SMTPException, OSError) as error:
            notification.last_error = f"{type(error).__name__}: {error}"[:ERROR_TEXT_LIMIT]
            if notification.attempts >= settings.HELPDESK_MAIL_MAX_ATTEMPTS:
                notification.status = DeliveryStatus.FAILED
            else:
                notification.next_attempt_at = now + retry_delay(notification.attempts)
            logger.warning(
                "Notification %s attempt %d failed: %s",
                notification.pk,
                notification.attempts,
                notification.last_error,
            )
        else:
            notification.status = DeliveryStatus.SENT
            notification.sent_at = now
            notification.last_error = ""
        notification.save(
            update_fields=[
                "status",
                "attempts",
                "last_attempt_at",
                "next_attempt_at",
                "sent_at",
                "last_error",
            ]
        )
        return notification.status


def outbox_sweep() -> int:
    """Hand over every pending row that is due: never handed over (the broker was down),
    lost on the way, or waiting for its next attempt; and the rows of every fan-out job
    whose hand-over was lost, expanded here. Returns how many rows."""
    now = timezone.now()
    due = list(
        Notification.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    if due:
        # Not due again until the grace is over, so the next sweep does not queue them twice.
        Notification.objects.filter(pk__in=due, status=DeliveryStatus.PENDING).update(
            next_attempt_at=now + HANDOVER_GRACE
        )
    jobs = list(
        NotificationFanOut.objects.filter(expanded_at__isnull=True, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for job in jobs:
        due += fan_out_expand(job)
    if not due:
        return 0
    hand_over(due)
    return len(due)
