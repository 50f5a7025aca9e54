"""NIC-*: what a node's facts document shows about the NICs the file stands on (issue 17).

Run only when facts were given (`Context.facts`); without them netwizard knows nothing
of the hardware and says nothing. Different speeds in an 802.3ad bond are BOND-33, which
reads the measured speeds from the same context.

    renames(net, ctx) -> [Rename]: the NICs the file names that the node now reports
        under another name, recognised by the permanent MAC known for them; NIC-01 says
        so and the host page offers the rename from the same list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..host_facts import HostFacts
from ..model import Kind
from ..pinning import KERNEL_NAME
from ..query.context import Context
from ..query.index import DOTTED, Net
from ..query.stack import below
from ..wording import listing
from .findings import Findings


@dataclass(frozen=True)
class Rename:
    old: str  # the name the file uses
    new: str  # the name the node reports for the NIC with the same permanent MAC
    mac: str


def check(net: Net, ctx: Context, out: Findings) -> None:
    facts = ctx.facts
    if facts is None:
        return
    _missing(net, ctx, facts, out)
    _unpinned_management(net, facts, out)
    owners: dict[str, list[str]] = defaultdict(list)
    for nic in facts.nics.values():
        if nic.permanent_mac:
            owners[nic.permanent_mac].append(nic.name)
    for bond in net.linux_bonds():
        for member in bond.bond.slaves if bond.bond else []:
            seen = facts.nics.get(member)
            if seen is None:
                continue
            if not seen.up:
                _member_down(out, bond.name, member)
            others = [name for name in owners.get(seen.permanent_mac, []) if name != member]
            if others:
                _member_mac_shared(out, bond.name, member, seen.permanent_mac, others)


def _member_down(out: Findings, bond: str, member: str) -> None:
    """NIC-03: a bond member without link on the node."""
    out.warning(
        "NIC-03",
        member,
        f"{member}, a member of {bond}, has no link on the node (its cable is out, or the switch port is down or "
        "disabled): the bond runs without it.",
        f"Check the cable and the switch port of {member}; `ip link show {member}` shows LOWER_UP once the link "
        "is back.",
    )


def _member_mac_shared(out: Findings, bond: str, member: str, mac: str, others: list[str]) -> None:
    """NIC-04: a bond member whose permanent MAC another NIC of the node also reports."""
    out.warning(
        "NIC-04",
        member,
        f"{member}, a member of {bond}, has the permanent MAC {mac}, which {', '.join(others)} also report: a NIC "
        "whose burnt-in address is not unique cannot be told apart by MAC (pinning names, DHCP, the switch's tables).",
        "Look for cloned or virtual NICs with copied addresses; give each NIC its own address.",
    )


def references(net: Net) -> dict[str, list[str]]:
    """NIC name -> where the file needs it: bond members and primaries, bridge ports, VLAN
    raw devices, OVS ports and bonds, and NICs with an address of their own."""
    needed: dict[str, list[str]] = defaultdict(list)

    def need(name: str, where: str) -> None:
        m = DOTTED.fullmatch(name)
        base = m.group(1) if m else name
        defined = net.by_name.get(base)
        if defined is None or defined.kind == Kind.NIC:
            needed[base].append(where)

    for iface in net.interfaces:
        if iface.bond:
            for slave in iface.bond.slaves:
                need(slave, f"{iface.name}'s bond-slaves")
            if iface.bond.primary:
                need(iface.bond.primary, f"{iface.name}'s bond-primary")
        if iface.bridge:
            for port in iface.bridge.ports:
                if port != "none":
                    need(port, f"{iface.name}'s bridge-ports")
        if iface.vlan:
            need(iface.vlan.raw_device, f"{iface.name}'s VLAN raw device")
        for key in ("ovs-ports", "ovs-bonds"):
            for port in (net.option(iface, key) or "").split():
                need(port, f"{iface.name}'s {key.replace('-', '_')}")
        if iface.kind == Kind.NIC and net.has_ip_config(iface):
            need(iface.name, "its own address")
    return {name: list(dict.fromkeys(where)) for name, where in needed.items()}


def _on_node(net: Net, ctx: Context, facts: HostFacts, name: str) -> bool:
    """The node has `name`, or will at the next boot: a pin netwizard planned renames to it."""
    if name in facts.names:
        return True
    iface = net.by_name.get(name)
    if iface is None or not iface.pin_planned:
        return False
    mac = ctx.known_macs.get(name, "")
    return bool(mac) and facts.nic_by_permanent_mac(mac) is not None


def renames(net: Net, ctx: Context) -> list[Rename]:
    """The NICs the file needs that the node reports under another name (same permanent MAC)."""
    facts = ctx.facts
    if facts is None:
        return []
    found = []
    for name in references(net):
        if _on_node(net, ctx, facts, name):
            continue
        mac = ctx.known_macs.get(name, "")
        now = facts.nic_by_permanent_mac(mac) if mac else None
        if now is not None and now.name != name:
            found.append(Rename(old=name, new=now.name, mac=mac))
    return found


def _missing(net: Net, ctx: Context, facts: HostFacts, out: Findings) -> None:
    """NIC-01: the file needs a NIC the node does not have; renamed, when its MAC says so."""
    moved = {r.old: r for r in renames(net, ctx)}
    node_nics = listing(sorted(facts.nics)) or "none"
    for name, where in references(net).items():
        if _on_node(net, ctx, facts, name):
            continue
        places = listing(where)
        rename = moved.get(name)
        if rename is not None:
            out.error(
                "NIC-01",
                name,
                f"{name} is now {rename.new} (same MAC {rename.mac}): the node has no {name}, so {places} names a "
                "NIC that is not there and that part of the network does not come up.",
                f"Rename {name} to {rename.new} everywhere the file names it (on the host page one click does it); "
                "pinning NIC names keeps it from happening again.",
            )
        else:
            out.error(
                "NIC-01",
                name,
                f"{name}, named in {places}, does not exist on the node (its NICs: {node_nics}); that part of the "
                "network does not come up.",
                f"Correct the name to one of the node's NICs. If {name} was renamed, record its MAC in the inventory "
                "and netwizard says which NIC it is now.",
            )


def _management_nics(net: Net) -> tuple[str, tuple[str, ...]]:
    """The interface with the management address and the NICs it stands on."""
    roots = [i for i in net.interfaces if i.is_management] or [
        i for i in net.interfaces if any(f.gateway and f.address for f in i.families)
    ]
    if not roots:
        return "", ()
    return roots[0].name, below(net, roots[0].name).nics


def _unpinned_management(net: Net, facts: HostFacts, out: Findings) -> None:
    """NIC-02: the way to the node stands on kernel-derived NIC names no `.link` file pins."""
    root, nics = _management_nics(net)
    unpinned = [
        name
        for name in nics
        if name in facts.nics
        and not facts.nics[name].pinned_by
        and KERNEL_NAME.fullmatch(name)
        and not (name in net.by_name and net.by_name[name].pin_planned)
    ]
    if unpinned:
        out.warning(
            "NIC-02",
            root,
            f"The management path ({root}) stands on {listing(unpinned)}, "
            + ("a name" if len(unpinned) == 1 else "names")
            + " the kernel derives from the slot or firmware position, and no .link file pins "
            + ("it" if len(unpinned) == 1 else "them")
            + ": a new card, a BIOS update or a kernel upgrade can rename "
            + ("it" if len(unpinned) == 1 else "them")
            + " and take the node off the network.",
            "Pin the NIC names: netwizard's 'Pin NIC names' on the host page writes the .link files as Proxmox VE 9's "
            "pve-network-interface-pinning does (on PVE 9 that tool works too).",
        )
