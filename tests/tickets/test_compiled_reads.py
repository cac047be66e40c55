"""Reads compiled once per process give each run's own rows, by each role's rules."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from tests.factories import TicketFactory, transferred_ticket, upload
from tickets import selectors
from tickets.compiledreads import CompiledRead
from tickets.models import VENDOR_EXCHANGE_KINDS, Message, Ticket
from tickets.services.messages import message_post, vendor_answer
from tickets.services.tickets import lock, ticket_transfer


def test_a_read_compiles_once_per_shape_and_binds_each_runs_values(customer, other_customer):
    own, foreign = TicketFactory(customer=customer), TicketFactory(customer=other_customer)
    builds = []

    def build(*, customer, among):
        builds.append(customer)
        return Ticket.objects.filter(customer_id=customer, pk__in=among).order_by("pk")

    read = CompiledRead(build)
    both = (own.pk, foreign.pk)

    assert read.rows(customer=customer.pk, among=both) == [own]
    with CaptureQueriesContext(connection) as queries:
        assert read.rows(customer=other_customer.pk, among=both) == [foreign]
    assert read.rows(customer=customer.pk, among=(foreign.pk,)) == []
    assert read.rows(customer=customer.pk, among=(own.pk,)) == [own]

    # One build per length of the list; the second run bound its own values to the SQL.
    assert len(builds) == 2
    [query] = queries.captured_queries
    assert f'"customer_id" = {other_customer.pk} ' in query["sql"]


def test_a_read_is_compiled_again_when_other_values_are_given(customer, other_customer):
    own, foreign = TicketFactory(customer=customer), TicketFactory(customer=other_customer)

    def build(*, customer=None):
        tickets = Ticket.objects.order_by("pk")
        return tickets if customer is None else tickets.filter(customer_id=customer)

    read = CompiledRead(build)

    assert read.rows() == [own, foreign]
    assert read.rows(customer=other_customer.pk) == [foreign]
    assert read.count(customer=customer.pk) == 1


def test_a_read_that_does_not_bind_a_value_is_refused(customer):
    read = CompiledRead(lambda *, customer: Ticket.objects.filter(customer_id=customer + 1))

    with pytest.raises(ImproperlyConfigured):
        read.rows(customer=customer.pk)


def test_a_read_with_nothing_to_find_runs_no_query(customer):
    read = CompiledRead(lambda *, customer: Ticket.objects.filter(pk__in=[], customer=customer))

    with CaptureQueriesContext(connection) as queries:
        assert read.rows(customer=customer.pk) == []
    assert not queries.captured_queries


def test_ticket_page_threads_follow_each_roles_rule(agent, vendor, vendor_user, other_vendor_user):
    ticket = transferred_ticket(agent=agent, vendor=other_vendor_user.vendor)
    vendor_answer(ticket=ticket, actor=other_vendor_user, body="earlier vendor")
    ticket = ticket_transfer(ticket=ticket, actor=agent, vendor=vendor, note="Yours now.")
    message_post(ticket=ticket, actor=agent, body="internal", is_internal=True)
    vendor_answer(ticket=ticket, actor=vendor_user, body="vendor says")
    file = upload(agent, "a.png")
    reply = message_post(
        ticket=ticket, actor=agent, body="public reply", attachment_uuids=[file.uuid]
    )

    def page_thread(user):
        read = selectors.ticket_get_for(user=user, ticket_id=ticket.pk)
        return [(m.body, [a.original_name for a in m.attachments.all()]) for m in read.thread]

    expected = {
        agent: Message.objects.filter(ticket=ticket),
        vendor_user: Message.objects.filter(ticket=ticket, is_internal=False).exclude(
            vendor=other_vendor_user.vendor
        ),
        ticket.customer: Message.objects.filter(ticket=ticket, is_internal=False).exclude(
            kind__in=VENDOR_EXCHANGE_KINDS
        ),
    }
    for user, messages in expected.items():
        in_order = messages.order_by("created_at", "pk")
        assert page_thread(user) == [
            (m.body, ["a.png"] if m.pk == reply.pk else []) for m in in_order
        ]
    assert len(expected[ticket.customer]) == 2


@pytest.mark.django_db(transaction=True)
def test_a_locking_read_outside_a_transaction_is_refused(customer):
    ticket = TicketFactory(customer=customer)

    with pytest.raises(TransactionManagementError):
        lock(ticket)
    with transaction.atomic():
        assert lock(ticket) == ticket


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
@pytest.mark.parametrize("planned_per_run", [False, True])
def test_a_read_planned_per_run_is_never_prepared(customer, planned_per_run):
    TicketFactory(customer=customer)
    marker = f"planned_{planned_per_run}".lower()
    read = CompiledRead(
        lambda *, customer: Ticket.objects.filter(customer_id=customer).extra(
            where=[f"'{marker}' = '{marker}'"]
        ),
        planned_per_run=planned_per_run,
    )
    for _ in range(4):
        assert len(read.rows(customer=customer.pk)) == 1
        assert read.count(customer=customer.pk) == 1

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{marker}%"],
        )
        prepared = cursor.fetchone()[0]
    assert prepared == (0 if planned_per_run else 2)
