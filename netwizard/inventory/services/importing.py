"""The import: a host's interfaces file stored as the host runs it, errors included.

It is also the one write of thousands of rows, so it checks the fields in memory and
leaves the constraints to the database as it inserts in bulk (`full_clean` asks one query
per row and constraint), with the same messages when a row is refused.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import JSONField

from netwizard.network import bonding, interfaces_file
from netwizard.network.model import HostNetwork

from .. import audit, constants, conversion, selectors
from ..choices import InterfaceKind
from ..models import Host, HostChange, Interface, Switch
from .guard import _DryRun, _host_check_version
from .hosts import host_save
from .root_commands import _root_commands_note

HOST_EXISTS = "Host {host} already exists; import with replace to overwrite its interfaces."
DUPLICATE_INTERFACE = "{interface} is defined more than once; the inventory keeps one definition per interface."
IMPORT_ROW_INVALID = "{interface}: {message}"
# A value the file has that the inventory's field cannot hold: ifupdown2 refuses these
# too, so the file's line is the thing to correct.
IMPORT_VALUE_INVALID = (
    "{interface}: the file's {option} {value} does not fit the inventory ({message}); ifupdown2 refuses it as well. "
    "Correct that line (lintinterfaces names it) and import the file again."
)
# The file's spelling of each typed field, for the message above (the bond's from bonding).
_FILE_OPTIONS = {
    "bond_mode": "bond-mode",
    **{bonding.setting_column(name): key for name, key in bonding.SETTING_OPTIONS.items()},
    "bridge_fd": "bridge-fd",
    "mtu": "mtu",
    "vlan_id": "VLAN ID",
    "vlan_protocol": "vlan-protocol",
}

# Inventory facts a file cannot carry; a re-import keeps them for interfaces that keep their
# name. A database constraint keeps a NIC's own facts off other kinds, so those are kept only
# where the name is still a NIC.
_KEPT_ON_NICS = [
    "mac",
    "speed_mbps",
    "switch_id",
    "switch_port",
    "bus",
    "pci_path",
    "altnames",
    "link_up",
    "pinned_by",
    "pin_planned",
]
KEPT_ON_REIMPORT = [*_KEPT_ON_NICS, "carries_cluster", "is_management"]

TOO_MANY_INTERFACES = (
    "The file defines {count} interfaces; netwizard keeps at most {limit} per host (a Proxmox node has a few dozen)."
)


def host_import_interfaces(
    *,
    name: str,
    network: HostNetwork,
    replace: bool = False,
    cluster: str = "",
    description: str = "",
    text: str | None = None,
) -> Host:
    """Store a parsed interfaces file as the host's network, exactly as the host runs it.

    Everything the file holds is kept: unknown options, comments, positions, global
    lines, and even links to interfaces the file does not define. The file is stored
    although the rules may find errors in it; that is what reviewing a host needs.
    With `replace`, an existing host's interfaces are replaced; NIC cabling and roles
    recorded in the inventory are kept for interfaces whose name stays.

    `text` is the file as it was read; it is kept on the host (`imported_text`) so the
    wizard can show what changed since. Without it the network's own rendering is kept.

    A file of more than `constants.MAX_INTERFACES_PER_HOST` interfaces is refused before
    anything is read from the database. The rows are checked in memory and written in
    bulk, so an import costs a few queries per thousand interfaces, not several per row.
    """
    count = len(network.interfaces)
    if count > constants.MAX_INTERFACES_PER_HOST:
        raise ValidationError(
            TOO_MANY_INTERFACES.format(count=count, limit=constants.MAX_INTERFACES_PER_HOST), code="too_many"
        )
    counts = Counter(iface.name for iface in network.interfaces)
    duplicates = sorted(n for n, count in counts.items() if count > 1)
    if duplicates:
        raise ValidationError([DUPLICATE_INTERFACE.format(interface=n) for n in duplicates], code="duplicate")
    with transaction.atomic():
        host = Host.objects.filter(name=name).first()
        kept = {}
        before = ""
        if host is not None:
            if not replace:
                raise ValidationError(HOST_EXISTS.format(host=name), code="exists")
            old_rows = selectors.host_rows(host=host)
            before = audit.file_text(conversion.network_from_rows(host, old_rows))
            kept = {row.name: {field: getattr(row, field) for field in KEPT_ON_REIMPORT} for row in old_rows}
            _import_interfaces_clear(host)
        else:
            host = Host(name=name, cluster=cluster, description=description)
        host.global_lines = [[line.position, line.text] for line in network.global_lines]
        host.imported_text = text if text is not None else _network_text(network)
        host = host_save(host=host)

        rows = {iface.name: _import_row(host, iface, kept.get(iface.name, {})) for iface in network.interfaces}
        links = _import_links(network, rows)
        keys = _import_insert(host, list(rows.values()))
        _import_links_store(keys, links)
        _root_commands_note(host=host, network=network)
        audit.host_change_record(
            host=host,
            action=HostChange.IMPORT,
            before=before,
            after=audit.file_text(_import_written(host, rows, keys, links)),
            summary=f"Imported {len(network.interfaces)} interfaces",
        )
    return host


def _network_text(network: HostNetwork) -> str:
    try:
        return interfaces_file.render(network)
    except interfaces_file.UnsafeValueError:
        return ""  # nothing safe to compare with later; the wizard then shows no diff


def _import_interfaces_clear(host: Host) -> None:
    """Delete the host's interfaces before a re-import. Their links to each other are
    dropped first; when nothing else refers to an interface, one DELETE removes them all
    (Django's delete loads every row and walks their links: 8 times slower)."""
    interfaces = host.interfaces.all()
    if any(relation.related_model is not Interface for relation in Interface._meta.related_objects):
        interfaces.delete()
        return
    interfaces.update(master=None, raw_device=None, bond_primary=None)
    meta, quote = Interface._meta, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(meta.db_table)} WHERE {quote(meta.get_field('host').column)} = %s", [host.pk]
        )


