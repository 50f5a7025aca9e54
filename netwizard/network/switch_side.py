"""What the switch at the other end of a bond must be set to: a checklist per bond.

    bond_switch_checklist(network, "bond0", context) -> Checklist
    host_switch_checklists(network, context) -> list[Checklist]     every Linux bond
    Checklist.as_text()                                             steps, warnings, examples

The checklist is built from the host's own file plus the inventory facts on each NIC
(`switch`, `switch_port`, `speed_mbps`) and the switches' stack/MLAG groups in the
context. It says which kind of aggregation the ports need (from `bonding`: LACP, a
static aggregation, or none), where each member is cabled, which VLANs the ports must
carry tagged and what arrives untagged, and the MTU. The example snippets for Cisco
NX-OS, Arista EOS and Juniper Junos are labelled as examples: netwizard has never seen
the switch, and port names, channel numbers and the untagged VLAN must be adapted.

Nothing the user typed reaches a snippet unless it fits a strict grammar: a switch port
name or host name with any other character is replaced by a placeholder, so pasting a
snippet into a switch CLI cannot run a command hidden in a name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import bonding
from .bonding import SwitchNeed
from .model import HostNetwork, Interface, Kind
from .rules.across_hosts import DEFAULT_VIDS, effective_mtu, vid_ranges, vids_text
from .rules.bridges import parse_vids, vlan_aware
from .rules.context import INDEPENDENT, SINGLE, STACK, Context, SwitchFacts
from .rules.index import DOTTED, Net
from .rules.mtu import DEFAULT_MTU, mtu_of

# What may appear in a snippet as a name; anything else becomes a placeholder.
SAFE_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./:-]{0,63}")
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


@dataclass(frozen=True)
class Snippet:
    family: str  # "Cisco NX-OS", "Arista EOS", "Juniper Junos"
    text: str


@dataclass(frozen=True)
class Checklist:
    host: str
    bond: str
    mode: str  # the bond-mode, e.g. "802.3ad"
    mode_label: str
    switch_mode: SwitchNeed  # none / static / lacp
    lacp_rate: str  # "slow" or "fast" for 802.3ad, "" otherwise
    members: tuple[MemberPort, ...]
    switches: tuple[str, ...]  # distinct recorded switches, in member order
    topology: str | None  # single / stack / independent, None when unknown
    needs_stack: bool  # an aggregation whose members end on more than one switch
    port_mode: str  # "access" (untagged only) or "trunk"
    tagged_vlans: tuple[tuple[int, int], ...]  # merged ranges the ports must carry tagged
    vlan_sources: tuple[str, ...]  # where each tagged VLAN comes from, for the reader
    untagged: tuple[str, ...]  # what sends untagged frames; empty: nothing does
    guest_tags_on_demand: bool  # a bridge that is not VLAN aware: tagged guests add VLANs
    mtu: int  # the largest IP MTU on the bond and what sits on it
    mtu_from: tuple[str, ...]  # the interfaces that set it ("" entries never)
    frame_bytes: int  # the largest frame on the wire, header, tags and FCS included
    warnings: tuple[str, ...]
    steps: tuple[str, ...]
    snippets: tuple[Snippet, ...]

    @property
    def tagged_text(self) -> str:
        return " ".join(str(a) if a == b else f"{a}-{b}" for a, b in self.tagged_vlans)

    def as_text(self) -> str:
        where = f" on {self.host}" if self.host else ""
        lines = [f"Switch-side checklist for {self.bond}{where} ({self.mode_label})", ""]
        for i, step in enumerate(self.steps, 1):
            first, *rest = step.split("\n")
            lines.append(f"{i}. {first}")
            lines.extend(f"   {line}" for line in rest)
        if self.warnings:
            lines += ["", "Warnings:"]
            lines.extend(f"  - {w}" for w in self.warnings)
        for snippet in self.snippets:
            lines += ["", f"--- Example for {snippet.family}: adapt before use, netwizard has not seen your switch ---"]
            lines.extend(snippet.text.splitlines())
        return "\n".join(lines) + "\n"


def host_switch_checklists(network: HostNetwork, context: Context | None = None) -> list[Checklist]:
    """One checklist per Linux bond of the host, in file order (Open vSwitch bonds are skipped)."""
    net = Net(network)
    bonds = [i.name for i in net.by_name.values() if i.kind == Kind.BOND and i.bond and not net.is_ovs(i)]
    return [bond_switch_checklist(network, name, context) for name in bonds]


def bond_switch_checklist(network: HostNetwork, bond_name: str, context: Context | None = None) -> Checklist:
    """The checklist for one bond; ValueError if it is not a Linux bond or its mode is not one of the seven."""
    ctx = context or Context()
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

    facts = _Facts(
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
        stp_on_bridge=vlans.bridge is not None and vlans.bridge.bridge.stp in ("on", "yes"),
    )
    return Checklist(
        host=network.hostname,
        bond=bond_name,
        mode=mode.name,
        mode_label=mode.label,
        switch_mode=mode.switch,
        lacp_rate=lacp_rate,
        members=ports,
        switches=switches,
        topology=topology,
        needs_stack=needs_stack,
        port_mode="trunk" if vlans.tagged else "access",
        tagged_vlans=_ranges(vlans.tagged),
        vlan_sources=tuple(vlans.sources),
        untagged=tuple(vlans.untagged),
        guest_tags_on_demand=vlans.guest_tags_on_demand,
        mtu=mtu,
        mtu_from=mtu_from,
        frame_bytes=frame,
        warnings=tuple(_warnings(facts)),
        steps=tuple(_steps(facts)),
        snippets=(_nxos(facts), _eos(facts), _junos(facts)),
    )


# Facts --------------------------------------------------------------------------------


@dataclass
class _Vlans:
    bridge: Interface | None  # the Linux bridge the bond is a port of
    uppers: list[Interface]  # VLAN interfaces that ride on the bond or that bridge
    tagged: set[int]
    sources: list[str]
    untagged: list[str]
    guest_tags_on_demand: bool
    qinq: bool
    bridge_aware: bool


def _collect_vlans(net: Net, bond: Interface) -> _Vlans:
    bridge = net.bridge_of(bond.name)
    if bridge is not None and (bridge.bridge is None or net.is_ovs(bridge)):
        bridge = None
    carriers = [bond.name] + ([bridge.name] if bridge else [])
    tagged: set[int] = set()
    sources: list[str] = []
    untagged: list[str] = []
    uppers: list[Interface] = []
    qinq = False

    aware = bridge is not None and vlan_aware(net, bridge)
    if aware:
        vids = bridge.bridge.vids or DEFAULT_VIDS
        ranges, problem = parse_vids(vids)
        if not problem:
            tagged.update(v for a, b in ranges for v in range(a, b + 1))
            unset = "" if bridge.bridge.vids else ", Proxmox's default"
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

    if net.has_ip_config(bond):
        untagged.append(f"{bond.name}'s own address ({_addresses(net, bond)})")
    if bridge is not None:
        if net.has_ip_config(bridge):
            untagged.append(f"{bridge.name}'s own address ({_addresses(net, bridge)})")
        untagged.append(f"guests on {bridge.name} without a VLAN tag")
    return _Vlans(
        bridge=bridge,
        uppers=uppers,
        tagged=tagged,
        sources=sources,
        untagged=untagged,
        guest_tags_on_demand=bridge is not None and not aware,
        qinq=qinq,
        bridge_aware=aware,
    )


def _addresses(net: Net, iface: Interface) -> str:
    texts = [a.text for a in net.addresses(iface)]
    if not texts and any(f.method == "dhcp" for f in iface.families):
        return "DHCP"
    return ", ".join(texts) or "no address"


def _largest_mtu(net: Net, bond: Interface, members: list[Interface], uppers: list[Interface]):
    candidates = [bond, *members, *uppers]
    bridge = net.bridge_of(bond.name)
    if bridge is not None:
        candidates.append(bridge)
    values = {i.name: effective_mtu(net, i) or DEFAULT_MTU for i in candidates}
    largest = max(values.values(), default=DEFAULT_MTU)
    set_by = tuple(i.name for i in candidates if mtu_of(net, i) == largest)
    return largest, set_by


def _ranges(vids: set[int]) -> tuple[tuple[int, int], ...]:
    return tuple(vid_ranges(vids))


def _speed(mbps: int) -> str:
    return f"{mbps // 1000} Gbit/s" if mbps >= 1000 and mbps % 1000 == 0 else f"{mbps} Mbit/s"


@dataclass
class _Facts:
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
    vlans: _Vlans
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


# Steps and warnings ----------------------------------------------------------------------

_NO_CHANNEL_WHY = {
    bonding.ACTIVE_BACKUP.name: "the bond receives only on its active member and drops what arrives on the others, "
    "so a switch that spreads traffic over a channel loses part of it",
    bonding.BALANCE_TLB.name: "the bond chooses the receiving member itself (the one that owns its MAC address), and a "
    "channel would make the switch deliver to the other members instead",
    bonding.BALANCE_ALB.name: "the bond steers incoming traffic itself by answering ARP with different members' MAC "
    "addresses; a channel on the switch would undo that",
}


def _steps(f: _Facts) -> list[str]:
    steps = [_mode_step(f), _members_step(f)]
    switches = _switches_step(f)
    if switches:
        steps.append(switches)
    steps.append(_vlan_step(f))
    steps.append(_mtu_step(f))
    steps.append(_stp_step(f))
    steps.append(_verify_step(f))
    return steps


def _mode_step(f: _Facts) -> str:
    mode = f.mode
    if mode.switch == SwitchNeed.LACP:
        default = "" if f.lacp_rate_written else " (no bond-lacp-rate line, so the Linux default)"
        why = (
            "with fast, a member whose link stays up while its partner falls silent leaves the channel after about "
            "3 seconds instead of about 90"
            if f.lacp_rate == "fast"
            else "with slow, a member whose link stays up while its partner falls silent stays in the channel for "
            "about 90 seconds; consider fast on both sides"
        )
        return (
            "Bundle the member ports into one LACP (802.3ad) port-channel, with LACP active on the switch.\n"
            f"LACP rate: {f.lacp_rate} - {f.bond} uses {f.lacp_rate}{default}; set the same rate on the switch "
            f"ports ({why}). A member leaves as soon as its link drops, at either rate."
        )
    if mode.switch == SwitchNeed.STATIC:
        return (
            "Bundle the member ports into a static link aggregation without LACP (EtherChannel 'mode on', a "
            f"Junos ae interface without lacp). Do not enable LACP on it: {mode.name} does not speak LACP, so "
            "an LACP channel would wait for a partner that never answers and not bundle the ports."
        )
    why = _NO_CHANNEL_WHY.get(mode.name, "the bond handles failover itself")
    return (
        f"Configure each member port as an ordinary switch port: no port-channel, no LAG, no LACP. {mode.label} "
        f"needs nothing from the switch, and a channel would hurt: {why}."
    )


def _members_step(f: _Facts) -> str:
    lines = ["Member ports:"] + [f"- {p.describe()}" for p in f.ports]
    if not f.ports:
        lines.append(f"- none: {f.bond} has no bond-slaves")
    if any(not p.switch or not p.port for p in f.ports):
        lines.append("Record each NIC's switch and switch port in the inventory to have them named here.")
    return "\n".join(lines)


def _switches_step(f: _Facts) -> str:
    sw = _listing(f.switches)
    if not f.aggregated:
        if len(f.switches) > 1 and f.mode is bonding.ACTIVE_BACKUP:
            return (
                f"The members end on {sw}. That is fine for {f.mode.name}, and protects against a switch failure: "
                "configure the ports on every switch the same way, and make sure the switches are connected to "
                "each other carrying the same VLANs, so the host stays reachable whichever member is active."
            )
        if len(f.switches) > 1 and f.topology == STACK:
            group = f" (stack/MLAG group {f.stack_name})" if f.stack_name else ""
            return (
                f"The members end on {sw}{group}, which {f.mode.name} can treat as one switch: configure the "
                "ports on every switch of the stack the same way, without a channel."
            )
        if len(f.switches) > 1:
            return (
                f"The members end on {sw}, which are not a stack or MLAG pair. {f.mode.name} expects all members "
                "to reach the same switch; across independent switches it does not work reliably. Use "
                "active-backup there, or cable the members to one switch or stack."
            )
        return ""
    if f.topology == SINGLE:
        return f"All members end on {sw}: one ordinary port-channel on that switch."
    if f.topology == STACK:
        group = f" (stack/MLAG group {f.stack_name})" if f.stack_name else ""
        return (
            f"The members end on {sw}{group}: create the port-channel as one channel across them - a stack "
            "port-channel, a vPC on NX-OS, an MLAG on EOS, a Virtual Chassis ae or MC-LAG on Junos - with the same "
            "channel number and settings on both."
        )
    if f.topology == INDEPENDENT:
        return (
            f"The members end on {sw}, which are neither stacked nor an MLAG pair: they cannot form one "
            f"aggregation, so {f.mode.name} will not work this way. Stack or MLAG the switches, cable all members "
            "to one switch, or change the bond to active-backup."
        )
    return (
        "netwizard does not know which switch every member is cabled to. If they end on more than one switch, "
        "those switches must be a stack or an MLAG pair for this aggregation."
    )


def _vlan_step(f: _Facts) -> str:
    v = f.vlans
    where = "the port-channel" if f.aggregated else "each member port"
    lines = []
    if v.tagged:
        lines.append(f"VLANs: make {where} a trunk that allows tagged VLANs {f.tagged_text}:")
        lines.extend(f"- {s}" for s in v.sources)
        if v.untagged:
            lines.append(
                "Untagged (native VLAN): set it to the VLAN where this traffic belongs: " + "; ".join(v.untagged) + "."
            )
        else:
            lines.append(f"Nothing on {f.bond} sends untagged frames: leave the native VLAN unused.")
    elif v.untagged:
        lines.append(
            f"VLANs: nothing on {f.bond} is tagged, so {where} can be an access port in the VLAN where this "
            "traffic belongs: " + "; ".join(v.untagged) + "."
        )
    else:
        lines.append(f"VLANs: nothing on this host uses {f.bond} yet (no address, bridge or VLAN on it).")
    if v.guest_tags_on_demand:
        lines.append(
            f"{v.bridge.name} is not VLAN aware: a guest given a VLAN tag there makes Proxmox create "
            f"{f.bond}.<tag> on the fly, so allow those VLANs tagged as well (and make the port a trunk)."
        )
    if v.bridge_aware:
        lines.append(
            f"The switch only needs the VLANs guests on {v.bridge.name} really use; allowing fewer is fine, but a "
            "guest whose VLAN the switch does not allow has no network."
        )
    return "\n".join(lines)


def _mtu_step(f: _Facts) -> str:
    who = f" (set on {_listing(f.mtu_from)})" if f.mtu_from else " (nothing sets one, so the default)"
    tags = ""
    if f.vlans.qinq:
        tags = " including two VLAN tags"
    elif f.vlans.tagged:
        tags = " including the VLAN tag"
    text = (
        f"MTU: the host sends IP packets of up to {f.mtu} bytes{who}, which are frames of up to {f.frame} bytes "
        f"on the wire{tags}."
    )
    if f.mtu > DEFAULT_MTU:
        return (
            text + " Switches count their MTU differently (some with the Ethernet header and tags, some "
            f"without), so set the ports{' and the port-channel' if f.aggregated else ''} to the switch's jumbo "
            f"setting, usually {JUMBO}, which covers {f.mtu} either way. Every switch on the path needs it."
        )
    return text + " Standard switch ports pass these; nothing to change."


def _stp_step(f: _Facts) -> str:
    text = (
        f"Spanning tree: mark {'the port-channel' if f.aggregated else 'the ports'} as an edge port (PortFast, "
        "'edge'), so a port forwards as soon as its link comes up and failover is not delayed."
    )
    if f.stp_on_bridge:
        text += (
            f" {f.vlans.bridge.name} runs STP itself (bridge-stp on) and sends BPDUs: do not enable BPDU guard on "
            "these ports, or the switch shuts them down."
        )
    else:
        text += " The host sends no BPDUs (bridge-stp off), so BPDU guard may stay on."
    return text


def _verify_step(f: _Facts) -> str:
    if f.mode.switch == SwitchNeed.LACP:
        return (
            f"Check on the host: cat /proc/net/bonding/{f.bond} lists every member with 'MII Status: up' and a "
            "partner MAC address other than 00:00:00:00:00:00; all zeros means the switch port is not speaking "
            "LACP. Then check the port-channel on the switch lists every member as bundled."
        )
    extra = " and names the 'Currently Active Slave'" if f.mode is bonding.ACTIVE_BACKUP else ""
    return (
        f"Check on the host: cat /proc/net/bonding/{f.bond} lists every member with 'MII Status: up'{extra}. "
        "Pull one cable at a time and check that the host stays reachable."
    )


def _warnings(f: _Facts) -> list[str]:
    out: list[str] = []
    mode = f.mode.name
    if not f.written_mode:
        out.append(f"{f.bond} has no bond-mode line, so ifupdown2 uses balance-rr; write the mode you mean.")
    if mode == bonding.LACP.name:
        speeds = {p.speed_mbps for p in f.ports if p.speed_mbps}
        if len(speeds) > 1:
            out.append(
                "The members run at different speeds; LACP only aggregates links of the same speed, so the "
                "slower or faster ones stay unused."
            )
    if f.aggregated and f.topology == INDEPENDENT:
        if mode == bonding.BROADCAST.name:
            out.append(
                "broadcast across independent switches only makes sense when the switches are separate networks "
                "that are not connected to each other; then leave the ports unbundled."
            )
        else:
            out.append(f"{mode} across independent switches does not work: the switches must be a stack or MLAG pair.")
    if mode == bonding.ACTIVE_BACKUP.name and len(f.switches) > 1 and f.topology != STACK:
        out.append(
            "active-backup across independent switches is fine: no stack or MLAG needed, only the same VLANs on "
            "both and a link between the switches."
        )
    if mode == bonding.BALANCE_RR.name:
        out.append(
            "balance-rr delivers packets of one connection out of order, and most switches send the return "
            "traffic over one link anyway; prefer 802.3ad with LACP."
        )
    if mode == bonding.BALANCE_XOR.name:
        out.append(
            "balance-xor has no protocol with the switch: a miscabled port is not detected. 802.3ad (LACP) does "
            "the same spreading with that check, if the switch supports it."
        )
    if mode == bonding.BROADCAST.name:
        out.append("broadcast sends every frame on every member, so the network sees each frame more than once.")
    if mode in (bonding.BALANCE_TLB.name, bonding.BALANCE_ALB.name):
        out.append(
            "Do not limit the number of MAC addresses per port (port security): the bond sends with each "
            "member's own MAC address" + (" and answers ARP with them." if mode == bonding.BALANCE_ALB.name else ".")
        )
    if mode == bonding.BALANCE_ALB.name:
        out.append("Set bond-updelay at least as long as the switch port takes to forward after link-up.")
    if f.vlans.qinq:
        out.append(
            "A VLAN on this bond carries a second tag (QinQ, 802.1ad): the switch ports must accept double-tagged "
            "frames, and the MTU needs 4 more bytes."
        )
    return out


# Example snippets -----------------------------------------------------------------------


def _safe(text: str) -> str:
    return text if SAFE_TOKEN.fullmatch(text or "") else ""


def _port(p: MemberPort) -> str:
    return _safe(p.port) or f"<port of {_safe(p.nic) or 'member'}>"


def _description(f: _Facts, name: str) -> str:
    parts = [_safe(f.host), _safe(name)]
    return " ".join(p for p in parts if p) or "proxmox host"


def _channel(f: _Facts) -> int:
    m = re.fullmatch(r"bond(\d+)", f.bond)
    return int(m.group(1)) + 1 if m and int(m.group(1)) < 4000 else 1


def _by_switch(f: _Facts) -> list[tuple[str, list[MemberPort]]]:
    groups: dict[str, list[MemberPort]] = {}
    for p in f.ports:
        groups.setdefault(_safe(p.switch), []).append(p)
    return list(groups.items()) or [("", [])]


def _header(f: _Facts, family: str, comment: str) -> list[str]:
    return [
        f"{comment} {family} example for {_description(f, f.bond)} ({f.mode.name}).",
        f"{comment} Adapt port names, the channel number and <placeholders> to your switch before use.",
    ]


def _nxos(f: _Facts) -> Snippet:
    ch = _channel(f)
    lines = _header(f, "Cisco NX-OS", "!")
    if f.mode.switch == SwitchNeed.LACP:
        lines.append("feature lacp")
    if f.needs_stack and f.topology != INDEPENDENT:
        lines.append("! the two switches must already be vPC peers; repeat this on both")

    def l2(indent: str) -> list[str]:
        out = [f"{indent}switchport"]
        if f.trunk:
            out.append(f"{indent}switchport mode trunk")
            if f.vlans.untagged:
                out.append(f"{indent}switchport trunk native vlan <untagged-vlan>")
            out.append(f"{indent}switchport trunk allowed vlan {f.vlan_list}")
            out.append(f"{indent}spanning-tree port type edge trunk")
        else:
            out.append(f"{indent}switchport mode access")
            out.append(f"{indent}switchport access vlan <untagged-vlan>")
            out.append(f"{indent}spanning-tree port type edge")
        if f.mtu > DEFAULT_MTU:
            out.append(f"{indent}mtu {JUMBO}")
        return out

    for switch, ports in _by_switch(f):
        if switch and len(f.switches) > 1:
            lines.append(f"! on {switch}")
        if f.aggregated:
            lines += [f"interface port-channel{ch}", f"  description {_description(f, f.bond)}", *l2("  ")]
            if f.needs_stack and f.topology != INDEPENDENT:
                lines.append(f"  vpc {ch}")
        for p in ports:
            lines += [f"interface {_port(p)}", f"  description {_description(f, p.nic)}"]
            if f.aggregated:
                if f.mtu > DEFAULT_MTU:
                    lines.append(f"  mtu {JUMBO}")
                lines.append(f"  channel-group {ch} mode {'active' if f.mode.switch == SwitchNeed.LACP else 'on'}")
                if f.lacp_rate == "fast":
                    lines.append("  lacp rate fast")
            else:
                lines += l2("  ")
            lines.append("  no shutdown")
    return Snippet("Cisco NX-OS", "\n".join(lines))


def _eos(f: _Facts) -> Snippet:
    ch = _channel(f)
    lines = _header(f, "Arista EOS", "!")
    if f.needs_stack and f.topology != INDEPENDENT:
        lines.append("! the two switches must already be an MLAG pair; repeat this on both")
    if f.mtu > DEFAULT_MTU:
        lines.append(
            f"! EOS applies 'mtu' to routed packets; check that your platform switches frames of {f.frame} bytes"
        )

    def l2(indent: str) -> list[str]:
        if f.trunk:
            out = [f"{indent}switchport mode trunk"]
            if f.vlans.untagged:
                out.append(f"{indent}switchport trunk native vlan <untagged-vlan>")
            out.append(f"{indent}switchport trunk allowed vlan {f.vlan_list}")
        else:
            out = [f"{indent}switchport access vlan <untagged-vlan>"]
        out.append(f"{indent}spanning-tree portfast")
        return out

    for switch, ports in _by_switch(f):
        if switch and len(f.switches) > 1:
            lines.append(f"! on {switch}")
        if f.aggregated:
            lines += [f"interface Port-Channel{ch}", f"   description {_description(f, f.bond)}", *l2("   ")]
            if f.needs_stack and f.topology != INDEPENDENT:
                lines.append(f"   mlag {ch}")
        for p in ports:
            lines += [f"interface {_port(p)}", f"   description {_description(f, p.nic)}"]
            if f.aggregated:
                lines.append(f"   channel-group {ch} mode {'active' if f.mode.switch == SwitchNeed.LACP else 'on'}")
                if f.lacp_rate == "fast":
                    lines.append("   lacp timer fast")
            else:
                lines += l2("   ")
            lines.append("   no shutdown")
    return Snippet("Arista EOS", "\n".join(lines))


def _junos(f: _Facts) -> Snippet:
    ae = f"ae{_channel(f) - 1}"
    lines = _header(f, "Juniper Junos (EX/QFX, ELS)", "#")
    if f.needs_stack and f.topology != INDEPENDENT:
        lines.append("# members on two switches: a Virtual Chassis takes this as is; MC-LAG needs its mc-ae settings")
    target = ae if f.aggregated else None

    def l2(name: str) -> list[str]:
        unit = f"set interfaces {name} unit 0 family ethernet-switching"
        if f.trunk:
            out = [f"{unit} interface-mode trunk", f"{unit} vlan members [ {f.tagged_text} ]"]
            if f.vlans.untagged:
                out.insert(0, f"set interfaces {name} native-vlan-id <untagged-vlan>")
                out.append(f"{unit} vlan members <untagged-vlan>")
        else:
            out = [f"{unit} interface-mode access", f"{unit} vlan members <untagged-vlan>"]
        if f.mtu > DEFAULT_MTU:
            out.insert(0, f"set interfaces {name} mtu {JUMBO}")
        out.append(f"set protocols rstp interface {name} edge")
        return out

    if target:
        lines.append("set chassis aggregated-devices ethernet device-count <number of ae interfaces>")
        lines.append(f'set interfaces {ae} description "{_description(f, f.bond)}"')
        if f.mode.switch == SwitchNeed.LACP:
            lines.append(f"set interfaces {ae} aggregated-ether-options lacp active")
            if f.lacp_rate == "fast":
                lines.append(f"set interfaces {ae} aggregated-ether-options lacp periodic fast")
        lines += l2(ae)
    for switch, ports in _by_switch(f):
        if switch and len(f.switches) > 1:
            lines.append(f"# on {switch}")
        for p in ports:
            lines.append(f'set interfaces {_port(p)} description "{_description(f, p.nic)}"')
            if target:
                lines.append(f"set interfaces {_port(p)} ether-options 802.3ad {ae}")
            else:
                lines += l2(_port(p))
    return Snippet("Juniper Junos", "\n".join(lines))


def _listing(names) -> str:
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
