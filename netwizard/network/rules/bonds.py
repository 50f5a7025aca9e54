"""BOND-*: each Linux bond on its own, then against the switch and the cluster."""

from __future__ import annotations

from collections import Counter

from .. import bonding
from ..model import Interface, Kind
from . import options as opts
from .cluster import ClusterPaths
from .context import INDEPENDENT, Context
from .findings import Findings
from .index import Net

_BALANCED_NEED_STATIC = ("balance-rr", "balance-xor", "broadcast")


def check(net: Net, ctx: Context, paths: ClusterPaths, out: Findings) -> None:
    for bond in net.interfaces:
        if bond.kind == Kind.BOND and not net.is_ovs(bond):
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
    name = bond.name
    raw_mode = net.bond_mode(bond)
    mode = bonding.get_mode(raw_mode)
    settings = bond.bond
    slaves = list(settings.slaves) if settings else []

    # BOND-01
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

    # BOND-02
    real = [s for s in slaves if s != "none"]
    if not real:
        out.error(
            "BOND-02",
            name,
            f"{name} has no members, so ifupdown2 does not create a bond at all.",
            "List the member NICs on a bond-slaves line, for example 'bond-slaves eno1 eno2'.",
        )
    twice = sorted(s for s, n in Counter(real).items() if n > 1)
    if twice:
        out.error(
            "BOND-02",
            name,
            f"{name} lists {', '.join(twice)} more than once.",
            "List each member once on the bond-slaves line.",
        )
    members: list[Interface] = []
    for slave in dict.fromkeys(real):
        member = net.by_name.get(slave)
        # BOND-03 (Proxmox's writer also refuses these, it allows nested bonds though;
        # the catalogue does not, nested bonds are not something to build on)
        if member is None:
            out.error(
                "BOND-03",
                name,
                f"Member {slave} of {name} is not defined in this file; Proxmox lists every NIC the host has.",
                f"Correct the name, or add 'iface {slave} inet manual' if the NIC really exists.",
            )
        elif member.kind != Kind.NIC:
            out.error(
                "BOND-03",
                name,
                f"Member {slave} of {name} is a {_kind(member)}; bond members must be physical NICs.",
                f"Remove {slave} from {name}'s bond-slaves and list physical NICs only.",
            )
        else:
            members.append(member)
            _check_member(net, out, bond, member)
    # BOND-04
    if len(set(real)) == 1:
        out.warning(
            "BOND-04",
            name,
            f"{name} has a single member, so it gives no redundancy.",
            "Add a second NIC to the bond, ideally cabled to another switch port.",
        )

    _check_monitoring(net, out, bond)
    _check_mode_options(net, out, bond, mode, set(real))
    if mode is not None:
        _check_mode_against_world(net, ctx, paths, out, bond, mode, members)

    # BOND-34 (the bond's address would be ignored; ifupdown2 -s fails on it)
    bridge = net.bridge_of(name)
    if bridge is not None and net.has_ip_config(bond):
        out.error(
            "BOND-34",
            name,
            f"{name} is a port of {bridge.name} and also has IP configuration, which is ignored on a bridge port.",
            f"Move the address and gateway from {name} to {bridge.name}; or, if {name} needs an address of its "
            f"own (a storage network, say), give {bridge.name} another port instead.",
        )


def _check_member(net: Net, out: Findings, bond: Interface, member: Interface) -> None:
    # BOND-06 (a VLAN on the member is VLAN-04, reported on the VLAN)
    if net.has_ip_config(member):
        out.error(
            "BOND-06",
            member.name,
            f"{member.name} is a member of {bond.name} but has its own IP configuration.",
            f"Remove the address, gateway or DHCP from {member.name}; configure it on {bond.name} or the bridge "
            "above it.",
        )


def _miimon(net: Net, bond: Interface) -> tuple[int | None, str | None]:
    """The interval as a number (None when missing or unreadable) and the raw text."""
    if bond.bond and bond.bond.miimon is not None:
        return bond.bond.miimon, str(bond.bond.miimon)
    raw = net.option(bond, "bond-miimon")
    return (opts.parse_int(raw) if raw is not None else None), raw


