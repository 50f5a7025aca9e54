"""Reading an interfaces file for the commands: one way, with one kind of failure."""

from pathlib import Path

from django.core.management.base import CommandError

from netwizard.network.interfaces_file import ParseError, parse
from netwizard.network.model import HostNetwork

UNREADABLE = 2  # the exit status DESIGN.md gives an unreadable or unparsable file


def interfaces_file_text(path: str) -> str:
    """The file's text. Decoded from bytes, so a lone carriage return stays a character
    (as ifupdown2 sees it) instead of becoming a line break."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: cannot read the file ({exc.strerror or exc})", returncode=UNREADABLE) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CommandError(f"{path}: line {line}: the file is not valid UTF-8", returncode=UNREADABLE) from exc


def interfaces_file_parse(path: str) -> HostNetwork:
    """The parsed file; CommandError (exit 2) naming the line when it cannot be read or parsed."""
    text = interfaces_file_text(path)
    try:
        return parse(text)
    except ParseError as exc:
        raise CommandError(f"{path}: {exc}", returncode=UNREADABLE) from exc
