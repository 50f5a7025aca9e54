"""What a node reports about itself, taken into the inventory; renaming NICs everywhere; pinning names.

`host_facts_import` stores the facts document and what it says of each physical NIC
(permanent MAC, speed, bus, PCI path, altnames, link, pin) and adds the NICs the
inventory lacks. Like the import of an interfaces file it records what the node really
is, errors included (a NIC the file needs may be gone: that is what NIC-01 is for), so it
does not run the rules guard; it still runs in one transaction and bumps the version.

`host_nics_rename` renames NICs in every place that names them (bond members and primary,
bridge ports, VLAN raw devices and dotted names, aliases, OVS ports and bonds, links the
file keeps unresolved), under the rules guard: the one-click fix of NIC-01 and the core
of `host_nic_names_pin`, which renames every unpinned NIC to nic0, nic1, … and marks it
for a `.link` file, as Proxmox VE 9's pve-network-interface-pinning does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from netwizard.network import pinning, rules
from netwizard.network.host_facts import FactsError, HostFacts, NicFacts, facts_as_json, facts_from_json, facts_parse

from .. import audit, selectors
from ..choices import AddressMethod, InterfaceKind
from ..conversion import network_from_rows
from ..models import FactsDocument, Host, HostChange, Interface
from ..models.validators import IFNAME_MESSAGE, validate_ifname
from .clusters import cluster_configuration_set
from .guard import _host_check_version, _rules_guard

NO_FACTS = "Import the node's facts first: pinning needs each NIC's permanent MAC, which only the node can report."
RENAMES_PENDING = "Rename the NICs NIC-01 reports first ({names}): pinning would pin the wrong names."
NOTHING_TO_PIN = "Every NIC of the node is pinned already: nothing to do."
BAD_PREFIX = (
    "{prefix!r} cannot name pinned NICs: use a letter and up to 7 letters, digits, - or _, and not a beginning the "
    "kernel uses for its own names (eth, en…, wl…, ww…, ib…), or a later NIC could take the same name."
)
NAME_TAKEN = "{new} is already an interface of {host} that the file uses; netwizard does not merge two interfaces."
NAME_TOO_LONG = "{old} would become {new}: {message}"
# Options of unmodelled (OVS) stanzas whose values are interface names.
_NAME_LIST_OPTIONS = {"ovs_ports", "ovs-ports", "ovs_bonds", "ovs-bonds"}
_FACT_FIELDS = ["mac", "speed_mbps", "bus", "pci_path", "altnames", "link_up", "pinned_by", "pin_planned"]


@dataclass
class FactsImported:
    """What an import of facts did, for the message the page shows."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    renamed: list[rules.Rename] = field(default_factory=list)  # NIC-01's list after the import
    skipped: list[str] = field(default_factory=list)  # entries of the document left out, with the reason


def host_facts_import(*, host: Host, data: bytes | str, expected_version: int | None = None) -> FactsImported:
    """Read the facts document `data` into the host; ValidationError (code "facts") saying
    why when it cannot be read, and then nothing is stored."""
    try:
        facts = facts_parse(data)
    except FactsError as error:
        raise ValidationError(str(error), code="facts") from error
    # Kept as read; JSON may come in UTF-16 or -32 too, which json reads and decode() would not.
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    result = FactsImported(skipped=facts.skipped)
    with transaction.atomic():
        host = Host.objects.select_for_update().get(pk=host.pk)
        if expected_version is not None:
            _host_check_version(host=host, expected_version=expected_version)
        rows = selectors.host_rows(host=host)
        before = audit.file_text(network_from_rows(host, rows))
        by_name = {row.name: row for row in rows}
        gone = {
            row.mac: row for row in rows if row.kind == InterfaceKind.NIC and row.mac and row.name not in facts.names
        }
        for nic in facts.nics.values():
            row = by_name.get(nic.name)
            if row is None and nic.permanent_mac in gone:
                continue  # the same NIC under a new name: NIC-01 offers the rename
            if row is None:
                row = Interface(host=host, kind=InterfaceKind.NIC, ipv4_method=AddressMethod.MANUAL, autostart=False)
                row.name = nic.name
                result.added.append(nic.name)
            elif row.kind != InterfaceKind.NIC:
                continue  # a name the file gives a bond or bridge; the rules judge that
            else:
                result.updated.append(nic.name)
            _nic_facts_set(row, nic)
            row.full_clean()
            row.save()
        host.facts = facts_as_json(facts)
        host.facts_at = timezone.now()
        host.etc_hosts = facts.files.get(ETC_HOSTS, "")[:65536]
        host.save(update_fields=["facts", "facts_at", "etc_hosts"])
        result.skipped += _cluster_files_store(host, facts.files)
        Host.objects.filter(pk=host.pk).update(version=F("version") + 1)
        FactsDocument.objects.update_or_create(host=host, defaults={"text": text, "imported_by": _username()})
        review = selectors.host_review(host=host)
        result.renamed = rules.nic_renames(review.network, review.context)
        audit.host_change_record(
            host=host,
            action=HostChange.EDIT,
            before=before,
            after=audit.file_text(review.network),
            summary=f"Imported the node's facts: {len(facts.nics)} NICs",
        )
    return result


