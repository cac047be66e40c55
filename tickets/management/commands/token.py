from django.core.management.base import BaseCommand, CommandError

from tickets.apitokens.services import token_create
from tickets.models import User


class Command(BaseCommand):
    help = (
        "Issue a new API token for a user and print it. Only its digest is stored, so each "
        "call issues another; revoke old ones on the portal's API tokens page."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="manage.py token", help="The token's name.")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named '{username}'.")
        _, token = token_create(user=user, name=name)
        self.stdout.write(token)
