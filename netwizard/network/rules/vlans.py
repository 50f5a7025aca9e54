"""VLAN-*: VLAN interfaces, their IDs and their parents."""

from __future__ import annotations

import re

from ..model import Interface, Kind, VlanSettings
from ..query.context import IFUPDOWN1, PROXMOX_IFUPDOWN2, STOCK_IFUPDOWN2, Context
from ..query.index import DOTTED, Net
from ..query.vids import parse_vids, vlan_aware
from .findings import Findings

_VLAN_N = re.compile(r"vlan(\d+)")
_PROTOCOLS = ("", "802.1q", "802.1ad")


def check(net: Net, ctx: Context, out: Findings) -> None:
    seen: dict[tuple[str, int], list[str]] = {}
    for iface in net.interfaces:
        if iface.kind == Kind.VLAN and iface.vlan:
            _check_vlan(net, ctx, out, iface.name, iface.vlan)
            seen.setdefault((iface.vlan.raw_device, iface.vlan.vlan_id), []).append(iface.name)
        elif iface.kind not in (Kind.BOND, Kind.BRIDGE):  # a dot in those is NAME-02
            _check_not_a_vlan(net, out, iface)
        protocol = net.option(iface, "vlan-protocol")
        if protocol is not None and protocol not in _PROTOCOLS:
            _bad_protocol(out, iface.name, protocol)
    _same_vid_twice_on_a_parent(out, seen)


def _same_vid_twice_on_a_parent(out: Findings, seen: dict[tuple[str, int], list[str]]) -> None:
    """VLAN-05: two VLANs with one ID on one parent. The first by sorted name is kept, so
    the order of the interfaces does not matter."""
    for (parent, vid), names in seen.items():
        first, *others = sorted(names)
        for name in others:
            out.error(
                "VLAN-05",
                name,
                f"{name} and {first} are both VLAN {vid} on {parent}; the kernel allows only one.",
                f"Remove one of them, or give {name} another VLAN ID.",
            )


def _check_vlan(net: Net, ctx: Context, out: Findings, name: str, vlan: VlanSettings) -> None:
    parent_name = vlan.raw_device
    vid = vlan.vlan_id
    _vid_out_of_range(out, name, vid)
    parent = _parent_missing_or_unusable(net, out, name, parent_name)
    if parent is not None:
        _vlan_on_a_bond_member(net, out, name, parent_name, vid)
        _vid_outside_bridge_vids(net, out, name, parent, vid)
    _too_many_tags(out, name)
    if vlan.protocol not in _PROTOCOLS:
        _bad_protocol(out, name, vlan.protocol)
    if not DOTTED.fullmatch(name) and not _VLAN_N.fullmatch(name):
        _custom_name(ctx, out, name, f"{parent_name}.{vid}")


def _vid_out_of_range(out: Findings, name: str, vid: int) -> None:
    """VLAN-01: a VLAN ID outside 1-4094 (Proxmox's writer checks the upper bound too)."""
    if not 1 <= vid <= 4094:
        out.error(
            "VLAN-01",
            name,
            f"VLAN ID {vid} of {name} is outside 1-4094 (0 means priority tagging, 4095 is reserved).",
            "Use a VLAN ID between 1 and 4094.",
        )


def _parent_missing_or_unusable(net: Net, out: Findings, name: str, parent_name: str) -> Interface | None:
    """VLAN-03: the parent must exist and be a NIC, bond, bridge or VLAN (Proxmox's writer).

    The parent when it is usable, None when reported."""
    parent = net.by_name.get(parent_name)
    if parent is None:
        out.error(
            "VLAN-03",
            name,
            f"The parent {parent_name} of VLAN {name} is not defined in this file.",
            f"Correct the parent's name, or add 'iface {parent_name} inet manual' if the interface really exists.",
        )
    elif parent.kind not in (Kind.NIC, Kind.BOND, Kind.BRIDGE, Kind.VLAN):
        out.error(
            "VLAN-03",
            name,
            f"The parent {parent_name} of VLAN {name} is not a NIC, bond, bridge or VLAN that Proxmox recognises, "
            "so Proxmox refuses to save the VLAN.",
            f"Put the VLAN on a NIC (en*, eth*), a bondN or a bridge; rename {parent_name} if it is a NIC with an "
            "unusual name.",
        )
    else:
        return parent
    return None


def _vlan_on_a_bond_member(net: Net, out: Findings, name: str, parent_name: str, vid: int) -> None:
    """VLAN-04: a VLAN on a bond member gets no traffic; tagged frames arrive on the bond."""
    bond = net.bond_of(parent_name)
    if bond is not None:
        out.error(
            "VLAN-04",
            name,
            f"VLAN {name} sits on {parent_name}, a member of {bond.name}: tagged traffic arrives on the bond, "
            "not on its members.",
            f"Create the VLAN on {bond.name} instead (for example {bond.name}.{vid}).",
        )


