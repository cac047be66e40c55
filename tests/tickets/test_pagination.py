import pytest

from tests.factories import TicketFactory
from tickets.models import Ticket
from tickets.pagination import CappedCountPaginator


@pytest.fixture
def five_tickets(customer):
    return [TicketFactory(customer=customer) for _ in range(5)]


def test_counts_exactly_under_the_cap(five_tickets):
    paginator = CappedCountPaginator(Ticket.objects.order_by("pk"), 2)
    paginator.count_cap = 10
    assert (paginator.count, paginator.num_pages, paginator.is_capped) == (5, 3, False)


def test_stops_counting_at_the_cap_and_offers_no_page_past_it(five_tickets):
    paginator = CappedCountPaginator(Ticket.objects.order_by("pk"), 2)
    paginator.count_cap = 3
    assert (paginator.count, paginator.num_pages, paginator.is_capped) == (3, 2, True)
    assert [t.pk for t in paginator.page(2)] == [five_tickets[2].pk]
    assert paginator.get_page(3).number == 2


def test_count_is_one_bounded_query(five_tickets, django_assert_num_queries):
    paginator = CappedCountPaginator(Ticket.objects.order_by("pk"), 2)
    with django_assert_num_queries(1) as captured:
        assert paginator.count == 5
    assert "LIMIT" in captured.captured_queries[0]["sql"]
