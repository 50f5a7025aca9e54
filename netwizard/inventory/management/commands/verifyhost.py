"""`manage.py verifyhost NAME FACTS.json`: does the node run what netwizard planned for it?

Exit status: 0 when every check passes, 1 when one does not, 2 when the host or the
document cannot be read. The result is stored in the host's history, as the Verify page
stores it.
"""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from netwizard.inventory import services
from netwizard.inventory.models import Host
from netwizard.network.host_facts import MAX_BYTES, TOO_LARGE

UNREADABLE = 2


class Command(BaseCommand):
    help = "Check a node's facts document, collected after the apply, against the host's planned file."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the host in the inventory")
        parser.add_argument("file", help="the facts document the collection command printed on the node")

    def handle(self, *args, **options):
        host = Host.objects.filter(name=options["name"]).first()
        if host is None:
            raise CommandError(f"There is no host {options['name']} in the inventory.", returncode=UNREADABLE)
        try:
            with open(options["file"], "rb") as file:
                size = os.fstat(file.fileno()).st_size
                if size > MAX_BYTES:
                    raise CommandError(f"{options['file']}: {TOO_LARGE.format(size=size)}", returncode=UNREADABLE)
                data = file.read(MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(
                f"{options['file']}: cannot read it ({error.strerror})", returncode=UNREADABLE
            ) from error
        try:
            _, result = services.host_verify(host=host, data=data)
        except ValidationError as error:
            raise CommandError(f"{options['file']}: {' '.join(error.messages)}", returncode=UNREADABLE) from error
        for check in result.checks:
            mark = "ok  " if check.ok else "FAIL"
            self.stdout.write(f"{mark} {check.topic:<10} {check.subject}: {check.verdict}")
            if check.action:
                self.stdout.write(f"     {check.action}")
        self.stdout.write(f"{host.name}: {result.summary()}")
        if not result.ok:
            raise SystemExit(1)
