"""BOND-12 to BOND-24 and BOND-35: a bond's option lines against its mode and its members.

One function per rule code, named after the defect it looks for; `check` runs them for
one bond (the bond itself, its members and its mode's fit are in `bonds.py`).
"""

from __future__ import annotations

from .. import bonding
from ..model import Interface
from ..query import options as opts
from ..query.index import Net
from .findings import Findings


def check(net: Net, out: Findings, bond: Interface, mode: bonding.BondMode | None, slaves: set[str]) -> None:
    """Every option rule for one bond; `slaves` are its members as bond-slaves lists them."""
    settings = bond.bond
    policy = (settings.xmit_hash_policy if settings else "") or net.option(bond, bonding.HASH_POLICY) or ""
    if policy:
        _hash_policy_unknown(out, bond.name, policy)
        _hash_policy_unused(out, bond.name, policy, mode)
    rate = (settings.lacp_rate if settings else "") or net.option(bond, bonding.LACP_RATE) or ""
    if rate:
        _lacp_rate_unknown(out, bond.name, rate)
        _lacp_rate_outside_lacp(out, bond.name, rate, mode)
    primary = (settings.primary if settings else "") or net.option(bond, bonding.PRIMARY) or ""
    if primary:
        _primary_refused_by_mode(out, bond.name, mode)
        _primary_dropped_on_save(out, bond.name, mode)
        _primary_not_one_member(out, bond.name, primary, slaves)
    _primary_reselect_without_primary(net, out, bond, primary)
    _ad_actor_option_invalid(net, out, bond, mode)
    _min_links_invalid(net, out, bond, mode, slaves)
    _peer_notification_invalid(net, out, bond, mode)
    _arp_monitoring_asked(net, out, bond)
    _option_ifupdown2_cannot_set(net, out, bond)


def _hash_policy_unknown(out: Findings, name: str, policy: str) -> None:
    """BOND-12: a transmit hash policy ifupdown2 does not accept."""
    if bonding.get_hash_policy(policy) is None:
        out.error(
            "BOND-12",
            name,
            f"bond-xmit-hash-policy '{policy}' on {name} is not a hash policy ifupdown2 accepts.",
            "Use layer2+3 (the usual choice), layer2, layer3+4, encap2+3 or encap3+4.",
        )


def _hash_policy_unused(out: Findings, name: str, policy: str, mode: bonding.BondMode | None) -> None:
    """BOND-13: a (valid) hash policy in a mode that does not hash."""
    if bonding.get_hash_policy(policy) is not None and mode and not mode.applies(bonding.HASH_POLICY):
        out.warning(
            "BOND-13",
            name,
            f"{name} sets a hash policy, which has no effect in {mode.name} (only balance-xor and 802.3ad "
            "use it); Proxmox drops the line when it saves.",
            f"Remove bond-xmit-hash-policy from {name}.",
        )


def _lacp_rate_outside_lacp(out: Findings, name: str, rate: str, mode: bonding.BondMode | None) -> None:
    """BOND-15: a (valid) LACP rate on a bond that is not 802.3ad."""
    if bonding.get_lacp_rate(rate) is not None and mode and mode.name != bonding.LACP.name:
        out.warning(
            "BOND-15",
            name,
            f"{name} sets an LACP rate, which only 802.3ad uses; ifupdown2 drops it in {mode.name}.",
            f"Remove bond-lacp-rate from {name}.",
        )


def _lacp_rate_unknown(out: Findings, name: str, rate: str) -> None:
    """BOND-16: an LACP rate that is neither slow nor fast."""
    if bonding.get_lacp_rate(rate) is None:
        out.error("BOND-16", name, f"bond-lacp-rate '{rate}' on {name} is not an LACP rate.", "Use slow or fast.")


def _primary_refused_by_mode(out: Findings, name: str, mode: bonding.BondMode | None) -> None:
    """BOND-17: a primary member in a mode whose kernel code refuses one."""
    if mode and mode.refuses(bonding.PRIMARY):
        out.error(
            "BOND-17",
            name,
            f"{name} names a primary member, which the kernel refuses in {mode.name}; only active-backup, "
            "balance-tlb and balance-alb have one.",
            f"Remove bond-primary from {name}, or choose active-backup.",
        )


def _primary_dropped_on_save(out: Findings, name: str, mode: bonding.BondMode | None) -> None:
    """BOND-35: a primary member in balance-tlb/alb, which Proxmox's writer leaves out.

    Not in the catalogue: the kernel honours it, but Proxmox (and so netwizard's
    download) writes bond-primary only for active-backup."""
    if mode is None or mode.refuses(bonding.PRIMARY):
        return  # BOND-17's case
    if mode.applies(bonding.PRIMARY) and not bonding.written(mode.name, bonding.PRIMARY):
        out.warning(
            "BOND-35",
            name,
            f"{name} names a primary member in {mode.name}: the kernel uses it, but Proxmox leaves "
            "bond-primary out for every mode but active-backup when it saves the network, and so does "
            "netwizard's download.",
            f"Remove bond-primary from {name}, or choose active-backup if one member should carry the traffic.",
        )