def _check_monitoring(net: Net, out: Findings, bond: Interface) -> None:
    name = bond.name
    miimon, raw = _miimon(net, bond)
    # BOND-08
    if raw is None:
        out.error(
            "BOND-08",
            name,
            f"{name} has no bond-miimon line: when ifupdown2 reloads a bond whose line was removed it turns link "
            "monitoring off, and a dead link then stays in the bond.",
            f"Add 'bond-miimon {bonding.DEFAULT_MIIMON}' to {name}.",
        )
    elif miimon is None or not 1 <= miimon <= bonding.MIIMON_MAX:
        problem = "turns link monitoring off" if miimon == 0 else "is outside the 1-255 ms ifupdown2 accepts"
        out.error(
            "BOND-08",
            name,
            f"bond-miimon {raw} on {name} {problem}.",
            f"Set 'bond-miimon {bonding.DEFAULT_MIIMON}'.",
        )
    # BOND-10 / BOND-11
    for key in (bonding.UPDELAY, bonding.DOWNDELAY):
        raw_delay = net.option(bond, key)
        if raw_delay is None:
            continue
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
        elif delay and miimon and delay % miimon:
            out.warning(
                "BOND-11",
                name,
                f"{key} {delay} on {name} is not a multiple of bond-miimon {miimon}; the kernel rounds it down "
                f"to {delay - delay % miimon}.",
                f"Set {key} to a multiple of {miimon}.",
            )