def _vid_outside_bridge_vids(net: Net, out: Findings, name: str, parent: Interface, vid: int) -> None:
    """VLAN-08: a VLAN on a VLAN-aware bridge whose bridge-vids leave its ID out.

    A recommendation in the catalogue; a warning here because the VLAN silently gets no
    tagged traffic through the bridge's ports."""
    if parent.kind == Kind.BRIDGE and parent.bridge and parent.bridge.vids and vlan_aware(net, parent):
        ranges, problem = parse_vids(parent.bridge.vids)
        if not problem and not any(a <= vid <= b for a, b in ranges):
            why = " VLAN 1 is the bridge's untagged default VLAN." if vid == 1 else ""
            out.warning(
                "VLAN-08",
                name,
                f"VLAN {vid} is not in bridge-vids of {parent.name} ({parent.bridge.vids}), so no tagged "
                f"traffic for {name} passes the bridge's ports.{why}",
                f"Add {vid} to bridge-vids of {parent.name}, or use a VLAN ID inside its range.",
            )


def _too_many_tags(out: Findings, name: str) -> None:
    """VLAN-07: more than two stacked tags (the other VLAN-07 case is `_bad_protocol`)."""
    if DOTTED.fullmatch(name) and name.count(".") > 2:
        out.error(
            "VLAN-07",
            name,
            f"{name} stacks more than two VLAN tags; only single tags and QinQ (two) work.",
            "Use at most two tag levels, such as bond0.100.10.",
        )


def _custom_name(ctx: Context, out: Findings, name: str, dotted: str) -> None:
    """VLAN-09 (netwizard's own, from Proxmox's writer): a custom VLAN name needs ifupdown2."""
    if ctx.ifupdown in (PROXMOX_IFUPDOWN2, STOCK_IFUPDOWN2):
        return
    fits = len(dotted.encode()) <= 15
    message = (
        f"{name} is a VLAN with a custom name. Proxmox accepts custom VLAN names only on hosts that run "
        "ifupdown2 (the default since Proxmox VE 7); with classic ifupdown it refuses to save the network."
    )
    if fits:
        hint = f"Name it {dotted}, which works with either ifupdown, or make sure the host runs ifupdown2."
    else:
        hint = f"Make sure the host runs ifupdown2 ({dotted} would be longer than 15 characters)."
    if ctx.ifupdown == IFUPDOWN1:
        out.error("VLAN-09", name, message, hint)
    else:
        # Unknown flavour (the command line): advice only. Proxmox's writer accepts the
        # name with ifupdown2, and netwizard's files target Proxmox with ifupdown2.
        out.info("VLAN-09", name, message, hint)


def _check_not_a_vlan(net: Net, out: Findings, iface: Interface) -> None:
    """VLAN-02: interfaces that look like VLANs but that ifupdown2 will not treat as one."""
    name = iface.name
    if net.is_ovs(iface):
        return  # an OVS internal port named vlanN is tagged by ovs_options, not a kernel VLAN
    has_raw = net.option(iface, "vlan-raw-device") is not None
    has_id = net.option(iface, "vlan-id") is not None
    if "." in name and not DOTTED.fullmatch(name):
        out.error(
            "VLAN-02",
            name,
            f"{name} has a dot in its name but no VLAN number after it, so no VLAN ID can be taken from it.",
            "Name a VLAN PARENT.VID with a number from 1 to 4094, for example eno1.50.",
        )
    elif _VLAN_N.fullmatch(name) and not has_raw:
        out.error(
            "VLAN-02",
            name,
            f"{name} looks like a VLAN but has no vlan-raw-device line, so ifupdown2 treats it as an ordinary "
            "interface and creates no VLAN.",
            f"Add 'vlan-raw-device PARENT' to {name}, or name it PARENT.{name[4:]}.",
        )
    elif has_raw and not has_id and not _VLAN_N.fullmatch(name):
        out.error(
            "VLAN-02",
            name,
            f"{name} has a vlan-raw-device but no vlan-id, so no VLAN ID can be derived from it.",
            f"Add 'vlan-id N' to {name}.",
        )
    elif has_id and not has_raw:
        out.error(
            "VLAN-02",
            name,
            f"{name} has a vlan-id but no vlan-raw-device, so ifupdown2 does not know which interface to tag.",
            f"Add 'vlan-raw-device PARENT' to {name}.",
        )


def _bad_protocol(out: Findings, name: str, protocol: str) -> None:
    """VLAN-07: a vlan-protocol that is neither 802.1q nor 802.1ad."""
    out.error(
        "VLAN-07",
        name,
        f"vlan-protocol '{protocol}' on {name} is neither 802.1q nor 802.1ad.",
        "Use vlan-protocol 802.1ad for an outer QinQ tag, otherwise leave the line out (802.1q).",
    )
