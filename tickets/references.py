"""How an id sent by a client names a row: one parser for every surface.

Primary keys are 64-bit: a larger number names no row, and some databases raise on it. A
ticket reference that names no row, and one the caller may not see, are the same 404.
"""

from .errors import TicketNotFoundError

DB_ID_MAX = 2**63 - 1
# No primary key is 0: what a malformed path segment becomes, so it finds no row.
NO_SUCH_ID = 0


def parse_id(value: object) -> int | None:
    """The positive 64-bit id `value` spells in plain ASCII digits, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= DB_ID_MAX else None
    text = str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(DB_ID_MAX)):
        return None
    number = int(text)
    return number if 1 <= number <= DB_ID_MAX else None


def ticket_pk(value: object) -> int:
    """The ticket id a client sent; TicketNotFoundError when it can name no ticket."""
    pk = parse_id(value)
    if pk is None:
        raise TicketNotFoundError(value)
    return pk
