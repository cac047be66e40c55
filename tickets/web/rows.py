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


def queue_rows(tickets: list[Ticket], *, now: datetime | None = None) -> list[dict]:
    """The agent queue's rows (templates/agent/queue.html)."""
    now = now or timezone.now()
    ticket_url = _url_maker("agent:ticket")
    customer_url = _url_maker("agent:customer")
    rows = []
    for ticket in tickets:
        customer = ticket.customer
        waiting_on = ticket.waiting_on
        at_vendor = ticket.vendor_id is not None and waiting_on == WaitingOn.VENDOR
        rows.append(
            {
                "pk": ticket.pk,
                "case_number": ticket.case_number,
                "subject": ticket.subject,
                "url": ticket_url(ticket.pk),
                "created": reltime(ticket.created_at),
                "has_unread_customer_reply": ticket.has_unread_customer_reply,
                "has_unread_vendor_answer": ticket.has_unread_vendor_answer,
                "context_line": _context_line(ticket),
                "tags": [
                    (row.tag.name, quote(row.tag.name))  # as the urlencode filter
                    for row in getattr(ticket, "tag_rows", ())
                ],
                "status": status_badge(ticket.status),
                "waiting": waiting_badge(waiting_on),
                "priority": priority_badge(ticket.priority),
                "sla": sla_badge_at(ticket, now),
                "waited": waited(ticket.waiting_since),
                "is_waiting": waiting_on != WaitingOn.NOBODY,
                "at_vendor": at_vendor,
                "vendor_code": ticket.vendor.code if at_vendor else "",
                "last_activity": reltime(ticket.last_activity_at),
                "assignee": ticket.assignee.username if ticket.assignee_id else "",
                "customer_url": customer_url(ticket.customer_id),
                "customer_name": customer.get_full_name() or customer.username,
            }
        )
    return rows
