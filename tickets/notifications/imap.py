"""Fetching mail from an IMAP mailbox into the helpdesk (stdlib imaplib)."""

import imaplib
import logging
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError

from .inbound import mail_receive

logger = logging.getLogger(__name__)

IMAP_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    user: str
    password: str
    use_ssl: bool = True
    folder: str = "INBOX"

    @classmethod
    def from_settings(cls) -> "Mailbox":
        return cls(
            host=settings.HELPDESK_IMAP_HOST,
            port=settings.HELPDESK_IMAP_PORT,
            user=settings.HELPDESK_IMAP_USER,
            password=settings.HELPDESK_IMAP_PASSWORD,
            use_ssl=settings.HELPDESK_IMAP_SSL,
            folder=settings.HELPDESK_IMAP_FOLDER,
        )


def fetch_mailbox(mailbox: Mailbox, *, delete: bool = False) -> Counter:
    """Act on every unread mail of the folder and mark it read (or delete it).

    A mail the database could not take stays unread, so the next fetch tries it again;
    a mail fetched twice anyway is recognised by its Message-ID. Returns the outcomes."""
    client_class = imaplib.IMAP4_SSL if mailbox.use_ssl else imaplib.IMAP4
    outcomes: Counter = Counter()
    client = client_class(mailbox.host, mailbox.port, timeout=IMAP_TIMEOUT_SECONDS)
    try:
        client.login(mailbox.user, mailbox.password)
        client.select(mailbox.folder)
        _status, data = client.uid("SEARCH", None, "UNSEEN")
        for uid in data[0].split():
            _status, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next(part[1] for part in parts if isinstance(part, tuple))
            try:
                record = mail_receive(raw=raw, is_support_mailbox=True)
            except DatabaseError:
                logger.exception("Mail %s stays unread: the database did not take it.", uid)
                outcomes["deferred"] += 1
                continue
            outcomes[record.outcome] += 1
            client.uid("STORE", uid, "+FLAGS", "(\\Seen \\Deleted)" if delete else "(\\Seen)")
        if delete:
            client.expunge()
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            logger.warning("IMAP logout from %s failed.", mailbox.host)
    return outcomes
