"""Every write to the inventory goes through here.

Views, the admin, the import and the management commands call these functions and
never save models themselves. Each service

- validates the rows (`full_clean`, which also checks the database constraints),
- writes inside one transaction and bumps the host's `version`, so an edit made from a
  stale page is detected,
- runs the rules on the host's resulting network and refuses the change when it adds
  an error finding (`RulesRefused`, which carries the findings). Warnings are not
  stored anywhere; pages recompute them.

The one exception is the import: it stores what a host really runs, errors included,
because reviewing that file is the point of importing it. It is also the one write of
thousands of rows, so it checks the fields in memory and leaves the constraints to the
database as it inserts in bulk (`full_clean` asks one query per row and constraint),
with the same messages when a row is refused.
"""

from __future__ import annotations

import copy
import enum
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, JSONField
from django.utils import timezone

from netwizard.network import bonding, interfaces_file, rules
from netwizard.network.model import HostNetwork
from netwizard.network.root_commands import lines_sha256, root_command_lines
from netwizard.network.written import check_written

from . import audit, constants, conversion, selectors
from .choices import AddressMethod, InterfaceKind
from .models import MAC_MESSAGE, Host, HostChange, Interface, RootCommandReview, Switch, file_sha256

STALE_HOST_EDIT = "{host} was changed by someone else since you loaded the page (version {expected}, now {actual})."
HOST_EXISTS = "Host {host} already exists; import with replace to overwrite its interfaces."
DUPLICATE_INTERFACE = "{interface} is defined more than once; the inventory keeps one definition per interface."
IMPORT_ROW_INVALID = "{interface}: {message}"
VLANS_FIRST = "Delete the VLANs on {interface} first: {names}."
MEMBER_KINDS = "{interface} cannot be a member of {master}: only NICs, bonds, VLANs and verbatim interfaces can."
UNWRITABLE = "Not saved: the interfaces file could not hold this ({problem})."
# The renderer's name for a field -> the model field, so the refusal shows next to it.
UNWRITABLE_FIELDS = {"comment": "comment", "bridge-vids": "bridge_vids", "name": "name", "mtu": "mtu"}

# Inventory facts a file cannot carry; a re-import keeps them for interfaces that keep their name.
KEPT_ON_REIMPORT = ["mac", "speed_mbps", "switch_id", "switch_port", "carries_cluster", "is_management"]
# Host fields whose changes the history names.
HOST_DETAILS = ["name", "cluster", "description"]


class RulesRefused(ValidationError):
    """The change would add error findings to a host; `findings` says which."""

    def __init__(self, findings: list[rules.Finding]):
        self.findings = findings
        super().__init__([f"{f.interface or 'host'}: {f.message} {f.hint}".strip() for f in findings], code="rules")


@dataclass
class _HostState:
    """A host's network as it was at one moment; its error findings are worked out when first asked for."""

    host: Host
    network: HostNetwork
    context: rules.Context
    _errors: dict[tuple[str, str], rules.Finding] | None = None
    _file: tuple[str, interfaces_file.UnsafeValueError | None] | None = None

    def errors(self) -> dict[tuple[str, str], rules.Finding]:
        # A finding is the same one when its rule and interface are: its wording may change
        # with the values involved.
        if self._errors is None:
            # Judged on the file, as the pages judge it: a value the writer replaces is no error.
            text, problem = self.file()
            _, findings = check_written(self.network, self.context, text=None if problem else text)
            self._errors = {(f.code, f.interface): f for f in findings if f.severity == rules.ERROR}
        return self._errors

    def file(self) -> tuple[str, interfaces_file.UnsafeValueError | None]:
        """The rendered file, or why the renderer refuses it; rendered once per state."""
        if self._file is None:
            try:
                self._file = (interfaces_file.render(self.network), None)
            except interfaces_file.UnsafeValueError as error:
                self._file = ("", error)
        return self._file

    def audit_text(self) -> str:
        text, problem = self.file()
        return audit.unwritable_text(problem) if problem else audit.without_header(text)


def _host_states(host_ids: Iterable[int]) -> dict[int, _HostState]:
    """The hosts' networks in two queries, however many hosts (a switch may be cabled to all of them)."""
    hosts = list(Host.objects.filter(pk__in=list(host_ids)))
    networks = selectors.host_networks(hosts=hosts)
    return {host.pk: _HostState(host, *networks[host.pk]) for host in hosts}