ETC_HOSTS = "/etc/hosts"
COROSYNC_CONF = "/etc/pve/corosync.conf"
CEPH_CONF = "/etc/ceph/ceph.conf"


def _cluster_files_store(host: Host, files: dict[str, str]) -> list[str]:
    """corosync.conf and ceph.conf from the node's facts become its cluster's configuration
    (they live in /etc/pve, the same on every node); what cannot be read is reported."""
    corosync, ceph = files.get(COROSYNC_CONF, ""), files.get(CEPH_CONF, "")
    if not host.cluster or not (corosync or ceph):
        return []
    problems = []
    for path, text, keyword in ((COROSYNC_CONF, corosync, "corosync_text"), (CEPH_CONF, ceph, "ceph_text")):
        if not text:
            continue
        try:
            cluster_configuration_set(cluster=host.cluster, source=f"from {host.name}'s facts", **{keyword: text})
        except ValidationError as error:
            problems.append(f"{path}: {' '.join(error.messages)}")
    return problems


def _username() -> str:
    user = audit.current_user()
    return user.get_username() if user is not None else ""


def _nic_facts_set(row: Interface, nic: NicFacts) -> None:
    row.mac = nic.permanent_mac or row.mac
    row.speed_mbps = nic.speed_mbps or row.speed_mbps
    row.bus = nic.parent_bus[:16]
    row.pci_path = nic.parent_dev
    row.altnames = " ".join(nic.altnames)[:255]
    row.link_up = nic.up
    row.pinned_by = nic.pinned_by
    if nic.pinned_by:
        row.pin_planned = False  # the node runs the pin now


def host_nics_rename(
    *, host: Host, mapping: dict[str, str], expected_version: int | None = None, pin: bool = False
) -> list[Interface]:
    """Rename NICs (old name -> new name) everywhere the host's file names them; with `pin`,
    mark them for a `.link` file. Refused when a new name is taken by an interface the file
    uses, or does not fit the kernel's 15 characters. Returns the renamed NIC rows."""
    with _rules_guard([host.pk], summary=_rename_summary(mapping, pin), renames=mapping):
        host = Host.objects.select_for_update().get(pk=host.pk)  # its facts as stored now
        if expected_version is not None:
            _host_check_version(host=host, expected_version=expected_version)
        rows = selectors.host_rows(host=host)
        facts = facts_from_json(host.facts)
        _free_names(host, rows, mapping)
        rows = [row for row in rows if row.pk is not None]
        changed, renamed_nics = [], []
        for row in rows:
            if _row_rename(row, mapping):
                changed.append(row)
            if row.kind == InterfaceKind.NIC and row.name in mapping.values():
                renamed_nics.append(row)
                # The node reports the NIC under the new name (a rename it made) or the old one (a pin to come).
                seen = facts.nics.get(row.name) or facts.nics.get(_old_name(row.name, mapping)) if facts else None
                if seen is not None:
                    _nic_facts_set(row, seen)
                row.pin_planned = pin or row.pin_planned
        for row in changed:
            row.full_clean(exclude=["name"])  # checked above against the kernel's 15 characters
        _rows_write(changed)
        Interface.objects.bulk_update(renamed_nics, _FACT_FIELDS)
    return renamed_nics


def _rename_summary(mapping: dict[str, str], pin: bool) -> str:
    pairs = ", ".join(f"{old} → {new}" for old, new in mapping.items())
    return f"{'Pinned NIC names' if pin else 'Renamed NICs'}: {pairs}"


def _old_name(new: str, mapping: dict[str, str]) -> str:
    return next(old for old, value in mapping.items() if value == new)


def _free_names(host: Host, rows: list[Interface], mapping: dict[str, str]) -> None:
    """A new name may be held by a NIC the facts import added (the node's NIC under its new
    name, which nothing uses yet): that row goes, the renamed one takes its place. Any
    other holder refuses the rename."""
    renamed = set(mapping)
    for row in rows:
        if row.name not in mapping.values() or row.name in renamed:
            continue
        if not _unused_nic(row, rows):
            raise ValidationError(NAME_TAKEN.format(new=row.name, host=host.name), code="taken")
        row.delete()


