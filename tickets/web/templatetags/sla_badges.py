"""The SLA badge of a ticket row or page: breached, at risk, paused, met or on track."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.html import format_html

from tickets.models import Ticket
from tickets.sla.clock import SlaState, sla_state

from .helpdesk_web import duration_text, reltime

register = template.Library()

SLA_STYLES = {
    SlaState.BREACHED: ("text-bg-danger", "bi-alarm", "Breached"),
    SlaState.AT_RISK: ("text-bg-warning", "bi-hourglass-bottom", "At risk"),
    SlaState.PAUSED: ("text-bg-light border", "bi-pause-circle", "Paused"),
    SlaState.MET: ("text-bg-light border", "bi-check2", "Met"),
    SlaState.CLOSED: ("text-bg-light border", "bi-x", "Closed"),
    SlaState.OK: ("text-bg-success", "bi-clock", "On track"),
}


def _state_badge(state: str):
    css, icon, label = SLA_STYLES[state]
    return format_html(
        '<span class="badge {}" data-sla="{}"><i class="bi {}" aria-hidden="true"></i> {}</span>',
        css,
        state,
        icon,
        label,
    )


# Six states, one badge each: built once, not per row of a list.
STATE_BADGES = {state: _state_badge(state) for state in SLA_STYLES}


def sla_badge_at(ticket: Ticket, now: datetime):
    """The badge at `now`, and while the clock runs, when the next deadline falls."""
    state = sla_state(ticket, now)
    if state is None:
        return "—"
    badge = STATE_BADGES[state]
    if ticket.sla_due_at is None:
        return badge
    return format_html(
        '{} <span class="small text-nowrap">due {}</span>', badge, reltime(ticket.sla_due_at)
    )


@register.simple_tag
def sla_badge(ticket: Ticket):
    """The badge, and while the clock runs, when the next deadline falls."""
    return sla_badge_at(ticket, timezone.now())


@register.filter
def seconds_text(seconds: int) -> str:
    return duration_text(timedelta(seconds=seconds))
