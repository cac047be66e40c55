"""OpenAPI documentation of the native API: one decorator per operation, used by the views.

Kept apart from the handlers so a view module reads as what each endpoint does.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)

from . import serializers as s
from .schema import errors, id_path

TICKETS = ["tickets"]
TICKET_ACTIONS = ["ticket actions"]
USER_EXAMPLE = {"id": 7, "username": "alice", "full_name": "Alice Martin"}
TICKET_EXAMPLE = OpenApiExample(
    "ticket as its customer sees it",
    response_only=True,
    value={
        "id": 42,
        "case_number": "HD-2026-000042",
        "subject": "Parcel has not arrived",
        "status": "waiting_on_customer",
        "priority": "normal",
        "category": {"id": 3, "code": "ORDER", "name": "Order", "path": "Order"},
        "customer": USER_EXAMPLE,
        "seller_account": 1001,
        "assignee": {"id": 2, "username": "sam", "full_name": "Sam Support"},
        "vendor_code": None,
        "transfer_status": "none",
        "waiting_on": "customer",
        "waiting_since": "2026-11-20T10:01:44Z",
        "order_id": "1900012345",
        "warehouse_id": None,
        "item_id": "",
        "item_name": "",
        "created_at": "2026-11-20T09:12:03Z",
        "updated_at": "2026-11-20T10:01:44Z",
        "last_activity_at": "2026-11-20T10:01:44Z",
        "first_response_at": "2026-11-20T10:01:44Z",
        "resolved_at": None,
        "current_rating": None,
        "message_count": 2,
        "tags": ["late-delivery"],
        "merged_into": None,
        **dict.fromkeys(s.SLA_FIELDS),  # support's own: only agents get them
        "description": "Tracking has not moved for five days.",
        "parent": None,
        "metadata": {},
        "resolved_by": None,
        "resolved_by_role": "",
        "messages": [
            {
                "id": 90,
                "author": USER_EXAMPLE,
                "author_role": "customer",
                "kind": "reply",
                "body": "Tracking has not moved for five days.",
                "is_internal": False,
                "created_at": "2026-11-20T09:12:03Z",
                "merged_from": None,
                "attachments": [
                    {
                        "uuid": "9b2f4c1e-6a55-4c1d-9d5e-1f1d0c7a2b3c",
                        "filename": "tracking.png",
                        "content_type": "image/png",
                        "size": 48213,
                        "sha256": "3f1a" + "0" * 60,
                        "url": "http://127.0.0.1:8000/api/v1/attachments/"
                        "9b2f4c1e-6a55-4c1d-9d5e-1f1d0c7a2b3c/",
                    }
                ],
            },
            {
                "id": 91,
                "author": {"id": 2, "username": "sam", "full_name": "Sam Support"},
                "author_role": "agent",
                "kind": "reply",
                "body": "We asked the carrier; could you confirm the address?",
                "is_internal": False,
                "created_at": "2026-11-20T10:01:44Z",
                "merged_from": None,
                "attachments": [],
            },
        ],
        "events": [],
        "ratings": [],
    },
)

# ---------------------------------------------------------------- me and categories

me = extend_schema(
    tags=["me"],
    operation_id="api_v1_me",
    summary="Who am I",
    description="The caller's id (the `customerId`/`agentId` of the dialects), role, "
    "seller accounts and vendor code.",
    responses={200: s.MeOut, **errors()},
    examples=[
        OpenApiExample(
            "customer",
            value={
                "id": 7,
                "username": "alice",
                "role": "customer",
                "seller_accounts": [1001],
                "vendor_code": None,
            },
            response_only=True,
        )
    ],
)
me_slash = extend_schema(
    tags=["me"],
    operation_id="api_v1_me_slash",
    summary="Who am I (with a trailing slash)",
    responses={200: s.MeOut, **errors()},
)
category_list = extend_schema(
    tags=["categories"],
    summary="List categories",
    description="Categories in tree order (depth, sort order, name); deleted ones never "
    "appear and inactive ones only to agents.",
    responses={200: s.CategoryOut(many=True), **errors(400, 404)},
)
category_tree = extend_schema(
    tags=["categories"],
    summary="The category tree",
    description="Top-level categories with their `children`, up to three levels.",
    responses={200: s.CategoryTreeOut(many=True), **errors()},
)

# ---------------------------------------------------------------- tickets

ticket_list = extend_schema(
    tags=TICKETS,
    summary="List tickets",
    description="The tickets the caller may see (customers: their own and their seller "
    "accounts'; vendors: those transferred to their code; agents: all), newest first.",
    responses={200: s.TicketListOut(many=True), **errors(400, 404)},
)
ticket_create = extend_schema(
    tags=TICKETS,
    summary="Open a ticket",
    description="Creates the ticket with its first message (`body`, else the description) "
    "and the listed uploads. Agents may file for a customer and set the priority.",
    request=s.TicketCreateIn,
    responses={201: s.TicketDetailOut, **errors(400, 403)},
    examples=[
        OpenApiExample(
            "new ticket",
            value={
                "subject": "Parcel has not arrived",
                "description": "Tracking has not moved for five days.",
                "category": 3,
                "order_id": "1900012345",
                "attachments": ["9b2f4c1e-6a55-4c1d-9d5e-1f1d0c7a2b3c"],
            },
            request_only=True,
        )
    ],
)
ticket_detail = extend_schema(
    tags=TICKETS,
    summary="One ticket with its thread",
    description="The thread as the caller may see it: internal notes and the event log "
    "are shown to agents only.",
    parameters=[id_path()],
    responses={200: s.TicketDetailOut, **errors(404)},
    examples=[TICKET_EXAMPLE],
)
ticket_update = extend_schema(
    tags=TICKETS,
    summary="Change a ticket (agents)",
    description="Status, priority, category and assignee, all or nothing, each change "
    "logged. Any other field is refused: 400 for agents, 403 for everyone else.",
    parameters=[id_path()],
    request=s.TicketUpdateIn,
    responses={200: s.TicketDetailOut, **errors(400, 403, 404, 409)},
)
message_list = extend_schema(
    tags=TICKETS,
    summary="The ticket's messages",
    description="Oldest first; internal notes only for agents.",
    parameters=[id_path()],
    responses={200: s.MessageOut(many=True), **errors(404)},
)
message_create = extend_schema(
    tags=TICKETS,
    summary="Reply, or add an internal note",
    description="A public reply moves the status as the workflow says (support answering "
    "waits on the customer; the customer answering goes back to support). "
    "`internal: true` is an agents-only note.",
    parameters=[id_path()],
    request=s.MessageIn,
    responses={201: s.MessageOut, **errors(400, 403, 404, 409)},
    examples=[
        OpenApiExample(
            "reply",
            value={"body": "Here is the receipt.", "attachments": []},
            request_only=True,
        )
    ],
)
rating_list = extend_schema(
    tags=TICKETS,
    summary="The ticket's ratings",
    description="Every rating, oldest first; the latest is the ticket's `current_rating`.",
    parameters=[id_path()],
    responses={200: s.RatingOut(many=True), **errors(404)},
)
rating_create = extend_schema(
    tags=TICKETS,
    summary="Rate the ticket (its customer side)",
    description="A score from 1 to 5 (decimals allowed) and an optional comment, which is "
    "also kept in the thread.",
    parameters=[id_path()],
    request=s.RatingIn,
    responses={201: s.RatingOut, **errors(400, 403, 404)},
    examples=[
        OpenApiExample("rating", value={"score": 4.5, "comment": "Quick."}, request_only=True)
    ],
)

# ---------------------------------------------------------------- actions


def _action(summary: str, description: str, request=None, codes=(403, 404, 409)):
    return extend_schema(
        tags=TICKET_ACTIONS,
        summary=summary,
        description=description,
        parameters=[id_path()],
        request=request,
        responses={200: s.TicketDetailOut, **errors(400, *codes)},
    )


assign = _action("Assign (agents)", "Assign to an agent, or `null` to unassign.", s.AssignIn)
transfer = _action(
    "Transfer to a vendor (agents)",
    "Hands the ticket to a vendor code for an answer (or, with `needs_answer: false`, for "
    "confirmation only). The note is shown to the vendor and agents, never the customer.",
    s.TransferIn,
)
resolve = _action("Resolve", "Agents, and the ticket's customer side.")
cancel = _action("Cancel", "Agents, and the ticket's customer side; cancelled is final.")
reopen = _action("Reopen", "A resolved ticket goes back to open.")
vendor_answer = _action(
    "Answer a transfer (vendor)",
    "The vendor's one answer to a transfer that asked for it; a second answer is 409. "
    "Files uploaded first (POST /api/v1/attachments/) ride along in `attachments`; like "
    "the answer, agents and this vendor see them, the customer does not.",
    s.VendorAnswerIn,
)
vendor_confirm = _action(
    "Confirm a transfer (vendor)", "Confirms a transfer sent for confirmation only."
)

# ---------------------------------------------------------------- queue and attachments

queue = extend_schema(
    tags=["queue"],
    summary="The agents' queue",
    description="Tickets waiting on anyone (open, in progress, waiting on the customer), "
    "most urgent first, then the longest waiting. Agents only.",
    responses={200: s.TicketListOut(many=True), **errors(400, 403, 404)},
)
attachment_upload = extend_schema(
    tags=["attachments"],
    summary="Upload a file",
    description="One file in the multipart field `file`. Its type is read from its bytes "
    "and must be on the allowed list and agree with the name's extension. Answers the "
    "uuid to list in a ticket's or message's `attachments`.",
    request={"multipart/form-data": s.AttachmentUploadIn},
    responses={201: s.AttachmentOut, **errors(400, 413)},
)
attachment_download = extend_schema(
    tags=["attachments"],
    summary="Download a file",
    description="Served as a download (`Content-Disposition: attachment`, `nosniff`) to "
    "those who see the message it is on, or to its uploader before it is used.",
    parameters=[
        OpenApiParameter(
            "uuid", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The file's uuid."
        ),
        OpenApiParameter(
            "Content-Disposition",
            str,
            OpenApiParameter.HEADER,
            description='`attachment; filename="<the sanitised name>"`',
            response=[200],
        ),
        OpenApiParameter(
            "X-Content-Type-Options",
            str,
            OpenApiParameter.HEADER,
            description="`nosniff`",
            response=[200],
        ),
    ],
    responses={
        (200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The file."),
        **errors(404),
    },
)
undocumented = extend_schema(exclude=True)
