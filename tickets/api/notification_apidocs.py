from drf_spectacular.utils import OpenApiExample, extend_schema

from .notification_serializers import NotificationOut
from .schema import errors, id_path

NOTIFICATION_EXAMPLE = OpenApiExample(
    "a reply mailed to the customer",
    response_only=True,
    value=[
        {
            "id": 311,
            "event": "public_reply",
            "event_label": "Support replied to your ticket",
            "recipient": {"id": 7, "username": "alice"},
            "address": "alice@example.test",
            "status": "sent",
            "attempts": 1,
            "last_error": "",
            "created_at": "2026-11-20T10:01:44Z",
            "sent_at": "2026-11-20T10:01:45Z",
        }
    ],
)

ticket_notifications_docs = extend_schema(
    tags=["tickets"],
    summary="Mails sent about the ticket (agents)",
    description="Who was mailed about which event of the ticket, when, and whether it was "
    "delivered, newest first. `status` is `pending` while a send waits for its (next) "
    "attempt, `failed` once every attempt failed.",
    parameters=[id_path()],
    examples=[NOTIFICATION_EXAMPLE],
    responses={200: NotificationOut(many=True), **errors(403, 404)},
)
