"""`manage.py fetch_mail` against a real IMAP server (dovecot, started by the test)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import TicketFactory
from tests.mail_helpers import make_mail
from tickets.models import Channel, Ticket
from tickets.notifications.addresses import reply_address
from tickets.notifications.tasks import fetch_mail


@pytest.fixture
def imap_settings(settings, imap_server):
    settings.HELPDESK_IMAP_HOST = "127.0.0.1"
    settings.HELPDESK_IMAP_PORT = imap_server.port
    settings.HELPDESK_IMAP_USER = imap_server.user
    settings.HELPDESK_IMAP_PASSWORD = imap_server.password
    settings.HELPDESK_IMAP_SSL = False
    return imap_server


def fetch(*args: str) -> str:
    out = StringIO()
    call_command(
        "fetch_mail",
        "--host=127.0.0.1",
        *args,
        stdout=out,
    )
    return out.getvalue()


def test_fetch_mail_turns_unread_mail_into_tickets_and_replies(imap_settings, customer, db):
    server = imap_settings
    ticket = TicketFactory(customer=customer)
    server.deliver(
        make_mail(
            sender=customer.email,
            to="support@example.test",
            subject="Printer jammed",
            text="It jams on page two.",
        )
    )
    server.deliver(
        make_mail(
            sender=customer.email,
            to=reply_address(ticket.pk),
            text="New photo\n\nOn Tue, Support wrote:\n> old",
        )
    )
    server.deliver(
        make_mail(sender="stranger@elsewhere.test", to=reply_address(ticket.pk), text="hijack")
    )
    # Bcc'd to the support mailbox: none of our addresses in its headers.
    server.deliver(make_mail(sender=customer.email, to="team@elsewhere.test", subject="Bcc"))

    output = fetch(f"--port={server.port}", f"--user={server.user}", "--no-ssl")

    assert "4 mail(s): 3 accepted, 1 refused" in output
    assert Ticket.objects.filter(subject="Bcc", customer=customer).exists()
    opened = Ticket.objects.get(subject="Printer jammed")
    assert opened.channel == Channel.MAIL
    assert ticket.messages.order_by("id").last().body == "New photo"
    assert not ticket.messages.filter(body__contains="hijack").exists()
    assert server.unseen() == 0
    assert "0 mail(s)" in fetch(f"--port={server.port}", f"--user={server.user}", "--no-ssl")


def test_fetch_mail_deletes_fetched_mail_when_asked(imap_settings, customer, db):
    server = imap_settings
    server.deliver(make_mail(sender=customer.email, to="support@example.test", subject="A"))
    output = fetch(f"--port={server.port}", f"--user={server.user}", "--no-ssl", "--delete")
    assert "1 accepted" in output
    assert server.unseen() == 0


def test_fetch_mail_needs_a_mailbox(settings):
    settings.HELPDESK_IMAP_USER = ""
    with pytest.raises(CommandError):
        call_command("fetch_mail", "--host=")


def test_beat_fetches_the_mailbox_when_one_is_configured(imap_settings, customer, db):
    imap_settings.deliver(
        make_mail(sender=customer.email, to="support@example.test", subject="From beat")
    )
    fetch_mail.delay()
    assert Ticket.objects.filter(subject="From beat", channel=Channel.MAIL).exists()
    assert imap_settings.unseen() == 0