@contextmanager
def _rules_guard(host_ids: Iterable[int], *, summary: str = "") -> Iterator[None]:
    """Run a change in a transaction; roll it back if the rules find new errors on these
    hosts, otherwise bump their versions and record the change in their history."""
    host_ids = set(host_ids)
    with transaction.atomic():
        before = _host_states(host_ids)
        yield
        after = _host_states(host_ids)
        # The rules run on the state before the change only where the change leaves errors
        # (were they there already?), so most writes run them once, not twice.
        added = [
            finding
            for host_id, state in after.items()
            for key, finding in state.errors().items()
            if host_id not in before or key not in before[host_id].errors()
        ]
        if added:
            raise RulesRefused(added)
        _refuse_unwritable(before, after)
        _hosts_touch(host_ids)
        for host_id, state in after.items():
            old = before.get(host_id)
            _root_commands_note(host=state.host, network=state.network, before=old.network if old else HostNetwork())
            audit.host_change_record(
                host=state.host,
                action=HostChange.EDIT,
                before=old.audit_text() if old else "",
                after=state.audit_text(),
                summary=summary,
            )


def _refuse_unwritable(before: dict[int, _HostState], after: dict[int, _HostState]) -> None:
    """Refuse a change after which the renderer would refuse a host's file: the rules do not
    catch all it refuses (a lone '%' in a comment, say). A host imported with such a value
    keeps it until it is fixed, and its other changes stay possible."""
    for host_id, state in after.items():
        problem = state.file()[1]
        if problem is None or (host_id in before and before[host_id].file()[1] is not None):
            continue
        message = UNWRITABLE.format(problem=problem)
        field = UNWRITABLE_FIELDS.get(problem.field)
        raise ValidationError({field: message} if field else message, code="unwritable")


def _hosts_touch(host_ids: Iterable[int]) -> None:
    Host.objects.filter(pk__in=list(host_ids)).update(version=F("version") + 1)


# Switches ------------------------------------------------------------------------


def switch_create(*, name: str, lacp: bool = False, stack: str = "", notes: str = "") -> Switch:
    return switch_save(switch=Switch(name=name, lacp=lacp, stack=stack, notes=notes))


def switch_save(*, switch: Switch) -> Switch:
    """Store a new or changed switch; what it can do decides the bonds of every host cabled to it."""
    switch.full_clean()
    host_ids = set(switch.interfaces.values_list("host_id", flat=True)) if switch.pk else set()
    with _rules_guard(host_ids, summary=f"Switch {switch.name} changed"):
        switch.save()
    return switch


def switch_delete(*, switch: Switch) -> None:
    host_ids = set(switch.interfaces.values_list("host_id", flat=True))
    with _rules_guard(host_ids, summary=f"Switch {switch.name} deleted"):
        switch.delete()


# Hosts -----------------------------------------------------------------------------


def host_create(*, name: str, cluster: str = "", description: str = "") -> Host:
    return host_save(host=Host(name=name, cluster=cluster, description=description))


def host_save(*, host: Host, expected_version: int | None = None) -> Host:
    """Validate and store a host; with `expected_version`, refuse a stale edit."""
    host.full_clean()
    with transaction.atomic():
        if host.pk is None:
            host.save()
            audit.host_change_record(host=host, action=HostChange.CREATE, summary=f"Host {host.name} created")
            return host
        if expected_version is not None:
            _host_check_version(host=host, expected_version=expected_version)
        old = Host.objects.filter(pk=host.pk).values(*HOST_DETAILS).first() or {}
        host.version = F("version") + 1
        host.save()
        changed = [field for field in HOST_DETAILS if old.get(field) != getattr(host, field)]
        if changed:
            audit.host_change_record(host=host, action=HostChange.EDIT, summary="Changed " + ", ".join(changed))
    host.refresh_from_db(fields=["version", "updated_at"])
    return host


