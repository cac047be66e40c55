"""The native API's agent tools: tags, macros, merge and bulk actions."""

from rest_framework.request import Request
from rest_framework.response import Response

from tickets import permissions, selectors
from tickets.agenttools.selectors import macro_get_for, macros_usable_by, tag_suggestions
from tickets.errors import InvalidInputError, MacroNotFoundError
from tickets.services.bulk import BulkAction, bulk_apply
from tickets.services.macros import macro_apply
from tickets.services.merge import ticket_merge, ticket_unmerge
from tickets.services.tags import ticket_tags_change

from .. import agent_tools_apidocs as docs
from .. import agent_tools_serializers as t
from .base import NativeView, category_from_input, parse, ticket_response, user_from_input


def _duplicate(request: Request, ticket_id: int):
    """The ticket itself even when merged: merging and undoing act on the duplicate."""
    return selectors.ticket_get_for(
        user=request.user, ticket_id=ticket_id, with_thread=False, follow_merge=False
    )


class TicketTagsView(NativeView):
    @docs.tags_change
    def post(self, request: Request, id: int) -> Response:
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=id, with_thread=False)
        data = parse(t.TagsIn, request.data)
        ticket_tags_change(
            ticket=ticket, actor=request.user, add=data["add"], remove=data["remove"]
        )
        return ticket_response(request, ticket.pk)


class TicketApplyMacroView(NativeView):
    @docs.apply_macro
    def post(self, request: Request, id: int) -> Response:
        ticket = selectors.ticket_get_for(user=request.user, ticket_id=id, with_thread=False)
        permissions.require_agent(request.user)
        data = parse(t.ApplyMacroIn, request.data)
        macro = _macro(request.user, data["macro"], field="macro")
        macro_apply(ticket=ticket, actor=request.user, macro=macro)
        return ticket_response(request, ticket.pk)


class TicketMergeView(NativeView):
    @docs.merge
    def post(self, request: Request, id: int) -> Response:
        duplicate = _duplicate(request, id)
        permissions.require_agent(request.user)
        data = parse(t.MergeIn, request.data)
        target = permissions.visible_tickets(request.user).filter(pk=data["into"]).first()
        if target is None:
            raise InvalidInputError("into", f"Ticket {data['into']} was not found.")
        target = ticket_merge(duplicate=duplicate, target=target, actor=request.user)
        return ticket_response(request, target.pk)


class TicketUnmergeView(NativeView):
    @docs.unmerge
    def post(self, request: Request, id: int) -> Response:
        duplicate = _duplicate(request, id)
        if request.data:
            raise InvalidInputError("non_field_errors", "This action takes no body.")
        ticket_unmerge(duplicate=duplicate, actor=request.user)
        return ticket_response(request, duplicate.pk)


def _macro(user, macro_id: object, *, field: str):
    try:
        return macro_get_for(user=user, macro_id=macro_id)
    except MacroNotFoundError:
        raise InvalidInputError(field, f"Unknown macro {macro_id}.") from None


def _tag_list(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidInputError("value", "Give the tags as a list of names.")
    return value


def _id_or_null(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError("value", "Give an id (a number) or null.")
    return value


def _bulk_value(user, action: BulkAction, value: object) -> object:
    """The action's value as the single act's service takes it."""
    if action == BulkAction.ASSIGN:
        return user_from_input("value", _id_or_null(value))
    if action == BulkAction.CATEGORY:
        return category_from_input("value", _id_or_null(value), user=user)
    if action == BulkAction.MACRO:
        return _macro(user, _id_or_null(value), field="value")
    if action in (BulkAction.ADD_TAGS, BulkAction.REMOVE_TAGS):
        return _tag_list(value)
    if not isinstance(value, str):
        raise InvalidInputError("value", f"Give the {action.value} as text.")
    return value


class TicketBulkView(NativeView):
    @docs.bulk
    def post(self, request: Request) -> Response:
        permissions.require_agent(request.user)
        data = parse(t.BulkIn, request.data)
        action = BulkAction(data["action"])
        result = bulk_apply(
            actor=request.user,
            ticket_ids=data["tickets"],
            action=action,
            value=_bulk_value(request.user, action, data["value"]),
        )
        return Response(t.BulkOut(result).data)


class MacroListView(NativeView):
    @docs.macro_list
    def get(self, request: Request) -> Response:
        permissions.require_agent(request.user)
        return Response(t.MacroOut(macros_usable_by(request.user), many=True).data)


class TagListView(NativeView):
    query_params = frozenset({"q"})

    @docs.tag_list
    def get(self, request: Request) -> Response:
        permissions.require_agent(request.user)
        return Response(tag_suggestions(prefix=request.query_params.get("q", "")[:50]))
