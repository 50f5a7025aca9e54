"""The MTU of an interface: the one it sets, and the one it ends up with.

The MTU rules compare what interfaces set; CLUSTER-09 and the switch-side checklists
need what an interface really runs at, inheritance included.
"""

from __future__ import annotations

from ..model import Interface, Kind
from . import options as opts
from .index import DOTTED, Net

DEFAULT_MTU = 1500


def mtu_of(net: Net, iface: Interface) -> int | None:
    if iface.mtu is not None:
        return iface.mtu
    raw = net.option(iface, "mtu")
    return opts.parse_int(raw) if raw is not None else None


def effective_mtu(net: Net, iface: Interface) -> int | None:
    """The MTU an interface ends up with: its own, else what it inherits (a VLAN its
    parent's, a bridge its smallest port's, a bond its members' common one), else 1500.
    None for interfaces netwizard does not model (OVS and other stanzas)."""
    return _effective_mtu(net, iface, set())


def _effective_mtu(net: Net, iface: Interface, seen: set[str]) -> int | None:
    own = mtu_of(net, iface)
    if own is not None:
        return own
    if iface.name in seen:  # a loop in the stack is reported by the host's own rules
        return DEFAULT_MTU
    seen = seen | {iface.name}

    def lower(name: str) -> int | None:
        return _lower_mtu(net, name, seen)

    if iface.kind == Kind.VLAN and iface.vlan:
        return lower(iface.vlan.raw_device) or DEFAULT_MTU
    if iface.kind == Kind.BRIDGE and iface.bridge:
        ports = [m for m in (lower(p) for p in iface.bridge.ports if p != "none") if m]
        return min(ports, default=DEFAULT_MTU)
    if iface.kind == Kind.BOND and iface.bond:
        members = {mtu_of(net, m) for m in (net.by_name.get(s) for s in iface.bond.slaves) if m is not None}
        return members.pop() if len(members) == 1 and None not in members else DEFAULT_MTU
    if iface.kind == Kind.NIC:
        return DEFAULT_MTU
    return None


def _lower_mtu(net: Net, name: str, seen: set[str]) -> int | None:
    iface = net.by_name.get(name)
    if iface is not None:
        return _effective_mtu(net, iface, seen)
    m = DOTTED.fullmatch(name)  # an implicit X.N port rides on X
    return _lower_mtu(net, m.group(1), seen) if m else None
