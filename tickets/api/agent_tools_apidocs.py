"""OpenAPI documentation of the native API's agent tools (kept out of the view module)."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema

from . import agent_tools_serializers as t
from . import serializers as s
from .schema import errors, id_path

TOOLS = ["agent tools"]

tags_change = extend_schema(
    tags=TOOLS,
    summary="Add and remove tags (agents)",
    description="Tag names are free labels, stored in lower case with dashes for spaces; "
    "a new name creates the tag. One `tags_changed` event when anything changed.",
    parameters=[id_path()],
    request=t.TagsIn,
    responses={200: s.TicketDetailOut, **errors(400, 403, 404)},
    examples=[OpenApiExample("tags", value={"add": ["vip"], "remove": []}, request_only=True)],
)

apply_macro = extend_schema(
    tags=TOOLS,
    summary="Apply a macro (agents)",
    description="Posts the macro's text (placeholders filled in) as a reply or note, then "
    "sets its category, priority, status and tags, all or nothing; each change is logged "
    "as the single act would log it, plus a `macro_applied` event.",
    parameters=[id_path()],
    request=t.ApplyMacroIn,
    responses={200: s.TicketDetailOut, **errors(400, 403, 404, 409)},
)

merge = extend_schema(
    tags=TOOLS,
    summary="Merge this duplicate into another ticket (agents)",
    description="Messages, attachments, ratings and events move to the target (same "
    "customer), marked with `merged_from`; this ticket is cancelled with `merged_into` set. "
    "Answers the target. Undo with `unmerge/` within a day.",
    parameters=[id_path()],
    request=t.MergeIn,
    responses={200: s.TicketDetailOut, **errors(400, 403, 404, 409)},
)

unmerge = extend_schema(
    tags=TOOLS,
    summary="Undo a merge (agents, within a day)",
    description="Moves back exactly what the merge moved and restores the duplicate's status.",
    parameters=[id_path()],
    request=None,
    responses={200: s.TicketDetailOut, **errors(400, 403, 404, 409)},
)

bulk = extend_schema(
    tags=TOOLS,
    summary="One action on many tickets (agents)",
    description="Each ticket goes through the single act's service in a transaction of its "
    "own: refusals (with the reason) do not stop the others. At most "
    "HELPDESK_BULK_MAX_TICKETS tickets (200 by default).",
    request=t.BulkIn,
    responses={200: t.BulkOut, **errors(400, 403)},
    examples=[
        OpenApiExample(
            "assign three tickets",
            value={"tickets": [41, 42, 43], "action": "assign", "value": 2},
            request_only=True,
        )
    ],
)

macro_list = extend_schema(
    tags=TOOLS,
    summary="Macros you may apply (agents)",
    description="Your personal macros and every shared one, by name.",
    responses={200: t.MacroOut(many=True), **errors(403)},
)

tag_list = extend_schema(
    tags=TOOLS,
    summary="Tag suggestions (agents)",
    description="Existing tag names starting with `q`, alphabetically (at most 20).",
    parameters=[OpenApiParameter("q", str, description="The start of a tag name.")],
    responses={200: {"type": "array", "items": {"type": "string"}}, **errors(403)},
)
