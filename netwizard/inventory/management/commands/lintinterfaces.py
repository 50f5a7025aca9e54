"""`manage.py lintinterfaces FILE` / `--cluster FILE FILE...`: check interfaces files
against netwizard's rules, without the inventory.

Options, output and exit statuses are described in netwizard.network.cli, which does the
work; manage.py runs it there without Django's start-up.
"""

from netwizard.network import cli

from ..files import FileCommand


class Command(FileCommand):
    command = cli.COMMANDS["lintinterfaces"]
    help = command.help
