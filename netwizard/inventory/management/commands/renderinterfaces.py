import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netwizard.inventory import selectors
from netwizard.network.interfaces_file import UnsafeValueError, render


class Command(BaseCommand):
    help = "Write a host's /etc/network/interfaces; refuses a host with error findings unless --force."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the host")
        parser.add_argument("--output", help="write to this file instead of standard output")
        parser.add_argument("--force", action="store_true", help="write the file even though the rules find errors")

    def handle(self, *args, **options):
        host = selectors.host_get(name=options["name"])
        if host is None:
            raise CommandError(f"no host named {options['name']!r}")
        review = selectors.host_review(host=host)
        for finding in review.errors:
            sys.stderr.write(f"error {finding.code} {finding.interface or '-'}: {finding.message} {finding.hint}\n")
        if review.errors and not options["force"]:
            raise CommandError(f"{host.name} has {len(review.errors)} error findings; fix them or use --force")
        try:
            text = render(review.network)
        except UnsafeValueError as error:
            raise CommandError(f"{host.name} cannot be written safely: {error}") from error
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
