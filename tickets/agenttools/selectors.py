"""Reads for the agents' tools: macros, tags, saved views."""

import re
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from tickets import permissions
from tickets.compiledreads import CompiledRead
from tickets.errors import MacroNotFoundError, SavedViewNotFoundError
from tickets.models import Status, Ticket, User
from tickets.references import parse_id

from .models import Macro, SavedView, Tag, TicketTag

TAG_SUGGESTIONS = 20
ACTIVE_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER)


def macros_usable_by(user: User) -> QuerySet[Macro]:
    """The macros an agent may apply: their own and every shared one, by name."""
    if not permissions.is_agent(user):
        return Macro.objects.none()
    return (
        Macro.objects.filter(Q(owner_id=user.pk) | Q(is_shared=True))
        .select_related("owner", "set_category")
        .order_by("name", "id")
    )


def macro_get_for(*, user: User, macro_id: object) -> Macro:
    """A macro the user may apply; raises MacroNotFoundError for missing and unseen ones."""
    pk = parse_id(macro_id)
    macro = macros_usable_by(user).filter(pk=pk).first() if pk is not None else None
    if macro is None:
        raise MacroNotFoundError()
    return macro


def tag_suggestions(*, prefix: str = "", limit: int = TAG_SUGGESTIONS) -> list[str]:
    """Existing tag names starting with `prefix` (any, when empty), alphabetically."""
    tags = Tag.objects.order_by("name")
    prefix = (prefix or "").strip().lower()
    if prefix:
        tags = tags.filter(name__startswith=prefix)
    return list(tags.values_list("name", flat=True)[:limit])


def ticket_tag_rows() -> QuerySet[TicketTag]:
    """Tickets' tag rows with their tags, by name."""
    return TicketTag.objects.select_related("tag").order_by("tag__name")


def ticket_tags_prefetch() -> Prefetch:
    """A ticket's tags by name as `ticket.tag_rows`, one query for a whole page."""
    return Prefetch("ticket_tags", queryset=ticket_tag_rows(), to_attr="tag_rows")


TAG_ROWS = CompiledRead(lambda *, tickets: ticket_tag_rows().filter(ticket_id__in=tickets))


def hold_tag_rows(tickets: list[Ticket]) -> None:
    """Give each of a page's tickets its tags by name as `ticket.tag_rows`, as
    ticket_tags_prefetch does, in one compiled read."""
    by_ticket = {ticket.pk: [] for ticket in tickets}
    for row in TAG_ROWS.rows(tickets=tuple(by_ticket)):
        by_ticket[row.ticket_id].append(row)
    for ticket in tickets:
        ticket.tag_rows = by_ticket[ticket.pk]


def tag_names_of(ticket: Ticket) -> list[str]:
    rows = getattr(ticket, "tag_rows", None)
    if rows is None:
        rows = TicketTag.objects.filter(ticket=ticket).select_related("tag").order_by("tag__name")
    return [row.tag.name for row in rows]


def tickets_with_tags(tickets: QuerySet[Ticket], names: Iterable[str]) -> QuerySet[Ticket]:
    """Keep tickets that carry every one of the tag names (none, for a name no tag has)."""
    tag_ids = tag_ids_named(names)
    return tickets.none() if tag_ids is None else tickets_with_tag_ids(tickets, tag_ids)


def tag_ids_named(names: Iterable[str]) -> list[int] | None:
    """The ids of the tags with these names; None when one of the names is no tag's."""
    wanted = set(names)
    if not wanted:
        return []
    tag_ids = list(Tag.objects.filter(name__in=wanted).values_list("pk", flat=True))
    return tag_ids if len(tag_ids) == len(wanted) else None


def tickets_with_tag_ids(tickets: QuerySet[Ticket], tag_ids: Iterable[int]) -> QuerySet[Ticket]:
    """Keep tickets that carry every one of the tags.

    Each filter compares a tag id, not a name: PostgreSQL then knows from its statistics
    whether the tag is rare (start from its rows in the (tag, ticket) index) or common
    (walk the queue's order and probe). A semi-join per tag: no DISTINCT, whatever the
    number of tags.
    """
    for tag_id in tag_ids:
        tickets = tickets.filter(
            Exists(TicketTag.objects.filter(ticket_id=OuterRef("pk"), tag_id=tag_id))
        )
    return tickets


def tagged_with_keyword(user: User, keyword: str) -> QuerySet[TicketTag] | None:
    """The ids (`ticket_id`) of tickets carrying the tag a search keyword names ("vip",
    "#vip", "Late delivery"), for agents (who alone see tags); None for anyone else."""
    if not permissions.is_agent(user):
        return None
    name = re.sub(r"\s+", "-", keyword.strip().lstrip("#").lower())
    return TicketTag.objects.filter(tag__name=name).values("ticket_id")


def tag_counts(*, limit: int = 10) -> list[tuple[str, int]]:
    """The tags on the most tickets still waiting on anyone, with those counts."""
    rows = (
        TicketTag.objects.filter(ticket__status__in=ACTIVE_STATUSES)
        .values("tag__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "tag__name")[:limit]
    )
    return [(row["tag__name"], row["n"]) for row in rows]


def saved_views_for(user: User) -> QuerySet[SavedView]:
    """The agent's own saved views and the shared ones, by name."""
    if not permissions.is_agent(user):
        return SavedView.objects.none()
    return (
        SavedView.objects.filter(Q(owner_id=user.pk) | Q(is_shared=True))
        .select_related("owner")
        .order_by("name", "id")
    )


def saved_view_list_for(user: User) -> list[SavedView]:
    """saved_views_for's rows, through a read compiled once per role."""
    return SAVED_VIEWS.rows(permissions.role_of(user), owner=user.pk)


SAVED_VIEWS = CompiledRead(
    lambda role, *, owner: saved_views_for(permissions.stand_in(role, pk=owner))
)


def saved_view_get_for(*, user: User, view_id: object) -> SavedView:
    pk = parse_id(view_id)
    view = saved_views_for(user).filter(pk=pk).first() if pk is not None else None
    if view is None:
        raise SavedViewNotFoundError()
    return view