def _primary_not_one_member(out: Findings, name: str, primary: str, slaves: set[str]) -> None:
    """BOND-18: a primary that is not exactly one member (Proxmox refuses it in any mode)."""
    if len(primary.split()) != 1 or primary not in slaves:
        out.error(
            "BOND-18",
            name,
            f"The primary '{primary}' of {name} is not exactly one of its members ({', '.join(sorted(slaves))}).",
            "Set bond-primary to one member name.",
        )


def _primary_reselect_without_primary(net: Net, out: Findings, bond: Interface, primary: str) -> None:
    """BOND-19: bond-primary-reselect without a primary does nothing."""
    if net.option(bond, bonding.PRIMARY_RESELECT) is not None and not primary:
        out.warning(
            "BOND-19",
            bond.name,
            f"{bond.name} sets bond-primary-reselect without a primary member, so it has no effect.",
            "Set bond-primary too, or remove bond-primary-reselect.",
        )


def _ad_actor_option_invalid(net: Net, out: Findings, bond: Interface, mode: bonding.BondMode | None) -> None:
    """BOND-20: an 802.3ad actor priority or system MAC outside 802.3ad, or malformed."""
    name = bond.name
    for key in (bonding.AD_ACTOR_SYS_PRIO, bonding.AD_ACTOR_SYSTEM):
        value = net.option(bond, key)
        if value is None:
            continue
        if mode and mode.refuses(key):
            out.error(
                "BOND-20",
                name,
                f"{key} on {name} only applies to 802.3ad; the kernel refuses it in {mode.name}.",
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


def _min_links_invalid(
    net: Net, out: Findings, bond: Interface, mode: bonding.BondMode | None, slaves: set[str]
) -> None:
    """BOND-21: bond-min-links unreadable, above the member count, or outside 802.3ad."""
    name = bond.name
    raw_min = net.option(bond, bonding.MIN_LINKS)
    if raw_min is None:
        return
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
            f"bond-min-links on {name} only affects 802.3ad; it does nothing in {mode.name}.",
            f"Remove bond-min-links from {name}.",
        )


def _peer_notification_invalid(net: Net, out: Findings, bond: Interface, mode: bonding.BondMode | None) -> None:
    """BOND-22: bond-num-grat-arp / bond-num-unsol-na out of range, unused by the mode,
    or set to two values although they are one setting."""
    name = bond.name
    written = {k: net.option(bond, k) for k in (bonding.NUM_GRAT_ARP, bonding.NUM_UNSOL_NA)}
    notif = {k: v for k, v in written.items() if v is not None}
    for key, value in notif.items():
        n = opts.parse_int(value)
        if n is None or n > 255:
            out.warning("BOND-22", name, f"{key} '{value}' on {name} is not 0-255.", f"Set {key} to 0-255.")
        elif mode and not mode.applies(key):
            out.warning(
                "BOND-22",
                name,
                f"{key} on {name} only applies to active-backup; it does nothing in {mode.name}.",
                f"Remove {key} from {name}.",
            )
    if len(set(notif.values())) > 1:
        out.warning(
            "BOND-22",
            name,
            f"{name} sets bond-num-grat-arp and bond-num-unsol-na to different values, but they are one setting.",
            "Keep only one of the two lines.",
        )


def _arp_monitoring_asked(net: Net, out: Findings, bond: Interface) -> None:
    """BOND-23: ARP link monitoring, which ifupdown2 ignores and would replace the MII monitor."""
    for opt in net.options(bond):
        if opt.key in opts.ARP_MONITOR:
            out.error(
                "BOND-23",
                bond.name,
                f"{bond.name} asks for ARP link monitoring ({opt.raw_key}), which ifupdown2 3.0 ignores, 802.3ad, "
                "balance-tlb and balance-alb cannot use, and which would replace the MII monitor.",
                f"Remove {opt.raw_key} and rely on bond-miimon {bonding.DEFAULT_MIIMON}.",
            )


def _option_ifupdown2_cannot_set(net: Net, out: Findings, bond: Interface) -> None:
    """BOND-24: a bond option ifupdown2 on Proxmox cannot set (Cumulus-only or unsupported)."""
    for opt in net.options(bond):
        if opt.key in opts.CUMULUS_ONLY or opt.key in opts.UNSUPPORTED_BOND:
            out.error(
                "BOND-24",
                bond.name,
                f"{opt.raw_key} on {bond.name} has no effect here: ifupdown2 on Proxmox cannot set it.",
                f"Remove {opt.raw_key} from {bond.name}.",
            )