def host_delete(*, host: Host, expected_version: int | None = None) -> None:
    """Delete a host and its interfaces; refused when the page that asked was stale.

    Its history stays: the audit rows keep the host's name when the host goes
    (`HostChange.host` is set to NULL), and one more records the deletion, by whom,
    with the file the host had as a diff.
    """
    with transaction.atomic():
        if expected_version is not None:
            _host_check_version(host=host, expected_version=expected_version)
        count = host.interfaces.count()
        audit.host_change_record(
            host=host,
            action=HostChange.DELETE,
            before=audit.file_text(selectors.host_network(host=host)),
            summary=f"Host {host.name} deleted, with its {count} interface{'' if count == 1 else 's'}",
        )
        host.delete()


def _host_check_version(*, host: Host, expected_version: int) -> None:
    actual = Host.objects.filter(pk=host.pk).values_list("version", flat=True).first()
    if actual != expected_version:
        raise ValidationError(
            STALE_HOST_EDIT.format(host=host.name, expected=expected_version, actual=actual), code="stale"
        )


def host_version_check(*, host: Host, expected_version: int) -> None:
    """Refuse (ValidationError, code "stale") a form rendered with an older version of the
    host, before anything is written: the admin validates its whole page this way first."""
    _host_check_version(host=host, expected_version=expected_version)


# Interfaces ------------------------------------------------------------------------


def interface_create(
    *, host: Host, name: str, kind: str, members: list[Interface] | None = None, **fields
) -> Interface:
    return interface_save(interface=Interface(host=host, name=name, kind=kind, **fields), members=members)


def interface_save(
    *, interface: Interface, members: list[Interface] | None = None, expected_version: int | None = None
) -> Interface:
    """Validate and store one interface; for a bond or bridge, `members` replaces its members.

    The change is refused when it adds an error finding to the host, so a bond never
    exists without members and a bridge never loses its last port by accident.
    """
    if interface.kind == InterfaceKind.BOND and interface.bond_miimon is None and interface.pk is None:
        interface.bond_miimon = 100  # without link monitoring a dead link stays in the bond
    interface.mac = mac_normalize(interface.mac)  # as the wizard stores it, also when the admin saves
    interface.full_clean()
    if members is not None:
        _members_validate(interface, members)
    verb = "created" if interface.pk is None else "changed"
    with _rules_guard([interface.host_id], summary=f"{interface.name} {verb}"):
        if expected_version is not None:
            _host_check_version(host=interface.host, expected_version=expected_version)
        interface.save()
        if members is not None:
            _members_set(interface, members)
    return interface


def interface_check(*, interface: Interface, members: list[Interface] | None = None) -> list[rules.Finding]:
    """The error findings `interface_save` would refuse, without storing anything.

    Works on copies, so the caller's objects keep their state (an unsaved interface
    stays unsaved).
    """
    candidate = copy.copy(interface)
    candidate._state = copy.copy(interface._state)
    candidate_members = [copy.copy(member) for member in members] if members is not None else None
    try:
        with transaction.atomic():
            interface_save(interface=candidate, members=candidate_members)
            raise _DryRun
    except RulesRefused as refused:
        return refused.findings
    except _DryRun:
        return []


class _DryRun(Exception):
    pass


def _members_validate(master: Interface, members: list[Interface]) -> None:
    for member in members:
        if member.host_id != master.host_id:
            raise ValidationError(f"{member.name} belongs to another host.")
        if member.kind in (InterfaceKind.BRIDGE, InterfaceKind.LOOPBACK) or member.pk == master.pk:
            raise ValidationError(MEMBER_KINDS.format(interface=member.name, master=master.name))


def _members_set(master: Interface, members: list[Interface]) -> None:
    wanted = {member.pk for member in members}
    Interface.objects.filter(master=master).exclude(pk__in=wanted).update(master=None)
    Interface.objects.filter(pk__in=wanted).update(master=master)
    for member in members:
        member.master = master


def interface_delete(*, interface: Interface) -> None:
    if interface.vlans.exists():
        names = ", ".join(interface.vlans.values_list("name", flat=True))
        raise ValidationError(VLANS_FIRST.format(interface=interface.name, names=names))
    with _rules_guard([interface.host_id], summary=f"{interface.name} deleted"):
        interface.delete()


# Import -------------------------------------------------------------------------

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
        if field != "switch_id" or row.kind == InterfaceKind.NIC:
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
            IMPORT_ROW_INVALID.format(interface=row.name, message=message)
            for field_messages in error.message_dict.values()
            for message in field_messages
        ]
        raise ValidationError(messages, code="invalid") from error


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


