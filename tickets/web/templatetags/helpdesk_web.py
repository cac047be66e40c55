"""Template helpers every web page uses: badges, relative times, the viewer's role."""

import hashlib
import time
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince, timeuntil

from tickets import permissions
from tickets.models import EventKind, Priority, Status, TransferStatus
from tickets.pickers import derived
from tickets.web.category_picker import (
    CategorySelect,
    category_options_html,
    category_select_html,
)
from tickets.web.forms import options_html

register = template.Library()

# Bootstrap's text-bg-* classes pair each background with a readable text colour.
STATUS_STYLES = {
    Status.OPEN: ("text-bg-primary", "bi-inbox"),
    Status.IN_PROGRESS: ("text-bg-info", "bi-hourglass-split"),
    Status.WAITING_ON_CUSTOMER: ("text-bg-warning", "bi-person-exclamation"),
    Status.RESOLVED: ("text-bg-success", "bi-check-circle"),
    Status.CANCELLED: ("text-bg-secondary", "bi-x-circle"),
}
PRIORITY_STYLES = {
    Priority.LOW: ("text-bg-light border", "bi-arrow-down"),
    Priority.NORMAL: ("text-bg-secondary", "bi-dash"),
    Priority.HIGH: ("text-bg-warning", "bi-arrow-up"),
    Priority.URGENT: ("text-bg-danger", "bi-exclamation-triangle"),
}
TRANSFER_STYLES = {
    TransferStatus.ANSWER_REQUESTED: "text-bg-warning",
    TransferStatus.CONFIRM_REQUESTED: "text-bg-warning",
    TransferStatus.ANSWERED: "text-bg-success",
    TransferStatus.CONFIRMED: "text-bg-success",
}


def _badge(css: str, icon: str, label: str):
    return format_html(
        '<span class="badge {}"><i class="bi {}" aria-hidden="true"></i> {}</span>',
        css,
        icon,
        label,
    )


@register.filter
def status_badge(status: str):
    css, icon = STATUS_STYLES.get(status, ("text-bg-secondary", "bi-question"))
    return _badge(css, icon, Status(status).label if status in Status.values else status)


@register.filter
def priority_badge(priority: str):
    css, icon = PRIORITY_STYLES.get(priority, ("text-bg-secondary", "bi-dash"))
    label = Priority(priority).label if priority in Priority.values else priority
    return _badge(css, icon, label)


@register.filter
def transfer_badge(transfer_status: str):
    if transfer_status not in TRANSFER_STYLES:
        return ""
    return _badge(
        TRANSFER_STYLES[transfer_status], "bi-shop", TransferStatus(transfer_status).label
    )


@register.filter
def reltime(value: datetime | None):
    """'3 hours ago', with the exact time on hover and for machines."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    now = timezone.now()
    if abs((now - value).total_seconds()) < 60:
        text = "just now"
    elif value < now:
        # One unit ("3 days ago") keeps table columns narrow; the title has the exact time.
        text = f"{timesince(value, now, depth=1)} ago"
    else:
        text = f"in {timeuntil(value, now, depth=1)}"
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(),
        local.strftime("%Y-%m-%d %H:%M %Z"),
        text,
    )


@register.filter
def role(user) -> str:
    # Some error pages render without a request, so there is no user at all.
    if not getattr(user, "is_authenticated", False):
        return permissions.UserRole.ANONYMOUS.value
    return permissions.role_of(user).value


@register.filter
def status_label(value: str) -> str:
    return Status(value).label if value in Status.values else value


@register.filter
def priority_label(value: str) -> str:
    return Priority(value).label if value in Priority.values else value


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (None or '' removes one).

    Keeps every filter in the URL when paging or sorting.
    """
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


EVENT_ICONS = {
    EventKind.CREATED: "bi-plus-circle",
    EventKind.STATUS_CHANGED: "bi-arrow-left-right",
    EventKind.ASSIGNED: "bi-person-check",
    EventKind.PRIORITY_CHANGED: "bi-flag",
    EventKind.CATEGORY_CHANGED: "bi-tag",
    EventKind.TRANSFERRED: "bi-shop",
    EventKind.VENDOR_ANSWERED: "bi-reply",
    EventKind.VENDOR_CONFIRMED: "bi-check2-square",
    EventKind.RATED: "bi-star",
    EventKind.TAGS_CHANGED: "bi-tags",
    EventKind.MACRO_APPLIED: "bi-lightning",
    EventKind.MERGED: "bi-intersect",
    EventKind.UNMERGED: "bi-arrow-counterclockwise",
    EventKind.SLA_BREACHED: "bi-alarm",
}


def _score(value: str) -> str:
    """'4.00' -> '4', '4.50' -> '4.5'."""
    try:
        return f"{Decimal(value).normalize():f}"
    except InvalidOperation:
        return value