def _check_mode_options(net: Net, out: Findings, bond: Interface, mode: bonding.BondMode | None, slaves: set[str]):
    name = bond.name
    settings = bond.bond
    mode_name = mode.name if mode else ""

    # BOND-12 / BOND-13
    policy = (settings.xmit_hash_policy if settings else "") or net.option(bond, bonding.HASH_POLICY) or ""
    if policy:
        if bonding.get_hash_policy(policy) is None:
            out.error(
                "BOND-12",
                name,
                f"bond-xmit-hash-policy '{policy}' on {name} is not a hash policy ifupdown2 accepts.",
                "Use layer2+3 (the usual choice), layer2, layer3+4, encap2+3 or encap3+4.",
            )
        elif mode and not mode.applies(bonding.HASH_POLICY):
            out.warning(
                "BOND-13",
                name,
                f"{name} sets a hash policy, which has no effect in {mode_name} (only balance-xor and 802.3ad "
                "use it); Proxmox drops the line when it saves.",
                f"Remove bond-xmit-hash-policy from {name}.",
            )

    # BOND-15 / BOND-16
    rate = (settings.lacp_rate if settings else "") or net.option(bond, bonding.LACP_RATE) or ""
    if rate:
        if bonding.get_lacp_rate(rate) is None:
            out.error("BOND-16", name, f"bond-lacp-rate '{rate}' on {name} is not an LACP rate.", "Use slow or fast.")
        elif mode and mode.name != "802.3ad":
            out.warning(
                "BOND-15",
                name,
                f"{name} sets an LACP rate, which only 802.3ad uses; ifupdown2 drops it in {mode_name}.",
                f"Remove bond-lacp-rate from {name}.",
            )

    # BOND-17 / BOND-18 (Proxmox's writer refuses a primary that is not a member, in any mode)
    primary = (settings.primary if settings else "") or net.option(bond, bonding.PRIMARY) or ""
    if primary:
        if mode and mode.refuses(bonding.PRIMARY):
            out.error(
                "BOND-17",
                name,
                f"{name} names a primary member, which the kernel refuses in {mode_name}; only active-backup, "
                "balance-tlb and balance-alb have one.",
                f"Remove bond-primary from {name}, or choose active-backup.",
            )
        # BOND-35: not in the catalogue; the kernel honours it, but Proxmox's writer (and so
        # netwizard's) keeps bond-primary only for active-backup.
        elif mode and mode.applies(bonding.PRIMARY) and not bonding.written(mode.name, bonding.PRIMARY):
            out.warning(
                "BOND-35",
                name,
                f"{name} names a primary member in {mode_name}: the kernel uses it, but Proxmox leaves "
                "bond-primary out for every mode but active-backup when it saves the network, and so does "
                "netwizard's download.",
                f"Remove bond-primary from {name}, or choose active-backup if one member should carry the traffic.",
            )
        if len(primary.split()) != 1 or primary not in slaves:
            out.error(
                "BOND-18",
                name,
                f"The primary '{primary}' of {name} is not exactly one of its members ({', '.join(sorted(slaves))}).",
                "Set bond-primary to one member name.",
            )
    # BOND-19
    if net.option(bond, bonding.PRIMARY_RESELECT) is not None and not primary:
        out.warning(
            "BOND-19",
            name,
            f"{name} sets bond-primary-reselect without a primary member, so it has no effect.",
            "Set bond-primary too, or remove bond-primary-reselect.",
        )

    # BOND-20
    for key in (bonding.AD_ACTOR_SYS_PRIO, bonding.AD_ACTOR_SYSTEM):
        value = net.option(bond, key)
        if value is None:
            continue
        if mode and mode.refuses(key):
            out.error(
                "BOND-20",
                name,
                f"{key} on {name} only applies to 802.3ad; the kernel refuses it in {mode_name}.",
                f"Remove {key} from {name}.",
            )
        if key == bonding.AD_ACTOR_SYS_PRIO:
            prio = opts.parse_int(value)
            if prio is None or not 1 <= prio <= 65535:
                out.error("BOND-20", name, f"{key} '{value}' on {name} is not 1-65535.", "Use a priority of 1-65535.")
        elif not opts.is_mac(value) or int(value[:2], 16) & 1:
            out.error(
                "BOND-20",
                name,
                f"{key} '{value}' on {name} is not a unicast MAC address.",
                "Use a unicast MAC, ideally a locally administered one (second hex digit 2, 6, A or E).",
            )

    # BOND-21
    raw_min = net.option(bond, bonding.MIN_LINKS)
    if raw_min is not None:
        min_links = opts.parse_int(raw_min)
        if min_links is None or min_links > 255:
            out.error("BOND-21", name, f"bond-min-links '{raw_min}' on {name} is not 0-255.", "Use a number of links.")
        elif min_links > len(slaves):
            out.error(
                "BOND-21",
                name,
                f"bond-min-links {min_links} on {name} is more than its {len(slaves)} member(s), so the bond "
                "never comes up.",
                f"Set bond-min-links to at most {len(slaves)}.",
            )
        elif mode and not mode.applies(bonding.MIN_LINKS):
            out.warning(
                "BOND-21",
                name,
                f"bond-min-links on {name} only affects 802.3ad; it does nothing in {mode_name}.",
                f"Remove bond-min-links from {name}.",
            )

    # BOND-22
    notif = {k: net.option(bond, k) for k in (bonding.NUM_GRAT_ARP, bonding.NUM_UNSOL_NA)}
    notif = {k: v for k, v in notif.items() if v is not None}
    for key, value in notif.items():
        n = opts.parse_int(value)
        if n is None or n > 255:
            out.warning("BOND-22", name, f"{key} '{value}' on {name} is not 0-255.", f"Set {key} to 0-255.")
        elif mode and not mode.applies(key):
            out.warning(
                "BOND-22",
                name,
                f"{key} on {name} only applies to active-backup; it does nothing in {mode_name}.",
                f"Remove {key} from {name}.",
            )
    if len(set(notif.values())) > 1:
        out.warning(
            "BOND-22",
            name,
            f"{name} sets bond-num-grat-arp and bond-num-unsol-na to different values, but they are one setting.",
            "Keep only one of the two lines.",
        )

    # BOND-23 / BOND-24
    for opt in net.options(bond):
        if opt.key in opts.ARP_MONITOR:
            out.error(
                "BOND-23",
                name,
                f"{name} asks for ARP link monitoring ({opt.raw_key}), which ifupdown2 3.0 ignores, 802.3ad, "
                "balance-tlb and balance-alb cannot use, and which would replace the MII monitor.",
                f"Remove {opt.raw_key} and rely on bond-miimon {bonding.DEFAULT_MIIMON}.",
            )
        elif opt.key in opts.CUMULUS_ONLY or opt.key in opts.UNSUPPORTED_BOND:
            out.error(
                "BOND-24",
                name,
                f"{opt.raw_key} on {name} has no effect here: ifupdown2 on Proxmox cannot set it.",
                f"Remove {opt.raw_key} from {name}.",
            )


