from django.core.management.base import BaseCommand

from tickets.sla.check import sla_check


class Command(BaseCommand):
    help = "Warn assignees of tickets about to miss an SLA target and record missed ones."

    def handle(self, *args, **options) -> None:
        result = sla_check()
        self.stdout.write(
            f"Checked {result.checked} tickets: {result.warned} warned, "
            f"{result.breached} targets missed."
        )
