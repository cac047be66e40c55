from decimal import Decimal, InvalidOperation

from .. import permissions, workflow
from ..errors import InvalidInputError
from ..models import EventKind, Message, MessageKind, Rating, Role, Ticket, User
from ..permissions import Action
from . import use_case
from .events import event_record
from .tickets import lock, save_ticket

MIN_SCORE = Decimal(1)
MAX_SCORE = Decimal(5)


def _parse_score(score: object) -> Decimal:
    try:
        value = Decimal(str(score))
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or not MIN_SCORE <= value <= MAX_SCORE:
        raise InvalidInputError("score", "The rating must be a number from 1 to 5.")
    return value.quantize(Decimal("0.01"))


@use_case
def rating_add(*, ticket: Ticket, actor: User, score: object, comment: str = "") -> Rating:
    """Rate the ticket from the customer's side, in any status but cancelled; the latest
    rating becomes current.

    A comment is also kept in the thread as a rating comment. Raises InvalidInputError
    (field `score`) outside 1 to 5, ActionNotAllowedError for anyone but the customer side,
    TicketClosedError on a cancelled ticket.
    """
    ticket = lock(ticket)
    permissions.require(actor, Action.RATE, ticket)
    value = _parse_score(score)
    workflow.require_takes(ticket, Action.RATE)
    rating = Rating.objects.create(
        ticket=ticket, score=value, comment=comment or "", rated_by=actor
    )
    if (comment or "").strip():
        Message.objects.create(
            ticket=ticket,
            author=actor,
            author_role=Role.CUSTOMER,
            kind=MessageKind.RATING_COMMENT,
            body=comment,
        )
    ticket.current_rating = value
    save_ticket(ticket, "current_rating")
    event_record(ticket=ticket, actor=actor, kind=EventKind.RATED, to_value=value)
    return rating
