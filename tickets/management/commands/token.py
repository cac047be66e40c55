from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from tickets.models import User


class Command(BaseCommand):
    help = "Print a user's API token, creating it if needed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named '{username}'.")
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
