"""The periodic SLA check: warn assignees before a deadline, record each missed one.

Warnings go through the notification outbox (written in the ticket's transaction, mailed
after the commit), so an assignee who opted out of them gets none.

`sla_check` is a plain function; the `sla_check` management command and the Celery task
call it. Each ticket is handled in its own transaction under its row lock, so two checks
running at once (or a check racing an agent's reply) never warn or record twice.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from tickets.models import Ticket
from tickets.notifications import outbox

from .clock import clock_update, next_to_warn, schedule

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
        outbox.sla_at_risk(ticket=ticket)
        result.warned += 1


def _missed(ticket: Ticket) -> int:
    return (ticket.sla_first_response_breached_at is not None) + (
        ticket.sla_resolution_breached_at is not None
    )
