"""The interfaces-file commands under Django. netwizard.network.cli does the reading,
formatting and linting; this turns its failures into CommandError with the same message
and exit status."""

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError

from netwizard.inventory import constants
from netwizard.network import cli
from netwizard.network.model import HostNetwork


@contextmanager
def command_errors() -> Iterator[None]:
    try:
        yield
    except cli.CommandFailed as exc:
        raise CommandError(str(exc), returncode=exc.status) from exc


def interfaces_file_read(path: str) -> tuple[str, HostNetwork]:
    """The file's text and its network; CommandError (exit 2) naming the line when it cannot be
    read or parsed, or naming the limit when it is larger than an import takes (refused
    before it is read)."""
    with command_errors():
        text = cli.read_text(path, max_bytes=constants.MAX_FILE_BYTES)
        return text, cli.parse_text(text, path)


class FileCommand(BaseCommand):
    """One of netwizard.network.cli's commands as a management command: what call_command,
    `manage.py help` and command lines with Django's own options run. A plain
    `manage.py formatinterfaces|lintinterfaces ...` runs the same code without Django."""

    command: cli.Command
    # Nothing here needs the project's checks or the database.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        self.command.add_arguments(parser)

    def handle(self, *args, **options):
        with command_errors():
            text, status = self.command.run(argparse.Namespace(**options))
        self.stdout.write(text, ending="")
        if status:
            raise SystemExit(status)
