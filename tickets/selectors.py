"""Reads: every query a surface needs, with related rows fetched up front."""

import functools
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from operator import attrgetter

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from . import permissions
from .agenttools.selectors import TAG_ROWS, tagged_with_keyword
from .anyof import IsAnyOf, compiled
from .compiledreads import CompiledList, CompiledRead
from .customers.selectors import customer_tickets_named
from .errors import (
    ActionNotAllowedError,
    AttachmentNotFoundError,
    InvalidInputError,
    NotFoundError,
    TicketNotFoundError,
)
from .models import (
    CATEGORY_MAX_DEPTH,
    Attachment,
    Category,
    Message,
    MessageKind,
    Priority,
    Rating,
    Role,
    Status,
    Ticket,
    TicketEvent,
    TransferStatus,
    User,
    Vendor,
)
from .references import ticket_pk

# A person as the APIs name them: id, username, full name.
USER_REF = ("username", "first_name", "last_name")
TICKET_LIST_RELATED = ("customer", "assignee", "category", "category__parent", "vendor")


def ticket_list_for(*, user: User) -> QuerySet[Ticket]:
    """The tickets the user may see, newest first, with what a list row shows."""
    return (
        permissions.visible_tickets(user)
        .defer("search_document")
        .select_related(*TICKET_LIST_RELATED)
        .order_by("-created_at", "-id")
    )


def customer_history_for(*, user: User, ticket: Ticket, size: int) -> list[dict]:
    """The customer's other tickets the user may see, newest first, as the ticket page
    lists them: id, case number, subject, status and when opened."""
    return CUSTOMER_HISTORY.rows(
        permissions.role_of(user),
        size,
        customer=ticket.customer_id,
        ticket=ticket.pk,
        **permissions.ticket_visibility_ids(user),
    )


def _customer_history_read(role, size, *, customer, ticket, **viewer_ids) -> QuerySet[Ticket]:
    others = ticket_list_for(user=permissions.stand_in(role, **viewer_ids))
    others = others.filter(customer_id=customer).exclude(pk=ticket)
    return others.values("pk", "case_number", "subject", "status", "created_at")[:size]


CUSTOMER_HISTORY = CompiledRead(_customer_history_read, planned_per_run=True)


def ticket_list_opened_by(*, user: User) -> QuerySet[Ticket]:
    """Like ticket_list_for, but a customer gets only the tickets they opened themselves,
    not those of their seller accounts: a storefront shopper's own list."""
    tickets = ticket_list_for(user=user)
    if permissions.is_customer(user):
        tickets = tickets.filter(customer_id=user.pk)
    return tickets


def ticket_rows_opened_by(*, user: User, keyword: str) -> QuerySet[Ticket] | CompiledList:
    """ticket_list_opened_by searched for `keyword`, for capped_count and offset_page;
    without a keyword, through reads compiled once per role."""
    if keyword.strip():
        return ticket_search(ticket_list_opened_by(user=user), user=user, keyword=keyword)
    ids = permissions.ticket_visibility_ids(user)
    return CompiledList(OPENED_BY_PAGE, OPENED_BY_COUNT, permissions.role_of(user), **ids)


def _opened_by(role, **visibility_ids) -> QuerySet[Ticket]:
    return ticket_list_opened_by(user=permissions.stand_in(role, **visibility_ids))


OPENED_BY_PAGE = CompiledRead(
    lambda role, offset, size, **ids: _opened_by(role, **ids)[offset : offset + size],
    planned_per_run=True,
)
OPENED_BY_COUNT = CompiledRead(
    lambda role, up_to, **ids: _opened_by(role, **ids).order_by().values("pk")[:up_to],
    planned_per_run=True,
)


MIN_TRIGRAM_KEYWORD = 3


def ticket_search(tickets: QuerySet[Ticket], *, user: User, keyword: str) -> QuerySet[Ticket]:
    """Keep tickets whose subject, description, reference or visible messages match.

    On PostgreSQL: full-text search over the maintained documents (ranked, best first,
    then newest) plus trigram matching of case numbers, order ids and item names; for
    agents, a keyword naming a tag matches its tickets too, and so does one naming the
    customer (username, email, first, last or full name). A note or a vendor exchange
    the user may not see never makes a ticket match, nor does another person's name or
    email in a customer's or vendor's search.
    """
    keyword = (keyword or "").strip()
    if not keyword:
        return tickets
    if connections[tickets.db].vendor == "postgresql":
        return _search_postgres(tickets, user=user, keyword=keyword)
    return _search_substring(tickets, user=user, keyword=keyword)