def _import_row(host: Host, iface, kept: dict) -> Interface:
    row = Interface(host=host, **conversion.row_fields(iface))
    for field, value in kept.items():
        if field not in _KEPT_ON_NICS or row.kind == InterfaceKind.NIC:
            setattr(row, field, value)
    return row


# Links are set once every row has its primary key; until then they are checked like this.
_IMPORT_LINK_FIELDS = ["master", "raw_device", "bond_primary"]


def _import_validate(row: Interface) -> None:
    """Refuse a row as `full_clean` does (field by field, then the constraints, one query each)."""
    try:
        row.full_clean(exclude=_IMPORT_LINK_FIELDS, validate_unique=False)
    except ValidationError as error:
        messages = [
            _row_message(row, field, message)
            for field, field_messages in error.message_dict.items()
            for message in field_messages
        ]
        raise ValidationError(messages, code="invalid") from error


def _row_message(row: Interface, field: str, message: str) -> str:
    option = _FILE_OPTIONS.get(field)
    if option is None:
        return IMPORT_ROW_INVALID.format(interface=row.name, message=message)
    value = getattr(row, field)
    return IMPORT_VALUE_INVALID.format(interface=row.name, option=option, value=value, message=message.rstrip("."))


# The host was just saved and a kept switch read in this transaction: no query asks whether they exist.
_IMPORT_QUERIED_FIELDS = [*_IMPORT_LINK_FIELDS, "host", "switch"]


def _import_fields_valid(row: Interface) -> bool:
    """The checks of `full_clean` that need no query: each field's validators and choices."""
    try:
        row.full_clean(exclude=_IMPORT_QUERIED_FIELDS, validate_unique=False, validate_constraints=False)
    except ValidationError:
        return False
    return True


def _import_insert(host: Host, rows: list[Interface]) -> dict[str, int]:
    """Insert the rows (without their links) and return their keys by name, or refuse the
    first row in file order that `full_clean` would refuse, with its messages
    (ValidationError, code "invalid").

    The fields are checked in memory. The constraints are checked by the database as it
    inserts, once per row; only when it refuses a row is that row looked for (by halves)
    and checked again the slow way, for the same messages as every other writer gets.
    """
    invalid = next((i for i, row in enumerate(rows) if not _import_fields_valid(row)), None)
    if invalid is None:
        try:
            with transaction.atomic():
                _import_rows_write(rows)
        except IntegrityError:
            refused = _import_first_refused(rows)
            if refused is None:
                raise
            _import_validate(rows[refused])
            raise
        return dict(host.interfaces.values_list("name", "pk"))
    refused = _import_first_refused(rows[:invalid])
    _import_validate(rows[invalid if refused is None else refused])
    raise AssertionError(f"{rows[invalid].name} failed its field checks but passed full_clean")


