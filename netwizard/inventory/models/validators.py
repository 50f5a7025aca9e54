"""What a single value may hold, checked the same way by every writer.

The validators and messages here are shared by the models' fields and the wizard's forms;
`name_grammar` writes a name's grammar as a database CHECK constraint.
"""

import unicodedata
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Length
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual

from .. import constants

IFNAME_MESSAGE = "Use at most 15 letters, digits and _ . : + - (no spaces, slashes, backslashes or '#')."
HOSTNAME_MESSAGE = "A Proxmox node name is one DNS label: letters, digits and inner hyphens, at most 63 characters."
MAC_MESSAGE = "Write the MAC address as six pairs of hex digits separated by colons, for example 3c:ec:ef:12:34:56."
validate_ifname = RegexValidator(constants.IFNAME_REGEX, IFNAME_MESSAGE)
STORED_IFNAME_MESSAGE = "Use letters, digits and _ . : + - (no spaces, slashes, backslashes or '#'); 15 fit the kernel."
validate_stored_ifname = RegexValidator(constants.IFNAME_STORED_REGEX, STORED_IFNAME_MESSAGE)
validate_hostname = RegexValidator(constants.HOSTNAME_REGEX, HOSTNAME_MESSAGE)
validate_mac = RegexValidator(constants.MAC_REGEX, MAC_MESSAGE)
validate_stanza_families = RegexValidator(
    r"\Ainet6?( inet6?)*\Z", "List the address families inet and inet6, separated by single spaces."
)
validate_cluster_name = RegexValidator(
    constants.CLUSTER_NAME_REGEX, "Use letters, digits, '-' and '_', starting with a letter or digit."
)


# Control, format (bidi overrides, zero-width), line/paragraph separator, surrogate,
# private-use and unassigned characters: the diagram shows none of them as typed.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def validate_text_line_safe(value: str) -> None:
    """Refuse text that could change how ifupdown2 reads the file it may end up in, or
    that would not show as typed (newlines between lines are allowed)."""
    if value.isascii() and "\\" not in value and all(c == "\n" or c.isprintable() for c in value):
        return
    for char in value:
        if char == "\\":
            raise ValidationError("Backslashes are not allowed: ifupdown2 joins lines on them.")
        if char != "\n" and unicodedata.category(char) in _UNSAFE_CATEGORIES:
            raise ValidationError(f"Control, formatting and unassigned characters are not allowed (U+{ord(char):04X}).")


def validate_comment_text(value: str) -> None:
    """An interface's comment lines: as `validate_text_line_safe`, and tabs are text here.
    A comment keeps them as written (`#\taddress ...`, an option switched off), and the
    writer puts them after the '#', where no reader splits on them."""
    validate_text_line_safe(value.replace("\t", " "))


def validate_one_line(value: str) -> None:
    """A value written on one option line of the file (an address, a VLAN list, a switch port)."""
    if "\n" in value or "\r" in value:
        raise ValidationError("Write this on one line.")
    validate_text_line_safe(value)


def _json_strings(value) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def validate_json_lines(value) -> None:
    """Lines kept from an imported file (editable in the admin): each string fits on one line.
    PostgreSQL refuses NUL in JSON outright; the file must not get a line it did not have."""
    for text in _json_strings(value):
        validate_one_line(text)


def name_grammar(*, chars: str, max_length: int, not_first: str = "", not_last: str = "") -> Q:
    """A name's grammar in SQL that SQLite (its plain sqlite3 tool included) and PostgreSQL
    both evaluate, unlike REGEXP. TRIM(name, chars) strips every allowed character from both
    ends, so only a name made of allowed characters alone leaves nothing; LENGTH stands in
    for max_length, which SQLite does not enforce."""
    condition = Q(
        Exact(Func(F("name"), Value(chars), function="TRIM"), Value("")),
        GreaterThanOrEqual(Length("name"), 1),
        LessThanOrEqual(Length("name"), max_length),
    )
    for char in not_first:
        condition &= ~Q(name__startswith=char)
    for char in not_last:
        condition &= ~Q(name__endswith=char)
    return condition
