"""The facts a bond's switch-side checklist is computed from: the bond and its mode, where
each member is cabled, the VLANs the ports carry, and the largest MTU and frame."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ... import bonding
from ...bonding import SwitchNeed
from ...model import HostNetwork, Interface, Kind
from ...query.context import INDEPENDENT, STACK, Context, SwitchFacts
from ...query.index import DOTTED, Net
from ...query.mtu import DEFAULT_MTU, effective_mtu, mtu_of
from ...query.vids import DEFAULT_VIDS, parse_vids, vids_text, vlan_aware

JUMBO = 9216  # the usual maximum switch port setting; covers an IP MTU of 9000 with headers and tags
ETHERNET_OVERHEAD = 18  # header (14) and frame check sequence (4)
TAG = 4


@dataclass(frozen=True)
class MemberPort:
    nic: str
    switch: str  # "" when the inventory does not say
    port: str  # "" when the inventory does not say
    speed_mbps: int | None

    def describe(self) -> str:
        where = self.switch or "an unrecorded switch"
        port = f" port {self.port}" if self.port else " (port not recorded)"
        speed = f", {_speed(self.speed_mbps)}" if self.speed_mbps else ""
        return f"{self.nic} -> {where}{port}{speed}"


@dataclass
class Vlans:
    bridge: Interface | None  # the Linux bridge the bond is a port of
    uppers: list[Interface]  # VLAN interfaces that ride on the bond or that bridge
    tagged: set[int]
    sources: list[str]
    untagged: list[str]
    guest_tags_on_demand: bool
    qinq: bool
    bridge_aware: bool


def _collect_vlans(net: Net, bond: Interface) -> Vlans:
    """The VLANs the bond's ports carry tagged and where each comes from, and what arrives untagged."""
    bridge = net.bridge_of(bond.name)
    if bridge is not None and (bridge.bridge is None or net.is_ovs(bridge)):
        bridge = None
    carriers = [bond.name] + ([bridge.name] if bridge else [])
    tagged: set[int] = set()
    sources: list[str] = []
    uppers: list[Interface] = []
    qinq = False

    aware = bridge is not None and vlan_aware(net, bridge)
    if aware and bridge is not None:
        written = bridge.bridge_settings().vids
        vids = written or DEFAULT_VIDS
        ranges, problem = parse_vids(vids)
        if not problem:
            tagged.update(v for a, b in ranges for v in range(a, b + 1))
            unset = "" if written else ", Proxmox's default"
            sources.append(f"{vids} from bridge-vids of the VLAN-aware bridge {bridge.name}{unset}")
    for carrier in carriers:
        for vlan in net.vlans_on.get(carrier, []):
            if not vlan.vlan or not 1 <= vlan.vlan.vlan_id <= 4094:
                continue
            uppers.append(vlan)
            tagged.add(vlan.vlan.vlan_id)
            sources.append(f"{vlan.vlan.vlan_id} for {vlan.name} on {carrier}")
            if vlan.vlan.protocol == "802.1ad" or net.vlans_on.get(vlan.name):
                qinq = True
    # A bridge port written as bond0.N without a stanza of its own is a VLAN too.
    for iface in net.by_name.values():
        if iface.kind != Kind.BRIDGE or not iface.bridge:
            continue
        for port in iface.bridge.ports:
            m = DOTTED.fullmatch(port)
            if m and port not in net.by_name and m.group(1) in carriers and 1 <= int(m.group(2)) <= 4094:
                tagged.add(int(m.group(2)))
                sources.append(f"{m.group(2)} for {port}, the port of {iface.name}")
    return Vlans(
        bridge=bridge,
        uppers=uppers,
        tagged=tagged,
        sources=sources,
        untagged=_untagged(net, bond, bridge),
        guest_tags_on_demand=bridge is not None and not aware,
        qinq=qinq,
        bridge_aware=aware,
    )


def _untagged(net: Net, bond: Interface, bridge: Interface | None) -> list[str]:
    """What sends untagged frames over the bond: addresses on it or its bridge, and the bridge's guests."""
    untagged = []
    if net.has_ip_config(bond):
        untagged.append(f"{bond.name}'s own address ({_addresses(net, bond)})")
    if bridge is not None:
        if net.has_ip_config(bridge):
            untagged.append(f"{bridge.name}'s own address ({_addresses(net, bridge)})")
        untagged.append(f"guests on {bridge.name} without a VLAN tag")
    return untagged


