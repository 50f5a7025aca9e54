"""`manage.py createapitoken USER [--write] [--expires DAYS] [--description TEXT]`.

Prints the new key on stdout, alone on its line, so a script can capture it; it is shown
this once and stored only as a digest.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from netwizard.inventory import services


class Command(BaseCommand):
    help = "Make an API token for USER and print its key (shown once). Read-only unless --write."

    def add_arguments(self, parser):
        parser.add_argument("user", help="the user name the token acts as")
        parser.add_argument("--write", action="store_true", help="let the token change data (editors only)")
        parser.add_argument("--expires", type=int, metavar="DAYS", help="days until the token expires (default: never)")
        parser.add_argument("--description", default="", help="what the token is for, shown on the tokens page")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"There is no active user named {options['user']!r}.")
        try:
            made = services.api_token_create(
                user=user, write=options["write"], expires_days=options["expires"], description=options["description"]
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        rights = "read and write" if made.token.write_enabled else "read-only"
        expiry = f"expires {made.token.expires_at:%Y-%m-%d %H:%M} UTC" if made.token.expires_at else "never expires"
        self.stderr.write(f"Token {made.token.prefix}… for {user.get_username()}: {rights}, {expiry}. Key:")
        self.stdout.write(made.key)
