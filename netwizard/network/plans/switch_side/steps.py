"""The checklist's steps in prose, and the warnings about the bond's mode and cabling."""

from __future__ import annotations

from ... import bonding
from ...bonding import SwitchNeed
from ...query.context import INDEPENDENT, SINGLE, STACK
from ...query.mtu import DEFAULT_MTU
from ...wording import listing
from .facts import JUMBO, Facts

_NO_CHANNEL_WHY = {
    bonding.ACTIVE_BACKUP.name: "the bond receives only on its active member and drops what arrives on the others, "
    "so a switch that spreads traffic over a channel loses part of it",
    bonding.BALANCE_TLB.name: "the bond chooses the receiving member itself (the one that owns its MAC address), and a "
    "channel would make the switch deliver to the other members instead",
    bonding.BALANCE_ALB.name: "the bond steers incoming traffic itself by answering ARP with different members' MAC "
    "addresses; a channel on the switch would undo that",
}


def steps(f: Facts) -> list[str]:
    steps = [_mode_step(f), _members_step(f)]
    switches = _switches_step(f)
    if switches:
        steps.append(switches)
    steps.append(_vlan_step(f))
    steps.append(_mtu_step(f))
    steps.append(_stp_step(f))
    steps.append(_verify_step(f))
    return steps


def _mode_step(f: Facts) -> str:
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


def _members_step(f: Facts) -> str:
    lines = ["Member ports:"] + [f"- {p.describe()}" for p in f.ports]
    if not f.ports:
        lines.append(f"- none: {f.bond} has no bond-slaves")
    if any(not p.switch or not p.port for p in f.ports):
        lines.append("Record each NIC's switch and switch port in the inventory to have them named here.")
    return "\n".join(lines)


def _switches_step(f: Facts) -> str:
    sw = listing(f.switches)
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


def _vlan_step(f: Facts) -> str:
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
    if v.guest_tags_on_demand and v.bridge is not None:
        lines.append(
            f"{v.bridge.name} is not VLAN aware: a guest given a VLAN tag there makes Proxmox create "
            f"{f.bond}.<tag> on the fly, so allow those VLANs tagged as well (and make the port a trunk)."
        )
    if v.bridge_aware and v.bridge is not None:
        lines.append(
            f"The switch only needs the VLANs guests on {v.bridge.name} really use; allowing fewer is fine, but a "
            "guest whose VLAN the switch does not allow has no network."
        )
    return "\n".join(lines)


def _mtu_step(f: Facts) -> str:
    who = f" (set on {listing(f.mtu_from)})" if f.mtu_from else " (nothing sets one, so the default)"
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


def _stp_step(f: Facts) -> str:
    text = (
        f"Spanning tree: mark {'the port-channel' if f.aggregated else 'the ports'} as an edge port (PortFast, "
        "'edge'), so a port forwards as soon as its link comes up and failover is not delayed."
    )
    if f.stp_on_bridge and f.vlans.bridge is not None:
        text += (
            f" {f.vlans.bridge.name} runs STP itself (bridge-stp on) and sends BPDUs: do not enable BPDU guard on "
            "these ports, or the switch shuts them down."
        )
    else:
        text += " The host sends no BPDUs (bridge-stp off), so BPDU guard may stay on."
    return text


def _verify_step(f: Facts) -> str:
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


def warnings(f: Facts) -> list[str]:
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
