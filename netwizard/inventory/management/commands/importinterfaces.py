from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from netwizard.inventory import selectors, services

from ..files import interfaces_file_read


class Command(BaseCommand):
    help = "Store an /etc/network/interfaces file as a host's network in the inventory."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the interfaces file to import")
        parser.add_argument("--host", required=True, help="name of the host (created when missing)")
        parser.add_argument("--replace", action="store_true", help="replace the interfaces of an existing host")

    def handle(self, *args, **options):
        text, network = interfaces_file_read(options["file"])
        try:
            # The text as read is kept: it is what the host runs, and what the download is compared with.
            host = services.host_import_interfaces(
                name=options["host"], network=network, replace=options["replace"], text=text
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        review = selectors.host_review(host=host)
        self.stdout.write(
            f"Imported {len(network.interfaces)} interfaces into {host.name}: "
            f"{len(review.errors)} errors, {len(review.warnings)} warnings."
        )
        for finding in review.findings:
            self.stdout.write(f"  {finding.severity} {finding.code} {finding.interface or '-'}: {finding.message}")
