import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from tickets.notifications.gateway import gateway_controller


class Command(BaseCommand):
    help = "Run the SMTP server that turns incoming mail into tickets and replies."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.HELPDESK_MAIL_GATEWAY_HOST)
        parser.add_argument("--port", type=int, default=settings.HELPDESK_MAIL_GATEWAY_PORT)

    def handle(self, *args, host: str, port: int, **options) -> None:
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        controller = gateway_controller(host=host, port=port)
        controller.start()
        self.stdout.write(f"Mail gateway listening on {host}:{port}", ending="\n")
        self.stdout.flush()
        try:
            stop.wait()
        finally:
            controller.stop()
        self.stdout.write("Mail gateway stopped.")
