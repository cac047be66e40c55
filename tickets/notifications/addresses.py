"""Reply addresses: `support+t42-<signature>@domain` names ticket 42, signed with the key.

The signature is an HMAC of the ticket id under SECRET_KEY, so nobody can make up the
reply address of a ticket they were not mailed about; base32 survives mail servers that
lower-case the local part.
"""

import base64
import re
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

TOKEN_SALT = "tickets.notifications.reply-address"
SIGNATURE_BYTES = 15
TOKEN_PATTERN = re.compile(r"^t(\d{1,18})-([a-z2-7]+)$")


class AddressKind(StrEnum):
    SUPPORT = "support"
    TICKET = "ticket"
    FORGED = "forged"
    FOREIGN = "foreign"


@dataclass(frozen=True)
class Destination:
    kind: AddressKind
    ticket_id: int | None = None


def _support_parts() -> tuple[str, str]:
    local, _, domain = settings.HELPDESK_SUPPORT_ADDRESS.lower().rpartition("@")
    return local, domain


def ticket_token(ticket_id: int) -> str:
    digest = salted_hmac(TOKEN_SALT, str(ticket_id), algorithm="sha256").digest()
    signature = base64.b32encode(digest[:SIGNATURE_BYTES]).decode().lower()
    return f"t{ticket_id}-{signature}"


def reply_address(ticket_id: int) -> str:
    local, domain = _support_parts()
    return f"{local}+{ticket_token(ticket_id)}@{domain}"


def mail_domain() -> str:
    return _support_parts()[1]


def destination_of(address: str) -> Destination:
    """What mail to `address` is for: a new ticket, a ticket's thread, a forged token, or
    an address that is not ours at all."""
    local, _, domain = (address or "").strip().strip("<>").lower().rpartition("@")
    support_local, support_domain = _support_parts()
    if domain != support_domain:
        return Destination(AddressKind.FOREIGN)
    if local == support_local:
        return Destination(AddressKind.SUPPORT)
    base, plus, token = local.partition("+")
    if base != support_local or not plus:
        return Destination(AddressKind.FOREIGN)
    match = TOKEN_PATTERN.match(token)
    if match is None:
        return Destination(AddressKind.FORGED)
    ticket_id = int(match.group(1))
    if not constant_time_compare(token, ticket_token(ticket_id)):
        return Destination(AddressKind.FORGED)
    return Destination(AddressKind.TICKET, ticket_id)
