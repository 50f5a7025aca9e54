"""Translate between stored interface rows and the pure `HostNetwork` of `netwizard.network`.

Rows keep links as foreign keys (a member names its master); the file keeps them as
lists of names on the master. Both directions live here so they stay each other's
inverse: `selectors.host_network` reads with `network_from_rows`, the import service
writes with `row_fields` and `link_names`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from netwizard.network import bonding
from netwizard.network.interfaces_file import repeated
from netwizard.network.model import (
    BondSettings,
    BridgeSettings,
    Family,
    GlobalLine,
    HostNetwork,
    Interface,
    Kind,
    VlanSettings,
)

from .choices import InterfaceKind
from .models import Host
from .models import Interface as InterfaceRow

KIND_TO_ROW = {
    Kind.LOOPBACK: InterfaceKind.LOOPBACK,
    Kind.NIC: InterfaceKind.NIC,
    Kind.BOND: InterfaceKind.BOND,
    Kind.BRIDGE: InterfaceKind.BRIDGE,
    Kind.VLAN: InterfaceKind.VLAN,
    Kind.OTHER: InterfaceKind.OTHER,
}
ROW_TO_KIND = {row: kind for kind, row in KIND_TO_ROW.items()}

STP_TO_ROW = {"on": True, "off": False}
STP_FROM_ROW = {True: "on", False: "off"}

# Keys of `Interface.unresolved_links`.
PORTS = "ports"  # bond slaves or bridge ports that are not interfaces of the host
RAW_DEVICE = "raw_device"
PRIMARY = "primary"


# Comment lines are stored as one text. A final empty line gets an extra newline, so
# that a lone bare "#" line ([""]) stays distinct from no comment at all.


def comment_text(lines: list[str]) -> str:
    return "\n".join(lines) + ("\n" if lines and lines[-1] == "" else "")


def comment_lines(text: str) -> list[str]:
    return text.removesuffix("\n").split("\n") if text else []


# Rows -> network ----------------------------------------------------------------


def network_from_rows(host: Host, rows: Iterable[InterfaceRow]) -> HostNetwork:
    """Build the host's network from its rows (with `switch` already selected)."""
    rows = list(rows)
    by_id = {row.pk: row for row in rows}
    members: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        if row.master_id is not None:
            members[row.master_id].append(row.name)
    interfaces = [_interface_from_row(row, by_id, members[row.pk]) for row in rows]
    interfaces.sort(key=lambda i: (i.position is None, i.position or 0, i.name))
    return HostNetwork(
        interfaces=interfaces,
        global_lines=[GlobalLine(text=text, position=position) for position, text in host.global_lines],
        hostname=host.name,
    )


def _family(method: str, address: str, gateway: str, options) -> Family | None:
    if not method:
        return None
    return Family(method=method, address=address, gateway=gateway, options=[(k, v) for k, v in options])


def _stanza_families(row: InterfaceRow) -> list[str]:
    """The stored order of the row's stanzas while it still fits the families the row has
    (an edit that removes a family makes it stale: the usual order is written then)."""
    words = row.stanza_families.split()
    defined = {name for name, method in (("inet", row.ipv4_method), ("inet6", row.ipv6_method)) if method}
    return [] if repeated.stanza_families_error(words, defined) else words


