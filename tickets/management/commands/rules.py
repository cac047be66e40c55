from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from tickets.rulebook import readme_with_rules, render


class Command(BaseCommand):
    help = "Print the README's Rules section, rendered from the workflow and permission tables."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Update README.md in place.")

    def handle(self, *args, write: bool = False, **options) -> None:
        if not write:
            self.stdout.write(render())
            return
        readme = Path(settings.BASE_DIR) / "README.md"
        readme.write_text(readme_with_rules(readme.read_text(encoding="utf-8")), encoding="utf-8")
        self.stdout.write("README.md: Rules section rendered.")
