"""The native API's read shapes are built as plain dicts for speed: for every role they
render byte for byte what DRF's generic field machinery rendered from the same serializers
(the fields each role gets still come from permissions' one rule)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from helpdesk.renderers import ORJSONRenderer
from tests.factories import CategoryFactory, TicketFactory, upload
from tickets import selectors
from tickets.api import serializers as s
from tickets.api.visibility import RoleFieldsMixin
from tickets.models import Status
from tickets.services.messages import message_post
from tickets.services.ratings import rating_add
from tickets.services.updates import ticket_update

ROLES = ["owner", "seller_colleague", "vendor", "agent"]


@pytest.fixture
def rich_ticket(shared_ticket, customer, seller_account, agent):
    """A ticket with every part filled: category path, parent, metadata, assignee,
    transfer, files, an internal note, events, a resolution and a rated comment."""
    top = CategoryFactory()
    middle = CategoryFactory(parent=top, depth=2)
    leaf = CategoryFactory(parent=middle, depth=3)
    ticket = TicketFactory(
        customer=customer,
        seller_account_id=seller_account.pk,
        parent=shared_ticket,
        category=leaf,
        metadata={"channel": "web", "tries": 2, "nested": {"a": [1, None]}, "none": None},
    )
    file = upload(customer, "label.png")
    message_post(
        ticket=ticket, actor=customer, body="Label attached.", attachment_uuids=[file.uuid]
    )
    message_post(ticket=ticket, actor=agent, body="Checking with the carrier.", is_internal=True)
    ticket_update(ticket=ticket, actor=agent, assignee=agent)
    message_post(ticket=ticket, actor=agent, body="Sent again today.")
    ticket_update(ticket=ticket, actor=agent, status=Status.RESOLVED)
    rating_add(ticket=ticket, actor=customer, score="4.5", comment="Quick, thanks.")
    return ticket


@pytest.fixture
def generic(monkeypatch):
    """Put DRF's own per-field representation back, as it was before the plain dicts."""

    def use(monkeypatch=monkeypatch):
        for serializer in (s.MessageOut, s.AttachmentOut, s.EventOut, s.RatingOut):
            monkeypatch.setattr(
                serializer, "to_representation", serializers.ModelSerializer.to_representation
            )
        monkeypatch.setattr(s.TicketListOut, "to_representation", RoleFieldsMixin.to_representation)

    return use


def rendered(data) -> bytes:
    return ORJSONRenderer().render(data)


def request_of(user):
    request = APIRequestFactory().get("/api/v1/tickets/")
    request.user = user
    return request


def both(build, generic):
    plain = rendered(build())
    generic()
    return plain, rendered(build())


@pytest.mark.parametrize("role", ROLES)
def test_ticket_detail_renders_as_the_generic_serializer_did(role, actors, rich_ticket, generic):
    user = actors[role]
    ticket_id = rich_ticket.pk if role != "vendor" else rich_ticket.parent_id
    context = {"request": request_of(user)}

    def build(columns=selectors.DETAIL_ROW_COLUMNS):
        ticket = selectors.ticket_get_for(user=user, ticket_id=ticket_id, columns=columns)
        ticket.message_count = len(ticket.thread)
        return s.TicketDetailOut(ticket, context=context).data

    build(columns=())  # what the viewer's role takes a query to learn, learnt once
    with CaptureQueriesContext(connection) as narrowed:
        build()
    with CaptureQueriesContext(connection) as whole:
        build(columns=())
    # The narrowed read loads nothing later, column by column.
    assert len(narrowed) == len(whole)
    plain, old = both(build, generic)
    assert plain == old
    assert plain == rendered(build(columns=()))
    assert b'"messages":[{' in plain


@pytest.mark.parametrize("role", ROLES)
def test_ticket_list_and_messages_render_as_the_generic_serializers_did(
    role, actors, rich_ticket, generic
):
    user = actors[role]
    context = {"request": request_of(user)}

    def build():
        tickets = selectors.ticket_list_rows(
            selectors.ticket_annotate_for_list(selectors.ticket_list_for(user=user), user=user)
        )
        messages = selectors.thread_messages_for(user).filter(ticket__in=tickets)
        return {
            "tickets": s.TicketListOut(tickets, many=True, context=context).data,
            "messages": s.MessageOut(messages, many=True, context=context).data,
        }

    plain, old = both(build, generic)
    assert plain == old
    assert b'"tickets":[{' in plain