# =====================================================================================
# Wizard services
#
# One service per change the wizard's forms make. Each validates, then writes through
# `host_save` / `interface_save` (and so `_rules_guard`), so the rules hold exactly as
# for every other writer. `expected_version` is the host version the form was rendered
# with: a change made from a stale page is refused (ValidationError, code "stale").
# =====================================================================================

MAC_REGEX = re.compile(constants.MAC_REGEX)
MAC_INVALID = MAC_MESSAGE
PRIMARY_NOT_MEMBER = "The primary member must be one of the bond's members."
LAYOUT_UNKNOWN = "Unknown layout {layout!r}."


class Keep(enum.Enum):
    """A service argument left out: the stored value stays (where None means "no value")."""

    KEEP = "keep"


KEEP = Keep.KEEP

# The two layouts of Proxmox's bonding guide the wizard can start a host from.
LAYOUT_BOND_STORAGE = "bond-storage"
LAYOUT_BOND_BRIDGE = "bond-bridge"
SEED_LAYOUTS = {
    LAYOUT_BOND_STORAGE: "Bond with its own address for storage; vmbr0 on a separate NIC",
    LAYOUT_BOND_BRIDGE: "Bond as the port of vmbr0, for fault-tolerant guest networking",
}


@dataclass(frozen=True)
class Addresses:
    """An interface's IPv4 and IPv6 settings as the wizard's address fields give them.

    An address and a gateway only exist with the static method; an empty IPv6 method
    means no inet6 stanza at all.
    """

    ipv4_method: str = AddressMethod.MANUAL
    ipv4_address: str = ""
    ipv4_gateway: str = ""
    ipv6_method: str = ""
    ipv6_address: str = ""
    ipv6_gateway: str = ""

    @classmethod
    def of(cls, interface: Interface) -> Addresses:
        return cls(**{f.name: getattr(interface, f.name) for f in dataclass_fields(cls)})

    def apply(self, interface: Interface) -> None:
        static4 = self.ipv4_method == AddressMethod.STATIC
        static6 = self.ipv6_method == AddressMethod.STATIC
        interface.ipv4_method = self.ipv4_method
        interface.ipv4_address = self.ipv4_address.strip() if static4 else ""
        interface.ipv4_gateway = self.ipv4_gateway.strip() if static4 else ""
        interface.ipv6_method = self.ipv6_method
        interface.ipv6_address = self.ipv6_address.strip() if static6 else ""
        interface.ipv6_gateway = self.ipv6_gateway.strip() if static6 else ""


def mac_normalize(value: str) -> str:
    """A MAC address in the lower-case, colon-separated form; ValidationError when it is none."""
    mac = value.strip().lower().replace("-", ":")
    if mac and not MAC_REGEX.match(mac):
        raise ValidationError({"mac": MAC_INVALID})
    return mac


# Hosts


def host_update(*, host: Host, name: str, cluster: str, description: str, expected_version: int | None = None) -> Host:
    """Rename or describe a host; refused when the page was stale."""
    host.name, host.cluster, host.description = name, cluster, description
    return host_save(host=host, expected_version=expected_version)


