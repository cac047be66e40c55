"""The SLA badge of a ticket row or page: breached, at risk, paused, met or on track."""

from datetime import timedelta

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from tickets.models import Ticket
from tickets.sla.clock import SlaState, sla_state

from .helpdesk_web import TimeContext, duration_text, reltime_html

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


def sla_badge_html(ticket: Ticket, at: TimeContext) -> str:
    """The badge at `at.now`, and while the clock runs, when the next deadline falls."""
    state = sla_state(ticket, at.now)
    if state is None:
        return "—"
    badge = STATE_BADGES[state]
    if ticket.sla_due_at is None:
        return badge
    return (
        f'{badge} <span class="small text-nowrap">due {reltime_html(ticket.sla_due_at, at)}</span>'
    )


@register.simple_tag
def sla_badge(ticket: Ticket):
    """The badge, and while the clock runs, when the next deadline falls."""
    return mark_safe(sla_badge_html(ticket, TimeContext()))


@register.filter
def seconds_text(seconds: int) -> str:
    return duration_text(timedelta(seconds=seconds))
