"""`manage.py importfacts FACTS.json --host NAME`: take a node's facts document into the inventory."""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from netwizard.inventory import selectors, services
from netwizard.inventory.models import Host
from netwizard.network.host_facts import MAX_BYTES, TOO_LARGE


class Command(BaseCommand):
    help = (
        "Read a node's facts document (what the host page's collection command prints, or `ip -j -d link show` "
        "output) into a host: each NIC's permanent MAC, speed, bus, link and pin; NICs the inventory lacks are added."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the facts document")
        parser.add_argument("--host", required=True, help="the host in the inventory the document describes")

    def handle(self, *args, **options):
        host = Host.objects.filter(name=options["host"]).first()
        if host is None:
            raise CommandError(f"There is no host {options['host']} in the inventory; create or import it first.")
        try:
            with open(options["file"], "rb") as file:
                size = os.fstat(file.fileno()).st_size
                if size > MAX_BYTES:  # refused before it is read
                    raise CommandError(f"{options['file']}: {TOO_LARGE.format(size=size)} Nothing was imported.")
                data = file.read(MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"{options['file']}: cannot read the facts document ({error.strerror})") from error
        try:
            result = services.host_facts_import(host=host, data=data)
        except ValidationError as error:
            raise CommandError(f"{options['file']}: {' '.join(error.messages)} Nothing was imported.") from error
        self.stdout.write(
            f"Imported the facts of {host.name}: {len(result.updated)} NICs updated, {len(result.added)} added"
            f"{' (' + ', '.join(result.added) + ')' if result.added else ''}."
        )
        for rename in result.renamed:
            self.stdout.write(f"  {rename.old} is now {rename.new} (same MAC {rename.mac}).")
        for reason in result.skipped:
            self.stdout.write(f"  left out: {reason}")
        review = selectors.host_review(host=host)
        for finding in review.findings:
            if finding.code.startswith("NIC-"):
                self.stdout.write(f"  {finding.severity} {finding.code} {finding.interface}: {finding.message}")
