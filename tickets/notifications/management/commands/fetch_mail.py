from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tickets.notifications.imap import Mailbox, fetch_mailbox


class Command(BaseCommand):
    help = (
        "Fetch unread mail from the IMAP mailbox (HELPDESK_IMAP_* settings) into tickets "
        "and replies; the password comes only from HELPDESK_IMAP_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.HELPDESK_IMAP_HOST)
        parser.add_argument("--port", type=int, default=settings.HELPDESK_IMAP_PORT)
        parser.add_argument("--user", default=settings.HELPDESK_IMAP_USER)
        parser.add_argument("--folder", default=settings.HELPDESK_IMAP_FOLDER)
        parser.add_argument(
            "--no-ssl", action="store_true", help="Plain IMAP (a server on this machine only)."
        )
        parser.add_argument(
            "--delete", action="store_true", help="Delete fetched mail instead of marking it read."
        )

    def handle(self, *args, host, port, user, folder, no_ssl, delete, **options) -> None:
        if not host or not user:
            raise CommandError("Set HELPDESK_IMAP_HOST and HELPDESK_IMAP_USER (or --host, --user).")
        mailbox = Mailbox(
            host=host,
            port=port,
            user=user,
            password=settings.HELPDESK_IMAP_PASSWORD,
            use_ssl=settings.HELPDESK_IMAP_SSL and not no_ssl,
            folder=folder,
        )
        outcomes = fetch_mailbox(mailbox, delete=delete)
        self.stdout.write(
            f"Fetched {sum(outcomes.values())} mail(s): {outcomes['accepted']} accepted, "
            f"{outcomes['refused']} refused, {outcomes['deferred']} left for the next fetch."
        )