def host_create_from_layout(
    *, name: str, layout: str, cluster: str = "", description: str = "", switch: Switch | None = None
) -> Host:
    """A new host built like one of the two layouts of Proxmox's bonding guide.

    The NICs are cabled to `switch` when one is given. The bond's mode is what the bond
    step recommends for the same answers (`rules.recommend_bond_mode`): 802.3ad only
    when the switch is known to support LACP; with no switch chosen nothing says it
    does, so active-backup. The answers are stored with the bond, so the bond step asks
    them again as given here.
    """
    if layout not in SEED_LAYOUTS:
        raise ValidationError(LAYOUT_UNKNOWN.format(layout=layout), code="layout")
    answers = {
        "switch_lacp": ("yes" if switch.lacp else "no") if switch else "unknown",
        "topology": "single" if switch else "unknown",
        "carries_cluster": "no",
        "carries": ["storage"] if layout == LAYOUT_BOND_STORAGE else ["guest"],
    }
    recommendation = rules.recommend_bond_mode(answers)
    with transaction.atomic():
        host = host_create(name=name, cluster=cluster, description=description)
        port = iter(range(1, 4))
        names = ["eno1", "eno2", "eno3"] if layout == LAYOUT_BOND_STORAGE else ["eno1", "eno2"]
        nics = [
            nic_create(host=host, name=n, switch=switch, switch_port=f"1/{next(port)}" if switch else "") for n in names
        ]
        bond_fields = {
            "host": host,
            "name": "bond0",
            "members": nics[:2],
            "mode": recommendation.mode,
            "xmit_hash_policy": recommendation.options.get(bonding.HASH_POLICY, ""),
            "answers": answers,
        }
        bridge_address = Addresses(AddressMethod.STATIC, "10.10.10.2/24", "10.10.10.1")
        if layout == LAYOUT_BOND_STORAGE:
            bond_create(**bond_fields, addresses=Addresses(AddressMethod.STATIC, "192.168.1.2/24"))
            bridge_create(host=host, name="vmbr0", ports=[nics[2]], addresses=bridge_address)
        else:
            bond = bond_create(**bond_fields)
            bridge_create(host=host, name="vmbr0", ports=[bond], addresses=bridge_address)
    host.refresh_from_db()
    return host


def host_reimport(*, host: Host, network: HostNetwork, text: str, expected_version: int | None = None) -> Host:
    """Replace a host's interfaces with the file it runs (`host_import_interfaces` with replace),
    refused when the page was stale."""
    with transaction.atomic():
        if expected_version is not None:
            _host_check_version(host=host, expected_version=expected_version)
        return host_import_interfaces(
            name=host.name, network=network, replace=True, cluster=host.cluster, description=host.description, text=text
        )


# NICs


def nic_create(
    *,
    host: Host,
    name: str,
    speed_mbps: int | None = None,
    mac: str = "",
    switch: Switch | None = None,
    switch_port: str = "",
    mtu: int | None = None,
    expected_version: int | None = None,
) -> Interface:
    """A physical NIC, written as Proxmox does: `iface NAME inet manual`, started by its bond or bridge."""
    nic = Interface(host=host, kind=InterfaceKind.NIC, autostart=False, ipv4_method=AddressMethod.MANUAL)
    return nic_update(
        nic=nic,
        name=name,
        speed_mbps=speed_mbps,
        mac=mac,
        switch=switch,
        switch_port=switch_port,
        mtu=mtu,
        expected_version=expected_version,
    )


def nic_update(
    *,
    nic: Interface,
    name: str,
    speed_mbps: int | None,
    mac: str,
    switch: Switch | None,
    switch_port: str,
    mtu: int | Keep | None = KEEP,
    expected_version: int | None = None,
) -> Interface:
    """Change a NIC's name, its MTU and what the inventory knows about it (speed, MAC, cabling).

    `mtu` None writes no MTU line; KEEP (the default) leaves the MTU as it is.
    """
    nic.name = name
    nic.speed_mbps = speed_mbps
    nic.mac = mac_normalize(mac)
    nic.switch = switch
    nic.switch_port = switch_port.strip()
    if mtu is not KEEP:
        nic.mtu = mtu
    return interface_save(interface=nic, expected_version=expected_version)


# Bonds


def bond_create(
    *,
    host: Host,
    name: str,
    members: list[Interface],
    mode: str,
    miimon: int = bonding.DEFAULT_MIIMON,
    xmit_hash_policy: str = "",
    lacp_rate: str = "",
    primary: Interface | None = None,
    carries_cluster: bool = False,
    answers: dict | None = None,
    addresses: Addresses | None = None,
    mtu: int | None = None,
    expected_version: int | None = None,
) -> Interface:
    """A Linux Bond over `members`; without addresses it is `inet manual`, as a bridge port would be."""
    bond = Interface(host=host, kind=InterfaceKind.BOND, autostart=True)
    (addresses or Addresses()).apply(bond)
    return bond_update(
        bond=bond,
        name=name,
        members=members,
        mode=mode,
        miimon=miimon,
        xmit_hash_policy=xmit_hash_policy,
        lacp_rate=lacp_rate,
        primary=primary,
        carries_cluster=carries_cluster,
        answers=answers,
        mtu=mtu,
        expected_version=expected_version,
    )