def _search_postgres(tickets: QuerySet[Ticket], *, user: User, keyword: str) -> QuerySet[Ticket]:
    query = SearchQuery(keyword, config="simple", search_type="websearch")
    sql, params = _matching_ticket_ids_sql(user, keyword, query=query, using=tickets.db)
    # `id = ANY(ARRAY(matches))` rather than `id IN (matches)`: PostgreSQL collects the
    # matching ids once and looks each ticket up by its key. With IN it guessed thousands
    # of matches from the union (a keyword found 50 times) and scanned the whole queue.
    return (
        tickets.filter(IsAnyOf("pk", sql, params))
        .annotate(search_rank=SearchRank(F("search_document"), query))
        .order_by("-search_rank", "-created_at", "-id")
    )


# The ticket table's own matches, written out: they need no rule of who sees what, and
# building each as a queryset cost more CPU than the rest of a search. The expressions
# are the ones the full-text and trigram indexes are built on (ticket_search_idx,
# ticket_*_trgm_idx), or PostgreSQL would not use them.
_TICKET_TEXT_MATCH = (
    "SELECT {id} FROM {table} WHERE {document} @@ websearch_to_tsquery('simple'::regconfig, %s)"
)
_TICKET_FIELD_CONTAINS = "SELECT {id} FROM {table} WHERE UPPER({field}::text) LIKE UPPER(%s)"
TRIGRAM_FIELDS = ("case_number", "order_id", "item_name")


def _matching_ticket_ids_sql(
    user: User, keyword: str, *, query: SearchQuery, using: str
) -> tuple[str, list]:
    """The ids of the tickets `keyword` matches for `user`, as one UNION (SQL, params).

    Compiled once per search, not by each query that filters on it; the parts that
    carry a rule (visible messages, tags, customers' names) come from their querysets.
    """
    connection = connections[using]
    name = connection.ops.quote_name
    table, ticket_id = name(Ticket._meta.db_table), name(Ticket._meta.pk.column)
    parts = [
        (
            _TICKET_TEXT_MATCH.format(id=ticket_id, table=table, document=name("search_document")),
            [keyword],
        ),
        compiled(
            permissions.visible_messages(user).filter(search_document=query).values("ticket_id"),
            using,
        ),
    ]
    if len(keyword) >= MIN_TRIGRAM_KEYWORD:
        pattern = f"%{connection.ops.prep_for_like_query(keyword)}%"
        parts += [
            (_TICKET_FIELD_CONTAINS.format(id=ticket_id, table=table, field=name(field)), [pattern])
            for field in TRIGRAM_FIELDS
        ]
    for ids in (tagged_with_keyword(user, keyword), customer_tickets_named(user, keyword)):
        if ids is not None:
            parts.append(compiled(ids, using))
    sql = " UNION ".join(f"({part})" for part, _ in parts)
    return sql, [param for _, part_params in parts for param in part_params]


def _search_substring(tickets: QuerySet[Ticket], *, user: User, keyword: str) -> QuerySet[Ticket]:
    matching_messages = permissions.visible_messages(user).filter(
        ticket_id=OuterRef("pk"), body__icontains=keyword
    )
    tagged = tagged_with_keyword(user, keyword)
    by_customer = customer_tickets_named(user, keyword)
    return tickets.filter(
        Q(subject__icontains=keyword)
        | Q(description__icontains=keyword)
        | Q(case_number__icontains=keyword)
        | Q(order_id__icontains=keyword)
        | Q(item_name__icontains=keyword)
        | Exists(matching_messages)
        | (Q(pk__in=tagged) if tagged is not None else Q(pk__in=[]))
        | (Q(pk__in=by_customer) if by_customer is not None else Q(pk__in=[]))
    )