def test_support_requests_render_as_the_generic_serializer_did(
    customer, agent, rich_ticket, shared_ticket
):
    """`002`'s lists build plain rows; its serializer over the prefetched threads is what
    they replace (category roots at every depth, no category, replies of every kind)."""
    from inquiries.support_requests.serializers import SupportRequestOut
    from inquiries.support_requests.views import requests_out
    from tickets.models import Category

    order = Category.objects.get(code="ORDER", parent__isnull=True)
    middle = CategoryFactory(parent=order, depth=2)
    TicketFactory(customer=customer, category=CategoryFactory(parent=middle, depth=3))
    TicketFactory(customer=customer, category=middle, order_id="")
    TicketFactory(customer=customer, category=None, order_id="A-17")
    answered = TicketFactory(customer=customer, category=order)
    message_post(ticket=answered, actor=agent, body="First answer.")
    message_post(ticket=answered, actor=customer, body="Thanks.")
    message_post(ticket=answered, actor=agent, body="Not for you.", is_internal=True)
    message_post(ticket=answered, actor=agent, body="Second answer.")

    for user in (customer, agent):
        tickets = selectors.ticket_list_for(user=user).filter(customer_id=customer.pk)
        threaded = list(tickets.select_related("category__parent__parent"))
        selectors.attach_threads(threaded, user=user)
        old = SupportRequestOut(threaded, many=True).data
        plain = rendered(requests_out(tickets, user))
        assert plain == rendered(old)
        assert b'"message":"Second answer."' in plain
        assert plain.count(b'"id":') == 6


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/St_Johns"])
def test_datetimes_render_as_drfs_field_did(zone):
    from datetime import UTC, datetime, timedelta, timezone

    from django.utils import timezone as django_timezone

    values = [
        datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),
        datetime(2026, 11, 26, 13, 5, 7, 123456, tzinfo=UTC),
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5))),
        datetime(2026, 1, 2, 3, 4, 5),  # noqa: DTZ001 (a naive value takes DRF's path)
    ]
    with django_timezone.override(zone):
        for value in values:
            assert s._datetime(value) == serializers.DateTimeField().to_representation(value)
    assert s._datetime(None) is None


def test_storefront_tickets_render_as_the_generic_serializers_did(
    customer, agent, rich_ticket, monkeypatch
):
    """`003`'s ticket rows, status answer and detail are plain dicts; DRF's generic
    Serializer over the same tickets is what they replace (root, sub-category, none)."""
    from inquiries.storefront import serializers as io
    from tickets.models import Category

    root = Category.objects.filter(parent__isnull=True).first()
    TicketFactory(customer=customer, category=root)
    TicketFactory(customer=customer, category=CategoryFactory(parent=root, depth=2))
    TicketFactory(customer=customer, category=None)
    message_post(ticket=rich_ticket, actor=agent, body="One more.")

    def build():
        tickets = selectors.ticket_list_for(user=customer)
        detail = selectors.ticket_get_for(user=customer, ticket_id=rich_ticket.pk)
        return {
            "rows": io.StorefrontTicketRowOut(tickets, many=True).data,
            "status": [io.StorefrontTicketOut(ticket).data for ticket in tickets],
            "detail": io.StorefrontTicketDetailOut(detail).data,
        }

    plain = rendered(build())
    for serializer in (
        io.StorefrontTicketRowOut,
        io.StorefrontTicketOut,
        io.StorefrontTicketDetailOut,
    ):
        monkeypatch.setattr(
            serializer, "to_representation", serializers.Serializer.to_representation
        )
    assert plain == rendered(build())
    # Five tickets (the shared one the rich ticket follows up included), twice, and one.
    assert plain.count(b'"refId"') == 5 + 5 + 1
    assert b'"ticketMessage":[{' in plain