def bond_update(
    *,
    bond: Interface,
    name: str,
    members: list[Interface],
    mode: str,
    miimon: int | None,
    xmit_hash_policy: str = "",
    lacp_rate: str = "",
    primary: Interface | None = None,
    carries_cluster: bool | None = None,
    answers: dict | None = None,
    mtu: int | Keep | None = KEEP,
    expected_version: int | None = None,
) -> Interface:
    """Set a bond's members, mode, options and MTU; options that do not apply to the mode are dropped.

    The hash policy defaults to layer2+3 where it applies. `answers` are the wizard's
    answers to its bond questions, kept so the wizard can ask them again. `mtu` None
    writes no MTU line; KEEP (the default) leaves the MTU as it is.
    """
    takes_primary = bonding.offered(mode, bonding.PRIMARY)
    if primary is not None and takes_primary and all(primary.pk != m.pk for m in members):
        raise ValidationError({"bond_primary": PRIMARY_NOT_MEMBER})
    bond_fields_set(
        bond=bond,
        name=name,
        mode=mode,
        miimon=miimon,
        xmit_hash_policy=xmit_hash_policy,
        lacp_rate=lacp_rate,
        primary=primary,
        carries_cluster=carries_cluster,
    )
    if mtu is not KEEP:
        bond.mtu = mtu
    if answers is not None:
        bond.wizard_answers = dict(answers)
    return interface_save(interface=bond, members=list(members), expected_version=expected_version)


def bond_fields_set(
    *,
    bond: Interface,
    name: str,
    mode: str,
    miimon: int | None,
    xmit_hash_policy: str,
    lacp_rate: str,
    primary: Interface | None,
    carries_cluster: bool | None,
) -> None:
    """Set a bond's fields as `bond_update` stores them, without saving (the wizard previews with it).

    `carries_cluster` None keeps what the bond has.
    """

    def applies(option: str) -> bool:  # used in this mode and written: the file holds nothing else
        return bonding.offered(mode, option)

    bond.name = name
    bond.bond_mode = mode
    bond.bond_miimon = miimon
    hash_policy = xmit_hash_policy or bonding.DEFAULT_HASH_POLICY
    bond.bond_xmit_hash_policy = hash_policy if applies(bonding.HASH_POLICY) else ""
    bond.bond_lacp_rate = lacp_rate if applies(bonding.LACP_RATE) else ""
    bond.bond_primary = primary if applies(bonding.PRIMARY) else None
    if carries_cluster is not None:
        bond.carries_cluster = carries_cluster


# Bridges


def bridge_create(
    *,
    host: Host,
    name: str,
    ports: list[Interface],
    vlan_aware: bool = False,
    vids: str = "",
    addresses: Addresses | None = None,
    mtu: int | None = None,
    expected_version: int | None = None,
) -> Interface:
    """A Linux Bridge with Proxmox's defaults: no STP, no forward delay."""
    bridge = Interface(host=host, kind=InterfaceKind.BRIDGE, autostart=True, bridge_stp=False, bridge_fd=0)
    return bridge_update(
        bridge=bridge,
        name=name,
        ports=ports,
        vlan_aware=vlan_aware,
        vids=vids,
        addresses=addresses or Addresses(),
        mtu=mtu,
        expected_version=expected_version,
    )


def bridge_update(
    *,
    bridge: Interface,
    name: str,
    ports: list[Interface],
    vlan_aware: bool,
    vids: str,
    addresses: Addresses,
    mtu: int | None,
    expected_version: int | None = None,
) -> Interface:
    """Set a bridge's ports, VLAN awareness and addresses; what the wizard does not show is kept."""
    bridge_fields_set(bridge=bridge, name=name, vlan_aware=vlan_aware, vids=vids, addresses=addresses, mtu=mtu)
    return interface_save(interface=bridge, members=list(ports), expected_version=expected_version)


def bridge_fields_set(
    *, bridge: Interface, name: str, vlan_aware: bool, vids: str, addresses: Addresses, mtu: int | None
) -> None:
    """Set a bridge's fields as `bridge_update` stores them, without saving."""
    bridge.name = name
    # An explicit `bridge-vlan-aware no` from an imported file stays as written.
    bridge.bridge_vlan_aware = True if vlan_aware else (False if bridge.bridge_vlan_aware is False else None)
    bridge.bridge_vids = " ".join(vids.replace(",", " ").split()) if vlan_aware else ""
    addresses.apply(bridge)
    bridge.mtu = mtu