def thread_messages_for(user: User) -> QuerySet[Message]:
    """The messages of threads as the user sees them, oldest first, with authors and files."""
    return (
        permissions.visible_messages(user)
        .defer("search_document")
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


WRITTEN_ORDER = attrgetter("created_at", "id")


def put_in_written_order(rows: list) -> list:
    """Sort one ticket's prefetched messages or events oldest first, then by id, as ORDER BY
    created_at, id would. Sorted here, not by the database: to order a query Django's
    compiler matches every selected column against the ordering, a third of compiling it."""
    rows.sort(key=WRITTEN_ORDER)
    return rows


def category_root_code_of(prefix: str = "category") -> dict[str, F]:
    """The columns that name a ticket's category and its ancestors, for plain-row reads
    (values()) that need the root's code: `root_code(row)` picks it."""
    return {
        "category_code": F(f"{prefix}__code"),
        "category_parent_id": F(f"{prefix}__parent_id"),
        "category_parent_code": F(f"{prefix}__parent__code"),
        "category_grandparent_id": F(f"{prefix}__parent__parent_id"),
        "category_grandparent_code": F(f"{prefix}__parent__parent__code"),
    }


def root_code(row: dict) -> str | None:
    """The code of the top of a row's category path (None without a category); the tree is
    at most CATEGORY_MAX_DEPTH (3) deep, so the grandparent is a root."""
    if row["category_grandparent_id"] is not None:
        return row["category_grandparent_code"]
    if row["category_parent_id"] is not None:
        return row["category_parent_code"]
    return row["category_code"]


def public_agent_replies_of(*, user: User, ticket_ids: Iterable[int]) -> dict[int, list[dict]]:
    """Support's public replies on each of the tickets, oldest first, as plain rows (body,
    author_id, created_at): what a customer was told, read without building the threads."""
    rows = (
        permissions.visible_messages(user)
        .filter(
            ticket_id__in=list(ticket_ids),
            author_role=Role.AGENT,
            kind=MessageKind.REPLY,
            is_internal=False,
        )
        .order_by("created_at", "id")
        .values("ticket_id", "body", "author_id", "created_at")
    )
    replies: dict[int, list[dict]] = {}
    for row in rows:
        replies.setdefault(row["ticket_id"], []).append(row)
    return replies


def ticket_get_for(
    *,
    user: User,
    ticket_id: object,
    with_thread: bool = True,
    follow_merge: bool = True,
    columns: tuple[str, ...] = (),
    key_only: bool = False,
) -> Ticket:
    """The ticket a client's reference names, if the user may see it: the one resolver of
    ticket ids for every surface. With its visible thread (and, for agents, its events
    and tags) read unless `with_thread` is False: `ticket.thread` and
    `ticket.event_log` oldest first.

    A duplicate merged into another ticket answers with that ticket (its thread lives
    there), unless `follow_merge` is False: what shows or undoes the merge itself asks
    for the duplicate. Raises TicketNotFoundError alike for a malformed id, a missing
    ticket and a hidden one (a merge target the user may not see included).

    `columns` (with the thread) narrows the read to what an answer shows, as
    DETAIL_ROW_COLUMNS for the native API: its related rows are then the people and the
    vendor (the category as ever held apart), not the parent, merge target or seller
    account rows;
    its messages are read as THREAD_ROW_COLUMNS.
    `key_only` (no thread) reads just the id, for a write whose service re-reads the
    ticket under its lock: compiling and loading every column was a fifth of a reply.
    """
    pk = ticket_pk(ticket_id)
    role, viewer_ids = permissions.role_of(user), permissions.ticket_visibility_ids(user)
    if with_thread:
        ticket = TICKET_READ.one(role, columns, ticket=pk, **viewer_ids)
    else:
        ticket = BARE_TICKET_READ.one(role, key_only, ticket=pk, **viewer_ids)
    if ticket is None:
        raise TicketNotFoundError(ticket_id)
    if follow_merge and ticket.merged_into_id is not None:
        try:
            return ticket_get_for(
                user=user,
                ticket_id=ticket.merged_into_id,
                with_thread=with_thread,
                follow_merge=False,
                columns=columns,
                key_only=key_only,
            )
        except TicketNotFoundError:
            raise TicketNotFoundError(ticket_id) from None
    if with_thread:
        attach_thread(ticket, user=user, narrow=bool(columns))
    return ticket


TICKET_PAGE_RELATED = (
    "customer",
    "assignee",
    "vendor",
    "seller_account",
    "resolved_by",
)
# Pages name a follow-up's parent and a merge target by case number only. They come as
# two scalar subqueries, not two more joins of the ticket table: with its 39 indexes, each
# self-join multiplied the plans PostgreSQL weighs (5.2 ms of planning per page at 100k
# tickets, 1.4 ms without them).
LINKED_TICKETS = ("parent", "merged_into")


@functools.cache
def ticket_page_read() -> QuerySet[Ticket]:
    """What a ticket page reads of every ticket, built once per process: resolving the two
    linked case numbers' subqueries cost more calls than the rest of building the read.
    Never evaluated itself; each read filters a copy."""
    return with_linked_case_numbers(
        Ticket.objects.select_related(*TICKET_PAGE_RELATED).defer("search_document")
    )


def attach_thread(ticket: Ticket, *, user: User, narrow: bool) -> None:
    """Give the ticket its thread as the user sees it, its ratings, and for agents its tags
    and events, each read compiled once per process. `narrow`: the API's columns."""
    role, pk = permissions.role_of(user), ticket.pk
    viewer_ids = permissions.message_visibility_ids(user)
    thread = hold_rows_of(ticket, THREAD_READ.rows(role, narrow, ticket=pk, **viewer_ids))
    if thread:
        files = FILES_READ.rows(role, tickets=(pk,), **viewer_ids)
        attach_files(thread, files, as_list=narrow)
    ticket.thread = put_in_written_order(thread)
    hold_prefetched(ticket, "ratings", hold_rows_of(ticket, RATINGS_READ.rows(ticket=pk)))
    if permissions.is_agent(user):
        ticket.tag_rows = hold_rows_of(ticket, TAG_ROWS.rows(tickets=(pk,)))
        ticket.event_log = put_in_written_order(hold_rows_of(ticket, EVENTS_READ.rows(ticket=pk)))
    # The category and its parents come from a copy held per version of the picker lists,
    # not from three more joins.
    attach_held_relations(ticket)
    if not narrow:
        attach_linked_tickets(ticket)


def attach_threads(tickets: list[Ticket], *, user: User) -> None:
    """Give each of a page's tickets its thread as the user sees it (`ticket.thread`,
    oldest first, each message's files held as a prefetch would), in two reads compiled
    once per role and page size."""
    if not tickets:
        return
    role, ids = permissions.role_of(user), tuple(ticket.pk for ticket in tickets)
    viewer_ids = permissions.message_visibility_ids(user)
    messages = THREADS_READ.rows(role, tickets=ids, **viewer_ids)
    files = FILES_READ.rows(role, tickets=ids, **viewer_ids)
    attach_files(messages, files, as_list=False)
    by_ticket = {ticket.pk: [] for ticket in tickets}
    for message in messages:
        by_ticket[message.ticket_id].append(message)
    for ticket in tickets:
        ticket.thread = put_in_written_order(hold_rows_of(ticket, by_ticket[ticket.pk]))


def hold_rows_of(parent: Ticket | Message, rows: list) -> list:
    """Give each row `parent` as the row's foreign key to it, as a prefetch would have."""
    if rows:
        field = type(rows[0])._meta.get_field(PARENT_FIELDS[type(parent)])
        for row in rows:
            field.set_cached_value(row, parent)
    return rows


PARENT_FIELDS = {Ticket: "ticket", Message: "message"}


def attach_files(thread: list[Message], files: Iterable[Attachment], *, as_list: bool) -> None:
    """Hold each message's files, as ATTACHMENT_LIST or in the prefetch cache for
    `message.attachments.all()`."""
    by_message = {message.pk: [] for message in thread}
    for file in files:
        by_message[file.message_id].append(file)
    for message in thread:
        attached = hold_rows_of(message, by_message[message.pk])
        if as_list:
            setattr(message, ATTACHMENT_LIST, attached)
        else:
            hold_prefetched(message, "attachments", attached)


def _ticket_read(role, columns, *, ticket, **viewer_ids) -> QuerySet[Ticket]:
    viewer = permissions.stand_in(role, **viewer_ids)
    if columns:
        tickets = permissions.visible_tickets(viewer)
        tickets = tickets.select_related(*TICKET_ANSWER_RELATED).only(*columns)
    else:
        tickets = permissions.visible_tickets(viewer, among=ticket_page_read())
    return tickets.filter(pk=ticket)


def _bare_ticket_read(role, key_only, *, ticket, **viewer_ids) -> QuerySet[Ticket]:
    tickets = permissions.visible_tickets(permissions.stand_in(role, **viewer_ids))
    if key_only:
        tickets = tickets.only("pk", "merged_into")
    return tickets.filter(pk=ticket)


def _thread_read(role, narrow, *, ticket, **viewer_ids) -> QuerySet[Message]:
    viewer = permissions.stand_in(role, **viewer_ids)
    messages = permissions.visible_messages(viewer).select_related("author")
    messages = messages.only(*THREAD_ROW_COLUMNS) if narrow else messages.defer("search_document")
    return messages.filter(ticket_id=ticket)


def _threads_read(role, *, tickets, **viewer_ids) -> QuerySet[Message]:
    viewer = permissions.stand_in(role, **viewer_ids)
    messages = permissions.visible_messages(viewer).defer("search_document")
    return messages.select_related("author").filter(ticket_id__in=tickets)


def _files_read(role, *, tickets, **viewer_ids) -> QuerySet[Attachment]:
    """The files of the tickets' messages the viewer sees, in upload order."""
    viewer = permissions.stand_in(role, **viewer_ids)
    visible = permissions.visible_messages(viewer).filter(ticket_id__in=tickets).values("pk")
    return Attachment.objects.filter(message__in=visible).order_by("pk")


THREADS_READ = CompiledRead(_threads_read)


# A ticket's reads with its thread, each compiled once per process: what the visibility
# rules narrow per role (and for the API's narrower columns), the rest per ticket.
TICKET_READ = CompiledRead(_ticket_read)
BARE_TICKET_READ = CompiledRead(_bare_ticket_read)
THREAD_READ = CompiledRead(_thread_read)
FILES_READ = CompiledRead(_files_read)
# The API names who rated.
RATINGS_READ = CompiledRead(
    lambda *, ticket: (
        Rating.objects.select_related("rated_by").filter(ticket_id=ticket).order_by("pk")
    )
)
EVENTS_READ = CompiledRead(
    lambda *, ticket: TicketEvent.objects.select_related("actor").filter(ticket_id=ticket)
)


def with_linked_case_numbers(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return tickets.annotate(
        **{
            f"{relation}_case_number": Subquery(
                Ticket.objects.filter(pk=OuterRef(f"{relation}_id")).values("case_number")[:1]
            )
            for relation in LINKED_TICKETS
        }
    )


def attach_linked_tickets(ticket: Ticket) -> None:
    """Give `ticket` its parent and merge target as rows of their id and case number (the
    rest deferred), as `.only()` would have loaded them, from with_linked_case_numbers."""
    for relation in LINKED_TICKETS:
        linked_id = getattr(ticket, f"{relation}_id")
        if linked_id is not None:
            row = [linked_id, getattr(ticket, f"{relation}_case_number")]
            linked = Ticket.from_db(ticket._state.db, ["id", "case_number"], row)
            Ticket._meta.get_field(relation).set_cached_value(ticket, linked)


def attach_held_relations(ticket: Ticket) -> None:
    """Give `ticket` its category (with its parents) from the copy held per version of
    the picker lists, as select_related would have: no query and no join then."""
    attach_held_categories([ticket])


def attach_held_categories(tickets: Iterable[Ticket]) -> None:
    """attach_held_relations for each of `tickets`, the copy looked up once. A category
    not in the copy yet (made in another process a moment ago) loads as usual."""
    from .pickers import categories_by_id

    held = None
    for ticket in tickets:
        if ticket.category_id is None:
            continue
        held = categories_by_id() if held is None else held
        category = held.get(ticket.category_id)
        if category is not None:
            Ticket.category.field.set_cached_value(ticket, category)


def hold_prefetched(instance: object, relation: str, rows: Iterable[object]) -> None:
    """Give `instance` the rows of a reverse relation as prefetch_related would have (the
    same cache Django fills), from rows a service already holds: reading
    `instance.<relation>.all()` then costs no query."""
    queryset = getattr(instance, relation).all()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = queryset


def prefetched(instance: object, relation: str) -> Iterable[object]:
    """The rows of a reverse relation that prefetch_related (or hold_prefetched) gave
    `instance`, read from the cache without a related manager (a queryset clone and a
    router call each: per message of a long thread, that added up); the query otherwise."""
    cache = instance.__dict__.get("_prefetched_objects_cache", {})
    if relation in cache:
        return cache[relation]
    return getattr(instance, relation).all()


def message_attachments(message: Message) -> Iterable[Attachment]:
    """A message's files as its read fetched them (ATTACHMENT_LIST or the prefetch cache),
    or with a query when it fetched none."""
    held = getattr(message, ATTACHMENT_LIST, None)
    return held if held is not None else prefetched(message, "attachments")


def ticket_as_opened_for(*, user: User, ticket: Ticket) -> Ticket:
    """The ticket `user` just opened (ticket_create's result, carrying `first_message`),
    shaped as ticket_get_for shapes it for them, from the rows the service wrote instead
    of reading the ticket and its thread back: the thread is the opening message (a public
    reply by the opener, which everyone who sees the ticket sees), there are no ratings
    or tags yet. Agents get the event log, read (creation and any SLA event). Metadata is
    read back when there is any, as the database may reorder a JSON object's keys."""
    ticket.thread = [ticket.first_message]
    hold_prefetched(ticket, "ratings", [])
    if permissions.is_agent(user):
        ticket.tag_rows = []
        ticket.event_log = list(
            TicketEvent.objects.filter(ticket_id=ticket.pk)
            .select_related("actor")
            .order_by("created_at", "id")
        )
    if ticket.metadata:
        ticket.metadata = Ticket.objects.values_list("metadata", flat=True).get(pk=ticket.pk)
    return ticket


def ticket_parent_for(*, user: User, ticket_id: object, field: str) -> Ticket | None:
    """The ticket a new one follows up (None when no id is given): one the user sees.
    Raises InvalidInputError naming `field` otherwise, missing and hidden alike."""
    if ticket_id is None:
        return None
    try:
        return ticket_get_for(user=user, ticket_id=ticket_id, with_thread=False)
    except TicketNotFoundError:
        raise InvalidInputError(field, f"Ticket {ticket_id} is not one you can see.") from None


@dataclass(frozen=True)
class ThreadEntry:
    at: datetime
    message: Message | None = None
    event: TicketEvent | None = None


def thread_entries(ticket: Ticket) -> list[ThreadEntry]:
    """Messages and (when prefetched) events of a ticket from ticket_get_for, in order."""
    entries = chain(
        (ThreadEntry(at=m.created_at, message=m) for m in ticket.thread),
        (ThreadEntry(at=e.created_at, event=e) for e in getattr(ticket, "event_log", [])),
    )
    return sorted(entries, key=lambda entry: entry.at)


def category_list(*, include_inactive: bool = False) -> QuerySet[Category]:
    """Categories that take tickets, in tree order (depth, sort order, name): neither they
    nor an ancestor deleted, nor (unless `include_inactive`) inactive."""
    categories = (
        Category.objects.filter(is_deleted=False)
        .exclude(parent__is_deleted=True)
        .exclude(parent__parent__is_deleted=True)
        .select_related("parent", "parent__parent")
    )
    if not include_inactive:
        categories = (
            categories.filter(is_active=True)
            .exclude(parent__is_active=False)
            .exclude(parent__parent__is_active=False)
        )
    return categories.order_by("depth", "sort_order", "name", "id")


def category_list_for(*, user: User, is_active: bool | None = None) -> QuerySet[Category]:
    """The undeleted categories `user` may see, in tree order: inactive ones only for roles
    the field rule shows them to. `is_active` keeps only the active or the inactive ones."""
    may_see_inactive = permissions.can_see_field(user, permissions.VisibleField.INACTIVE_CATEGORIES)
    categories = category_list(include_inactive=may_see_inactive)
    if is_active is not None:
        categories = categories.filter(is_active=is_active)
    return categories


def category_subtree(roots: Q, *, max_depth: int = CATEGORY_MAX_DEPTH) -> QuerySet[Category]:
    """The categories `roots` selects and every category below them, down to `max_depth`
    (the tree is at most three deep): the one subtree filter of every surface."""
    root_ids = Category.objects.filter(roots).values("pk")
    return Category.objects.filter(
        Q(pk__in=root_ids) | Q(parent_id__in=root_ids) | Q(parent__parent_id__in=root_ids),
        depth__lte=max_depth,
    )


def tickets_in_categories(
    tickets: QuerySet[Ticket], roots: Q, *, max_depth: int = CATEGORY_MAX_DEPTH
) -> QuerySet[Ticket]:
    """Keep the tickets filed under `roots` or any category below them."""
    return tickets.filter(category__in=category_subtree(roots, max_depth=max_depth).values("pk"))


def category_find(*, code: str, parent_codes: Iterable[str] | None = None) -> Category | None:
    """The category with `code`: a root one, or with `parent_codes` a child of a root whose
    code is among them. Inactive and deleted nodes are returned too (services refuse them)."""
    if parent_codes is None:
        return Category.objects.filter(code=code, parent__isnull=True).first()
    return (
        Category.objects.filter(
            code=code, parent__code__in=list(parent_codes), parent__parent__isnull=True
        )
        .order_by("parent__sort_order", "id")
        .first()
    )


def category_tree(*, include_inactive: bool = False) -> list[tuple[Category, int]]:
    """Categories depth-first as (category, depth) pairs, for pickers and admin."""
    nodes = list(category_list(include_inactive=include_inactive))
    children: dict[int | None, list[Category]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    ordered: list[tuple[Category, int]] = []

    def walk(parent_id: int | None) -> None:
        for node in children.get(parent_id, []):
            ordered.append((node, node.depth))
            walk(node.pk)

    walk(None)
    return ordered


def customer_get_for(*, user: User, customer_id: int) -> User:
    """The customer `customer_id` names, for `user` to act or read on their behalf.

    Only agents may name another customer: anyone else naming an id that is not their own
    is refused before any lookup, so the answer (ActionNotAllowedError) is the same whether
    the id is a customer, another kind of user or nobody. Raises NotFoundError for an id
    that is no customer.
    """
    if customer_id != user.pk and not permissions.is_agent(user):
        raise ActionNotAllowedError("Only support agents may act for another customer.")
    customer = User.objects.filter(pk=customer_id).first()
    if customer is None or not permissions.is_customer(customer):
        raise NotFoundError(f"Customer {customer_id} was not found.")
    return customer


def vendor_get_for(*, user: User, code: str) -> Vendor | None:
    """The vendor `code` names, for `user` to work as: None when no vendor has that code.

    Only agents may name any vendor. Anyone else naming a code that is not their own is
    refused (ActionNotAllowedError) before any lookup, so the answer is the same whether
    the code belongs to another vendor or to none.
    """
    if permissions.is_agent(user):
        return Vendor.objects.filter(code=code).first()
    own = user.vendor if permissions.is_vendor(user) else None
    if own is None or own.code != code:
        raise ActionNotAllowedError("You may only use your own vendor code.")
    return own


def agents() -> QuerySet[User]:
    """Active agents by username. Built from two indexed id sets rather than an OR across
    the group join, which would scan every customer."""
    group_members = User.groups.through.objects.filter(group__name=permissions.AGENTS_GROUP).values(
        "user_id"
    )
    staff = User.objects.filter(Q(is_staff=True) | Q(is_superuser=True)).values("pk")
    return User.objects.filter(pk__in=group_members.union(staff), is_active=True).order_by(
        "username"
    )


def attachment_get_for(*, user: User, attachment_uuid: object) -> Attachment:
    """An attachment the user may download: on a message they see, or their own upload
    not yet used. Raises AttachmentNotFoundError otherwise (hidden and missing alike)."""
    try:
        wanted = uuid.UUID(str(attachment_uuid))
    except ValueError:
        raise AttachmentNotFoundError() from None
    visible_on_thread = Q(
        message__in=permissions.visible_messages(user).filter(
            ticket__in=permissions.visible_tickets(user)
        )
    )
    own_unused_upload = Q(message__isnull=True, uploaded_by_id=user.pk)
    attachment = (
        Attachment.objects.filter(visible_on_thread | own_unused_upload, uuid=wanted)
        .select_related("message")
        .first()
    )
    if attachment is None:
        raise AttachmentNotFoundError()
    return attachment


def pending_uploads_for(*, user: User, uuids: Iterable[uuid.UUID]) -> list[Attachment]:
    """The user's own uploads among `uuids` that no message uses yet, oldest first: the
    files a form kept after an error. Anyone else's, used or expired ones are left out."""
    wanted = list(uuids)
    if not wanted:
        return []
    return list(
        Attachment.objects.filter(
            uuid__in=wanted, uploaded_by_id=user.pk, message__isnull=True
        ).order_by("created_at", "id")
    )


QUEUE_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER)
PRIORITY_RANK = Case(
    When(priority=Priority.URGENT, then=Value(4)),
    When(priority=Priority.HIGH, then=Value(3)),
    When(priority=Priority.NORMAL, then=Value(2)),
    When(priority=Priority.LOW, then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)


def ticket_annotate_for_list(tickets: QuerySet[Ticket], *, user: User) -> QuerySet[Ticket]:
    """Add `message_count` (only the messages the user may see, so internal notes never
    show in a customer's or vendor's counts) and `priority_rank` (urgent highest, to sort
    by), each as one subquery or expression whatever the page size."""
    visible = (
        permissions.visible_messages(user)
        .filter(ticket_id=OuterRef("pk"))
        .order_by()
        .values("ticket_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return tickets.annotate(
        message_count=Coalesce(Subquery(visible, output_field=IntegerField()), 0),
        priority_rank=PRIORITY_RANK,
    )


# What a native API list row shows (tickets.api's TicketListOut): the ticket's own values,
# its category path (codes and names up to the root), the people's names, the vendor's
# code. The rest of ~130 joined columns (descriptions, metadata, passwords, audit stamps)
# cost SQL compiling, decoding and model building per row and were never read.
TICKET_ROW_OWN_COLUMNS = (
    "id",
    "case_number",
    "subject",
    "status",
    "priority",
    "seller_account_id",
    "transfer_status",
    "waiting_on",
    "waiting_since",
    "order_id",
    "warehouse_id",
    "item_id",
    "item_name",
    "created_at",
    "updated_at",
    "last_activity_at",
    "first_response_at",
    "resolved_at",
    "current_rating",
    "merged_into_id",
    "sla_policy_id",
    "sla_due_at",
    "sla_first_response_due_at",
    "sla_resolution_due_at",
    "sla_at_risk_at",
    "sla_paused_since",
    "sla_paused_seconds",
    "sla_first_response_breached_at",
    "sla_resolution_breached_at",
    *(f"{person}__{column}" for person in ("customer", "assignee") for column in USER_REF),
    "vendor__code",
)
# A list row's category (with its parents) comes from the held copy
# (attach_held_categories), so only the key is read.
LIST_ROW_COLUMNS = (*TICKET_ROW_OWN_COLUMNS, "category")
LIST_ROW_RELATED = ("customer", "assignee", "vendor")


# What a native API ticket answer shows (TicketDetailOut): a list row's, and its text,
# links, metadata and who resolved it. Its category comes from the held copy
# (attach_held_relations), so only the key is read.
TICKET_ANSWER_RELATED = ("customer", "assignee", "vendor", "resolved_by")
DETAIL_ROW_COLUMNS = (
    *TICKET_ROW_OWN_COLUMNS,
    "category",
    "description",
    "parent_id",
    "metadata",
    "resolved_by_role",
    *(f"resolved_by__{column}" for column in USER_REF),
)


# Where a narrowed thread read (ticket_get_for's `columns`) puts each message's files.
ATTACHMENT_LIST = "attachment_list"
# What a native API message shows (MessageOut), for a thread of hundreds: not its
# metadata, channel or vendor, nor its author's password, email and stamps.
THREAD_ROW_COLUMNS = (
    "id",
    "ticket",
    "author_role",
    "kind",
    "body",
    "is_internal",
    "created_at",
    "merged_from",
    *(f"author__{column}" for column in USER_REF),
)


def ticket_list_rows(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """A list of tickets with its rows' people and vendor joined, and only the columns a
    list row shows (LIST_ROW_COLUMNS). Give the page read its categories with
    attach_held_categories: joining the category, its parent and grandparent made
    PostgreSQL weigh eight tables, 8-19 ms of planning per list at 100k tickets."""
    return tickets.select_related(None).select_related(*LIST_ROW_RELATED).only(*LIST_ROW_COLUMNS)


def ticket_queue_for(*, user: User) -> QuerySet[Ticket]:
    """The agents' work queue: tickets not yet resolved or cancelled, most urgent first,
    then the longest waiting. Raises ActionNotAllowedError for anyone but an agent."""
    permissions.require_agent(user)
    return ticket_annotate_for_list(
        ticket_list_for(user=user).filter(status__in=QUEUE_STATUSES), user=user
    ).order_by("-priority_rank", "last_activity_at", "id")


def _vendor_exchange_prefetch(user: User) -> Prefetch:
    messages = (
        permissions.visible_messages(user)
        .filter(kind__in=permissions.VENDOR_EXCHANGE_KINDS)
        .select_related("author", "vendor")
        .order_by("created_at", "id")
    )
    return Prefetch("messages", queryset=messages, to_attr="exchange")


def vendor_ticket_list_for(*, user: User, vendor: Vendor | None = None) -> QuerySet[Ticket]:
    """Tickets transferred to a vendor (to `vendor`, if given) that the user sees, with
    their vendor exchange (transfer notes and vendor answers the user may see, oldest
    first) prefetched as `exchange`. Unordered: the caller orders. Vendors and agents only:
    raises ActionNotAllowedError for anyone else."""
    if not (permissions.is_vendor(user) or permissions.is_agent(user)):
        raise ActionNotAllowedError("Only vendors and support agents read transferred tickets.")
    tickets = permissions.visible_tickets(user).exclude(transfer_status=TransferStatus.NONE)
    tickets = (
        tickets.filter(vendor__isnull=False) if vendor is None else tickets.filter(vendor=vendor)
    )
    return tickets.select_related(
        "vendor", "category", "category__parent", "category__parent__parent"
    ).prefetch_related(_vendor_exchange_prefetch(user))


def vendor_ticket_get_for(*, user: User, ticket_id: object, vendor: Vendor | None = None) -> Ticket:
    """One ticket of vendor_ticket_list_for. Raises TicketNotFoundError for a missing, hidden
    or never transferred ticket, and for an id that cannot name a row."""
    pk = ticket_pk(ticket_id)
    ticket = vendor_ticket_list_for(user=user, vendor=vendor).filter(pk=pk).first()
    if ticket is None:
        raise TicketNotFoundError(ticket_id)
    return ticket
