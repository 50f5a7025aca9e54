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
because reviewing that file is the point of importing it.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from netwizard.network import rules
from netwizard.network.model import HostNetwork

from . import conversion, selectors
from .choices import InterfaceKind
from .models import Host, Interface, Switch

STALE_HOST_EDIT = "{host} was changed by someone else since you loaded the page (version {expected}, now {actual})."
HOST_EXISTS = "Host {host} already exists; import with replace to overwrite its interfaces."
DUPLICATE_INTERFACE = "{interface} is defined more than once; the inventory keeps one definition per interface."
IMPORT_ROW_INVALID = "{interface}: {message}"
VLANS_FIRST = "Delete the VLANs on {interface} first: {names}."
MEMBER_KINDS = "{interface} cannot be a member of {master}: only NICs, bonds, VLANs and verbatim interfaces can."

# Inventory facts a file cannot carry; a re-import keeps them for interfaces that keep their name.
KEPT_ON_REIMPORT = ["mac", "speed_mbps", "switch_id", "switch_port", "carries_cluster", "is_management"]


class RulesRefused(ValidationError):
    """The change would add error findings to a host; `findings` says which."""

    def __init__(self, findings: list[rules.Finding]):
        self.findings = findings
        super().__init__([f"{f.interface or 'host'}: {f.message} {f.hint}".strip() for f in findings], code="rules")


def _error_keys(host_ids: Iterable[int]) -> dict[tuple[int, str, str], rules.Finding]:
    keys = {}
    for host in Host.objects.filter(pk__in=list(host_ids)):
        for finding in selectors.host_review(host=host).errors:
            # A finding is the same one when its rule and interface are: its wording may
            # change with the values involved.
            keys[(host.pk, finding.code, finding.interface)] = finding
    return keys


@contextmanager
def _rules_guard(host_ids: Iterable[int]) -> Iterator[None]:
    """Run a change in a transaction; roll it back if the rules find new errors on these hosts."""
    host_ids = set(host_ids)
    with transaction.atomic():
        before = _error_keys(host_ids)
        yield
        after = _error_keys(host_ids)
        added = [finding for key, finding in after.items() if key not in before]
        if added:
            raise RulesRefused(added)
        _hosts_touch(host_ids)


def _hosts_touch(host_ids: Iterable[int]) -> None:
    Host.objects.filter(pk__in=list(host_ids)).update(version=F("version") + 1)


# Switches ------------------------------------------------------------------------


def switch_create(*, name: str, lacp: bool = False, stack: str = "", notes: str = "") -> Switch:
    return switch_save(switch=Switch(name=name, lacp=lacp, stack=stack, notes=notes))


def switch_save(*, switch: Switch) -> Switch:
    """Store a new or changed switch; what it can do decides the bonds of every host cabled to it."""
    switch.full_clean()
    host_ids = set(switch.interfaces.values_list("host_id", flat=True)) if switch.pk else set()
    with _rules_guard(host_ids):
        switch.save()
    return switch


def switch_delete(*, switch: Switch) -> None:
    host_ids = set(switch.interfaces.values_list("host_id", flat=True))
    with _rules_guard(host_ids):
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
            return host
        if expected_version is not None:
            _host_check_version(host=host, expected_version=expected_version)
        host.version = F("version") + 1
        host.save()
    host.refresh_from_db(fields=["version", "updated_at"])
    return host


def host_delete(*, host: Host) -> None:
    with transaction.atomic():
        host.delete()


def _host_check_version(*, host: Host, expected_version: int) -> None:
    actual = Host.objects.filter(pk=host.pk).values_list("version", flat=True).first()
    if actual != expected_version:
        raise ValidationError(
            STALE_HOST_EDIT.format(host=host.name, expected=expected_version, actual=actual), code="stale"
        )


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
    interface.full_clean()
    if members is not None:
        _members_validate(interface, members)
    with _rules_guard([interface.host_id]):
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
    with _rules_guard([interface.host_id]):
        interface.delete()


# Import -------------------------------------------------------------------------


def host_import_interfaces(
    *, name: str, network: HostNetwork, replace: bool = False, cluster: str = "", description: str = ""
) -> Host:
    """Store a parsed interfaces file as the host's network, exactly as the host runs it.

    Everything the file holds is kept: unknown options, comments, positions, global
    lines, and even links to interfaces the file does not define. The file is stored
    although the rules may find errors in it; that is what reviewing a host needs.
    With `replace`, an existing host's interfaces are replaced; NIC cabling and roles
    recorded in the inventory are kept for interfaces whose name stays.
    """
    counts = Counter(iface.name for iface in network.interfaces)
    duplicates = sorted(n for n, count in counts.items() if count > 1)
    if duplicates:
        raise ValidationError([DUPLICATE_INTERFACE.format(interface=n) for n in duplicates], code="duplicate")
    with transaction.atomic():
        host = Host.objects.filter(name=name).first()
        kept = {}
        if host is not None:
            if not replace:
                raise ValidationError(HOST_EXISTS.format(host=name), code="exists")
            kept = {row["name"]: row for row in host.interfaces.values("name", *KEPT_ON_REIMPORT)}
            host.interfaces.all().delete()
        else:
            host = Host(name=name, cluster=cluster, description=description)
        host.global_lines = [[line.position, line.text] for line in network.global_lines]
        host = host_save(host=host)

        rows = {}
        for iface in network.interfaces:
            row = Interface(host=host, **conversion.row_fields(iface))
            for field, value in kept.get(iface.name, {}).items():
                if field != "name" and (field != "switch_id" or row.kind == InterfaceKind.NIC):
                    setattr(row, field, value)
            _import_validate(row, exclude=["master", "raw_device", "bond_primary"])
            row.save()
            rows[iface.name] = row
        _import_link(network, rows)
    return host


def _import_validate(row: Interface, exclude: list[str]) -> None:
    try:
        row.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        messages = [
            IMPORT_ROW_INVALID.format(interface=row.name, message=message)
            for field_messages in error.message_dict.values()
            for message in field_messages
        ]
        raise ValidationError(messages, code="invalid") from error


def _import_link(network: HostNetwork, rows: dict[str, Interface]) -> None:
    """Turn the file's lists of names into links; keep names the host lacks as they are."""
    changed = set()
    for iface in network.interfaces:
        row = rows[iface.name]
        unresolved = {}
        for key, target in conversion.link_names(iface).items():
            if key == conversion.PORTS:
                loose = []
                for port in target:
                    member = rows.get(port)
                    # An interface has one master; a second claim stays a name.
                    if member is None or member is row or member.master_id is not None:
                        loose.append(port)
                    else:
                        member.master = row
                        changed.add(port)
                if loose:
                    unresolved[key] = loose
                continue
            linked = rows.get(target)
            if linked is None or linked is row:
                unresolved[key] = target
            elif key == conversion.RAW_DEVICE:
                row.raw_device = linked
            else:
                row.bond_primary = linked
        row.unresolved_links = unresolved
        changed.add(iface.name)
    Interface.objects.bulk_update(
        [rows[name] for name in changed], ["master", "raw_device", "bond_primary", "unresolved_links"]
    )
