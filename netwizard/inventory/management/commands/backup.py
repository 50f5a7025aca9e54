from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netwizard.inventory.backup import BackupError, backup_write, counts_text


class Command(BaseCommand):
    help = (
        "Write the whole netwizard database (inventory, history, users, groups, the admin's log) to FILE as "
        "one JSON document that `restore` loads on SQLite or PostgreSQL. FILE holds password hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup (replaced whole, never half written)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            counts = backup_write(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up {counts_text(counts)} to {path}.")