# VLANs


def vlan_create(
    *,
    host: Host,
    raw_device: Interface,
    vlan_id: int,
    name: str = "",
    addresses: Addresses | None = None,
    mtu: int | None = None,
    expected_version: int | None = None,
) -> Interface:
    """A Linux VLAN on `raw_device`, named `<raw device>.<id>` unless a name is given."""
    vlan = Interface(host=host, kind=InterfaceKind.VLAN, autostart=True)
    return vlan_update(
        vlan=vlan,
        raw_device=raw_device,
        vlan_id=vlan_id,
        name=name,
        addresses=addresses or Addresses(),
        mtu=mtu,
        expected_version=expected_version,
    )


def vlan_update(
    *,
    vlan: Interface,
    raw_device: Interface,
    vlan_id: int,
    name: str,
    addresses: Addresses,
    mtu: int | None,
    expected_version: int | None = None,
) -> Interface:
    vlan_fields_set(vlan=vlan, raw_device=raw_device, vlan_id=vlan_id, name=name, addresses=addresses, mtu=mtu)
    return interface_save(interface=vlan, expected_version=expected_version)


def vlan_fields_set(
    *, vlan: Interface, raw_device: Interface, vlan_id: int, name: str, addresses: Addresses, mtu: int | None
) -> None:
    """Set a VLAN's fields as `vlan_update` stores them, without saving."""
    vlan.raw_device = raw_device
    vlan.vlan_id = vlan_id
    vlan.name = name or f"{raw_device.name}.{vlan_id}"
    addresses.apply(vlan)
    vlan.mtu = mtu


# Any interface


def interface_addresses_set(
    *, interface: Interface, addresses: Addresses, mtu: int | None, expected_version: int | None = None
) -> Interface:
    """Put addresses (and the MTU) on an interface itself, such as a bond with its own storage address."""
    addresses.apply(interface)
    interface.mtu = mtu
    return interface_save(interface=interface, expected_version=expected_version)


def interface_remove(*, interface: Interface, expected_version: int | None = None) -> None:
    """Delete an interface, refused from a stale page or when the host would be left with an error."""
    with transaction.atomic():
        if expected_version is not None:
            _host_check_version(host=interface.host, expected_version=expected_version)
        interface_delete(interface=interface)


# Downloads and applies -----------------------------------------------------------


class DownloadLimitReached(Exception):
    """The user downloaded NETWIZARD_DOWNLOADS_PER_MINUTE files in the last minute."""

    def __init__(self, *, per_minute: int, retry_after: int) -> None:
        self.per_minute = per_minute
        self.retry_after = retry_after
        super().__init__(
            f"Too many downloads: netwizard serves each user at most {per_minute} files a minute. "
            f"Try again in {retry_after} second{'s' if retry_after != 1 else ''}."
        )


def host_download_record(*, host: Host, text: str) -> None:
    """Note who took which version of the file (its SHA-256) in the host's history; the file
    itself is stored once however often it is taken. Refused (DownloadLimitReached) past the
    per-user limit; the command line has none."""
    # One transaction: on SQLite (immediate transactions) no other worker counts or records
    # a download between this count and this row, so the limit holds exactly.
    with transaction.atomic():
        user = audit.current_user()
        if user is not None:
            per_minute = settings.NETWIZARD_DOWNLOADS_PER_MINUTE
            wait = selectors.user_download_wait(user=user, per_minute=per_minute)
            if wait:
                raise DownloadLimitReached(per_minute=per_minute, retry_after=wait)
        audit.host_download_record(host=host, text=text)


NOT_SERVED = (
    "This is not a file netwizard gave out for {host}: only the file it serves now, or one "
    "downloaded for {host} before, can be marked as applied. The file may have changed since "
    "the page was loaded; reload it and check the changes again."
)


