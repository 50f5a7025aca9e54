"""Open vSwitch stanzas: the checks Proxmox's writer makes before it saves them.

netwizard keeps OVS stanzas as written (FMT-08 says so); these rules catch what would
make Proxmox refuse the file or leave ports out of the bridge, under the codes of their
Linux counterparts: BR-01 for a bridge port, BOND-03 for a bond member, MTU-02 for an MTU
above the device it rides on.
"""

from __future__ import annotations

from ..interfaces_file.unmodelled import OVS_PORT_TYPES
from ..model import Interface, Kind
from ..query.index import Net
from ..query.mtu import DEFAULT_MTU, mtu_of
from ..query.options import parse_int
from .findings import Findings


def check(net: Net, out: Findings) -> None:
    for iface in net.interfaces:
        ovs_type = net.option(iface, "ovs-type")
        if ovs_type == "OVSBridge":
            _bridge_ports(net, out, iface)
        elif ovs_type == "OVSBond":
            _bond_members(net, out, iface)


def _ovs_mtu(net: Net, iface: Interface) -> int | None:
    """The MTU an OVS stanza sets (`ovs_mtu`, or `mtu`, which Proxmox reads the same)."""
    raw = net.option(iface, "ovs-mtu")
    return parse_int(raw) if iface.mtu is None and raw else mtu_of(net, iface)


def _bridge_ports(net: Net, out: Findings, bridge: Interface) -> None:
    ports = (net.option(bridge, "ovs-ports") or "").split()
    bridge_mtu = _ovs_mtu(net, bridge) or DEFAULT_MTU
    for port in dict.fromkeys(ports):
        member = net.by_name.get(port)
        if member is None:
            out.error(
                "BR-01",
                bridge.name,
                f"Port {port} of the Open vSwitch bridge {bridge.name} is not defined in this file; Proxmox refuses "
                "to save the network.",
                f"Define {port} (an OVSIntPort, OVSBond or NIC) or remove it from ovs_ports.",
            )
            continue
        if member.kind != Kind.NIC and net.option(member, "ovs-type") not in OVS_PORT_TYPES:
            out.error(
                "BR-01",
                bridge.name,
                f"Port {port} of the Open vSwitch bridge {bridge.name} is not an OVS port, OVS bond or NIC; Proxmox "
                "refuses to save the network.",
                f"Make {port} an OVSIntPort or OVSBond of {bridge.name}, or remove it from ovs_ports.",
            )
            continue
        port_mtu = _ovs_mtu(net, member)
        if port_mtu is not None and port_mtu > bridge_mtu:
            shown = str(bridge_mtu) if _ovs_mtu(net, bridge) else f"no MTU set, which Proxmox counts as {DEFAULT_MTU}"
            out.error(
                "MTU-02",
                port,
                f"{port} has MTU {port_mtu}, more than its Open vSwitch bridge {bridge.name} ({shown}); Proxmox "
                "refuses to save the network.",
                f"Set 'ovs_mtu {port_mtu}' on {bridge.name} too, or lower {port}'s.",
            )


def _bond_members(net: Net, out: Findings, bond: Interface) -> None:
    bond_mtu = _ovs_mtu(net, bond) or DEFAULT_MTU
    for name in dict.fromkeys((net.option(bond, "ovs-bonds") or "").split()):
        member = net.by_name.get(name)
        if member is None or member.kind != Kind.NIC:
            problem = "is not defined in this file" if member is None else "is not a NIC"
            out.error(
                "BOND-03",
                bond.name,
                f"Member {name} of the Open vSwitch bond {bond.name} {problem}; Proxmox refuses to save the network.",
                f"List only NICs in the ovs_bonds of {bond.name}.",
            )
            continue
        member_mtu = _ovs_mtu(net, member)
        if member_mtu is not None and member_mtu > bond_mtu:
            out.error(
                "MTU-02",
                name,
                f"{name} has MTU {member_mtu}, more than its Open vSwitch bond {bond.name} ({bond_mtu}); Proxmox "
                "refuses to save the network.",
                f"Set 'ovs_mtu {member_mtu}' on {bond.name} too, or lower {name}'s.",
            )
