"""MTU-* and the MTU parts of BOND-07 and VLAN-06: every interface, then each one against
the interfaces it rides on, as Proxmox's writer compares them."""

from __future__ import annotations

from ..model import Interface, Kind
from ..query.index import Net
from ..query.mtu import DEFAULT_MTU, mtu_of
from .findings import Findings

MTU_MIN = 552  # ifupdown2 3.0's range
MTU_MAX = 9216


def _as_lower(net: Net, lower: Interface) -> int | None:
    """The MTU Proxmox assumes for a lower device: its own, 1500 when unset, and no
    assumption for a bond without one (it takes its members' MTU)."""
    mtu = mtu_of(net, lower)
    if mtu is None and lower.kind == Kind.BOND:
        return None
    return mtu or DEFAULT_MTU


def _lower_text(net: Net, lower: Interface, mtu: int) -> str:
    return str(mtu) if mtu_of(net, lower) is not None else f"no MTU set, which Proxmox counts as {DEFAULT_MTU}"


def _raise_first(net: Net, lower: Interface) -> str:
    """The interface to raise before the one on top of it. A bond's NICs with an MTU of their
    own must keep the bond's (BOND-07), so they are emptied before the bond changes."""
    if lower.kind == Kind.BOND and lower.bond:
        own = [n for n in dict.fromkeys(lower.bond.slaves) if (m := net.by_name.get(n)) and mtu_of(net, m)]
        if own:
            return f"{lower.name} (empty the MTU of {' and '.join(own)} first: they take the bond's)"
    return lower.name


def _members_of_a_bond_without_mtu(net: Net, out: Findings, bond: str, slaves: list[str]) -> None:
    """BOND-07 as a warning: a bond without an MTU has the default 1500, and a bond sets the
    NICs it takes to its own MTU (the kernel's bond_enslave), so a NIC's other MTU does not
    land. Not an error: Proxmox accepts it (it assumes such a bond takes its NICs' MTU), and
    raising the NICs before their bond passes through it."""
    for slave in dict.fromkeys(slaves):
        member = net.by_name.get(slave)
        member_mtu = mtu_of(net, member) if member is not None else None
        if member_mtu is not None and member_mtu != DEFAULT_MTU and MTU_MIN <= member_mtu <= MTU_MAX:
            out.warning(
                "BOND-07",
                slave,
                f"{slave} has MTU {member_mtu}, but its bond {bond} sets none: a bond gives its NICs "
                f"its own MTU, so {slave} runs at {DEFAULT_MTU}.",
                f"Set MTU {member_mtu} on {bond} as well; {slave} may keep it or leave its MTU empty.",
            )


def check(net: Net, out: Findings) -> None:
    for iface in net.interfaces:
        if _mtu_out_of_range(net, out, iface):
            continue
        mtu = mtu_of(net, iface)
        if mtu is None:
            if iface.kind == Kind.BOND and iface.bond:
                _members_of_a_bond_without_mtu(net, out, iface.name, iface.bond.slaves)
        elif iface.kind == Kind.BOND and iface.bond:
            _member_mtu_differs_from_bond(net, out, iface.name, iface.bond.slaves, mtu)
        elif iface.kind == Kind.VLAN and iface.vlan:
            _vlan_above_its_parent(net, out, iface.name, iface.vlan.raw_device, mtu)
        elif iface.kind == Kind.BRIDGE and iface.bridge:
            _bridge_above_a_port(net, out, iface.name, iface.bridge.ports, mtu)


def _mtu_out_of_range(net: Net, out: Findings, iface: Interface) -> bool:
    """MTU-01: an MTU ifupdown2 does not accept. True when reported (nothing to compare then)."""
    name = iface.name
    raw = str(iface.mtu) if iface.mtu is not None else net.option(iface, "mtu")
    mtu = mtu_of(net, iface)
    if raw is not None and (mtu is None or not MTU_MIN <= mtu <= MTU_MAX):
        out.error(
            "MTU-01",
            name,
            f"{net.where_unread(name, 'mtu')}MTU {raw} on {name} is outside the {MTU_MIN}-{MTU_MAX} ifupdown2 accepts.",
            f"Use an MTU between {MTU_MIN} and {MTU_MAX} (9000 for jumbo frames).",
        )
        return True
    return False


def _member_mtu_differs_from_bond(net: Net, out: Findings, name: str, slaves: list[str], mtu: int) -> None:
    """BOND-07: a member NIC with an MTU other than its bond's.

    Proxmox only refuses a member above the bond; any difference is reported by
    ifupdown2's syntax check, and the bond sets its members anyway."""
    for slave in dict.fromkeys(slaves):
        member = net.by_name.get(slave)
        member_mtu = mtu_of(net, member) if member is not None else None
        if member_mtu is not None and member_mtu != mtu:
            out.error(
                "BOND-07",
                slave,
                f"{slave} has MTU {member_mtu} but its bond {name} has MTU {mtu}.",
                f"A bond gives its NICs its own MTU: empty {slave}'s or make it {mtu}. To change both, "
                f"empty {slave}'s first, then change {name}'s.",
            )


def _vlan_above_its_parent(net: Net, out: Findings, name: str, raw_device: str, mtu: int) -> None:
    """VLAN-06: a VLAN with a larger MTU than its parent."""
    parent = net.by_name.get(raw_device)
    if parent is None:
        return
    parent_mtu = _as_lower(net, parent)
    if parent_mtu is not None and mtu > parent_mtu:
        out.error(
            "VLAN-06",
            name,
            f"VLAN {name} has MTU {mtu}, more than its parent {parent.name} ({_lower_text(net, parent, parent_mtu)}).",
            f"Raise {_raise_first(net, parent)} to at least {mtu} before {name}, or lower {name}'s first.",
        )


def _bridge_above_a_port(net: Net, out: Findings, name: str, ports: list[str], mtu: int) -> None:
    """MTU-02: Proxmox refuses a bridge MTU above a port's (unset counts as 1500)."""
    for port in dict.fromkeys(ports):
        member = net.by_name.get(port)
        if member is None:
            continue
        port_mtu = _as_lower(net, member)
        if port_mtu is not None and mtu > port_mtu:
            out.error(
                "MTU-02",
                name,
                f"{name} has MTU {mtu}, more than its port {port} ({_lower_text(net, member, port_mtu)}).",
                f"Raise {_raise_first(net, member)} to at least {mtu} before {name}, or lower {name}'s "
                "first: a bridge cannot be above its ports.",
            )
