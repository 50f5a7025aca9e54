"""An interface in the field names and value forms of Proxmox's `/nodes/{node}/network`
API, so a script can move data between the two.

Proxmox leaves a field out rather than sending it empty, gives flags as 1, lists (ports,
members) as space-separated names and comments as text with a newline after each line;
so does this. What only netwizard knows (cabling, roles) is under `netwizard`.
"""

from __future__ import annotations

from netwizard.network import bonding
from netwizard.network.interfaces_file import syntax
from netwizard.network.model import Family, Interface


def _family(out: dict, family: Family | None, suffix: str) -> None:
    if family is None:
        return
    out[f"method{suffix}"] = family.method
    if family.address:
        out[f"cidr{suffix}"] = family.address
        address, _, prefix = family.address.partition("/")
        out[f"address{suffix}"] = address
        if prefix:
            out[f"netmask{suffix}"] = prefix
    if family.gateway:
        out[f"gateway{suffix}"] = family.gateway


def proxmox_fields(iface: Interface) -> dict:
    out: dict = {"iface": iface.name, "type": syntax.interface_pve_type(iface)}
    # An interface without a family is written `inet manual`, as Proxmox writes it.
    inet = iface.inet if iface.inet is not None or iface.inet6 is not None else Family()
    out["families"] = [name for name, family in (("inet", inet), ("inet6", iface.inet6)) if family]
    if iface.autostart:
        out["autostart"] = 1
    _family(out, inet, "")
    _family(out, iface.inet6, "6")
    if iface.mtu is not None:
        out["mtu"] = iface.mtu
    if iface.comments:
        out["comments"] = "".join(f"{line}\n" for line in iface.comments)
    if iface.bridge is not None:
        bridge = iface.bridge
        out["bridge_ports"] = " ".join(bridge.ports)
        out["bridge_stp"] = bridge.stp
        if bridge.fd is not None:
            out["bridge_fd"] = str(bridge.fd)
        if bridge.vlan_aware:
            out["bridge_vlan_aware"] = 1
            out["bridge_vids"] = bridge.vids or "2-4094"
    if iface.bond is not None:
        bond = iface.bond
        out["slaves"] = " ".join(bond.slaves)
        out["bond_mode"] = bond.mode or bonding.DEFAULT_MODE
        if bond.miimon is not None:
            out["bond_miimon"] = str(bond.miimon)
        if bond.xmit_hash_policy:
            out["bond_xmit_hash_policy"] = bond.xmit_hash_policy
        if bond.primary:
            out["bond-primary"] = bond.primary
    if iface.vlan is not None:
        out["vlan-raw-device"] = iface.vlan.raw_device
        out["vlan-id"] = iface.vlan.vlan_id
        if iface.vlan.protocol:
            out["vlan-protocol"] = iface.vlan.protocol
    options = [f"{key} {value}" for family in iface.families for key, value in family.options]
    if options:
        out["options"] = options
    out["netwizard"] = {
        "mac": iface.mac,
        "speed_mbps": iface.speed_mbps,
        "switch": iface.switch,
        "switch_port": iface.switch_port,
        "carries_cluster": iface.carries_cluster,
        "is_management": iface.is_management,
    }
    return out