def _check_mode_against_world(
    net: Net,
    ctx: Context,
    paths: ClusterPaths,
    out: Findings,
    bond: Interface,
    mode: bonding.BondMode,
    members: list[Interface],
) -> None:
    name = bond.name
    cluster_root = paths.bonds.get(name)
    lacp = [ctx.lacp(m) for m in members]
    topology = ctx.topology(name, members)

    # BOND-26: the seed's rule, following the stack.
    if cluster_root is not None and mode.name != "active-backup":
        through = "" if cluster_root == name else f" (through {cluster_root})"
        out.error(
            "BOND-26",
            name,
            f"{name} carries the cluster (corosync) network{through} but uses {mode.label}: "
            f"{bonding.cluster_network_risk(mode.name)}. {bonding.CLUSTER_NETWORK_LOCK}",
            f"Set bond-mode active-backup on {name}, or better, give corosync its own NIC plus a second separate link.",
        )

    # BOND-27
    no_lacp = [m.name for m, has in zip(members, lacp, strict=True) if has is False]
    if mode.name == "802.3ad" and no_lacp:
        out.error(
            "BOND-27",
            name,
            f"{name} uses LACP (802.3ad), but the switch behind {', '.join(no_lacp)} does not support LACP.",
            "Use active-backup, or configure an LACP port-channel on the switch ports first.",
        )

    # BOND-28
    no_static = [m.name for m in members if ctx.static_lag(m) is False]
    if mode.name in _BALANCED_NEED_STATIC and no_static and not (mode.name == "broadcast" and topology == INDEPENDENT):
        out.error(
            "BOND-28",
            name,
            f"{mode.label} needs the switch ports grouped as a static aggregation, which the switch behind "
            f"{', '.join(no_static)} does not have; the switch would see the host's MAC jump between ports.",
            "Use active-backup, or 802.3ad if the switch supports LACP.",
        )

    # BOND-29
    if topology == INDEPENDENT and mode.name not in ("active-backup", "broadcast"):
        out.warning(
            "BOND-29",
            name,
            f"The members of {name} go to independent switches (no stack or MLAG), where {mode.label} does "
            "not work properly.",
            "Use active-backup, or connect the members to one switch or a stack/MLAG pair.",
        )

    # BOND-30 / 31 / 32
    if mode.name == "balance-rr":
        out.warning(
            "BOND-30",
            name,
            f"{name} uses balance-rr, which delivers the packets of one connection out of order and makes TCP "
            "retransmit.",
            "Use 802.3ad if the switch supports LACP, otherwise active-backup.",
        )
    elif mode.name == "broadcast":
        out.warning(
            "BOND-31",
            name,
            f"{name} uses broadcast, which sends every frame on every member, so receivers get duplicates.",
            "Use active-backup unless you built a special design that needs broadcast.",
        )
    elif mode.name in ("balance-tlb", "balance-alb"):
        out.warning(
            "BOND-32",
            name,
            f"{name} uses {mode.name}: the NIC drivers must report their speed"
            + (" and allow MAC changes while up" if mode.name == "balance-alb" else "")
            + ", and traffic to guests behind a bridge is not spread over the members.",
            "For a VM bridge use 802.3ad if the switch supports LACP, otherwise active-backup.",
        )

    # BOND-33
    if mode.name == "802.3ad":
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

    # BOND-25 (a recommendation: info)
    if cluster_root is None and members:
        if mode.name == "active-backup" and all(lacp) and topology != INDEPENDENT:
            out.info(
                "BOND-25",
                name,
                f"The switch behind {name} supports LACP, so 802.3ad would use all members instead of one.",
                "Consider bond-mode 802.3ad with bond-xmit-hash-policy layer2+3, once the switch ports form an "
                "LACP port-channel.",
            )
        elif mode.name == "802.3ad" and None in lacp and not no_lacp:
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
