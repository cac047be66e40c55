"""Bulk actions: one act on many tickets, each ticket through the same service as a single
act, in a transaction of its own, so one refusal never undoes the others."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings

from .. import permissions
from ..errors import HelpdeskError, InvalidInputError
from ..models import Ticket, User
from .macros import macro_apply
from .tags import ticket_tags_change
from .tickets import (
    ticket_assign,
    ticket_change_category,
    ticket_change_priority,
    ticket_set_status,
)


class BulkAction(StrEnum):
    ASSIGN = "assign"
    STATUS = "status"
    PRIORITY = "priority"
    CATEGORY = "category"
    ADD_TAGS = "add_tags"
    REMOVE_TAGS = "remove_tags"
    MACRO = "macro"


BULK_SERVICES: dict[BulkAction, Callable[[Ticket, User, Any], object]] = {
    BulkAction.ASSIGN: lambda t, a, v: ticket_assign(ticket=t, actor=a, assignee=v),
    BulkAction.STATUS: lambda t, a, v: ticket_set_status(ticket=t, actor=a, to=v),
    BulkAction.PRIORITY: lambda t, a, v: ticket_change_priority(ticket=t, actor=a, priority=v),
    BulkAction.CATEGORY: lambda t, a, v: ticket_change_category(ticket=t, actor=a, category=v),
    BulkAction.ADD_TAGS: lambda t, a, v: ticket_tags_change(ticket=t, actor=a, add=v),
    BulkAction.REMOVE_TAGS: lambda t, a, v: ticket_tags_change(ticket=t, actor=a, remove=v),
    BulkAction.MACRO: lambda t, a, v: macro_apply(ticket=t, actor=a, macro=v),
}


@dataclass(frozen=True)
class BulkOutcome:
    ticket_id: int
    case_number: str
    subject: str
    reason: str = ""


@dataclass
class BulkResult:
    action: BulkAction
    changed: list[BulkOutcome] = field(default_factory=list)
    refused: list[BulkOutcome] = field(default_factory=list)


def bulk_max_tickets() -> int:
    return settings.HELPDESK_BULK_MAX_TICKETS


def bulk_apply(
    *, actor: User, ticket_ids: Iterable[int], action: BulkAction | str, value: object
) -> BulkResult:
    """Apply one action to each listed ticket (agents only), in the order given.

    Each ticket runs the single act's service in its own transaction: what the workflow or
    the rules refuse for one ticket (a cancelled ticket cannot be resolved) is reported in
    `refused` with the reason, and the other tickets still change. Ids of tickets the agent
    cannot see are refused as not found. Raises ActionNotAllowedError for non-agents and
    InvalidInputError for an unknown action, no tickets or more than the bulk limit;
    nothing is written then.
    """
    permissions.require_agent(actor)
    try:
        action = BulkAction(action)
    except ValueError:
        raise InvalidInputError("action", f"'{action}' is not a bulk action.") from None
    ids = list(dict.fromkeys(int(pk) for pk in ticket_ids))
    if not ids:
        raise InvalidInputError("tickets", "Select at least one ticket.")
    if len(ids) > bulk_max_tickets():
        raise InvalidInputError(
            "tickets", f"At most {bulk_max_tickets()} tickets in one bulk action."
        )
    found = permissions.visible_tickets(actor).in_bulk(ids)
    result = BulkResult(action=action)
    for pk in ids:
        ticket = found.get(pk)
        if ticket is None:
            result.refused.append(BulkOutcome(pk, "", "", f"Ticket {pk} was not found."))
            continue
        outcome = BulkOutcome(pk, ticket.case_number or "", ticket.subject)
        try:
            BULK_SERVICES[action](ticket, actor, value)
        except HelpdeskError as error:
            result.refused.append(
                BulkOutcome(pk, outcome.case_number, outcome.subject, error.message)
            )
        else:
            result.changed.append(outcome)
    return result
