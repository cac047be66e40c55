"""What the queue and the ticket page show of the agents' tools (saved views, tags,
macros, merges, presence), computed for their views."""

import hashlib
from typing import NamedTuple

from django.core.cache import cache
from django.http import QueryDict

from tickets import permissions
from tickets.agenttools import presence
from tickets.agenttools.selectors import macros_usable_by, saved_view_list_for, tag_names_of
from tickets.models import EventKind
from tickets.pagination import CappedCountPaginator
from tickets.pickers import derived, pickers
from tickets.services.bulk import bulk_max_tickets
from tickets.services.merge import can_unmerge

from .forms import QueueFilterForm
from .mixins import valid_filters
from .queries import queue_tickets

SAVED_VIEW_COUNT_SECONDS = 30
# The queue's query parameters a saved view keeps (never the page number).
SAVED_VIEW_PARAMS = frozenset(QueueFilterForm.base_fields) - {"per_page"}


def _merged_into(ticket) -> list:
    """Tickets merged into this one. Read only when the (prefetched) event log shows a
    merge here: most tickets never had one, and their page needs no query for it."""
    merges = [e for e in getattr(ticket, "event_log", []) if e.kind == EventKind.MERGED]
    if not any(event.to_value == ticket.case_number for event in merges):
        return []
    return list(ticket.merged_tickets.order_by("merged_at", "id"))


class MacroOption(NamedTuple):
    """A macro as the ticket page's macro picker and the queue's bulk bar list it."""

    pk: int
    name: str
    is_shared: bool


def macro_options(user) -> tuple[MacroOption, ...]:
    """The macros `user` may apply, read once per version of the picker lists: a macro's
    save or deletion moves that version (tickets.pickers), and so does any change to who
    is an agent. Held per user, since personal macros are their owner's alone."""
    return derived(
        ("ticket-page-macros", user.pk),
        lambda: tuple(
            MacroOption(*row)
            for row in macros_usable_by(user).values_list("pk", "name", "is_shared")
        ),
    )


def ticket_tools_context(user, ticket) -> dict:
    """What the agent ticket page shows of the tools: tags, macros, merge, presence."""
    return {
        "tag_names": tag_names_of(ticket),
        "macros": macro_options(user),
        "merged_tickets": _merged_into(ticket),
        "can_unmerge": can_unmerge(ticket),
        "other_viewers": presence.presence_others(ticket_id=ticket.pk, user=user),
        "presence_poll_seconds": presence.POLL_SECONDS,
    }


def queue_data(query: str) -> dict:
    """The queue filters a query string asks for (the invalid ones left out)."""
    form = QueueFilterForm(QueryDict(query, mutable=False) or None)
    return valid_filters(form)


def saved_view_query(params: QueryDict) -> str:
    """The part of a queue URL's query string that a saved view keeps."""
    kept = QueryDict(mutable=True)
    for key in sorted(SAVED_VIEW_PARAMS & set(params)):
        values = [value for value in params.getlist(key) if value]
        if values:
            kept.setlist(key, values)
    return kept.urlencode()


def _capped_count(user, query: str) -> tuple[int, bool]:
    paginator = CappedCountPaginator(queue_tickets(user=user, data=queue_data(query)), 1)
    return paginator.count, paginator.is_capped


def _saved_view_count_key(view, user) -> str:
    digest = hashlib.sha256(view.query.encode()).hexdigest()[:16]
    return f"saved-view-count:{view.pk}:{digest}:{user.pk}"


def saved_views_with_counts(user, current_query: str) -> list[dict]:
    """The agent's saved views with their live counts (capped as the lists are), each
    counted at most every half minute: views that say "mine" are counted per agent."""
    views = saved_view_list_for(user)
    keys = {view.pk: _saved_view_count_key(view, user) for view in views}
    # One round trip to the cache for every view's count, not one per view.
    counts = cache.get_many(keys.values()) if views else {}
    missing = {}
    rows = []
    for view in views:
        key = keys[view.pk]
        if key not in counts:
            counts[key] = missing[key] = _capped_count(user, view.query)
        count, is_capped = counts[key]
        rows.append(
            {
                "view": view,
                "count": count,
                "is_capped": is_capped,
                "is_current": view.query == current_query,
                "can_delete": view.owner_id == user.pk
                or permissions.role_of(user) == permissions.UserRole.ADMIN,
            }
        )
    if missing:
        cache.set_many(missing, SAVED_VIEW_COUNT_SECONDS)
    return rows


def queue_tools_context(request, form: QueueFilterForm) -> dict:
    # The filter and the bulk bar both list the categories: read the tree once.
    form.fields["category"].choices = list(form.fields["category"].choices)
    current_query = saved_view_query(request.GET)
    return {
        "saved_views": saved_views_with_counts(request.user, current_query),
        "current_query": current_query,
        "full_query": request.GET.urlencode(),
        "macros": macro_options(request.user),
        "bulk_max": bulk_max_tickets(),
        "agent_usernames": [username for _, username in pickers().agents],
    }
