from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from tickets.services.attachments import attachments_expire


class Command(BaseCommand):
    help = "Delete uploaded files that no message referenced within the allowed time."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--hours",
            type=int,
            default=settings.HELPDESK_UNREFERENCED_UPLOAD_TTL_HOURS,
            help="Age after which an unreferenced upload is deleted.",
        )

    def handle(self, *args, hours: int, **options) -> None:
        removed = attachments_expire(older_than=timedelta(hours=hours))
        self.stdout.write(f"Deleted {removed} unreferenced upload(s).")
