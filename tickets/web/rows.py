"""The rows of the ticket lists (agent queue, customer page, portal list) and of the
overview's SLA table, as HTML.

A list row shows a dozen facts, several of them twice (the narrow layout stacks them in
the subject cell). Filters, `{% url %}` and attribute lookups per cell cost more than the
queries of the page, so each row's values are worked out here once, and the templates
only place them.
"""

from datetime import date, datetime
from html import escape
from urllib.parse import quote

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.safestring import mark_safe

from tickets.models import Ticket, WaitingOn
from tickets.sla.reports import AttainmentRow
from tickets.web.templatetags.helpdesk_web import (
    TimeContext,
    priority_badge,
    reltime_html,
    status_badge,
    waited_html,
    waiting_badge,
)
from tickets.web.templatetags.sla_badges import sla_badge_html

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
# of the page together. Every value is escaped as it goes in (html.escape, as
# Django's escape does).
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


class Badges:
    """The status, waiting-on and priority badges of one page, each value's built once."""

    def __init__(self):
        self._built: dict[tuple, str] = {}

    def get(self, build, value: str) -> str:
        key = (build, value)
        badge = self._built.get(key)
        if badge is None:
            badge = self._built[key] = build(value)
        return badge


def _queue_row(ticket: Ticket, at: TimeContext, badges: Badges, ticket_url, customer_url) -> str:
    customer = ticket.customer
    waiting_on = ticket.waiting_on
    waited = waited_html(ticket.waiting_since, at)
    last_activity = reltime_html(ticket.last_activity_at, at)
    status = badges.get(status_badge, ticket.status)
    waiting = badges.get(waiting_badge, waiting_on)
    priority = badges.get(priority_badge, ticket.priority)
    sla = sla_badge_html(ticket, at)
    assignee = escape(ticket.assignee.username) if ticket.assignee_id else ""
    is_unread = ticket.has_unread_customer_reply or ticket.has_unread_vendor_answer
    at_vendor = ticket.vendor_id is not None and waiting_on == WaitingOn.VENDOR
    return QUEUE_ROW.format(
        unread_class=' class="is-unread"' if is_unread else "",
        pk=ticket.pk,
        case_number=escape(str(ticket.case_number)),
        created=reltime_html(ticket.created_at, at),
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
        waited=waited,
        last_activity=last_activity,
        stacked_assignee=f" · {assignee}" if assignee else "",
        vendor=f' <span class="small">{escape(ticket.vendor.code)}</span>' if at_vendor else "",
        waited_for=(
            f'<div class="small text-body-secondary">for {waited}</div>'
            if waiting_on != WaitingOn.NOBODY
            else ""
        ),
        customer_url=customer_url(ticket.customer_id),
        customer_name=escape(customer.get_full_name() or customer.username),
        assignee=assignee or UNASSIGNED,
    )


def queue_rows(tickets: list[Ticket], *, now: datetime | None = None) -> list[str]:
    """The agent queue's rows as HTML (templates/agent/queue.html places them)."""
    at = TimeContext(now)
    badges = Badges()
    ticket_url = _url_maker("agent:ticket")
    customer_url = _url_maker("agent:customer")
    return [
        mark_safe(_queue_row(ticket, at, badges, ticket_url, customer_url)) for ticket in tickets
    ]


PORTAL_ROW = """\
        <tr>
          <td class="case-number">{case_number}</td>
          <td class="subject"><a class="subject-link" href="{url}">{subject}</a>
            {order}
            <div class="d-md-none mt-1">{status} <span class="small">{updated}</span></div></td>
          <td class="hide-sm">{status}</td>
          <td class="hide-sm">{category}</td>
          <td class="hide-sm">{updated}</td>
        </tr>"""
CUSTOMER_PAGE_ROW = """\
              <tr>
                <td class="hide-sm case-number">{case_number}</td>
                <td class="subject"><a class="subject-link" href="{url}">{subject}</a>{order}
                  <div class="d-md-none mt-1">{status} <span class="small text-body-secondary">\
<span class="case-number">{case_number}</span> · updated {updated}</span></div></td>
                <td class="hide-sm">{status}</td>
                <td class="hide-sm">{assignee}</td>
                <td class="hide-sm">{updated}</td>
              </tr>"""


def _order_line(ticket: Ticket) -> str:
    if not ticket.order_id:
        return ""
    return f'<div class="small text-body-secondary">Order {escape(str(ticket.order_id))}</div>'


def portal_rows(tickets: list[Ticket], *, now: datetime | None = None) -> list[str]:
    """The customer's ticket list's rows as HTML (templates/portal/ticket_list.html)."""
    at, badges = TimeContext(now), Badges()
    ticket_url = _url_maker("portal:detail")
    rows = []
    for ticket in tickets:
        category = ticket.category.name if ticket.category_id else ""
        row = PORTAL_ROW.format(
            case_number=escape(str(ticket.case_number)),
            url=ticket_url(ticket.pk),
            subject=escape(ticket.subject),
            order=_order_line(ticket),
            status=badges.get(status_badge, ticket.status),
            updated=reltime_html(ticket.updated_at, at),
            category=escape(category) or "—",
        )
        rows.append(mark_safe(row))
    return rows


def customer_page_rows(tickets: list[Ticket], *, now: datetime | None = None) -> list[str]:
    """The agent's customer page's ticket rows as HTML (templates/agent/customer.html)."""
    at, badges = TimeContext(now), Badges()
    ticket_url = _url_maker("agent:ticket")
    rows = []
    for ticket in tickets:
        row = CUSTOMER_PAGE_ROW.format(
            case_number=escape(str(ticket.case_number)),
            url=ticket_url(ticket.pk),
            subject=escape(ticket.subject),
            order=_order_line(ticket),
            status=badges.get(status_badge, ticket.status),
            updated=reltime_html(ticket.updated_at, at),
            assignee=escape(ticket.assignee.username) if ticket.assignee_id else UNASSIGNED,
        )
        rows.append(mark_safe(row))
    return rows


SLA_ROW = """\
<tr data-sla-row="{label}">
  <th scope="row" class="fw-normal">{label}</th>
  <td class="text-end">{first_response}</td>
  <td class="text-end">{resolution}</td>
</tr>
"""


def _attainment(rate: float | None, met: int, missed: int) -> str:
    if rate is None:
        return "—"
    return (
        f'{floatformat(rate, 0)}% <span class="small text-body-secondary">'
        f"({met} of {met + missed})</span>"
    )


def sla_row(row: AttainmentRow) -> str:
    """One line of the overview's SLA attainment table (templates/agent/overview.html):
    the overview has some eighty, one template include each cost more than the page."""
    label = escape(str(row.label))
    return mark_safe(
        SLA_ROW.format(
            label=label,
            first_response=_attainment(
                row.first_response_rate, row.first_response_met, row.first_response_missed
            ),
            resolution=_attainment(row.resolution_rate, row.resolution_met, row.resolution_missed),
        )
    )


def day_label(day: date) -> str:
    """The date filter's "D, M j" ("Mon, Nov 23"), without its formatter's setup per call."""
    return f"{WEEKDAYS_ABBR[day.weekday()]}, {MONTHS_3[day.month].title()} {day.day}"
