"""Issue 10: each rule decided once, in the core, and every surface answering alike.

Each test here failed before the rule moved out of a view."""

import pytest
from django.db import transaction
from django.test import Client

from tests.factories import (
    AgentFactory,
    CategoryFactory,
    TicketFactory,
    transferred_ticket,
)
from tickets.errors import ActionNotAllowedError, ConflictError, InvalidInputError
from tickets.models import (
    EventKind,
    Message,
    MessageKind,
    Priority,
    Rating,
    Status,
    Ticket,
    TicketEvent,
    TransferStatus,
)
from tickets.services.messages import (
    FollowUp,
    message_post,
    ticket_open_with_messages,
    ticket_respond_and_resolve,
    vendor_answer,
    vendor_confirm,
)
from tickets.services.ratings import rating_add
from tickets.services.tickets import (
    ticket_assign,
    ticket_cancel,
    ticket_change_category,
    ticket_change_priority,
    ticket_create,
    ticket_reopen,
    ticket_resolve,
    ticket_set_status,
    ticket_transfer,
)
from tickets.services.updates import ticket_update

CALLCENTER = "/v2/providers/openapi/apis/api/v4/vendors"
STOREFRONT = "/backend/api/api/customer-support-ticket"


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------- rating


@pytest.mark.parametrize(
    ("path", "body", "ok"),
    [
        ("/api/v1/tickets/{id}/ratings/", {"score": 4}, 201),
        ("/customerInquiries/{id}/ratings", {"rating": 4}, 200),
    ],
)
def test_customer_rates_an_open_ticket_but_not_a_cancelled_one_on_every_api(
    path, body, ok, client_for, customer
):
    open_ticket = TicketFactory(customer=customer)
    cancelled = TicketFactory(customer=customer)
    ticket_cancel(ticket=cancelled, actor=customer)
    client = client_for(customer)
    assert client.post(path.format(id=open_ticket.pk), body, format="json").status_code == ok
    assert client.post(path.format(id=cancelled.pk), body, format="json").status_code == 409
    assert list(Rating.objects.values_list("ticket_id", flat=True)) == [open_ticket.pk]


def test_rating_a_cancelled_ticket_is_refused_by_the_service(customer):
    ticket = TicketFactory(customer=customer)
    ticket_cancel(ticket=ticket, actor=customer)
    with pytest.raises(ConflictError):
        rating_add(ticket=ticket, actor=customer, score=5)


# ---------------------------------------------------------------- vendor answer


@pytest.fixture
def cancelled_transfer(agent, vendor):
    ticket = transferred_ticket(agent=agent, vendor=vendor)
    return ticket_cancel(ticket=ticket, actor=agent)


def assert_no_vendor_answer(ticket):
    ticket.refresh_from_db()
    assert ticket.transfer_status == TransferStatus.ANSWER_REQUESTED
    assert not Message.objects.filter(kind=MessageKind.VENDOR_ANSWER).exists()


def test_core_refuses_a_vendor_answer_on_a_cancelled_ticket(cancelled_transfer, vendor_user):
    with pytest.raises(ConflictError):
        vendor_answer(ticket=cancelled_transfer, actor=vendor_user, body="Refund sent.")
    assert_no_vendor_answer(cancelled_transfer)


def test_native_api_refuses_a_vendor_answer_on_a_cancelled_ticket(
    cancelled_transfer, vendor_user, client_for
):
    response = client_for(vendor_user).post(
        f"/api/v1/tickets/{cancelled_transfer.pk}/answer/", {"body": "Refund sent."}, format="json"
    )
    assert response.status_code == 409
    assert_no_vendor_answer(cancelled_transfer)


def test_vendor_page_refuses_an_answer_on_a_cancelled_ticket(cancelled_transfer, vendor_user):
    client = web(vendor_user)
    page = client.get(f"/vendor/tickets/{cancelled_transfer.pk}/").content.decode()
    assert 'name="body"' not in page
    response = client.post(f"/vendor/tickets/{cancelled_transfer.pk}/", {"body": "Refund sent."})
    assert response.status_code == 400
    assert_no_vendor_answer(cancelled_transfer)


def test_callcenter_refuses_an_answer_on_a_cancelled_ticket_in_its_words(
    cancelled_transfer, vendor, vendor_user, client_for
):
    response = client_for(vendor_user).post(
        f"{CALLCENTER}/{vendor.code}/callCenterInquiries/{cancelled_transfer.pk}/replies",
        {"content": "Refund sent.", "replyBy": vendor_user.username},
        format="json",
    )
    assert response.status_code == 400
    assert_no_vendor_answer(cancelled_transfer)


def test_a_resolved_ticket_takes_no_transfer(ticket, agent, vendor):
    ticket_resolve(ticket=ticket, actor=agent)
    with pytest.raises(ConflictError):
        ticket_transfer(ticket=ticket, actor=agent, vendor=vendor, note="Please check.")


# ---------------------------------------------------------------- priority


def test_only_agents_set_the_priority_in_ticket_create(customer):
    with pytest.raises(ActionNotAllowedError):
        ticket_create(actor=customer, subject="Broken", description="x", priority=Priority.URGENT)
    assert not Ticket.objects.exists()
    agent = AgentFactory()
    ticket = ticket_create(
        actor=agent, customer=customer, subject="Broken", description="x", priority="urgent"
    )
    assert ticket.priority == Priority.URGENT


