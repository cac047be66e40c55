"""What the pages' pickers list (the category tree, the agents, the vendors), built once per
change instead of once per request.

A page with an assignee, a category and a vendor select would otherwise read and build a
few hundred model instances on every request. The lists are kept in each process's memory
with the version they were built at; the version lives in the shared cache, so a change on
any app host (a save, an admin action, a new agent) gives it a new value and every host
rebuilds on its next read. One version covers all three lists (and what is held with
them: the ticket page's macros, the categories by id): changes are rare, and a rebuild is
three small queries. An emptied cache (a restart of Redis) also means new lists.

A change rebuilds the lists at once in its own process, and replaces the version again
after its commit. Lists built inside a transaction may hold rows that are not committed
yet, so they are used only while a transaction is open (the one that made the change, in
practice); a request outside any transaction rebuilds them from committed rows.
"""

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import selectors
from .models import Category, User, Vendor

VERSION_KEY = "pickers:version"
# Without a working cache every read rebuilds: stale lists are worse than slow ones.
UNCACHED = "uncached"


class CategoryNode(NamedTuple):
    """An active category as the pickers show it."""

    id: int
    name: str
    depth: int
    parent_id: int | None
    root_id: int
    # The top level's channel (CategoryChannel), "" when it has none.
    channel: str
    # No active sub-category: tickets may be filed here.
    is_leaf: bool


@dataclass(frozen=True)
class Pickers:
    # (id, name, depth) of the active categories, parents before their children.
    categories: tuple[tuple[int, str, int], ...]
    # The same categories with their place in the tree.
    category_nodes: tuple[CategoryNode, ...]
    # (id, username) of the active agents, by username.
    agents: tuple[tuple[int, str], ...]
    # (code, name) of every vendor, by code.
    vendors: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Held:
    version: str
    pickers: Pickers
    # Built inside a transaction: may include rows that roll back.
    provisional: bool
    # What pages compute from the lists (rendered selects), dropped with them.
    derived: dict = field(default_factory=dict)


_held: dict[str, _Held] = {}


class _HeldValue(NamedTuple):
    version: str
    value: object
    provisional: bool


_held_values: dict[str, _HeldValue] = {}
_lock = threading.Lock()


# Within one request the version is read once: a page with several pickers asks often.
_request = threading.local()


def _current_version() -> str:
    version = getattr(_request, "version", None)
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        # Another process may have added its own first: everyone uses the stored one.
        version = cache.get(VERSION_KEY) or UNCACHED
    if getattr(_request, "active", False):
        _request.version = version
    return version


def _request_started(**kwargs) -> None:
    _request.active, _request.version = True, None


def _request_finished(**kwargs) -> None:
    _request.active, _request.version = False, None


def _category_nodes(tree: list[tuple[Category, int]]) -> tuple[CategoryNode, ...]:
    parent_ids = {node.parent_id for node, _ in tree}
    root_of: dict[int, Category] = {}
    nodes = []
    # Parents come before their children, so a node's root is known when it is reached.
    for node, depth in tree:
        root = node if node.parent_id is None else root_of[node.parent_id]
        root_of[node.pk] = root
        nodes.append(
            CategoryNode(
                id=node.pk,
                name=node.name,
                depth=depth,
                parent_id=node.parent_id,
                root_id=root.pk,
                channel=root.channel,
                is_leaf=node.pk not in parent_ids,
            )
        )
    return tuple(nodes)


def _build_and_hold(version: str) -> Pickers:
    tree = selectors.category_tree()
    built = Pickers(
        categories=tuple((node.pk, node.name, depth) for node, depth in tree),
        category_nodes=_category_nodes(tree),
        agents=tuple(selectors.agents().values_list("pk", "username")),
        vendors=tuple(Vendor.objects.order_by("code").values_list("code", "name")),
    )
    with _lock:
        _held["pickers"] = _Held(version, built, provisional=connection.in_atomic_block)
    return built


