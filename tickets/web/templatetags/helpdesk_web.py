"""Template helpers every web page uses: badges, relative times, the viewer's role."""

import hashlib
import html
import time
from datetime import datetime, timedelta

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import template
from django.utils import timezone, translation
from django.utils.html import avoid_wrapping, format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import TIME_STRINGS, timesince, timeuntil

from tickets import permissions
from tickets.models import Priority, Status, TransferStatus, WaitingOn
from tickets.pickers import derived
from tickets.web.activity import thread_for
from tickets.web.category_picker import (
    CategorySelect,
    category_options_html,
    category_select_html,
)
from tickets.web.forms import options_html

register = template.Library()
ONE_MINUTE = timedelta(minutes=1)

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
WAITING_STYLES = {
    WaitingOn.SUPPORT: ("text-bg-primary", "bi-headset"),
    WaitingOn.CUSTOMER: ("text-bg-warning", "bi-person"),
    WaitingOn.VENDOR: ("text-bg-info", "bi-shop"),
    WaitingOn.NOBODY: ("text-bg-light border", "bi-check2-all"),
}
# What the customer side reads: the vendor exchange is support's business, so waiting on
# a vendor reads as waiting on support, and the customer is "you".
WAITING_FOR_CUSTOMERS = {
    WaitingOn.SUPPORT: "Support",
    WaitingOn.CUSTOMER: "You",
    WaitingOn.VENDOR: "Support",
    WaitingOn.NOBODY: "Nobody (finished)",
}


def _badge(css: str, icon: str, label: str):
    return format_html(
        '<span class="badge {}"><i class="bi {}" aria-hidden="true"></i> {}</span>',
        css,
        icon,
        label,
    )


# A list page draws three badges per row from a handful of values: each is built once
# per value and language (labels are translated), not escaped and formatted per row.
_ENUM_BADGES: dict[tuple, str] = {}


def _enum_badge(kind: str, value: str, build):
    key = (kind, value, translation.get_language())
    badge = _ENUM_BADGES.get(key)
    if badge is None:
        badge = _ENUM_BADGES[key] = build(value)
    return badge


def _status_badge(status: str):
    css, icon = STATUS_STYLES.get(status, ("text-bg-secondary", "bi-question"))
    return _badge(css, icon, Status(status).label if status in Status.values else status)


def _priority_badge(priority: str):
    css, icon = PRIORITY_STYLES.get(priority, ("text-bg-secondary", "bi-dash"))
    label = Priority(priority).label if priority in Priority.values else priority
    return _badge(css, icon, label)


def _waiting_badge(waiting_on: str):
    css, icon = WAITING_STYLES.get(waiting_on, ("text-bg-secondary", "bi-question"))
    label = WaitingOn(waiting_on).label if waiting_on in WaitingOn.values else waiting_on
    return _badge(css, icon, label)


@register.filter
def status_badge(status: str):
    if status not in STATUS_STYLES:
        return _status_badge(status)
    return _enum_badge("status", status, _status_badge)


@register.filter
def priority_badge(priority: str):
    if priority not in PRIORITY_STYLES:
        return _priority_badge(priority)
    return _enum_badge("priority", priority, _priority_badge)


@register.filter
def transfer_badge(transfer_status: str):
    if transfer_status not in TRANSFER_STYLES:
        return ""
    return _badge(
        TRANSFER_STYLES[transfer_status], "bi-shop", TransferStatus(transfer_status).label
    )


@register.filter
def waiting_badge(waiting_on: str):
    if waiting_on not in WAITING_STYLES:
        return _waiting_badge(waiting_on)
    return _enum_badge("waiting", waiting_on, _waiting_badge)


@register.simple_tag
def waiting_on_for(ticket, user):
    """Whose move it is, as `user` may read it: those who may see the vendor see it; the
    customer side sees support instead, and "you" for themselves."""
    if not permissions.can_see_field(user, permissions.VisibleField.VENDOR):
        css, icon = WAITING_STYLES[ticket.waiting_on]
        if ticket.waiting_on == WaitingOn.VENDOR:
            css, icon = WAITING_STYLES[WaitingOn.SUPPORT]
        return _badge(css, icon, WAITING_FOR_CUSTOMERS[ticket.waiting_on])
    return waiting_badge(ticket.waiting_on)