# ---------------------------------------------------------------- compound acts


def status_events(ticket):
    return list(
        TicketEvent.objects.filter(ticket=ticket, kind=EventKind.STATUS_CHANGED)
        .order_by("id")
        .values_list("from_value", "to_value")
    )


def test_support_request_respond_writes_one_status_event(client_for, customer, agent):
    ticket = TicketFactory(customer=customer)
    response = client_for(agent).post(
        f"/api/support-requests/{ticket.pk}/agents/{agent.pk}/respond",
        {"message": "It arrives tomorrow."},
        format="json",
    )
    assert response.status_code == 204
    assert status_events(ticket) == [(Status.OPEN, Status.RESOLVED)]
    assert ticket.messages.filter(kind=MessageKind.REPLY).count() == 2


USE_CASES = [
    ticket_create,
    ticket_assign,
    ticket_change_priority,
    ticket_change_category,
    ticket_resolve,
    ticket_cancel,
    ticket_reopen,
    ticket_set_status,
    ticket_update,
    ticket_transfer,
    message_post,
    ticket_respond_and_resolve,
    ticket_open_with_messages,
    vendor_answer,
    vendor_confirm,
    rating_add,
]


def test_respond_and_resolve_is_support_s_act(customer):
    ticket = TicketFactory(customer=customer)
    with pytest.raises(ActionNotAllowedError):
        ticket_respond_and_resolve(ticket=ticket, actor=customer, body="Thanks, sorted.")
    assert ticket.messages.count() == 1
    assert not status_events(ticket)


@pytest.mark.parametrize("use_case", USE_CASES, ids=lambda use_case: use_case.__name__)
def test_every_public_use_case_is_durable(use_case, db):
    # The durable check runs on entering the use case's transaction, before its body.
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        use_case()


def test_public_use_cases_cannot_be_glued_in_one_transaction(customer, agent):
    ticket = TicketFactory(customer=customer)
    with pytest.raises(RuntimeError), transaction.atomic():
        message_post(ticket=ticket, actor=agent, body="Done.")
    assert ticket.messages.count() == 1


def test_open_with_messages_is_all_or_nothing_and_names_the_message(customer):
    with pytest.raises(InvalidInputError) as refused:
        ticket_open_with_messages(
            actor=customer,
            subject="Pallet",
            description="First.",
            follow_ups=[FollowUp(body="Second."), FollowUp(body="  ")],
        )
    assert refused.value.field == "follow_ups[1].body"
    assert not Ticket.objects.exists()
    assert not Message.objects.exists()
    ticket = ticket_open_with_messages(
        actor=customer, subject="Pallet", description="First.", follow_ups=[FollowUp("Second.")]
    )
    assert list(ticket.messages.order_by("id").values_list("body", flat=True)) == [
        "First.",
        "Second.",
    ]
    assert ticket.status == Status.OPEN


# ---------------------------------------------------------------- storefront list


def test_storefront_lists_only_tickets_the_caller_opened(
    client_for, customer, seller_account, seller_colleague
):
    mine = TicketFactory(customer=customer, seller_account_id=seller_account.pk)
    TicketFactory(customer=seller_colleague, seller_account_id=seller_account.pk)
    client = client_for(customer)
    rows = client.get(STOREFRONT).json()["data"]
    assert [row["id"] for row in rows] == [mine.pk]
    assert client.get(STOREFRONT, {"count": 1}).json()["data"] == 1


# ---------------------------------------------------------------- categories


@pytest.fixture
def orphaned_child(db):
    parent = CategoryFactory(is_deleted=True)
    return CategoryFactory(parent=parent)


def test_core_refuses_a_category_whose_parent_is_deleted(customer, orphaned_child):
    with pytest.raises(InvalidInputError) as refused:
        ticket_create(actor=customer, subject="x", description="y", category=orphaned_child)
    assert refused.value.field == "category"


def test_an_inactive_grandparent_closes_the_subtree(customer):
    grandchild = CategoryFactory(parent=CategoryFactory(parent=CategoryFactory(is_active=False)))
    with pytest.raises(InvalidInputError):
        ticket_create(actor=customer, subject="x", description="y", category=grandchild)


def test_no_surface_offers_or_takes_a_child_of_a_deleted_category(
    client_for, customer, orphaned_child
):
    client = client_for(customer)
    listed = [row["id"] for row in client.get("/api/v1/categories/").json()["results"]]
    assert orphaned_child.pk not in listed
    created = client.post(
        "/api/v1/tickets/",
        {"subject": "x", "description": "y", "category": orphaned_child.pk},
        format="json",
    )
    assert created.status_code == 400
    storefront = client.post(
        STOREFRONT,
        {"subject": "x", "message": "y", "subCategoryId": orphaned_child.pk},
        format="json",
    )
    assert storefront.status_code == 400
    portal = web(customer).post(
        "/tickets/new/", {"subject": "x", "description": "y", "category": orphaned_child.pk}
    )
    assert portal.status_code == 200  # the form again, with the error
    assert not Ticket.objects.exists()


def test_agents_cannot_move_a_ticket_under_a_deleted_category(ticket, agent, orphaned_child):
    web(agent).post(f"/agent/tickets/{ticket.pk}/category/", {"category": orphaned_child.pk})
    ticket.refresh_from_db()
    assert ticket.category is None
    assert not TicketEvent.objects.filter(kind=EventKind.CATEGORY_CHANGED).exists()
