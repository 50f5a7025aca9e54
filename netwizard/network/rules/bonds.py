"""BOND-*: each Linux bond on its own, then against the switch and the cluster.

One function per rule code, named after the defect it looks for; the code opens its
docstring. `_check_bond` runs them in catalogue order for one bond; the rules on its
option lines (BOND-12 to 24, 35) are in `bond_options.py`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from .. import bonding
from ..model import Interface, Kind
from ..query import options as opts
from ..query.context import INDEPENDENT, Context
from ..query.index import Net
from . import bond_options
from .cluster import ClusterPaths
from .findings import Findings

_BALANCED_NEED_STATIC = (bonding.BALANCE_RR.name, bonding.BALANCE_XOR.name, bonding.BROADCAST.name)


def check(net: Net, ctx: Context, paths: ClusterPaths, out: Findings) -> None:
    for bond in net.linux_bonds():
        _check_bond(net, ctx, paths, out, bond)


def check_membership(net: Net, out: Findings) -> None:
    """BOND-05 / BR-02: an interface can have only one master (Proxmox checks OVS too)."""
    for member, claims in net.masters.items():
        masters = list(dict.fromkeys(m.name for m, _ in claims))
        if len(masters) < 2:
            continue
        listed = ", ".join(sorted(f"{m.name} ({role})" for m, role in claims))
        code = "BOND-05" if any(role == "bond" for _, role in claims) else "BR-02"
        out.error(
            code,
            member,
            f"{member} is claimed by more than one bond or bridge: {listed}.",
            f"Keep {member} in exactly one of them; to share the link, bond it and use the bond as the bridge port.",
        )


def _check_bond(net: Net, ctx: Context, paths: ClusterPaths, out: Findings, bond: Interface) -> None:
    raw_mode = net.bond_mode(bond)
    mode = bonding.get_mode(raw_mode)
    slaves = [s for s in (bond.bond.slaves if bond.bond else []) if s != "none"]
    if not slaves:
        slaves = _members_under_alias(net, out, bond)

    _mode_missing_or_unknown(out, bond.name, raw_mode, mode)
    _members_missing_or_repeated(out, bond.name, slaves)
    members = list(_usable_members(net, out, bond, slaves, judged_by_facts=ctx.facts is not None))
    _single_member(out, bond.name, slaves)
    _check_monitoring(net, out, bond)
    bond_options.check(net, out, bond, mode, set(slaves))
    if mode is not None:
        _check_mode_against_world(ctx, paths, out, bond.name, mode, members)
    _bridge_port_with_address(net, out, bond)


# The bond itself ----------------------------------------------------------------------


def _mode_missing_or_unknown(out: Findings, name: str, raw_mode: str, mode: bonding.BondMode | None) -> None:
    """BOND-01: no bond-mode line (the kernel takes balance-rr), or a name that is no mode."""
    if not raw_mode:
        out.error(
            "BOND-01",
            name,
            f"{name} has no bond-mode line, so the kernel falls back to balance-rr.",
            "Add bond-mode 802.3ad if the switch supports LACP, otherwise bond-mode active-backup.",
        )
    elif mode is None:
        out.error(
            "BOND-01",
            name,
            f"bond-mode '{raw_mode}' of {name} is not a bonding mode (ifupdown2 reads mode names case-sensitively).",
            "Use one of " + ", ".join(bonding.MODE_NAMES) + ".",
        )


def _members_under_alias(net: Net, out: Findings, bond: Interface) -> list[str]:
    """BOND-02 (warning): members listed as `bond-ports`, ifupdown2's other name for
    bond-slaves. ifupdown2 builds the bond; Proxmox does not read the line, shows the bond
    without members and writes `bond-slaves none` beside it on its next save."""
    listed = [
        o.value for o in net.options(bond) if o.key == "bond-slaves" and o.raw_key.replace("_", "-") != "bond-slaves"
    ]
    members = [name for value in listed for name in value.split() if name != "none"]
    if members:
        out.warning(
            "BOND-02",
            bond.name,
            f"{bond.name} lists its members ({' '.join(members)}) as bond-ports: ifupdown2 reads them, but Proxmox "
            "does not, so its GUI shows the bond without members and its next save adds 'bond-slaves none'.",
            f"Rename the line to 'bond-slaves {' '.join(members)}'.",
        )
    return members


def _members_missing_or_repeated(out: Findings, name: str, slaves: list[str]) -> None:
    """BOND-02: a bond without members (ifupdown2 skips it), or a member listed twice."""
    if not slaves:
        out.error(
            "BOND-02",
            name,
            f"{name} has no members, so ifupdown2 does not create a bond at all.",
            "List the member NICs on a bond-slaves line, for example 'bond-slaves eno1 eno2'.",
        )
    twice = sorted(s for s, n in Counter(slaves).items() if n > 1)
    if twice:
        out.error(
            "BOND-02",
            name,
            f"{name} lists {', '.join(twice)} more than once.",
            "List each member once on the bond-slaves line.",
        )


def _usable_members(
    net: Net, out: Findings, bond: Interface, slaves: list[str], *, judged_by_facts: bool
) -> Iterator[Interface]:
    """The members that are physical NICs, in bond-slaves order, reporting the others.

    With the node's facts, a member the file does not define is NIC-01's to judge: the
    node has it (and Proxmox lists it when it reads the file) or it does not."""
    for slave in dict.fromkeys(slaves):
        member = net.by_name.get(slave)
        if member is not None and member.kind == Kind.NIC:
            _member_with_address(net, out, bond, member)
            yield member
        elif member is None and judged_by_facts:
            continue
        else:
            _member_not_a_nic(out, bond.name, slave, member)


def _member_not_a_nic(out: Findings, name: str, slave: str, member: Interface | None) -> None:
    """BOND-03: a member that is not defined, or not a physical NIC.

    Proxmox's writer refuses these too; it allows nested bonds, the catalogue does not
    (nested bonds are not something to build on)."""
    if member is None:
        out.error(
            "BOND-03",
            name,
            f"Member {slave} of {name} is not defined in this file; Proxmox lists every NIC the host has.",
            f"Correct the name, or add 'iface {slave} inet manual' if the NIC really exists.",
        )
    else:
        out.error(
            "BOND-03",
            name,
            f"Member {slave} of {name} is a {_kind(member)}; bond members must be physical NICs.",
            f"Remove {slave} from {name}'s bond-slaves and list physical NICs only.",
        )


def _single_member(out: Findings, name: str, slaves: list[str]) -> None:
    """BOND-04: one member gives no redundancy."""
    if len(set(slaves)) == 1:
        out.warning(
            "BOND-04",
            name,
            f"{name} has a single member, so it gives no redundancy.",
            "Add a second NIC to the bond, ideally cabled to another switch port.",
        )


def _member_with_address(net: Net, out: Findings, bond: Interface, member: Interface) -> None:
    """BOND-06: a member with its own IP configuration (a VLAN on it is VLAN-04)."""
    if net.has_ip_config(member):
        out.error(
            "BOND-06",
            member.name,
            f"{member.name} is a member of {bond.name} but has its own IP configuration.",
            f"Remove the address, gateway or DHCP from {member.name}; configure it on {bond.name} or the bridge "
            "above it.",
        )


def _bridge_port_with_address(net: Net, out: Findings, bond: Interface) -> None:
    """BOND-34: a bond that is a bridge port and has an address (ignored; ifupdown2 -s fails)."""
    name = bond.name
    bridge = net.bridge_of(name)
    if bridge is not None and net.has_ip_config(bond):
        out.error(
            "BOND-34",
            name,
            f"{name} is a port of {bridge.name} and also has IP configuration, which is ignored on a bridge port.",
            f"Move the address and gateway from {name} to {bridge.name}; or, if {name} needs an address of its "
            f"own (a storage network, say), give {bridge.name} another port instead.",
        )


# Link monitoring ----------------------------------------------------------------------


def _miimon(net: Net, bond: Interface) -> tuple[int | None, str | None]:
    """The interval as a number (None when missing or unreadable) and the raw text."""
    if bond.bond and bond.bond.miimon is not None:
        return bond.bond.miimon, str(bond.bond.miimon)
    raw = net.option(bond, "bond-miimon")
    return (opts.parse_int(raw) if raw is not None else None), raw


def _check_monitoring(net: Net, out: Findings, bond: Interface) -> None:
    miimon, raw = _miimon(net, bond)
    _miimon_missing_or_off(out, bond.name, miimon, raw, net.where_unread(bond.name, bonding.MIIMON))
    for key in (bonding.UPDELAY, bonding.DOWNDELAY):
        raw_delay = net.option(bond, key)
        if raw_delay is not None and not _delay_unusable(out, bond.name, key, raw_delay, miimon):
            _delay_not_a_miimon_multiple(out, bond.name, key, opts.parse_int(raw_delay), miimon)


def _miimon_missing_or_off(out: Findings, name: str, miimon: int | None, raw: str | None, where: str = "") -> None:
    """BOND-08: no bond-miimon line, or one that turns link monitoring off or is out of range.

    The catalogue makes a missing line an error; netwizard warns. The kernel monitors
    every 100 ms when it creates a bond without the setting, so the file works as it is
    (Proxmox and ifupdown2 accept it), and netwizard's own file always writes the line.
    The risk is a later reload, which the warning names."""
    if raw is None:
        out.warning(
            "BOND-08",
            name,
            f"{name} sets no bond-miimon: the kernel then checks the links every {bonding.DEFAULT_MIIMON} ms, but "
            "when ifupdown2 reloads a bond whose line was removed it turns link monitoring off, and a dead link "
            "then stays in the bond.",
            f"Keep 'bond-miimon {bonding.DEFAULT_MIIMON}' on {name}; netwizard writes it.",
        )
    elif miimon is None or not 1 <= miimon <= bonding.MIIMON_MAX:
        problem = "turns link monitoring off" if miimon == 0 else "is outside the 1-255 ms ifupdown2 accepts"
        out.error(
            "BOND-08",
            name,
            f"{where}bond-miimon {raw} on {name} {problem}.",
            f"Set 'bond-miimon {bonding.DEFAULT_MIIMON}'.",
        )


def _delay_unusable(out: Findings, name: str, key: str, raw_delay: str, miimon: int | None) -> bool:
    """BOND-10: an up/down delay that is out of range or set while MII monitoring is off.
    True when reported."""
    delay = opts.parse_int(raw_delay)
    if delay is None or delay > 65535:
        out.error("BOND-10", name, f"{key} {raw_delay} on {name} is not 0-65535 ms.", f"Set {key} to 0-65535.")
    elif delay and not miimon:
        out.error(
            "BOND-10",
            name,
            f"{key} {delay} on {name} only works with MII link monitoring, which is off.",
            f"Add 'bond-miimon {bonding.DEFAULT_MIIMON}', or remove {key}.",
        )
    else:
        return False
    return True


def _delay_not_a_miimon_multiple(out: Findings, name: str, key: str, delay: int | None, miimon: int | None) -> None:
    """BOND-11: a (usable) up/down delay the kernel rounds down to a multiple of bond-miimon."""
    if delay and miimon and delay % miimon:
        out.warning(
            "BOND-11",
            name,
            f"{key} {delay} on {name} is not a multiple of bond-miimon {miimon}; the kernel rounds it down "
            f"to {delay - delay % miimon}.",
            f"Set {key} to a multiple of {miimon}.",
        )


# The mode against the switch and the cluster ------------------------------------------


def _check_mode_against_world(
    ctx: Context, paths: ClusterPaths, out: Findings, name: str, mode: bonding.BondMode, members: list[Interface]
) -> None:
    cluster_root = paths.bonds.get(name)
    lacp = [ctx.lacp(m) for m in members]
    topology = ctx.topology(name, members)
    _cluster_bond_not_active_backup(out, name, mode, cluster_root)
    _lacp_without_switch_lacp(out, name, mode, members, lacp)
    _balanced_mode_without_static_lag(ctx, out, name, mode, members, topology)
    _mode_fails_on_independent_switches(out, name, mode, topology)
    _balance_rr_reorders_packets(out, name, mode)
    _broadcast_duplicates_frames(out, name, mode)
    _tlb_alb_caveats(out, name, mode)
    _lacp_members_of_different_speeds(ctx, out, name, mode, members)
    _better_mode_for_the_switch(out, name, mode, members, lacp, topology, cluster_root)


def _cluster_bond_not_active_backup(out: Findings, name: str, mode: bonding.BondMode, cluster_root: str | None) -> None:
    """BOND-26: a bond that carries the cluster (corosync) network must be active-backup.

    The seed's rule, following the stack: `cluster_root` is the interface with the
    cluster address the bond carries it for (itself, or a bridge or VLAN above it)."""
    if cluster_root is not None and mode.name != bonding.ACTIVE_BACKUP.name:
        through = "" if cluster_root == name else f" (through {cluster_root})"
        out.error(
            "BOND-26",
            name,
            f"{name} carries the cluster (corosync) network{through} but uses {mode.label}: "
            f"{bonding.cluster_network_risk(mode.name)}. {bonding.CLUSTER_NETWORK_LOCK}",
            f"Set bond-mode active-backup on {name}, or better, give corosync its own NIC plus a second separate link.",
        )


def _lacp_without_switch_lacp(
    out: Findings, name: str, mode: bonding.BondMode, members: list[Interface], lacp: list[bool | None]
) -> None:
    """BOND-27: 802.3ad on members whose switch does not support LACP."""
    no_lacp = [m.name for m, has in zip(members, lacp, strict=True) if has is False]
    if mode.name == bonding.LACP.name and no_lacp:
        out.error(
            "BOND-27",
            name,
            f"{name} uses LACP (802.3ad), but the switch behind {', '.join(no_lacp)} does not support LACP.",
            "Use active-backup, or configure an LACP port-channel on the switch ports first.",
        )


def _balanced_mode_without_static_lag(
    ctx: Context, out: Findings, name: str, mode: bonding.BondMode, members: list[Interface], topology: str | None
) -> None:
    """BOND-28: balance-rr, balance-xor or broadcast on a switch without a static aggregation."""
    no_static = [m.name for m in members if ctx.static_lag(m) is False]
    if (
        mode.name in _BALANCED_NEED_STATIC
        and no_static
        and not (mode.name == bonding.BROADCAST.name and topology == INDEPENDENT)
    ):
        out.error(
            "BOND-28",
            name,
            f"{mode.label} needs the switch ports grouped as a static aggregation, which the switch behind "
            f"{', '.join(no_static)} does not have; the switch would see the host's MAC jump between ports.",
            "Use active-backup, or 802.3ad if the switch supports LACP.",
        )


def _mode_fails_on_independent_switches(out: Findings, name: str, mode: bonding.BondMode, topology: str | None) -> None:
    """BOND-29: a mode other than active-backup or broadcast across independent switches."""
    if topology == INDEPENDENT and mode.name not in (bonding.ACTIVE_BACKUP.name, bonding.BROADCAST.name):
        out.warning(
            "BOND-29",
            name,
            f"The members of {name} go to independent switches (no stack or MLAG), where {mode.label} does "
            "not work properly.",
            "Use active-backup, or connect the members to one switch or a stack/MLAG pair.",
        )


def _balance_rr_reorders_packets(out: Findings, name: str, mode: bonding.BondMode) -> None:
    """BOND-30: balance-rr delivers one connection's packets out of order."""
    if mode.name == bonding.BALANCE_RR.name:
        out.warning(
            "BOND-30",
            name,
            f"{name} uses balance-rr, which delivers the packets of one connection out of order and makes TCP "
            "retransmit.",
            "Use 802.3ad if the switch supports LACP, otherwise active-backup.",
        )