def _unused_nic(row: Interface, rows: list[Interface]) -> bool:
    if row.kind != InterfaceKind.NIC or row.master_id is not None or row.ipv4_method not in ("", "manual"):
        return False
    if row.ipv6_method not in ("", "manual") or row.extra_options or row.comment or row.switch_id:
        return False
    return not any(r.raw_device_id == row.pk or r.bond_primary_id == row.pk for r in rows)


def _row_rename(row: Interface, mapping: dict[str, str]) -> bool:
    """Rename the row and the names it holds as text; True when anything changed."""
    before = (row.name, row.unresolved_links, row.extra_options)
    row.name = pinning.renamed(row.name, mapping)
    row.unresolved_links = {
        key: [pinning.renamed(n, mapping) for n in value]
        if isinstance(value, list)
        else pinning.renamed(value, mapping)
        for key, value in (row.unresolved_links or {}).items()
    }
    row.extra_options = {
        family: [[key, _names_renamed(key, value, mapping)] for key, value in options]
        for family, options in (row.extra_options or {}).items()
    }
    if len(row.name) > 15:
        raise ValidationError(NAME_TOO_LONG.format(old=before[0], new=row.name, message=IFNAME_MESSAGE), code="name")
    validate_ifname(row.name)
    return (row.name, row.unresolved_links, row.extra_options) != before


def _names_renamed(key: str, value: str, mapping: dict[str, str]) -> str:
    if key not in _NAME_LIST_OPTIONS:
        return value
    return " ".join(pinning.renamed(name, mapping) for name in value.split())


def _rows_write(rows: list[Interface]) -> None:
    """Write renamed rows; names first through placeholders, so a swap never collides."""
    if not rows:
        return
    names = {row.pk: row.name for row in rows}
    for row in rows:
        row.name = f"netwizard-renaming-{row.pk}"  # no interface is called so
    Interface.objects.bulk_update(rows, ["name"])
    for row in rows:
        row.name = names[row.pk]
    Interface.objects.bulk_update(rows, ["name", "unresolved_links", "extra_options"])


@dataclass
class Pinned:
    mapping: dict[str, str]
    link_files: list[pinning.LinkFile]
    # Places netwizard cannot rewrite that name a renamed NIC (host.fw rules), for the admin.
    firewall_lines: list[str]


def host_nic_names_pin(
    *, host: Host, prefix: str = pinning.DEFAULT_PREFIX, expected_version: int | None = None
) -> Pinned:
    """Rename every NIC of the node that no `.link` file pins to prefix0, prefix1, … (the
    kernel's order) and mark it for its `.link` file, as Proxmox VE 9's tool does."""
    if not pinning.PREFIX.fullmatch(prefix) or pinning.KERNEL_NAME.fullmatch(f"{prefix}0"):
        raise ValidationError(BAD_PREFIX.format(prefix=prefix[:20]), code="prefix")
    host = Host.objects.get(pk=host.pk)  # its facts as stored now
    facts: HostFacts | None = facts_from_json(host.facts)
    if facts is None:
        raise ValidationError(NO_FACTS, code="no_facts")
    review = selectors.host_review(host=host)
    pending = rules.nic_renames(review.network, review.context)
    if pending:
        raise ValidationError(RENAMES_PENDING.format(names=", ".join(r.old for r in pending)), code="renames")
    rows = selectors.host_rows(host=host)
    inventory = {row.name for row in rows}
    mapping = {
        old: new
        for old, new in pinning.pin_mapping(facts, taken=inventory | facts.names, prefix=prefix).items()
        if old in inventory
    }
    if not mapping:
        raise ValidationError(NOTHING_TO_PIN, code="nothing")
    renamed = host_nics_rename(host=host, mapping=mapping, expected_version=expected_version, pin=True)
    document = FactsDocument.objects.filter(host=host).values_list("text", flat=True).first() or ""
    return Pinned(
        mapping=mapping,
        link_files=[pinning.link_file(row.name, row.mac) for row in renamed if row.mac],
        firewall_lines=host_firewall_references(host=host, document=document, names=list(mapping)),
    )


def host_firewall_references(*, host: Host, document: str, names: list[str]) -> list[str]:
    """The rules of the node's host.fw (from the stored facts document) that name one of `names`."""
    try:
        files = facts_parse(document).files if document else {}
    except FactsError:
        return []
    text = files.get(f"/etc/pve/nodes/{host.name}/host.fw", "")
    return pinning.firewall_references(text, names) if text else []