@dataclass
class Facts:
    host: str
    bond: str
    mode: bonding.BondMode
    written_mode: str
    ports: tuple[MemberPort, ...]
    switches: tuple[str, ...]
    topology: str | None
    stacks: tuple[str, ...]
    needs_stack: bool
    lacp_rate: str
    lacp_rate_written: bool
    vlans: Vlans
    mtu: int
    mtu_from: tuple[str, ...]
    frame: int
    stp_on_bridge: bool

    @property
    def aggregated(self) -> bool:
        return self.mode.switch != SwitchNeed.NONE

    @property
    def trunk(self) -> bool:
        return bool(self.vlans.tagged)

    @functools.cached_property
    def tagged_text(self) -> str:
        # Once per checklist: the steps and every snippet quote it, and 2-4094 is 4093 IDs to walk.
        return vids_text(self.vlans.tagged)

    @property
    def vlan_list(self) -> str:
        return self.tagged_text.replace(" ", ",")

    @property
    def stack_name(self) -> str:
        return self.stacks[0] if len(self.stacks) == 1 and self.stacks[0] else ""


def bond_facts(network: HostNetwork, bond_name: str, ctx: Context) -> Facts:
    """What the checklist of one bond is computed from; ValueError as `bond_switch_checklist`."""
    net = Net(network)
    bond = net.by_name.get(bond_name)
    if bond is None or bond.kind != Kind.BOND or bond.bond is None or net.is_ovs(bond):
        raise ValueError(f"{bond_name!r} is not a Linux bond of this host")
    written_mode = net.bond_mode(bond)
    mode = bonding.get_mode(written_mode or bonding.DEFAULT_MODE)
    if mode is None:
        raise ValueError(f"{bond_name} has bond-mode {written_mode!r}, which is not a bonding mode")

    members = [net.by_name.get(s) or Interface(s, Kind.NIC) for s in dict.fromkeys(bond.bond.slaves)]
    ports = tuple(MemberPort(m.name, ctx.switch_of(m), m.switch_port, ctx.speed(m)) for m in members)
    switches = tuple(dict.fromkeys(p.switch for p in ports if p.switch))
    topology = ctx.topology(bond_name, members)
    aggregated = mode.switch != SwitchNeed.NONE
    needs_stack = aggregated and (len(switches) > 1 or topology in (STACK, INDEPENDENT))

    lacp_rate = ""
    if mode.switch == SwitchNeed.LACP:
        rate = bonding.get_lacp_rate(bond.bond.lacp_rate or net.option(bond, bonding.LACP_RATE) or "slow")
        lacp_rate = rate.name if rate else "slow"

    vlans = _collect_vlans(net, bond)
    mtu, mtu_from = _largest_mtu(net, bond, members, vlans.uppers)
    frame = mtu + ETHERNET_OVERHEAD + (TAG if vlans.tagged else 0) + (TAG if vlans.qinq else 0)

    return Facts(
        host=network.hostname,
        bond=bond_name,
        mode=mode,
        written_mode=written_mode,
        ports=ports,
        switches=switches,
        topology=topology,
        stacks=tuple(dict.fromkeys((ctx.switches.get(s) or SwitchFacts()).stack for s in switches)),
        needs_stack=needs_stack,
        lacp_rate=lacp_rate,
        lacp_rate_written=bool(bond.bond.lacp_rate or net.option(bond, bonding.LACP_RATE)),
        vlans=vlans,
        mtu=mtu,
        mtu_from=mtu_from,
        frame=frame,
        stp_on_bridge=vlans.bridge is not None and vlans.bridge.bridge_settings().stp in ("on", "yes"),
    )


def _addresses(net: Net, iface: Interface) -> str:
    texts = [a.text for a in net.addresses(iface)]
    if not texts and any(f.method == "dhcp" for f in iface.families):
        return "DHCP"
    return ", ".join(texts) or "no address"


def _largest_mtu(
    net: Net, bond: Interface, members: list[Interface], uppers: list[Interface]
) -> tuple[int, tuple[str, ...]]:
    candidates = [bond, *members, *uppers]
    bridge = net.bridge_of(bond.name)
    if bridge is not None:
        candidates.append(bridge)
    values = {i.name: effective_mtu(net, i) or DEFAULT_MTU for i in candidates}
    largest = max(values.values(), default=DEFAULT_MTU)
    set_by = tuple(i.name for i in candidates if mtu_of(net, i) == largest)
    return largest, set_by


def _speed(mbps: int) -> str:
    return f"{mbps // 1000} Gbit/s" if mbps >= 1000 and mbps % 1000 == 0 else f"{mbps} Mbit/s"
