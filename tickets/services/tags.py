"""Tags on tickets: free labels agents add and remove, each change in the event log."""

import re
from collections.abc import Iterable

from .. import permissions
from ..agenttools.models import TAG_MAX_LENGTH, Tag, TicketTag
from ..errors import InvalidInputError
from ..models import EventKind, Ticket, User
from ..permissions import Action
from . import use_case
from .events import event_record
from .tickets import lock, save_ticket

MAX_TAGS_PER_TICKET = 20
TAG_NAME = re.compile(r"^[\w][\w\-.]*$")


def tag_normalize(name: object, *, field: str = "tags") -> str:
    """One tag name as stored: trimmed, lower case, inner spaces as dashes.

    Raises InvalidInputError naming `field` for an empty, too long or odd name.
    """
    text = re.sub(r"\s+", "-", str(name).strip().lower())
    if not text:
        raise InvalidInputError(field, "A tag cannot be empty.")
    if len(text) > TAG_MAX_LENGTH:
        raise InvalidInputError(field, f"A tag has at most {TAG_MAX_LENGTH} characters.")
    if not TAG_NAME.match(text):
        raise InvalidInputError(
            field, f"'{text}': tags use letters, digits, '-', '_' and '.' only."
        )
    return text


def tag_names_parse(value: str | Iterable[object], *, field: str = "tags") -> list[str]:
    """Names from a comma-separated string or a list, normalised, in order, without repeats."""
    items = value.split(",") if isinstance(value, str) else list(value)
    names = [tag_normalize(item, field=field) for item in items if str(item).strip()]
    return list(dict.fromkeys(names))


def _ticket_tag_names(ticket: Ticket) -> list[str]:
    return sorted(TicketTag.objects.filter(ticket=ticket).values_list("tag__name", flat=True))


def tags_change(
    ticket: Ticket, *, actor: User, add: Iterable[str] = (), remove: Iterable[str] = ()
) -> bool:
    """Add and remove normalised tag names on a ticket locked by the caller, creating new
    tags on first use; one `tags_changed` event when anything changed. Returns whether it
    did. A part of other acts (macros, bulk): runs in the caller's transaction."""
    add, remove = list(add), set(remove)
    before = _ticket_tag_names(ticket)
    wanted = [name for name in add if name not in before and name not in remove]
    dropped = [name for name in before if name in remove]
    if len(before) - len(dropped) + len(wanted) > MAX_TAGS_PER_TICKET:
        raise InvalidInputError("tags", f"A ticket has at most {MAX_TAGS_PER_TICKET} tags.")
    if not wanted and not dropped:
        return False
    if dropped:
        TicketTag.objects.filter(ticket=ticket, tag__name__in=dropped).delete()
    for name in wanted:
        tag, _ = Tag.objects.get_or_create(name=name, defaults={"created_by": actor})
        TicketTag.objects.create(ticket=ticket, tag=tag, added_by=actor)
    after = sorted(set(before) - set(dropped) | set(wanted))
    save_ticket(ticket)
    event_record(
        ticket=ticket,
        actor=actor,
        kind=EventKind.TAGS_CHANGED,
        from_value=", ".join(before),
        to_value=", ".join(after),
    )
    return True


@use_case
def ticket_tags_change(
    *, ticket: Ticket, actor: User, add: Iterable[object] = (), remove: Iterable[object] = ()
) -> Ticket:
    """Add and remove tags on one ticket (agents only), all or nothing.

    Raises InvalidInputError (field `tags`) for a malformed name or too many tags,
    ActionNotAllowedError for anyone but an agent, TicketNotFoundError for an unseen ticket.
    """
    ticket = lock(ticket)
    permissions.require(actor, Action.TAG, ticket)
    tags_change(
        ticket,
        actor=actor,
        add=tag_names_parse(add, field="add"),
        remove=tag_names_parse(remove, field="remove"),
    )
    return ticket