def host_mark_applied(*, host: Host, sha256: str) -> HostChange:
    """Record that `host` runs the file with this SHA-256 now: the baseline every page
    compares the download with from then on.

    Only a file netwizard gave out for this host counts: one downloaded for it, or the file
    it serves now (the apply plan embeds that file, so it may be applied without a
    download). Anything else would make the pages compare with a file no one could have
    put on the host, and a page loaded before someone else's change cannot mark the
    changed file as applied unseen."""
    with transaction.atomic():
        downloaded = host.changes.filter(action=HostChange.DOWNLOAD, sha256=sha256, file__isnull=False).first()
        if downloaded is not None:
            return audit.host_apply_record(host=host, file=downloaded.file)
        text = _host_served_text(host)
        if not text or file_sha256(text) != sha256:
            raise ValidationError(NOT_SERVED.format(host=host.name), code="not_served")
        return audit.host_apply_record(host=host, file=audit.stored_file(text))


def _host_served_text(host: Host) -> str:
    """The file the download serves now, or "" while it refuses (errors, root-command lines
    waiting for approval, or a value it cannot write)."""
    review = selectors.host_review(host=host)
    if review.errors or not selectors.host_root_commands(host=host, network=review.network).approved:
        return ""
    try:
        return interfaces_file.render(review.network)
    except interfaces_file.UnsafeValueError:
        return ""


# Root-command lines ----------------------------------------------------------------
# Lines that run programs or include files as root (netwizard.network.root_commands) are
# handed out only once someone other than their last author approved exactly them.
# Every write records here whether it changed them and who did; a change withdraws the
# approval. The command line has no user: its author is "the command line", and any web
# user allowed to approve may approve its lines (whoever runs manage.py already controls
# the server); lines stored before authors were recorded are treated the same way.

ROOT_COMMANDS_CHANGED = "These lines changed since the page was loaded; reload it and read them again before approving."


def _root_commands_note(*, host: Host, network: HostNetwork, before: HostNetwork | None = None) -> None:
    """Record the actor as the author when the host's root-command lines changed. `before` is
    the network before the write; without it (an import) the recorded fingerprint is compared."""
    lines = root_command_lines(network)
    sha256 = lines_sha256(lines)
    if before is not None and sha256 == lines_sha256(root_command_lines(before)):
        return  # most writes: no query at all
    review = RootCommandReview.objects.filter(host=host).first()
    if (review.lines_sha256 if review else lines_sha256([])) == sha256:
        return  # an unchanged re-import keeps the author and the approval
    user = audit.current_user()
    review = review or RootCommandReview(host=host)
    review.lines_sha256 = sha256
    review.changed_by = user
    review.changed_by_name = user.get_username() if user is not None else ""
    review.changed_at = timezone.now()
    review.approved_sha256, review.approved_by, review.approved_by_name, review.approved_at = "", None, "", None
    review.save()


def host_root_commands_approve(*, host: Host, user, sha256: str | None = None) -> RootCommandReview:
    """Approve the host's current root-command lines as `user`: refused (ValidationError) for
    their last author, for a user without the `inventory.approve_root_commands` permission
    (superusers have it) and, with `sha256`, when the lines are no longer the ones the
    approver read."""
    with transaction.atomic():
        host = Host.objects.select_for_update().get(pk=host.pk)
        state = selectors.host_root_commands(host=host, network=selectors.host_network(host=host))
        if sha256 is not None and sha256 != state.sha256:
            raise ValidationError(ROOT_COMMANDS_CHANGED, code="root_commands_changed")
        refusal = state.refusal(user)
        if refusal:
            raise ValidationError(refusal, code="root_commands")
        now = timezone.now()
        review = state.review or RootCommandReview(host=host)
        if not state.author_known:  # lines from before authors were recorded
            review.lines_sha256, review.changed_at = state.sha256, now
            review.changed_by, review.changed_by_name = None, ""
        review.approved_sha256 = state.sha256
        review.approved_by = user
        review.approved_by_name = user.get_username()
        review.approved_at = now
        review.save()
        listed = "; ".join(f"{line.interface}: {line.text}" if line.interface else line.text for line in state.lines)
        summary = f"{len(state.lines)} line{'s' if len(state.lines) != 1 else ''}: {listed}"
        with audit.acting_as(user):
            audit.host_change_record(host=host, action=HostChange.APPROVE, summary=summary[:500])
    return review
