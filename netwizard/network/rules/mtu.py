"""MTU-* and the MTU parts of BOND-07 and VLAN-06: every interface, then each one against
the interfaces it rides on, as Proxmox's writer compares them."""

from __future__ import annotations

from ..model import Interface, Kind
from . import options as opts
from .findings import Findings
from .index import Net

MTU_MIN = 552  # ifupdown2 3.0's range
MTU_MAX = 9216
DEFAULT_MTU = 1500


def mtu_of(net: Net, iface: Interface) -> int | None:
    if iface.mtu is not None:
        return iface.mtu
    raw = net.option(iface, "mtu")
    return opts.parse_int(raw) if raw is not None else None


def _as_lower(net: Net, lower: Interface) -> int | None:
    """The MTU Proxmox assumes for a lower device: its own, 1500 when unset, and no
    assumption for a bond without one (it takes its members' MTU)."""
    mtu = mtu_of(net, lower)
    if mtu is None and lower.kind == Kind.BOND:
        return None
    return mtu or DEFAULT_MTU


def _lower_text(net: Net, lower: Interface, mtu: int) -> str:
    return str(mtu) if mtu_of(net, lower) is not None else f"no MTU set, which Proxmox counts as {DEFAULT_MTU}"


def check(net: Net, out: Findings) -> None:
    for iface in net.interfaces:
        name = iface.name
        raw = str(iface.mtu) if iface.mtu is not None else net.option(iface, "mtu")
        mtu = mtu_of(net, iface)
        # MTU-01
        if raw is not None and (mtu is None or not MTU_MIN <= mtu <= MTU_MAX):
            out.error(
                "MTU-01",
                name,
                f"MTU {raw} on {name} is outside the {MTU_MIN}-{MTU_MAX} ifupdown2 accepts.",
                f"Use an MTU between {MTU_MIN} and {MTU_MAX} (9000 for jumbo frames).",
            )
            continue
        if mtu is None:
            continue
        if iface.kind == Kind.BOND and iface.bond:
            # BOND-07 (Proxmox only refuses a member above the bond; any difference is
            # reported by ifupdown2's syntax check, and the bond sets its members anyway)
            for slave in dict.fromkeys(iface.bond.slaves):
                member = net.by_name.get(slave)
                member_mtu = mtu_of(net, member) if member is not None else None
                if member_mtu is not None and member_mtu != mtu:
                    out.error(
                        "BOND-07",
                        slave,
                        f"{slave} has MTU {member_mtu} but its bond {name} has MTU {mtu}.",
                        f"Set the MTU on {name} only (members follow it), or give {slave} the same value.",
                    )
        elif iface.kind == Kind.VLAN and iface.vlan:
            parent = net.by_name.get(iface.vlan.raw_device)
            parent_mtu = _as_lower(net, parent) if parent is not None else None
            # VLAN-06
            if parent_mtu is not None and mtu > parent_mtu:
                out.error(
                    "VLAN-06",
                    name,
                    f"VLAN {name} has MTU {mtu}, more than its parent {parent.name} "
                    f"({_lower_text(net, parent, parent_mtu)}).",
                    f"Raise the MTU of {parent.name} to at least {mtu}, or lower {name}'s.",
                )
        elif iface.kind == Kind.BRIDGE and iface.bridge:
            # MTU-02: Proxmox refuses a bridge MTU above a port's (unset counts as 1500).
            for port in dict.fromkeys(iface.bridge.ports):
                member = net.by_name.get(port)
                port_mtu = _as_lower(net, member) if member is not None else None
                if port_mtu is not None and mtu > port_mtu:
                    out.error(
                        "MTU-02",
                        name,
                        f"{name} has MTU {mtu}, more than its port {port} ({_lower_text(net, member, port_mtu)}).",
                        f"Set MTU {mtu} on {port} as well; the bridge cannot exceed its ports.",
                    )
