import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netwizard.inventory import selectors
from netwizard.network.interfaces_file import UnsafeValueError, render


class Command(BaseCommand):
    help = (
        "Write a host's /etc/network/interfaces; refuses a host with error findings or unapproved "
        "root-command lines unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="the host")
        parser.add_argument("--output", help="write to this file instead of standard output")
        parser.add_argument(
            "--force", action="store_true", help="write the file despite errors or unapproved root-command lines"
        )

    def handle(self, *args, **options):
        host = selectors.host_get(name=options["name"])
        if host is None:
            raise CommandError(f"no host named {options['name']!r}")
        review = selectors.host_review(host=host)
        for finding in review.errors:
            sys.stderr.write(f"error {finding.code} {finding.interface or '-'}: {finding.message} {finding.hint}\n")
        if review.errors and not options["force"]:
            raise CommandError(f"{host.name} has {len(review.errors)} error findings; fix them or use --force")
        # Lines that run commands as root leave only once someone other than their author
        # approved them on the download page; --force writes them anyway, saying so.
        root = selectors.host_root_commands(host=host, network=review.network)
        if not root.approved:
            listed = "".join(f"  {line.interface or '(top level)'}: {line.text}\n" for line in root.lines)
            if not options["force"]:
                raise CommandError(
                    f"{host.name} has lines that run commands as root and no approval for them yet:\n{listed}"
                    "approve them on the host's download page (someone other than their author), or use --force"
                )
            sys.stderr.write(f"warning: writing unapproved lines that run commands as root (--force):\n{listed}")
        try:
            text = render(review.network)
        except UnsafeValueError as error:
            raise CommandError(f"{host.name} cannot be written safely: {error}") from error
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
