"""Macros: a canned reply with placeholders that may also set fields and tags, in one act."""

import re
from collections.abc import Callable, Iterable

from .. import permissions
from ..agenttools.models import Macro
from ..agenttools.selectors import macro_get_for
from ..errors import ActionNotAllowedError, InvalidInputError
from ..models import Category, EventKind, Priority, Status, Ticket, User
from ..permissions import UserRole
from ..pickers import category_has_children
from . import use_case
from .events import event_record
from .messages import _post
from .tags import tag_names_parse, tags_change
from .tickets import _change_category, _change_priority, _set_status, lock


def _full_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


PLACEHOLDERS: dict[str, tuple[str, Callable[[Ticket, User], str]]] = {
    "customer_name": ("The customer's full name", lambda t, a: _full_name(t.customer)),
    "customer_first_name": (
        "The customer's first name",
        lambda t, a: t.customer.first_name or t.customer.username,
    ),
    "case_number": ("The ticket's case number", lambda t, a: t.case_number or ""),
    "order_id": ("The order number", lambda t, a: t.order_id),
    "item_name": ("The item's name", lambda t, a: t.item_name),
    "subject": ("The ticket's subject", lambda t, a: t.subject),
    "agent_name": ("Your own name", lambda t, a: _full_name(a)),
}
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def macro_check_placeholders(body: str) -> None:
    """Raise InvalidInputError (field `body`) for a placeholder the macros do not know."""
    for name in PLACEHOLDER.findall(body or ""):
        if name not in PLACEHOLDERS:
            known = ", ".join(f"{{{{ {key} }}}}" for key in PLACEHOLDERS)
            raise InvalidInputError("body", f"Unknown placeholder {{{{ {name} }}}}; use {known}.")


def macro_render(body: str, *, ticket: Ticket, actor: User) -> str:
    """The body with each placeholder replaced by the ticket's (or the agent's) value; a
    value the ticket lacks (no order number) becomes empty text."""
    return PLACEHOLDER.sub(lambda match: PLACEHOLDERS[match.group(1)][1](ticket, actor), body)


def can_edit_macro(user: User, macro: Macro) -> bool:
    return macro.owner_id == user.pk or permissions.role_of(user) == UserRole.ADMIN


def _clean_fields(
    *,
    name: str,
    body: str,
    set_status: str,
    set_priority: str,
    set_category: Category | None,
    add_tags: Iterable[object] | str,
    remove_tags: Iterable[object] | str,
) -> dict:
    name = (name or "").strip()
    if not name:
        raise InvalidInputError("name", "Give the macro a name.")
    macro_check_placeholders(body)
    if set_status and set_status not in Status.values:
        raise InvalidInputError("set_status", f"'{set_status}' is not a status.")
    if set_priority and set_priority not in Priority.values:
        raise InvalidInputError("set_priority", f"'{set_priority}' is not a priority.")
    if set_category is not None and (not set_category.is_active or set_category.is_deleted):
        raise InvalidInputError("set_category", "This category is not available.")
    if set_category is not None and category_has_children(set_category.pk):
        raise InvalidInputError(
            "set_category", f"'{set_category.name}' has sub-categories: choose one of them."
        )
    add = tag_names_parse(add_tags, field="add_tags")
    remove = tag_names_parse(remove_tags, field="remove_tags")
    if set(add) & set(remove):
        raise InvalidInputError("remove_tags", "A tag cannot be both added and removed.")
    if not ((body or "").strip() or set_status or set_priority or set_category or add or remove):
        raise InvalidInputError("body", "A macro needs a text or at least one change to make.")
    return {
        "name": name,
        "body": body or "",
        "set_status": set_status or "",
        "set_priority": set_priority or "",
        "set_category": set_category,
        "add_tags": add,
        "remove_tags": remove,
    }


@use_case
def macro_save(
    *,
    actor: User,
    macro: Macro | None = None,
    name: str,
    body: str = "",
    is_internal: bool = False,
    is_shared: bool = False,
    set_status: str = "",
    set_priority: str = "",
    set_category: Category | None = None,
    add_tags: Iterable[object] | str = (),
    remove_tags: Iterable[object] | str = (),
) -> Macro:
    """Create a macro owned by `actor`, or change `macro` (its owner or an admin only).

    Raises ActionNotAllowedError for non-agents and for someone else's macro,
    InvalidInputError naming the field for an unknown placeholder, status, priority or
    category, a malformed tag, or a macro that would do nothing.
    """
    permissions.require_agent(actor)
    fields = _clean_fields(
        name=name,
        body=body,
        set_status=set_status,
        set_priority=set_priority,
        set_category=set_category,
        add_tags=add_tags,
        remove_tags=remove_tags,
    )
    if macro is None:
        macro = Macro(owner=actor)
    else:
        macro = Macro.objects.select_for_update().get(pk=macro.pk)
        if not can_edit_macro(actor, macro):
            raise ActionNotAllowedError("Only its owner or an admin may change this macro.")
    for key, value in fields.items():
        setattr(macro, key, value)
    macro.is_internal = bool(is_internal)
    macro.is_shared = bool(is_shared)
    macro.save()
    return macro


@use_case
def macro_delete(*, actor: User, macro: Macro) -> None:
    """Delete a macro (its owner or an admin). Tickets it changed keep their history."""
    permissions.require_agent(actor)
    if not can_edit_macro(actor, macro):
        raise ActionNotAllowedError("Only its owner or an admin may delete this macro.")
    Macro.objects.filter(pk=macro.pk).delete()


@use_case
def macro_apply(*, ticket: Ticket, actor: User, macro: Macro) -> Ticket:
    """Apply a macro to one ticket, all or nothing.

    In order: the text (placeholders filled in) is posted as a reply or a note by the same
    step as message_post, so a reply moves the status as any reply does; then the
    category, priority and status are set by the field services' steps; then the tags
    change. Each
    step writes its own event, and a `macro_applied` event names the macro. Raises what
    those services raise (TicketClosedError, TransitionNotAllowedError, ...) and
    MacroNotFoundError for a macro the actor may not use; nothing is written then.
    """
    permissions.require_agent(actor)
    macro = macro_get_for(user=actor, macro_id=macro.pk)
    ticket = lock(ticket)
    if macro.body.strip():
        body = macro_render(macro.body, ticket=ticket, actor=actor)
        _post(ticket, actor=actor, body=body, is_internal=macro.is_internal)
    if macro.set_category_id:
        ticket = _change_category(ticket, actor=actor, category=macro.set_category)
    if macro.set_priority:
        ticket = _change_priority(ticket, actor=actor, priority=macro.set_priority)
    if macro.set_status:
        ticket = _set_status(ticket, actor=actor, to=macro.set_status)
    tags_change(ticket, actor=actor, add=macro.add_tags, remove=macro.remove_tags)
    event_record(ticket=ticket, actor=actor, kind=EventKind.MACRO_APPLIED, to_value=macro.name)
    return ticket