def _broadcast_duplicates_frames(out: Findings, name: str, mode: bonding.BondMode) -> None:
    """BOND-31: broadcast sends every frame on every member."""
    if mode.name == bonding.BROADCAST.name:
        out.warning(
            "BOND-31",
            name,
            f"{name} uses broadcast, which sends every frame on every member, so receivers get duplicates.",
            "Use active-backup unless you built a special design that needs broadcast.",
        )


def _tlb_alb_caveats(out: Findings, name: str, mode: bonding.BondMode) -> None:
    """BOND-32: balance-tlb/alb need driver support and do not spread traffic to guests."""
    if mode.name in (bonding.BALANCE_TLB.name, bonding.BALANCE_ALB.name):
        out.warning(
            "BOND-32",
            name,
            f"{name} uses {mode.name}: the NIC drivers must report their speed"
            + (" and allow MAC changes while up" if mode.name == bonding.BALANCE_ALB.name else "")
            + ", and traffic to guests behind a bridge is not spread over the members.",
            "For a VM bridge use 802.3ad if the switch supports LACP, otherwise active-backup.",
        )


def _lacp_members_of_different_speeds(
    ctx: Context, out: Findings, name: str, mode: bonding.BondMode, members: list[Interface]
) -> None:
    """BOND-33: 802.3ad members at different speeds (LACP uses only one aggregation)."""
    if mode.name != bonding.LACP.name:
        return
    speeds = {m.name: ctx.speed(m) for m in members if ctx.speed(m)}
    if len(set(speeds.values())) > 1:
        listed = ", ".join(f"{n} {s} Mbit/s" for n, s in speeds.items())
        out.warning(
            "BOND-33",
            name,
            f"The members of {name} run at different speeds ({listed}); LACP puts them in separate "
            "aggregations and uses only one.",
            "Use members of the same speed.",
        )