def _current() -> _Held:
    version = _current_version()
    held = _held.get("pickers")
    if (
        held is not None
        and held.version == version
        and version != UNCACHED
        and (not held.provisional or connection.in_atomic_block)
    ):
        return held
    _build_and_hold(version)
    return _held["pickers"]


def pickers() -> Pickers:
    """The current picker lists; one cache read when nothing changed."""
    return _current().pickers


def category_has_children(category_id: int) -> bool:
    """Whether an active category has active sub-categories (tickets are filed on its
    leaves); from the held lists, so no query while nothing changed."""
    parent_ids = derived(
        ("category-parent-ids",),
        lambda: frozenset(node.parent_id for node in pickers().category_nodes),
    )
    return category_id in parent_ids


def _categories_by_id() -> dict[int, Category]:
    # Every category, inactive and deleted ones too: a ticket keeps the one it was filed in.
    by_id = {category.pk: category for category in Category.objects.all()}
    # Each one's parent is the held row itself: one instance per category, linked here.
    for category in by_id.values():
        if category.parent_id in by_id:
            Category.parent.field.set_cached_value(category, by_id[category.parent_id])
    return by_id


def categories_by_id() -> dict[int, Category]:
    """Every category with its parents, by id, read once per version of the lists (a
    category's save moves it): a ticket's page names its category's path without
    joining three category rows to the ticket. Shared between requests: read-only."""
    return _versioned("categories-by-id", _categories_by_id)


def _versioned(key: str, build: Callable[[], object]) -> object:
    """A value read from the database once per version of the lists, held like them but
    apart from them: a page that needs it (the vendor's ticket page) does not build the
    pickers' lists too."""
    version = _current_version()
    held = _held_values.get(key)
    if (
        held is None
        or held.version != version
        or version == UNCACHED
        or (held.provisional and not connection.in_atomic_block)
    ):
        held = _HeldValue(version, build(), provisional=connection.in_atomic_block)
        with _lock:
            _held_values[key] = held
    return held.value


def derived(key: tuple, build: Callable[[], object]) -> object:
    """A value computed from the current picker lists (say, a rendered select), built once
    and kept until the lists change. `key` names it among the others."""
    held = _current()
    if key not in held.derived:
        held.derived[key] = build()
    return held.derived[key]


def _new_version() -> str:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    _request.version = None
    return version


def pickers_changed() -> None:
    """Call after changing categories, vendors or agents in a way signals do not see
    (a queryset update)."""
    _build_and_hold(_new_version())
    transaction.on_commit(_new_version)


def _on_category_or_vendor(sender, **kwargs) -> None:
    pickers_changed()


def _on_user_saved(sender, instance: User, created: bool, update_fields, **kwargs) -> None:
    # Logins save last_login only, and a new customer joins no picker.
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return
    if created and not (instance.is_staff or instance.is_superuser):
        return
    pickers_changed()


def _on_groups_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        pickers_changed()


def _on_macro_changed(sender, **kwargs) -> None:
    # The ticket page's macro picker is held with the lists (tickets.web.tool_context).
    pickers_changed()


def connect_signals() -> None:
    from .agenttools.models import Macro

    request_started.connect(_request_started, dispatch_uid="pickers-request-started")
    request_finished.connect(_request_finished, dispatch_uid="pickers-request-finished")
    for model in (Category, Vendor):
        post_save.connect(_on_category_or_vendor, sender=model, dispatch_uid=f"pickers-{model}")
        post_delete.connect(_on_category_or_vendor, sender=model, dispatch_uid=f"pickers-d{model}")
    post_save.connect(_on_user_saved, sender=User, dispatch_uid="pickers-user")
    post_delete.connect(_on_category_or_vendor, sender=User, dispatch_uid="pickers-user-delete")
    m2m_changed.connect(_on_groups_changed, sender=User.groups.through, dispatch_uid="pickers-g")
    post_save.connect(_on_macro_changed, sender=Macro, dispatch_uid="pickers-macro")
    post_delete.connect(_on_macro_changed, sender=Macro, dispatch_uid="pickers-macro-delete")
