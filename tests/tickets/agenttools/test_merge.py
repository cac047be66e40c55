from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import AgentFactory, CustomerFactory, TicketFactory, upload
from tickets import selectors
from tickets.errors import ActionNotAllowedError, MergeRefusedError
from tickets.models import (
    Attachment,
    EventKind,
    Message,
    Rating,
    Status,
    Ticket,
    TicketEvent,
)
from tickets.services.merge import ticket_merge, ticket_unmerge
from tickets.services.messages import message_post
from tickets.services.ratings import rating_add
from tickets.services.tickets import ticket_cancel, ticket_resolve, ticket_transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(customer, agent):
    """A target and a duplicate of the same customer, each with a thread."""
    target = TicketFactory(customer=customer, subject="Parcel missing")
    duplicate = TicketFactory(
        customer=customer,
        subject="Parcel missing (again)",
        attachment_uuids=[upload(customer).uuid],
    )
    message_post(ticket=duplicate, actor=agent, body="Looking into it")
    ticket_resolve(ticket=duplicate, actor=agent)
    rating_add(ticket=duplicate, actor=customer, score=4, comment="ok")
    message_post(ticket=target, actor=customer, body="Any news?")
    return target, duplicate


def rows_of(ticket):
    return {
        "messages": set(Message.objects.filter(ticket=ticket).values_list("pk", flat=True)),
        "ratings": set(Rating.objects.filter(ticket=ticket).values_list("pk", flat=True)),
        "events": set(TicketEvent.objects.filter(ticket=ticket).values_list("pk", flat=True)),
    }


def test_merge_moves_every_row_marked_and_closes_the_duplicate_with_a_pointer(pair, agent):
    target, duplicate = pair
    before_target, before_duplicate = rows_of(target), rows_of(duplicate)
    attachment = Attachment.objects.get(message__ticket=duplicate)

    ticket_merge(duplicate=duplicate, target=target, actor=agent)

    after = rows_of(target)
    for kind in ("messages", "ratings", "events"):
        assert before_target[kind] | before_duplicate[kind] <= after[kind]
    moved = Message.objects.filter(pk__in=before_duplicate["messages"])
    assert set(moved.values_list("merged_from", flat=True)) == {duplicate.pk}
    assert not Message.objects.filter(pk__in=before_target["messages"], merged_from__isnull=False)
    attachment.refresh_from_db()
    assert attachment.message.ticket_id == target.pk
    duplicate.refresh_from_db()
    target.refresh_from_db()
    assert duplicate.status == Status.CANCELLED
    assert duplicate.merged_into == target
    assert duplicate.merged_at is not None
    assert target.current_rating == 4
    assert target.first_response_at is not None
    merged = TicketEvent.objects.filter(kind=EventKind.MERGED, merged_from__isnull=True)
    assert {(e.ticket_id, e.from_value, e.to_value) for e in merged} == {
        (duplicate.pk, duplicate.case_number, target.case_number),
        (target.pk, duplicate.case_number, target.case_number),
    }


def test_merged_thread_interleaves_both_threads_in_time_order(pair, agent):
    target, duplicate = pair
    ticket_merge(duplicate=duplicate, target=target, actor=agent)
    thread = selectors.ticket_get_for(user=agent, ticket_id=target.pk).thread
    bodies = [message.body for message in thread]
    # The target's own "Any news?" was written after the duplicate's exchange.
    assert bodies[-1] == "Any news?"
    assert "Looking into it" in bodies
    assert [m.created_at for m in thread] == sorted(m.created_at for m in thread)
    assert [m.merged_from_id for m in thread].count(duplicate.pk) == 3