def _better_mode_for_the_switch(
    out: Findings,
    name: str,
    mode: bonding.BondMode,
    members: list[Interface],
    lacp: list[bool | None],
    topology: str | None,
    cluster_root: str | None,
) -> None:
    """BOND-25 (advice): active-backup where the switch offers LACP, or 802.3ad where
    netwizard does not know whether it does. Never for a cluster bond (BOND-26's)."""
    if cluster_root is not None or not members:
        return
    if mode.name == bonding.ACTIVE_BACKUP.name and all(lacp) and topology != INDEPENDENT:
        out.info(
            "BOND-25",
            name,
            f"The switch behind {name} supports LACP, so 802.3ad would use all members instead of one.",
            "Consider bond-mode 802.3ad with bond-xmit-hash-policy layer2+3, once the switch ports form an "
            "LACP port-channel.",
        )
    elif mode.name == bonding.LACP.name and None in lacp and False not in lacp:
        out.info(
            "BOND-25",
            name,
            f"{name} uses LACP (802.3ad); netwizard does not know whether the switch supports it.",
            "Make sure the switch ports form an LACP port-channel; otherwise use active-backup.",
        )


def _kind(iface: Interface) -> str:
    return {Kind.BOND: "bond", Kind.BRIDGE: "bridge", Kind.VLAN: "VLAN", Kind.LOOPBACK: "loopback"}.get(
        iface.kind, "interface of unknown type"
    )
