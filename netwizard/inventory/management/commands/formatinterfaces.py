"""`manage.py formatinterfaces FILE`: print a file in netwizard's canonical form.

The work is netwizard.network.cli's; manage.py runs it there without Django's start-up.
Reads and writes no database, so it runs on any checkout; the corpus check calls it
hundreds of times, which is why system checks are skipped.
"""

from netwizard.network import cli

from ..files import FileCommand


class Command(FileCommand):
    command = cli.COMMANDS["formatinterfaces"]
    help = command.help
