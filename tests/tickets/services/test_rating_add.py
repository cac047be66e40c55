from decimal import Decimal

import pytest

from tickets.errors import ActionNotAllowedError, InvalidInputError, TicketNotFoundError
from tickets.models import Rating
from tickets.services.ratings import rating_add
from tickets.services.tickets import ticket_resolve


def test_latest_rating_is_current_and_history_is_kept(ticket, customer, agent):
    ticket_resolve(ticket=ticket, actor=agent)
    rating_add(ticket=ticket, actor=customer, score=3)
    rating_add(ticket=ticket, actor=customer, score="4.5", comment="Better after the call")

    ticket.refresh_from_db()
    assert ticket.current_rating == Decimal("4.5")
    assert list(ticket.ratings.order_by("id").values_list("score", flat=True)) == [
        Decimal(3),
        Decimal("4.5"),
    ]
    comment = ticket.messages.get(kind="rating_comment")
    assert (comment.body, comment.author) == ("Better after the call", customer)
    assert ticket.events.filter(kind="rated").count() == 2


@pytest.mark.parametrize("score", [0, 6, "5.5", "abc", None, "NaN"])
def test_score_outside_one_to_five_is_refused(ticket, customer, score):
    with pytest.raises(InvalidInputError) as error:
        rating_add(ticket=ticket, actor=customer, score=score)
    assert error.value.field == "score"
    assert not Rating.objects.exists()


def test_only_the_customer_side_rates(ticket, agent, other_customer):
    with pytest.raises(ActionNotAllowedError):
        rating_add(ticket=ticket, actor=agent, score=5)
    with pytest.raises(TicketNotFoundError):
        rating_add(ticket=ticket, actor=other_customer, score=5)
    assert not Rating.objects.exists()
