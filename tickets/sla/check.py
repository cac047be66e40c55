"""The periodic SLA check: warn assignees before a deadline, record each missed one.

`sla_check` is a plain function; the `sla_check` management command and the Celery task
call it. Each ticket is handled in its own transaction under its row lock, so two checks
running at once (or a check racing an agent's reply) never warn or record twice.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from tickets.models import Ticket

from .clock import TARGET_LABELS, Deadline, clock_update, next_to_warn, schedule

BATCH_SIZE = 500


@dataclass
class CheckResult:
    checked: int = 0
    warned: int = 0
    breached: int = 0


def sla_check(*, now: datetime | None = None) -> CheckResult:
    """Handle every ticket whose next SLA moment (an at-risk warning or a deadline) has
    come. Safe to run as often as wanted: a ticket is warned once per deadline and a
    missed target is logged once."""
    now = now or timezone.now()
    result = CheckResult()
    seen: set[int] = set()
    while True:
        batch = list(
            Ticket.objects.filter(sla_alert_at__lte=now)
            .exclude(pk__in=seen)
            .order_by("sla_alert_at", "id")
            .values_list("pk", flat=True)[:BATCH_SIZE]
        )
        if not batch:
            return result
        for pk in batch:
            seen.add(pk)
            _check_ticket(pk, now, result)


@transaction.atomic
def _check_ticket(pk: int, now: datetime, result: CheckResult) -> None:
    ticket = Ticket.objects.select_for_update().get(pk=pk)
    if ticket.sla_alert_at is None or ticket.sla_alert_at > now:
        return  # an act since the batch was read moved the clock on
    result.checked += 1
    missed_before = _missed(ticket)
    running = clock_update(ticket=ticket, now=now)
    result.breached += _missed(ticket) - missed_before
    upcoming = next_to_warn(running)
    if (
        upcoming is not None
        and upcoming.at_risk_at <= now
        and ticket.sla_warned_due_at != upcoming.due_at
    ):
        ticket.sla_warned_due_at = upcoming.due_at
        schedule(ticket, running)
        ticket.save(update_fields=["sla_warned_due_at", "sla_alert_at"])
        if ticket.assignee_id is not None:
            transaction.on_commit(partial(_send_warning, ticket_id=ticket.pk, deadline=upcoming))
        result.warned += 1


def _missed(ticket: Ticket) -> int:
    return (ticket.sla_first_response_breached_at is not None) + (
        ticket.sla_resolution_breached_at is not None
    )


def _send_warning(*, ticket_id: int, deadline: Deadline) -> None:
    ticket = Ticket.objects.select_related("assignee", "sla_policy").get(pk=ticket_id)
    if not ticket.assignee.email:
        return
    # In the policy's zone: the one its business hours are written in.
    due = deadline.due_at.astimezone(ZoneInfo(ticket.sla_policy.time_zone))
    label = TARGET_LABELS[deadline.kind]
    send_mail(
        subject=f"[{ticket.case_number}] {label.capitalize()} due {due:%Y-%m-%d %H:%M %Z}",
        message=(
            f"The {label} target of {ticket.case_number} ({ticket.subject}) falls due at "
            f"{due:%Y-%m-%d %H:%M %Z}.\n\nYou are its assignee; answer it or hand it on "
            "before then."
        ),
        from_email=None,
        recipient_list=[ticket.assignee.email],
    )
