"""`manage.py lintinterfaces FILE` / `--cluster FILE FILE...`: check interfaces files
against netwizard's rules.

Options, output and exit statuses are described in netwizard.network.cli, which does the
work; manage.py runs it there without Django's start-up, except with `--facts`: then the
MACs the inventory knows for the node the facts name let NIC-01 say which NIC a name
that is gone became (eno3 is now enp2s0f0).
"""

from django.db import DatabaseError

from netwizard.network import cli

from ...models import Interface
from ..files import FileCommand


def known_macs(host: str) -> dict[str, str]:
    """NIC name -> MAC, as the inventory knows them for `host`; empty without an inventory."""
    try:
        rows = Interface.objects.nics().filter(host__name=host).exclude(mac="").values_list("name", "mac")
        return dict(rows)
    except DatabaseError:
        return {}  # no database set up: the lint works on the files alone


class Command(FileCommand):
    command = cli.COMMANDS["lintinterfaces"]
    help = command.help

    def handle(self, *args, **options):
        return super().handle(*args, **{**options, "known_macs": known_macs})