def _label(kind: str, value: str) -> str:
    if kind == EventKind.STATUS_CHANGED:
        return status_label(value)
    if kind == EventKind.PRIORITY_CHANGED:
        return priority_label(value)
    return value


@register.filter
def event_icon(event) -> str:
    return EVENT_ICONS.get(event.kind, "bi-dot")


@register.filter
def event_text(event) -> str:
    """One sentence for the event log; the template escapes it (values can be user text)."""
    before, after = _label(event.kind, event.from_value), _label(event.kind, event.to_value)
    match event.kind:
        case EventKind.CREATED:
            return "opened the ticket"
        case EventKind.ASSIGNED:
            return f"assigned it to {after}" if after else "removed the assignee"
        case EventKind.RATED:
            return f"rated it {_score(after)} / 5"
        case EventKind.TRANSFERRED:
            return f"transferred it to vendor {after}"
        case EventKind.VENDOR_ANSWERED:
            return "answered as the vendor"
        case EventKind.VENDOR_CONFIRMED:
            return "confirmed as the vendor"
        case EventKind.MACRO_APPLIED:
            return f"applied the macro “{after}”"
        case EventKind.MERGED:
            return f"merged {before} into {after}"
        case EventKind.UNMERGED:
            return f"undid the merge of {before} into {after}"
        case EventKind.TAGS_CHANGED:
            return f"changed the tags from {before or 'none'} to {after or 'none'}"
        case EventKind.SLA_BREACHED:
            return f"recorded that the {after} target was missed"
    noun = {
        EventKind.STATUS_CHANGED: "status",
        EventKind.PRIORITY_CHANGED: "priority",
        EventKind.CATEGORY_CHANGED: "category",
    }.get(event.kind, event.get_kind_display().lower())
    if before and after:
        return f"changed the {noun} from {before} to {after}"
    return f"set the {noun} to {after or 'none'}"


@register.filter
def duration_text(value: timedelta | None) -> str:
    """A duration as a person says it: '45 min', '3 h 20 min', '2 d 4 h'."""
    if value is None:
        return "—"
    minutes = max(int(value.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


THREAD_FRAGMENT_SECONDS = 120


@register.simple_tag
def thread_fragment_key(entries) -> str:
    """The cache key of a rendered thread: exactly the rows shown (so a viewer who may see
    other rows gets another fragment), who wrote them as they are named now, and the
    minute, since each row says how long ago it was written. Rows are append-only."""
    material = [str(int(time.time() // 60))]
    for entry in entries:
        if entry.message is not None:
            message, author = entry.message, entry.message.author
            name = f"{author.pk}:{author.get_full_name()}:{author.username}" if author else ""
            files = ",".join(str(file.pk) for file in message.attachments.all())
            material.append(f"m{message.pk}:{name}:{files}")
        else:
            event, actor = entry.event, entry.event.actor
            material.append(f"e{event.pk}:{actor.username if actor else ''}")
    return hashlib.blake2b("|".join(material).encode(), digest_size=16).hexdigest()


@register.filter
def crispy_unbound(form_or_field):
    """crispy-forms' rendering of a form (or one field), kept while the picker lists stay
    the same when the form is unbound: an empty reply or transfer form renders the same
    HTML on every ticket page, and crispy's templates cost milliseconds per field. A bound
    form (showing errors) is rendered afresh."""
    form = getattr(form_or_field, "form", form_or_field)
    render = as_crispy_field if form is not form_or_field else as_crispy_form
    if form.is_bound:
        return render(form_or_field)
    name = getattr(form_or_field, "name", "")
    initial = tuple(sorted((key, str(value)) for key, value in form.initial.items()))
    return derived(
        ("crispy", type(form).__qualname__, form.prefix, name, initial),
        lambda: render(form_or_field),
    )


@register.simple_tag
def select_options(field):
    """A form field's options with its current value marked (see options_html); the
    category picker's in its groups."""
    widget = field.field.widget
    if isinstance(widget, CategorySelect):
        return category_options_html(
            leaf_only=widget.leaf_only, blank=widget.blank, current=field.value()
        )
    return options_html(field.field.choices, field.value())


@register.simple_tag
def category_select(name, current=None, *, leaf_only=True, blank="No category", **attrs):
    """The category picker as a whole select (tickets/web/category_picker.py), for forms
    written out in a template; `attrs` become the select's attributes (id, class)."""
    return category_select_html(
        name=name, current=current, leaf_only=leaf_only, blank=blank, attrs=attrs
    )


@register.simple_tag
def options(choices, current):
    """Options for (value, label) pairs with `current` marked (see options_html)."""
    return options_html(choices, current)