FOUR_WEEKS = 28 * 24 * 3600
# timesince's units below a month, largest first, with their length in seconds.
SHORT_UNITS = (("week", 7 * 24 * 3600), ("day", 24 * 3600), ("hour", 3600), ("minute", 60))
_UNIT_TEXTS: dict[tuple, str] = {}


def _short_span_text(seconds: int, language: str | None) -> str:
    """The largest whole unit of a span of 1 second to four weeks as timesince words it
    ("3\xa0hours"). Below four weeks no calendar month fits in the span, so timesince's
    calendar arithmetic would come to the same."""
    for name, length in SHORT_UNITS:
        if count := seconds // length:
            return _unit_text(name, count, language)
    return _unit_text("minute", 0, language)


def _unit_text(name: str, count: int, language: str | None) -> str:
    key = (name, count, language)
    text = _UNIT_TEXTS.get(key)
    if text is None:
        text = _UNIT_TEXTS[key] = avoid_wrapping(TIME_STRINGS[name] % {"num": count})
    return text


def _long_span_text(earlier: datetime, later: datetime, language: str | None) -> str:
    """timesince's words for a span of four weeks or more: whole calendar years, else
    months, as timesince counts them (a month ends on the same day and time of day), else
    weeks. The queue sorted by due date shows a column of these."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if earlier.day > later.day or (earlier.day == later.day and earlier.time() > later.time()):
        months -= 1
    if months >= 12:
        return _unit_text("year", months // 12, language)
    if months:
        return _unit_text("month", months, language)
    delta = later - earlier
    return _unit_text("week", (delta.days * 86400 + delta.seconds) // (7 * 86400), language)


def _span_text(earlier: datetime, later: datetime, language: str | None) -> str | None:
    """Exactly timesince's one-unit words for the span, or None where it has none of its
    own (an empty span, a naive datetime)."""
    if earlier.tzinfo is None or later.tzinfo is None:
        return None
    delta = later - earlier
    seconds = delta.days * 86400 + delta.seconds
    if seconds <= 0:
        return None
    if seconds < FOUR_WEEKS:
        return _short_span_text(seconds, language)
    return _long_span_text(earlier, later, language)


def since_text(value: datetime, now: datetime, language: str | None = None) -> str:
    """Exactly `timesince(value, now, depth=1)`, cheaper: a list page shows five of
    these per row. `language`: the active one, when the caller has it at hand."""
    language = language or translation.get_language()
    # timesince reads the calendar in the value's time zone.
    text = _span_text(value, now.astimezone(value.tzinfo), language)
    return text or timesince(value, now, depth=1)


def until_text(value: datetime, now: datetime, language: str | None = None) -> str:
    """Exactly `timeuntil(value, now, depth=1)`, as cheap as since_text."""
    language = language or translation.get_language()
    text = _span_text(now.astimezone(value.tzinfo), value, language)
    return text or timeuntil(value, now, depth=1)


class TimeContext:
    """What every relative time on a page is measured against: one clock reading, the
    active time zone and language, read once per page rather than once per cell."""

    __slots__ = ("language", "now", "zone")

    def __init__(self, now: datetime | None = None):
        self.now = now or timezone.now()
        self.zone = timezone.get_current_timezone()
        self.language = translation.get_language()


def _time_element(value: datetime, title_prefix: str, text: str, zone) -> str:
    local = value.astimezone(zone)
    # Digits, signs and the zone's abbreviation: nothing to escape but the (translated)
    # text. The title is strftime's "%Y-%m-%d %H:%M %Z", spelled out (strftime is slow).
    title = (
        f"{local.year:04}-{local.month:02}-{local.day:02} {local.hour:02}:{local.minute:02} "
        f"{local.tzname() or ''}"
    )
    return (
        f'<time datetime="{local.isoformat()}" title="{title_prefix}{title}">'
        f"{html.escape(text)}</time>"
    )


def waited_html(value: datetime | None, at: TimeContext) -> str:
    """The waited filter's HTML, measured at `at`."""
    if value is None:
        return "—"
    now = at.now
    text = since_text(value, now, at.language) if now - value >= ONE_MINUTE else "under a minute"
    return _time_element(value, "since ", text, at.zone)


