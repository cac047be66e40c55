"""Concurrent creation on PostgreSQL: real parallel transactions, no shared case number."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from tests.factories import CustomerFactory
from tickets.models import Ticket
from tickets.services.tickets import ticket_create

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers: nothing to race"
    ),
]

THREADS = 8
TICKETS_PER_THREAD = 10


def open_tickets(customer_id: int) -> list[str]:
    try:
        customer = CustomerFactory._meta.model.objects.get(pk=customer_id)
        return [
            ticket_create(actor=customer, subject=f"Race {n}", description="x").case_number
            for n in range(TICKETS_PER_THREAD)
        ]
    finally:
        connections.close_all()


def test_parallel_creation_gives_unique_case_numbers():
    customers = [CustomerFactory().pk for _ in range(THREADS)]

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        numbers = [n for batch in pool.map(open_tickets, customers) for n in batch]

    assert len(numbers) == THREADS * TICKETS_PER_THREAD
    assert len(set(numbers)) == len(numbers)
    assert Ticket.objects.filter(case_number__isnull=True).count() == 0
    assert sorted(Ticket.objects.values_list("case_number", flat=True)) == sorted(numbers)