def _import_rows_write(rows: list[Interface]) -> None:
    """Insert rows with one statement run once per row. Django's bulk_create prepares every
    value through its query compiler and splits the rows into statements of at most 999
    parameters (27 rows on SQLite): twice the time, and a query per 27 rows. The values are
    prepared by the fields themselves, as bulk_create prepares them."""
    fields = [field for field in Interface._meta.concrete_fields if not field.primary_key and not field.generated]
    values = [[_import_db_value(field, field.pre_save(row, True)) for field in fields] for row in rows]
    if any(hasattr(value, "resolve_expression") for row in values for value in row):
        Interface.objects.bulk_create(rows)  # a database default: Django knows how to write it
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"INSERT INTO {quote(Interface._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _import_db_value(field, value):
    """A cleaned value as the database takes it. Text, numbers, booleans and None outside a
    JSON field go as they are: the fields' own preparation returns them unchanged, and
    costs as much again as everything else here. Anything else is prepared by its field."""
    if (value is None or type(value) in (str, int, bool)) and not isinstance(field, JSONField):
        return value
    return field.get_db_prep_save(value, connection)


def _import_links_store(keys: dict[str, int], links: list[_Link]) -> None:
    """Set the links of the inserted rows: one statement per kind of link, run once per link."""
    quote = connection.ops.quote_name
    meta = Interface._meta
    for field in _IMPORT_LINK_FIELDS:
        pairs = [(keys[target.name], keys[row.name]) for row, kind, target in links if kind == field]
        if not pairs:
            continue
        table, column, key = quote(meta.db_table), quote(meta.get_field(field).column), quote(meta.pk.column)
        sql = f"UPDATE {table} SET {column} = %s WHERE {key} = %s"
        with connection.cursor() as cursor:
            cursor.executemany(sql, pairs)


def _import_first_refused(rows: list[Interface]) -> int | None:
    """The index of the first row the database refuses, or None: inserted by halves, each
    attempt rolled back, about twice as many rows as there are in all."""

    def inserts(part: list[Interface]) -> bool:
        try:
            with transaction.atomic():
                _import_rows_write(part)
                raise _DryRun
        except _DryRun:
            return True
        except IntegrityError:
            return False

    if inserts(rows):
        return None
    low, high = 0, len(rows)  # the first refused row is in rows[low:high]
    while high - low > 1:
        middle = (low + high) // 2
        if inserts(rows[low:middle]):
            low = middle
        else:
            high = middle
    return low


def _import_written(host: Host, rows: dict[str, Interface], keys: dict[str, int], links: list[_Link]) -> HostNetwork:
    """The network as just written, from the rows in memory with their keys and links: what
    reading the host back gives, without loading every row again."""
    for name, row in rows.items():
        row.pk = keys[name]
    for row, field, target in links:
        setattr(row, f"{field}_id", keys[target.name])
    switches = Switch.objects.in_bulk({row.switch_id for row in rows.values() if row.switch_id})
    for row in rows.values():
        if row.switch_id:
            row.switch = switches[row.switch_id]
    return conversion.network_from_rows(host, rows.values())


# A link from a row to another row of the same file: (row, field, target).
_Link = tuple[Interface, str, Interface]


def _import_links(network: HostNetwork, rows: dict[str, Interface]) -> list[_Link]:
    """The file's lists of names as links, worked out before any row is written; names the
    host lacks stay names on the row (`unresolved_links`)."""
    links = []
    claimed = set()
    for iface in network.interfaces:
        row = rows[iface.name]
        unresolved = {}
        for key, target in conversion.link_names(iface).items():
            if key == conversion.PORTS:
                loose = []
                for port in target:
                    member = rows.get(port)
                    # An interface has one master; a second claim stays a name.
                    if member is None or member is row or port in claimed:
                        loose.append(port)
                    else:
                        claimed.add(port)
                        links.append((member, "master", row))
                if loose:
                    unresolved[key] = loose
                continue
            linked = rows.get(target)
            if linked is None or linked is row:
                unresolved[key] = target
            else:
                links.append((row, "raw_device" if key == conversion.RAW_DEVICE else "bond_primary", linked))
        row.unresolved_links = unresolved
    return links


def host_reimport(*, host: Host, network: HostNetwork, text: str, expected_version: int | None = None) -> Host:
    """Replace a host's interfaces with the file it runs (`host_import_interfaces` with replace),
    refused when the page was stale."""
    with transaction.atomic():
        if expected_version is not None:
            _host_check_version(host=host, expected_version=expected_version)
        return host_import_interfaces(
            name=host.name, network=network, replace=True, cluster=host.cluster, description=host.description, text=text
        )
