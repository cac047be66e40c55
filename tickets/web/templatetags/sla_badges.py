"""The SLA badge of a ticket row or page: breached, at risk, paused, met or on track."""

from datetime import timedelta

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


@register.simple_tag
def sla_badge(ticket: Ticket):
    """The badge, and while the clock runs, when the next deadline falls."""
    state = sla_state(ticket, timezone.now())
    if state is None:
        return "—"
    css, icon, label = SLA_STYLES[state]
    badge = format_html(
        '<span class="badge {}" data-sla="{}"><i class="bi {}" aria-hidden="true"></i> {}</span>',
        css,
        state,
        icon,
        label,
    )
    if ticket.sla_due_at is None:
        return badge
    return format_html(
        '{} <span class="small text-nowrap">due {}</span>', badge, reltime(ticket.sla_due_at)
    )


@register.filter
def seconds_text(seconds: int) -> str:
    return duration_text(timedelta(seconds=seconds))
