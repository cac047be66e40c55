"""The SMTP gateway: an aiosmtpd server that accepts mail for the helpdesk's addresses.

Put it behind the organisation's mail server (which does spam filtering and TLS) and
route the support address and its `+token` sub-addresses to it.
"""

import logging

from aiosmtpd.controller import Controller
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError, close_old_connections

from .addresses import AddressKind, destination_of
from .inbound import mail_receive
from .models import InboundOutcome

logger = logging.getLogger(__name__)

# Room for the most attachments a message may carry, base64 adding a third, plus text.
MIME_OVERHEAD = 4 / 3


def data_size_limit() -> int:
    files = settings.HELPDESK_ATTACHMENT_MAX_BYTES * settings.HELPDESK_ATTACHMENT_MAX_FILES
    return int(files * MIME_OVERHEAD) + 1024 * 1024


def _receive(raw: bytes, recipients: list[str]) -> str:
    close_old_connections()
    try:
        record = mail_receive(raw=raw, recipients=recipients)
    except DatabaseError:
        logger.exception("Mail could not be stored; the sender's server will retry.")
        return "451 4.3.0 Temporary failure, try again later"
    finally:
        close_old_connections()
    if record.outcome == InboundOutcome.ACCEPTED:
        return "250 2.0.0 Accepted"
    return f"550 5.7.1 {record.reason}"


class GatewayHandler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        kind = destination_of(address).kind
        if kind == AddressKind.FOREIGN:
            return "550 5.1.1 No such mailbox here"
        if kind == AddressKind.FORGED:
            return "550 5.7.1 The reply address is not one this helpdesk gave out"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        return await sync_to_async(_receive, thread_sensitive=False)(raw, envelope.rcpt_tos)


def gateway_controller(*, host: str, port: int) -> Controller:
    return Controller(
        GatewayHandler(),
        hostname=host,
        port=port,
        data_size_limit=data_size_limit(),
        server_hostname=settings.HELPDESK_SUPPORT_ADDRESS.rpartition("@")[2],
    )
