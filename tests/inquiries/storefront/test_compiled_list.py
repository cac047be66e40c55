"""The storefront's list without a keyword runs reads compiled once per role and window
(tickets.selectors.ticket_page_opened_by): each shopper gets their own tickets."""

import pytest

from tests.factories import TicketFactory
from tickets.pagination import capped_count, offset_page
from tickets.selectors import ticket_list_opened_by

from .conftest import BASE

pytestmark = pytest.mark.django_db


def test_each_shopper_pages_through_their_own_tickets(
    client_for, customer, seller_account, seller_colleague, agent
):
    for _ in range(3):
        TicketFactory(customer=customer)
    for _ in range(2):
        TicketFactory(customer=seller_colleague, seller_account_id=seller_account.pk)
    windows = [{"limit": 2, "offset": 0}, {"limit": 2, "offset": 2}, {"limit": 0, "offset": 1}]

    for user in (customer, seller_colleague, agent):
        client = client_for(user)
        expected_count = capped_count(ticket_list_opened_by(user=user))
        assert client.get(BASE, {"count": 1}).json()["data"] == expected_count
        for window in windows:
            limit = window["limit"] or 100
            expected = offset_page(
                ticket_list_opened_by(user=user), offset=window["offset"], limit=limit
            )
            rows = client.get(BASE, window).json()["data"]
            assert [row["id"] for row in rows] == [ticket.pk for ticket in expected], user

    mine = client_for(seller_colleague).get(BASE).json()["data"]
    assert {row["userId"] for row in mine} == {seller_colleague.pk}
    assert len(mine) == 2