def reltime_html(value: datetime | None, at: TimeContext) -> str:
    """The reltime filter's HTML, measured at `at`."""
    if value is None:
        return "—"
    now = at.now
    if abs((now - value).total_seconds()) < 60:
        text = "just now"
    elif value < now:
        # One unit ("3 days ago") keeps table columns narrow; the title has the exact time.
        text = f"{since_text(value, now, at.language)} ago"
    else:
        text = f"in {until_text(value, now, at.language)}"
    return _time_element(value, "", text, at.zone)


@register.filter
def waited(value: datetime | None):
    """How long since `value` ("3 hours"), with the exact start on hover."""
    return mark_safe(waited_html(value, TimeContext()))


@register.filter
def reltime(value: datetime | None):
    """'3 hours ago', with the exact time on hover and for machines."""
    return mark_safe(reltime_html(value, TimeContext()))


@register.filter
def sees_field(user, field: str) -> bool:
    """Whether the one field rule (permissions.VISIBLE_FIELDS) shows `field` to `user`."""
    return permissions.can_see_field(user, permissions.VisibleField(field))


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


@register.simple_tag(takes_context=True)
def thread_view(context, entries, ticket, fold=False):
    """The thread's rows as the signed-in reader reads them (see tickets.web.activity)."""
    return thread_for(entries, viewer=context.get("user"), ticket=ticket, fold=fold)


@register.simple_tag
def thread_fragment_key(thread) -> str:
    """The cache key of a rendered thread: exactly the rows shown as this reader reads
    them (who wrote each, each event's sentence, so "you" and renamed people get their
    own fragment), and the minute, since each row says how long ago it was written. Rows
    are append-only."""
    material = f"{int(time.time() // 60)}|{thread.material}"
    return hashlib.blake2b(material.encode(), digest_size=16).hexdigest()


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
    # What else the form renders from settings (the upload limits), so a change shows.
    extra = form.render_key() if hasattr(form, "render_key") else ()
    return derived(
        ("crispy", type(form).__qualname__, form.prefix, name, initial, extra),
        lambda: render(form_or_field),
    )


@register.simple_tag
def select_options(field):
    """A form field's options with its current value marked (see options_html); the
    category picker's in its groups."""
    widget = field.field.widget
    if isinstance(widget, CategorySelect):
        return category_options_html(
            leaf_only=widget.leaf_only, blank=widget.blank, current=field.value(), kept=widget.kept
        )
    return options_html(field.field.choices, field.value())


@register.simple_tag
def labelled_select(field):
    """A form field's label and small select with its options (select_options): the
    queue's filter bar has nine, and a template include each cost more than the rows."""
    return format_html(
        '<label class="form-label" for="{}">{}</label>\n'
        '<select name="{}" id="{}" class="form-select form-select-sm">\n  {}\n</select>\n',
        field.id_for_label,
        field.label,
        field.html_name,
        field.id_for_label,
        select_options(field),
    )


@register.simple_tag
def category_select(name, current=None, *, leaf_only=True, blank="No category", kept=None, **attrs):
    """The category picker as a whole select (tickets/web/category_picker.py), for forms
    written out in a template; `attrs` become the select's attributes (id, class)."""
    return category_select_html(
        name=name, current=current, leaf_only=leaf_only, blank=blank, kept=kept, attrs=attrs
    )


@register.simple_tag
def options(choices, current):
    """Options for (value, label) pairs with `current` marked (see options_html)."""
    return options_html(choices, current)