def _interface_from_row(row: InterfaceRow, by_id: dict, member_names: list[str]) -> Interface:
    unresolved = row.unresolved_links or {}
    extra = row.extra_options or {}

    def linked_name(fk_id: int | None, key: str) -> str:
        return by_id[fk_id].name if fk_id in by_id else unresolved.get(key, "")

    kind = ROW_TO_KIND[row.kind]
    ports = sorted(set(member_names) | set(unresolved.get(PORTS, [])))
    iface = Interface(
        name=row.name,
        kind=kind,
        autostart=row.autostart,
        inet=_family(row.ipv4_method, row.ipv4_address, row.ipv4_gateway, extra.get("inet", [])),
        inet6=_family(row.ipv6_method, row.ipv6_address, row.ipv6_gateway, extra.get("inet6", [])),
        typeless=row.typeless,
        stanza_families=_stanza_families(row),
        mtu=row.mtu,
        comments=comment_lines(row.comment),
        position=row.position,
        mac=row.mac,
        speed_mbps=row.speed_mbps,
        switch=row.switch.name if row.switch_id else "",
        switch_port=row.switch_port,
        carries_cluster=row.carries_cluster,
        is_management=row.is_management,
        pin_planned=row.pin_planned,
    )
    if kind == Kind.BOND:
        iface.bond = BondSettings(
            slaves=ports,
            mode=row.bond_mode,
            miimon=row.bond_miimon,
            xmit_hash_policy=row.bond_xmit_hash_policy,
            lacp_rate=row.bond_lacp_rate,
            lacp_rate_position=row.bond_lacp_rate_position if row.bond_lacp_rate else None,
            primary=linked_name(row.bond_primary_id, PRIMARY),
        )
    elif kind == Kind.BRIDGE:
        iface.bridge = BridgeSettings(
            ports=ports,
            stp=STP_FROM_ROW[bool(row.bridge_stp)],
            fd=row.bridge_fd,
            vlan_aware=row.bridge_vlan_aware,
            vids=row.bridge_vids,
        )
    elif kind == Kind.VLAN:
        iface.vlan = VlanSettings(
            raw_device=linked_name(row.raw_device_id, RAW_DEVICE), vlan_id=row.vlan_id, protocol=row.vlan_protocol
        )
    return iface


# Network -> rows ----------------------------------------------------------------


def row_fields(iface: Interface) -> dict:
    """The row's own columns for one interface; links are set afterwards from `link_names`."""
    inet, inet6 = iface.inet, iface.inet6
    fields = {
        "name": iface.name,
        "kind": KIND_TO_ROW[iface.kind],
        "autostart": iface.autostart,
        "position": iface.position,
        "typeless": iface.typeless,
        "stanza_families": " ".join(iface.stanza_families),
        "ipv4_method": inet.method if inet else "",
        "ipv4_address": inet.address if inet else "",
        "ipv4_gateway": inet.gateway if inet else "",
        "ipv6_method": inet6.method if inet6 else "",
        "ipv6_address": inet6.address if inet6 else "",
        "ipv6_gateway": inet6.gateway if inet6 else "",
        "mtu": iface.mtu,
        "comment": comment_text(iface.comments),
        "extra_options": {
            family: [list(option) for option in fam.options]
            for family, fam in (("inet", inet), ("inet6", inet6))
            if fam is not None and fam.options
        },
        "carries_cluster": iface.carries_cluster,
        "is_management": iface.is_management,
    }
    if iface.bond is not None:
        fields |= {
            # A file without a bond-mode line gets the kernel's default, which is also
            # what netwizard and Proxmox write for it; the inventory always names a mode.
            "bond_mode": iface.bond.mode or bonding.DEFAULT_MODE,
            "bond_miimon": iface.bond.miimon,
            "bond_xmit_hash_policy": iface.bond.xmit_hash_policy,
            "bond_lacp_rate": iface.bond.lacp_rate,
            "bond_lacp_rate_position": iface.bond.lacp_rate_position if iface.bond.lacp_rate else None,
        }
    if iface.bridge is not None:
        fields |= {
            "bridge_stp": STP_TO_ROW.get(iface.bridge.stp),
            "bridge_fd": iface.bridge.fd,
            "bridge_vlan_aware": iface.bridge.vlan_aware,
            "bridge_vids": iface.bridge.vids,
        }
    if iface.vlan is not None:
        fields |= {"vlan_id": iface.vlan.vlan_id, "vlan_protocol": iface.vlan.protocol}
    if iface.kind == Kind.NIC:
        fields |= {"mac": iface.mac, "speed_mbps": iface.speed_mbps, "switch_port": iface.switch_port}
    return fields


def link_names(iface: Interface) -> dict[str, list[str] | str]:
    """The names this interface links to: its members, its parent, its primary."""
    links: dict[str, list[str] | str] = {}
    if iface.bond is not None:
        links[PORTS] = list(iface.bond.slaves)
        if iface.bond.primary:
            links[PRIMARY] = iface.bond.primary
    if iface.bridge is not None:
        links[PORTS] = list(iface.bridge.ports)
    if iface.vlan is not None and iface.vlan.raw_device:
        links[RAW_DEVICE] = iface.vlan.raw_device
    return links
