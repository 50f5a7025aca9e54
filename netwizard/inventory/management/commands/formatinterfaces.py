"""`manage.py formatinterfaces FILE`: print a file in netwizard's canonical form.

Reads and writes no database, so it runs on any checkout; the corpus check calls it
hundreds of times, which is why system checks are skipped.
"""

from django.core.management.base import BaseCommand, CommandError

from netwizard.network.interfaces_file import UnsafeValueError, render

from ..files import UNREADABLE, interfaces_file_parse


class Command(BaseCommand):
    help = "Print an /etc/network/interfaces file in the form Proxmox VE writes it (exit 2 if it cannot be read)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the interfaces file")

    def handle(self, *args, **options):
        path = options["file"]
        network = interfaces_file_parse(path)
        try:
            formatted = render(network)
        except UnsafeValueError as exc:
            raise CommandError(f"{path}: cannot be written safely: {exc}", returncode=UNREADABLE) from exc
        self.stdout.write(formatted, ending="")
