"""Every native endpoint x every kind of caller, with the status each must get.

The ticket is the owner's, in a seller account the colleague shares, transferred to the
vendor's code for an answer, with a public reply (with a file) and an internal note (with
a file). "other_customer" and "other_vendor" are strangers to it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PNG_BYTES, upload
from tickets.models import Message, Status, Ticket, TicketEvent, TransferStatus
from tickets.services.tickets import ticket_resolve, ticket_transfer

ACTORS = (
    "anonymous",
    "owner",
    "other_customer",
    "seller_colleague",
    "vendor",
    "other_vendor",
    "agent",
)


def row(**expected):
    assert set(expected) == set(ACTORS), sorted(set(ACTORS) ^ set(expected))
    return expected


SEE = row(
    anonymous=401,
    owner=200,
    other_customer=404,
    seller_colleague=200,
    vendor=200,
    other_vendor=404,
    agent=200,
)
ANYONE = row(
    anonymous=401,
    owner=200,
    other_customer=200,
    seller_colleague=200,
    vendor=200,
    other_vendor=200,
    agent=200,
)
AGENT_ONLY = row(
    anonymous=401,
    owner=403,
    other_customer=404,
    seller_colleague=403,
    vendor=403,
    other_vendor=404,
    agent=200,
)
CUSTOMER_SIDE_OR_AGENT = row(
    anonymous=401,
    owner=200,
    other_customer=404,
    seller_colleague=200,
    vendor=403,
    other_vendor=404,
    agent=200,
)


def _resolved(ticket, actors):
    ticket_resolve(ticket=ticket, actor=actors["agent"])


def _for_confirmation(ticket, actors):
    ticket_transfer(
        ticket=ticket,
        actor=actors["agent"],
        vendor=ticket.vendor,
        note="Only confirm, please.",
        needs_answer=False,
    )


def _own_upload(ticket, actors):
    ticket.own_upload = upload(actors["owner"], "draft.png")


# (name, method, path template, body, prepare, expected per actor)
CASES = [
    ("me", "get", "/api/v1/me", None, None, ANYONE),
    ("me slash", "get", "/api/v1/me/", None, None, ANYONE),
    ("categories", "get", "/api/v1/categories/", None, None, ANYONE),
    ("category tree", "get", "/api/v1/categories/tree/", None, None, ANYONE),
    ("ticket list", "get", "/api/v1/tickets/", None, None, ANYONE),
    (
        "ticket create",
        "post",
        "/api/v1/tickets/",
        {"subject": "Where is my parcel?", "description": "Order 19001."},
        None,
        row(
            anonymous=401,
            owner=201,
            other_customer=201,
            seller_colleague=201,
            vendor=403,
            other_vendor=403,
            agent=201,
        ),
    ),
    ("ticket detail", "get", "/api/v1/tickets/{id}/", None, None, SEE),
    ("ticket patch", "patch", "/api/v1/tickets/{id}/", {"priority": "high"}, None, AGENT_ONLY),
    ("messages list", "get", "/api/v1/tickets/{id}/messages/", None, None, SEE),
    (
        "reply",
        "post",
        "/api/v1/tickets/{id}/messages/",
        {"body": "Any news?"},
        None,
        row(
            anonymous=401,
            owner=201,
            other_customer=404,
            seller_colleague=201,
            vendor=403,
            other_vendor=404,
            agent=201,
        ),
    ),
    (
        "internal note",
        "post",
        "/api/v1/tickets/{id}/messages/",
        {"body": "Check the carrier.", "internal": True},
        None,
        row(
            anonymous=401,
            owner=403,
            other_customer=404,
            seller_colleague=403,
            vendor=403,
            other_vendor=404,
            agent=201,
        ),
    ),
    ("ratings list", "get", "/api/v1/tickets/{id}/ratings/", None, None, SEE),
    (
        "rate",
        "post",
        "/api/v1/tickets/{id}/ratings/",
        {"score": 4, "comment": "Thanks"},
        _resolved,
        row(
            anonymous=401,
            owner=201,
            other_customer=404,
            seller_colleague=201,
            vendor=403,
            other_vendor=404,
            agent=403,
        ),
    ),
    ("assign", "post", "/api/v1/tickets/{id}/assign/", {"assignee": "{agent}"}, None, AGENT_ONLY),
    (
        "transfer",
        "post",
        "/api/v1/tickets/{id}/transfer/",
        {"vendor_code": "{vendor_code}", "note": "Please check."},
        None,
        AGENT_ONLY,
    ),
    ("resolve", "post", "/api/v1/tickets/{id}/resolve/", None, None, CUSTOMER_SIDE_OR_AGENT),
    ("cancel", "post", "/api/v1/tickets/{id}/cancel/", None, None, CUSTOMER_SIDE_OR_AGENT),
    ("reopen", "post", "/api/v1/tickets/{id}/reopen/", None, _resolved, CUSTOMER_SIDE_OR_AGENT),
    (
        "vendor answer",
        "post",
        "/api/v1/tickets/{id}/answer/",
        {"body": "Shipped again today."},
        None,
        row(
            anonymous=401,
            owner=403,
            other_customer=404,
            seller_colleague=403,
            vendor=200,
            other_vendor=404,
            agent=403,
        ),
    ),
    (
        "vendor confirm",
        "post",
        "/api/v1/tickets/{id}/confirm/",
        None,
        _for_confirmation,
        row(
            anonymous=401,
            owner=403,
            other_customer=404,
            seller_colleague=403,
            vendor=200,
            other_vendor=404,
            agent=403,
        ),
    ),
    (
        "queue",
        "get",
        "/api/v1/queue/",
        None,
        None,
        row(
            anonymous=401,
            owner=403,
            other_customer=403,
            seller_colleague=403,
            vendor=403,
            other_vendor=403,
            agent=200,
        ),
    ),
    (
        "download public attachment",
        "get",
        "/api/v1/attachments/{public_file}/",
        None,
        None,
        SEE,
    ),
    (
        "download internal-note attachment",
        "get",
        "/api/v1/attachments/{note_file}/",
        None,
        None,
        row(
            anonymous=401,
            owner=404,
            other_customer=404,
            seller_colleague=404,
            vendor=404,
            other_vendor=404,
            agent=200,
        ),
    ),
    (
        "download someone's unused upload",
        "get",
        "/api/v1/attachments/{own_upload}/",
        None,
        _own_upload,
        row(
            anonymous=401,
            owner=200,
            other_customer=404,
            seller_colleague=404,
            vendor=404,
            other_vendor=404,
            agent=404,
        ),
    ),
]


def _fill(value, values):
    if isinstance(value, str):
        filled = value.format(**values)
        return int(filled) if value in ("{agent}",) else filled
    if isinstance(value, dict):
        return {key: _fill(item, values) for key, item in value.items()}
    return value


def _counts(ticket):
    return (
        Ticket.objects.count(),
        Message.objects.filter(ticket=ticket).count(),
        TicketEvent.objects.filter(ticket=ticket).count(),
    )


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("method", "path", "body", "prepare", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_native_api_authorization_matrix(
    actor, method, path, body, prepare, expected, actors, shared_ticket, client_for
):
    if prepare is not None:
        prepare(shared_ticket, actors)
    values = {
        "id": shared_ticket.pk,
        "agent": actors["agent"].pk,
        "vendor_code": shared_ticket.vendor.code,
        "public_file": shared_ticket.public_file.uuid,
        "note_file": shared_ticket.note_file.uuid,
        "own_upload": getattr(shared_ticket, "own_upload", None) and shared_ticket.own_upload.uuid,
    }
    before = _counts(shared_ticket)
    client = client_for(actors[actor])
    response = getattr(client, method)(
        path.format(**values), _fill(body, values) if body else None, format="json"
    )

    assert response.status_code == expected[actor], response.content[:300]
    if response.status_code >= 400:
        assert response.json()["message"]
        # A refused call writes nothing.
        assert _counts(shared_ticket) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_upload_requires_authentication_only(actor, actors, client_for):
    client = client_for(actors[actor])
    response = client.post(
        "/api/v1/attachments/",
        {"file": SimpleUploadedFile("shot.png", PNG_BYTES, "image/png")},
        format="multipart",
    )

    assert response.status_code == (401 if actor == "anonymous" else 201)


NOTE_WORD = "INTERNAL-ONLY"


@pytest.mark.parametrize(
    ("actor", "sees_note"),
    [
        ("owner", False),
        ("seller_colleague", False),
        ("vendor", False),
        ("agent", True),
    ],
)
def test_internal_notes_never_reach_customers_or_vendors(
    actor, sees_note, actors, shared_ticket, client_for
):
    client = client_for(actors[actor])
    detail = client.get(f"/api/v1/tickets/{shared_ticket.pk}/").json()
    messages = client.get(f"/api/v1/tickets/{shared_ticket.pk}/messages/").json()
    listed = client.get("/api/v1/tickets/").json()["results"]
    hits = client.get("/api/v1/tickets/", {"q": NOTE_WORD}).json()

    bodies = [m["body"] for m in detail["messages"]]
    assert any(NOTE_WORD in b for b in bodies) is sees_note
    assert any(NOTE_WORD in m["body"] for m in messages["results"]) is sees_note
    assert detail["message_count"] == len(detail["messages"]) == messages["count"]
    [row_] = [t for t in listed if t["id"] == shared_ticket.pk]
    assert row_["message_count"] == detail["message_count"]
    assert hits["count"] == (1 if sees_note else 0)
    assert bool(detail["events"]) is sees_note
    expected_visible = Message.objects.filter(ticket=shared_ticket)
    if not sees_note:
        expected_visible = expected_visible.filter(is_internal=False)
    if actor != "vendor" and not sees_note:
        # The transfer note is between support and the vendor.
        expected_visible = expected_visible.exclude(kind="transfer")
    assert detail["message_count"] == expected_visible.count()


def test_vendor_sees_only_tickets_transferred_to_its_code(
    actors, shared_ticket, client_for, make_tickets
):
    [not_transferred] = make_tickets(1, customer=actors["owner"])
    [elsewhere] = make_tickets(1, customer=actors["owner"])
    ticket_transfer(
        ticket=elsewhere,
        actor=actors["agent"],
        vendor=actors["other_vendor"].vendor,
        note="Yours.",
    )

    mine = client_for(actors["vendor"]).get("/api/v1/tickets/").json()
    theirs = client_for(actors["other_vendor"]).get("/api/v1/tickets/").json()

    assert [t["id"] for t in mine["results"]] == [shared_ticket.pk]
    assert mine["results"][0]["transfer_status"] == TransferStatus.ANSWER_REQUESTED
    assert [t["id"] for t in theirs["results"]] == [elsewhere.pk]
    assert not_transferred.pk not in {t["id"] for t in mine["results"] + theirs["results"]}


def test_customer_list_holds_own_and_seller_account_tickets_only(
    actors, shared_ticket, client_for, make_tickets
):
    [strangers] = make_tickets(1, customer=actors["other_customer"])
    [colleagues] = make_tickets(
        1,
        customer=actors["seller_colleague"],
        seller_account_id=shared_ticket.seller_account_id,
    )
    [colleague_private] = make_tickets(1, customer=actors["seller_colleague"])

    ids = {t["id"] for t in client_for(actors["owner"]).get("/api/v1/tickets/").json()["results"]}

    assert ids == {shared_ticket.pk, colleagues.pk}
    assert strangers.pk not in ids
    assert colleague_private.pk not in ids
    assert Ticket.objects.get(pk=shared_ticket.pk).status == Status.IN_PROGRESS
