"""`restore` loads rows as they were, like migrate or loaddata, not through the services.

The services are for changes people make: they check a host's rules, bump its version and
record each change in its history. A restore is none of that: it puts back the database
the backup was made from, history, timestamps and versions included, unchanged. Each row
still passes the database's own constraints, and the whole load is one transaction.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netwizard.inventory.backup import BackupError, backup_read, backup_restore, counts_text


class Command(BaseCommand):
    help = (
        "Load a backup written by `backup` into a freshly migrated database; --force replaces everything "
        "the database holds. Nothing changes unless the whole backup loads."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a backup written by python manage.py backup")
        parser.add_argument(
            "--force", action="store_true", help="replace the hosts, history and users the database already holds"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            document = backup_read(path)
            restored = backup_restore(document, replace=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {counts_text(restored)} from {path} (backup made {document['created']}).")