def test_unmerge_moves_back_exactly_what_moved_and_restores_the_status(pair, agent, customer):
    target, duplicate = pair
    before_target, before_duplicate = rows_of(target), rows_of(duplicate)
    ticket_merge(duplicate=duplicate, target=target, actor=agent)
    later = message_post(ticket=target, actor=customer, body="Written after the merge")

    ticket_unmerge(duplicate=duplicate, actor=agent)

    duplicate.refresh_from_db()
    target.refresh_from_db()
    assert duplicate.merged_into is None
    assert duplicate.status == Status.RESOLVED
    assert duplicate.current_rating == 4
    assert target.current_rating is None
    after_target, after_duplicate = rows_of(target), rows_of(duplicate)
    for kind in ("messages", "ratings", "events"):
        assert before_duplicate[kind] <= after_duplicate[kind]
        assert not before_duplicate[kind] & after_target[kind]
        assert before_target[kind] <= after_target[kind]
    assert later.pk in after_target["messages"]
    assert not Message.objects.filter(merged_from__isnull=False).exists()
    kinds = TicketEvent.objects.filter(kind=EventKind.UNMERGED).values_list("ticket_id", flat=True)
    assert set(kinds) == {target.pk, duplicate.pk}


def test_unmerge_after_the_undo_window_is_refused(pair, agent):
    target, duplicate = pair
    ticket_merge(duplicate=duplicate, target=target, actor=agent)
    Ticket.objects.filter(pk=duplicate.pk).update(merged_at=timezone.now() - timedelta(hours=25))
    with pytest.raises(MergeRefusedError):
        ticket_unmerge(duplicate=duplicate, actor=agent)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == target


def test_a_reply_to_the_merged_duplicate_lands_on_the_target(pair, agent, customer):
    target, duplicate = pair
    ticket_merge(duplicate=duplicate, target=target, actor=agent)
    message = message_post(ticket=duplicate, actor=customer, body="Still waiting")
    assert message.ticket_id == target.pk


@pytest.mark.parametrize("case", ["itself", "other_customer", "cancelled_target", "twice"])
def test_merges_that_make_no_sense_are_refused_and_write_nothing(case, customer, agent):
    target = TicketFactory(customer=customer)
    duplicate = TicketFactory(customer=customer)
    if case == "itself":
        target = duplicate
    elif case == "other_customer":
        target = TicketFactory(customer=CustomerFactory())
    elif case == "cancelled_target":
        ticket_cancel(ticket=target, actor=agent)
    elif case == "twice":
        ticket_merge(duplicate=duplicate, target=target, actor=agent)
    events = TicketEvent.objects.count()
    messages = list(Message.objects.values_list("pk", "ticket_id"))
    with pytest.raises(MergeRefusedError):
        ticket_merge(duplicate=duplicate, target=target, actor=agent)
    assert TicketEvent.objects.count() == events
    assert list(Message.objects.values_list("pk", "ticket_id")) == messages


def test_no_chains_merge_into_a_merged_ticket_or_merge_a_target_away(customer, agent):
    first, second, third = (TicketFactory(customer=customer) for _ in range(3))
    ticket_merge(duplicate=second, target=first, actor=agent)
    with pytest.raises(MergeRefusedError):
        ticket_merge(duplicate=third, target=second, actor=agent)
    with pytest.raises(MergeRefusedError):
        ticket_merge(duplicate=first, target=third, actor=agent)


def test_a_duplicate_transferred_to_a_vendor_is_not_merged(customer, agent, vendor):
    target = TicketFactory(customer=customer)
    duplicate = TicketFactory(customer=customer)
    ticket_transfer(ticket=duplicate, actor=agent, vendor=vendor, note="Check")
    with pytest.raises(MergeRefusedError):
        ticket_merge(duplicate=duplicate, target=target, actor=agent)


def test_customers_cannot_merge_or_unmerge(customer, agent):
    target = TicketFactory(customer=customer)
    duplicate = TicketFactory(customer=customer)
    with pytest.raises(ActionNotAllowedError):
        ticket_merge(duplicate=duplicate, target=target, actor=customer)
    ticket_merge(duplicate=duplicate, target=target, actor=AgentFactory())
    with pytest.raises(ActionNotAllowedError):
        ticket_unmerge(duplicate=duplicate, actor=customer)
