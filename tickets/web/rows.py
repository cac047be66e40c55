"""The rows of the ticket lists (agent queue, customer page, portal list) as display values.

A list row shows a dozen facts, several of them twice (the narrow layout stacks them in
the subject cell). Filters, `{% url %}` and attribute lookups per cell cost more than the
queries of the page, so each row's values are worked out here once, and the templates
only place them.
"""

from datetime import datetime
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from tickets.models import Ticket, WaitingOn
from tickets.web.templatetags.helpdesk_web import (
    priority_badge,
    reltime,
    status_badge,
    waited,
    waiting_badge,
)
from tickets.web.templatetags.sla_badges import sla_badge_at

URL_PLACEHOLDER = 987654321


def _url_maker(name: str):
    """reverse() once per page, the row's id filled in after."""
    pattern = reverse(name, args=[URL_PLACEHOLDER])
    head, _, tail = pattern.partition(str(URL_PLACEHOLDER))
    return lambda pk: f"{head}{pk}{tail}"


def _context_line(ticket: Ticket) -> str:
    parts = []
    if ticket.category_id:
        parts.append(ticket.category.name)
    if ticket.order_id:
        parts.append(f"Order {ticket.order_id}")
    return " · ".join(parts)


# The queue's row. Written out here rather than in the template: a row holds some thirty
# values, and the template engine's per-value lookups and escaping cost more than the rest
# of the page together. Every value is escaped as it goes in (see _queue_row).
QUEUE_ROW = """\
        <tr{unread_class}>
          <td class="select-col"><input type="checkbox" class="form-check-input" \
name="tickets" value="{pk}" form="bulk-form" aria-label="Select {case_number}"></td>
          <td><span class="case-number">{case_number}</span>\
<div class="small text-body-secondary">{created}</div></td>
          <td class="subject">
            {customer_marker}
            {vendor_marker}
            <a class="subject-link" href="{url}">{subject}</a>
            <div class="small text-body-secondary">{context_line}</div>
            {tags}
            <div class="d-md-none mt-1 stacked-facts">{status} {waiting} {priority} {sla}
              <div class="small text-body-secondary">Waiting {waited} · active \
{last_activity}{stacked_assignee}</div></div></td>
          <td class="hide-sm">{status}</td>
          <td class="hide-sm waiting-on">{waiting}{vendor}{waited_for}</td>
          <td class="hide-sm sla">{sla}</td>
          <td class="hide-sm">{priority}</td>
          <td class="hide-sm customer"><a href="{customer_url}">{customer_name}</a></td>
          <td class="hide-sm">{assignee}</td>
          <td class="hide-sm last-activity">{last_activity}</td>
        </tr>"""
UNREAD_CUSTOMER_MARKER = (
    '<span class="unread-marker" title="Customer replied: not yet read by the assignee">'
    '<i class="bi bi-chat-left-dots-fill" aria-hidden="true"></i>'
    '<span class="visually-hidden">Customer replied (unread)</span></span>'
)
UNREAD_VENDOR_MARKER = (
    '<span class="unread-marker" title="Vendor answered: not yet read by the assignee">'
    '<i class="bi bi-shop" aria-hidden="true"></i>'
    '<span class="visually-hidden">Vendor answered (unread)</span></span>'
)
TAG_BADGE = '<a class="badge rounded-pill text-bg-light border tag-badge" href="?tag={}">{}</a> '
UNASSIGNED = '<span class="text-body-secondary">Unassigned</span>'


def _tags_html(ticket: Ticket) -> str:
    names = [row.tag.name for row in getattr(ticket, "tag_rows", ())]
    if not names:
        return ""
    # quote() as the urlencode filter has it (keeping "/"), then escaped like any value.
    badges = "".join(TAG_BADGE.format(escape(quote(name)), escape(name)) for name in names)
    return f'<div class="tag-list">{badges}</div>'


def _queue_row(ticket: Ticket, now: datetime, ticket_url, customer_url) -> str:
    customer = ticket.customer
    waiting_on = ticket.waiting_on
    waited_html = waited(ticket.waiting_since)
    last_activity = reltime(ticket.last_activity_at)
    status = status_badge(ticket.status)
    waiting = waiting_badge(waiting_on)
    priority = priority_badge(ticket.priority)
    sla = conditional_escape(sla_badge_at(ticket, now))
    assignee = escape(ticket.assignee.username) if ticket.assignee_id else ""
    is_unread = ticket.has_unread_customer_reply or ticket.has_unread_vendor_answer
    at_vendor = ticket.vendor_id is not None and waiting_on == WaitingOn.VENDOR
    return QUEUE_ROW.format(
        unread_class=' class="is-unread"' if is_unread else "",
        pk=ticket.pk,
        case_number=escape(ticket.case_number),
        created=reltime(ticket.created_at),
        customer_marker=UNREAD_CUSTOMER_MARKER if ticket.has_unread_customer_reply else "",
        vendor_marker=UNREAD_VENDOR_MARKER if ticket.has_unread_vendor_answer else "",
        url=ticket_url(ticket.pk),
        subject=escape(ticket.subject),
        context_line=escape(_context_line(ticket)),
        tags=_tags_html(ticket),
        status=status,
        waiting=waiting,
        priority=priority,
        sla=sla,
        waited=conditional_escape(waited_html),
        last_activity=conditional_escape(last_activity),
        stacked_assignee=f" · {assignee}" if assignee else "",
        vendor=f' <span class="small">{escape(ticket.vendor.code)}</span>' if at_vendor else "",
        waited_for=(
            f'<div class="small text-body-secondary">for {conditional_escape(waited_html)}</div>'
            if waiting_on != WaitingOn.NOBODY
            else ""
        ),
        customer_url=customer_url(ticket.customer_id),
        customer_name=escape(customer.get_full_name() or customer.username),
        assignee=assignee or UNASSIGNED,
    )


def queue_rows(tickets: list[Ticket], *, now: datetime | None = None) -> list[str]:
    """The agent queue's rows as HTML (templates/agent/queue.html places them)."""
    now = now or timezone.now()
    ticket_url = _url_maker("agent:ticket")
    customer_url = _url_maker("agent:customer")
    return [mark_safe(_queue_row(ticket, now, ticket_url, customer_url)) for ticket in tickets]
