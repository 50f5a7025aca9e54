"""How Proxmox writes a stanza netwizard keeps without modelling it (Open vSwitch, vxlan…).

netwizard keeps such a stanza's options as (key, value) pairs, in file order. Proxmox
reads some of them into named settings and writes those first: a block for the type
(proxmox-format.md §3), then the other named settings sorted by name, then the options
it does not know in file order. This module orders the pairs the same way, so that the
file netwizard writes is the file Proxmox writes. It never adds a value the file did not
hold, except where Proxmox does (`lacp=active` for a balance-tcp OVS bond).

`ovs_options` is a list of key=value words. Proxmox rebuilds it through a Perl hash for
OVS ports and bonds, so its word order changes from one save to the next; netwizard
keeps the words in file order, appends the ones Proxmox adds, and compares the words as
a set wherever it compares two files (`same_option_value`).
"""

from __future__ import annotations

from .. import bonding
from . import syntax as syn

OVS_PORT_TYPES = frozenset({"OVSPort", "OVSIntPort", "OVSBond"})
# Proxmox's named settings: the spellings its reader stores by name (the ones it sorts
# for every type, and `mtu`). `ovs_mtu` is read as `mtu` and written back as `ovs_mtu`
# for Open vSwitch types.
NAMED = syn.PVE_SORTED_KEYS | {"mtu", "ovs_mtu"}
VXLAN_BLOCK = ("vxlan-id", "vxlan-svcnodeip", "vxlan-physdev", "vxlan-local-tunnelip")
# OVS bond modes Proxmox accepts, as `bond_mode` in ovs_options (with lacp=active for the
# lacp- ones); any other makes Proxmox refuse to save.
OVS_BOND_MODES = (bonding.ACTIVE_BACKUP.name, "balance-slb", "balance-tcp")


class UnwritableStanza(ValueError):
    """Proxmox would refuse to write this stanza."""


def ordered_options(pve_type: str, options: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[int]]:
    """The stanza's named settings as Proxmox writes them (type block, then sorted), and
    the indexes of the options it writes after them in file order.

    For a named setting given twice, Proxmox keeps the last value."""
    named: dict[str, str] = {}
    rest: list[int] = []
    for index, (key, value) in enumerate(options):
        name = "mtu" if key == "ovs_mtu" else key
        if name in NAMED or (pve_type == "vxlan" and key == "vxlan-remoteip"):
            if key == "vxlan-remoteip":
                rest.append(index)  # a list: each line is kept, in the type block below
                continue
            if not value.strip(" "):
                # Proxmox drops a named setting without a value; netwizard would lose it silently.
                raise UnwritableStanza(f"{key} has no value")
            named[name] = value
        else:
            rest.append(index)
    if pve_type in OVS_PORT_TYPES and "ovs_options" in named:
        named["ovs_options"] = port_options(pve_type, named["ovs_options"])
    elif pve_type == "OVSBond":
        named["ovs_options"] = port_options(pve_type, "")
    block: list[tuple[str, str]] = []

    def take(key: str, written: str | None = None) -> None:
        if named.get(key):
            block.append((written or key, named.pop(key)))

    if pve_type == "OVSBridge":
        for key in ("ovs_type", "ovs_ports"):
            take(key)
        take("mtu", "ovs_mtu")
    elif pve_type in OVS_PORT_TYPES:
        if pve_type == "OVSBond":
            take("ovs_bonds")
        for key in ("ovs_type", "ovs_bridge"):
            take(key)
        take("mtu", "ovs_mtu")
    elif pve_type == "vxlan":
        for key in VXLAN_BLOCK:
            take(key)
        block += [options[i] for i in rest if options[i][0] == "vxlan-remoteip"]
        rest = [i for i in rest if options[i][0] != "vxlan-remoteip"]
        take("mtu")
    block += sorted(((k, v) for k, v in named.items() if v), key=lambda kv: kv[0])
    return block, rest


def starts_at_boot(pve_type: str, options: list[tuple[str, str]], autostart: bool) -> bool:
    """Proxmox starts an OVS port or bond with its bridge: `auto` exactly when it names one."""
    if pve_type not in OVS_PORT_TYPES:
        return autostart
    return any(key == "ovs_bridge" and value for key, value in options)


def port_options(pve_type: str, value: str) -> str:
    """`ovs_options` of an OVS port or bond as Proxmox writes it, in a stable word order.

    Proxmox keeps only key=value words (the last value of a key), and for a bond sets
    `bond_mode` (active-backup when missing) and `lacp`: active for balance-tcp, and for
    balance-slb only when the file asked for it; no lacp word for any other mode."""
    settings: dict[str, str] = {}
    for word in value.split():
        key, equals, setting = word.partition("=")
        if key and equals:
            settings[key] = setting
    if pve_type == "OVSBond":
        mode = settings.get("bond_mode") or bonding.ACTIVE_BACKUP.name
        if mode not in OVS_BOND_MODES:
            raise UnwritableStanza(
                f"Open vSwitch has no bond mode {mode!r} (Proxmox allows {', '.join(OVS_BOND_MODES)})"
            )
        lacp = mode == "balance-tcp" or (mode == "balance-slb" and settings.get("lacp") == "active")
        settings["bond_mode"] = mode
        if lacp:
            settings["lacp"] = "active"
        else:
            settings.pop("lacp", None)
    return " ".join(f"{key}={setting}" for key, setting in settings.items())


def canonical_value(key: str, value: str) -> str:
    """The value with what means nothing taken out: `ovs_options` words in sorted order."""
    if key.replace("-", "_") == "ovs_options":
        return " ".join(sorted(value.split()))
    return value


def same_option_value(key: str, first: str, second: str) -> bool:
    """Two values of one option that mean the same: `ovs_options` words in any order."""
    return canonical_value(key, first) == canonical_value(key, second)
