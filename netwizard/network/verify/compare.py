"""Did the node take the plan? The facts document it prints after `ifreload -a`, checked
against the interfaces file netwizard planned.

`verify(network, data)` returns one `Check` per thing it looked at, each with a plain
verdict, what to do when it fails, and the evidence it judged (the entry of
`ip -j -d link show`, `ip -j addr show`, `ip -j route show`, or /proc/net/bonding text).
The topics, in order:

- interfaces: each planned interface exists and is up (lo, OVS and stanzas kept verbatim are
  not judged); a bridge the plan gives no ports lacks carrier until a guest joins: up, it passes.
- bonds: the running mode (balance-rr when the plan has none, as the kernel does), each
  planned member enslaved and up, no other member; for 802.3ad a partner and every member
  that is up in the active aggregator; for active-backup with a primary, that primary active.
- bridges: each planned port enslaved to its bridge; a VLAN-aware bridge filters VLANs.
- addresses: each planned address on its interface, prefix length included, and on no
  other; a DHCP (or inet6 auto) family has some address; each planned gateway is a default
  route's gateway through the planned interface, and no other default route exists (routes
  learnt from router advertisements are left alone: the network, not a file, sets them).
- mtu: interfaces with an `mtu` line, and bond members without one whose bond has one.
- unplanned: bonds, bridges and VLANs the plan does not name, and addresses it does not plan
  (one planned elsewhere is reported under addresses). Proxmox's guest devices are left
  alone (`Facts.guest`), and so are link-local IPv6 addresses and lo's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import bonding
from ..model import HostNetwork, Interface, Kind
from ..query.index import Net, families, parse_address
from ..query.mtu import mtu_of
from ..wording import listing
from .bonding import BondingParseError, BondStatus, bonding_parse
from .evidence import Facts, Link, VerifyError, as_json, cap, facts_read, ip_of, plain

__all__ = ["TOPICS", "Check", "Verification", "VerifyError", "verify"]

TOPICS = ("interfaces", "bonds", "bridges", "addresses", "mtu", "unplanned")

APPLY = "Apply the file with `ifreload -a`, then collect the facts again"
APPLY_LOWER = "a" + APPLY[1:]
LACP_ACTION = (
    "Put the switch ports of {members} in one LACP port-channel (mode active), then check again; "
    "the switch-side checklist lists the steps."
)
NIC_MISSING = "Find the NIC's name on the node (`ip link`) and use it in the plan (or pin the name), then apply."
_VIRTUAL_KINDS = {"bond": "bond", "bridge": "bridge", "vlan": "VLAN"}
_FAMILY = {"inet": "IPv4", "inet6": "IPv6"}


@dataclass(frozen=True)
class Check:
    topic: str  # one of TOPICS
    subject: str  # the interface, or "default route"
    ok: bool
    verdict: str  # one plain sentence, true to the evidence
    action: str  # what to do when not ok ("" when ok)
    evidence: str  # the raw evidence behind it, as text, capped at 20,000 characters
    checklist: str = ""  # the bond whose switch-side checklist has the fix
    label: str = ""  # what of the subject was checked ("LACP", "MTU"): the summary's name for it

    @property
    def name(self) -> str:
        return f"{self.subject} {self.label}".strip()


@dataclass(frozen=True)
class Verification:
    checks: tuple[Check, ...]
    hostname: str

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ok)

    def summary(self) -> str:
        count = f"{len(self.checks)} check{'s' if len(self.checks) != 1 else ''}"
        if not self.checks:
            return "0 checks: the plan has nothing netwizard verifies."
        failed = self.failed
        if not failed:
            return f"{count}: all pass."
        names = [c.name for c in failed[:5]] + ([f"{len(failed) - 5} more"] if len(failed) > 5 else [])
        verb = "fails" if len(failed) == 1 else "fail"
        return f"{count}: {len(failed)} {verb} ({', '.join(names)})."


def verify(network: HostNetwork, data: bytes | str) -> Verification:
    """The node's facts document (`data`) checked against `network`; VerifyError when the
    document cannot be read."""
    facts = facts_read(data)
    net = Net(network)
    unjudged = (Kind.LOOPBACK, Kind.OTHER)
    planned = [i for i in net.by_name.values() if i.kind not in unjudged and i.name != "lo" and not net.is_ovs(i)]
    checks = [
        *_interfaces(facts, planned),
        *_bonds(net, facts),
        *_bridges(facts, planned),
        *_addresses(net, facts, planned),
        *_mtus(net, facts, planned),
        *_unplanned(net, facts, planned),
    ]
    return Verification(tuple(checks), facts.hostname)


def _check(topic: str, subject: str, label: str, verdict: str, evidence: str, action: str = "", **kw: str) -> Check:
    """A check that fails when it says what to do."""
    return Check(topic, subject, not action, verdict, action, evidence, label=label, **kw)


def _is_are(names: list[str]) -> str:
    return f"{listing(names)} {'is' if len(names) == 1 else 'are'}"


# 1. interfaces -----------------------------------------------------------------------------


def _lower(iface: Interface) -> list[str]:
    """What an interface stands on in the plan: members, ports, the VLAN's parent."""
    if iface.bond:
        return list(dict.fromkeys(iface.bond.slaves))
    if iface.bridge:
        return [p for p in dict.fromkeys(iface.bridge.ports) if p != "none"]
    return [iface.vlan.raw_device] if iface.vlan else []


def _interfaces(facts: Facts, planned: list[Interface]) -> Iterator[Check]:
    for iface in planned:
        name, link = iface.name, facts.link(iface.name)
        if link is None:
            created = f"{APPLY}; if {name} is still missing, `ifreload -a` says why."
            action = NIC_MISSING if iface.kind == Kind.NIC else created
            reported = cap(f"ip link reports: {', '.join(facts.links) or 'no interface'}.")
            yield _check("interfaces", name, "missing", f"{name} does not exist on the node.", reported, action)
            continue
        state = link.operstate or "not reported"
        if link.up:
            yield _check("interfaces", name, "link", f"{name} is up (operstate {state}).", link.evidence)
        elif iface.kind == Kind.BRIDGE and not _lower(iface) and "UP" in link.flags:
            verdict = (
                f"{name} is up but has no carrier (operstate {state}): the plan gives it no ports, "
                "so it has none until a guest joins it."
            )
            yield _check("interfaces", name, "link", verdict, link.evidence)
        else:
            verdict = f"{name} is down on the node (operstate {state}; flags {', '.join(link.flags) or 'none'})."
            yield _check("interfaces", name, "down", verdict, link.evidence, _down_action(facts, iface, link))


def _down_action(facts: Facts, iface: Interface, link: Link) -> str:
    below = [n for n in _lower(iface) if (lk := facts.link(n)) is None or not lk.up]
    if below:
        return f"{_is_are(below)} down or missing beneath it: fix that first."
    if "UP" not in link.flags:
        return f"Bring it up: {APPLY_LOWER} (or run `ip link set {iface.name} up`)."
    if iface.kind == Kind.NIC:
        return f"{iface.name} has no carrier: check its cable, its transceiver and the switch port (enabled, speed)."
    return f"{iface.name} has no carrier: check what it stands on, then collect the facts again."


# 2. bonds ----------------------------------------------------------------------------------


def _bonds(net: Net, facts: Facts) -> Iterator[Check]:
    for bond in net.linux_bonds():
        name, text, link = bond.name, facts.bonding.get(bond.name), facts.link(bond.name)
        if text is None:
            verdict = (
                f"There is no /proc/net/bonding/{name} in the facts: {name} does not run, "
                "or the facts were collected before `ifreload -a`."
            )
            yield _check("bonds", name, "status", verdict, link.evidence if link else "", f"{APPLY}.")
            continue
        try:
            status = bonding_parse(name, text)
        except BondingParseError as error:
            verdict = f"/proc/net/bonding/{name} cannot be read: {plain(str(error))[:300]}."
            yield _check("bonds", name, "status", verdict, plain(text), "Collect the facts again.")
            continue
        yield from _bond(net, facts, bond, status, plain(text))


def _bond(net: Net, facts: Facts, bond: Interface, status: BondStatus, evidence: str) -> Iterator[Check]:
    name, raw = bond.name, net.bond_mode(bond) or bonding.DEFAULT_MODE
    planned_mode = mode.name if (mode := bonding.get_mode(raw)) else plain(raw)[:40]
    if status.mode == planned_mode:
        yield _check("bonds", name, "mode", f"{name} runs {status.mode} as planned.", evidence)
    else:
        verdict = f"{name} runs {status.mode}, but the plan says {planned_mode}."
        action = f"{APPLY}; if it stays, `ifdown {name} && ifup {name}` sets it (interrupting {name})."
        yield _check("bonds", name, "mode", verdict, evidence, action)
    members = list(dict.fromkeys(bond.bond.slaves if bond.bond else []))
    running = {s.name: s for s in status.slaves}
    real = {m: link.name if (link := facts.link(m)) else m for m in members}  # altnames resolved
    for member in members:
        slave, label = running.get(real[member]), f"member {member}"
        if slave is None:
            verdict = f"{member} is not in {name}: the running bond has {listing(running) or 'no member'}."
            action = (
                f"{member} does not exist on the node: see its interfaces check."
                if facts.link(member) is None
                else f"{APPLY}; `ifreload -a` says why if it cannot add {member} to {name}."
            )
            yield _check("bonds", name, label, verdict, evidence, action)
        elif slave.mii_status != "up":
            failures = f"{slave.link_failure_count} link failure{'s' if slave.link_failure_count != 1 else ''}"
            verdict = f"{member} is in {name} but its link is down (MII status {slave.mii_status}; {failures})."
            action = f"Check {member}'s cable, transceiver and switch port; {name} uses it again once its link is up."
            yield _check("bonds", name, label, verdict, evidence, action)
        else:
            yield _check("bonds", name, label, f"{member} is in {name} and its link is up.", evidence)
    for extra in [s for s in running if s not in real.values()]:
        verdict = f"{extra} is in {name}, but the plan does not make it a member."
        action = f"Release it: `ip link set {extra} nomaster` (or {APPLY_LOWER})."
        yield _check("bonds", name, f"member {extra}", verdict, evidence, action)
    if planned_mode == status.mode == bonding.LACP.name:
        yield _lacp(name, members, status, evidence)
    primary = bond.bond.primary if bond.bond else ""
    if primary and planned_mode == status.mode == bonding.ACTIVE_BACKUP.name:
        yield _primary(name, primary, status, evidence)


def _lacp(name: str, members: list[str], status: BondStatus, evidence: str) -> Check:
    up = [s for s in status.slaves if s.mii_status == "up"]
    if not up:
        verdict = f"LACP cannot negotiate on {name}: none of its members has a link."
        return _check("bonds", name, "LACP", verdict, evidence, "Fix the members' links first, then check again.")
    partner, active = status.partner_mac or "none", status.active_aggregator_id
    outside = [s.name for s in up if active is None or s.aggregator_id != active]
    if status.partner_mac in ("", "00:00:00:00:00:00"):
        verdict = (
            f"LACP did not negotiate on {name}: the switch ports are not in an LACP port-channel "
            f"(partner MAC {partner})."
        )
    elif outside:
        verdict = (
            f"LACP did not bring all of {name}'s members together: {_is_are(outside)} outside the active "
            f"aggregator {active if active is not None else '(none)'} (partner MAC {partner}), so the switch "
            "does not have them in the same port-channel."
        )
    else:
        together = _is_are([s.name for s in up])
        verdict = f"LACP negotiated on {name}: {together} in aggregator {active} with partner {partner}."
        return _check("bonds", name, "LACP", verdict, evidence)
    action = LACP_ACTION.format(members=listing(members))
    return _check("bonds", name, "LACP", verdict, evidence, action, checklist=name)


def _primary(name: str, primary: str, status: BondStatus, evidence: str) -> Check:
    active = status.active_slave
    if active == primary:
        verdict = f"{primary}, {name}'s primary, is its active member as planned."
        return _check("bonds", name, "primary", verdict, evidence)
    verdict = f"{name} sends through {active or 'no member'}, not through its primary {primary}."
    slave = next((s for s in status.slaves if s.name == primary), None)
    if status.primary != primary:
        has = f"primary {status.primary}" if status.primary else "no primary"
        action = f"The running bond has {has}: {APPLY_LOWER}."
    elif slave is None or slave.mii_status != "up":
        action = (
            f"{primary} is not up in {name}, so the bond uses another member: fix {primary}'s link; "
            "with the default primary_reselect (always) the bond returns to it."
        )
    else:
        action = f"Make {primary} active: `echo {primary} > /sys/class/net/{name}/bonding/active_slave`."
    return _check("bonds", name, "primary", verdict, evidence, action)


# 3. bridges --------------------------------------------------------------------------------


def _bridges(facts: Facts, planned: list[Interface]) -> Iterator[Check]:
    for bridge in planned:
        if bridge.kind != Kind.BRIDGE or bridge.bridge is None:
            continue
        name, link = bridge.name, facts.link(bridge.name)
        yield from (_port(facts, name, port) for port in _lower(bridge))
        if not bridge.bridge.vlan_aware or link is None:
            continue
        if link.vlan_filtering == 1:
            yield _check("bridges", name, "VLAN filtering", f"{name} filters VLANs as planned.", link.evidence)
            continue
        shown = link.vlan_filtering if link.vlan_filtering is not None else "not reported"
        verdict = f"{name} does not filter VLANs (vlan_filtering {shown}), but the plan makes it VLAN-aware."
        action = f"{APPLY} (or now: `ip link set {name} type bridge vlan_filtering 1`)."
        yield _check("bridges", name, "VLAN filtering", verdict, link.evidence, action)


def _port(facts: Facts, bridge: str, port: str) -> Check:
    link, label = facts.link(port), f"port {port}"
    if link is None:
        verdict = f"{port} does not exist on the node, so it is not a port of {bridge}."
        return _check("bridges", bridge, label, verdict, "", f"{APPLY}.")
    if link.master == bridge:
        return _check("bridges", bridge, label, f"{port} is a port of {bridge} as planned.", link.evidence)
    if link.master:
        verdict = f"{port} is enslaved to {link.master}, not to {bridge}."
        action = f"{APPLY}; if {port} stays in {link.master}, release it (`ip link set {port} nomaster`)."
    else:
        verdict = f"{port} is not a port of {bridge}: it has no master."
        action = f"{APPLY} (or add it now: `ip link set {port} master {bridge}`)."
    return _check("bridges", bridge, label, verdict, link.evidence, action)


# 4. addresses ------------------------------------------------------------------------------


def _planned_addresses(net: Net, iface: Interface, family: str) -> list[str]:
    """The `address` values of a family, first and extra lines; 0.0.0.0 and :: mean none."""
    fam = getattr(iface, family)
    extra = [o.value for o in net.options(iface) if o.key == "address" and o.family == family]
    return [a for a in [fam.address if fam else "", *extra] if a and a.split("/")[0] not in ("0.0.0.0", "::")]


def _wants_dhcp(iface: Interface, family: str) -> bool:
    fam = getattr(iface, family)
    return fam is not None and fam.method in ("dhcp", "auto")


def _addresses(net: Net, facts: Facts, planned: list[Interface]) -> Iterator[Check]:
    failed: set[str] = set()  # families whose gateway check failed: it names every default route
    for iface in planned:
        for family in ("inet", "inet6"):
            if _wants_dhcp(iface, family):
                yield _dhcp(facts, iface.name, family, getattr(iface, family).method)
            yield from (_address(facts, iface.name, text) for text in _planned_addresses(net, iface, family))
        for family, fam in families(iface):
            if fam.gateway:
                check = _gateway(facts, iface.name, family, fam.gateway)
                failed.update(() if check.ok else (family,))
                yield check
    gateways = {(f, ip_of(fam.gateway), i.name) for i in planned for f, fam in families(i) if fam.gateway}
    dhcp = {(f, i.name) for i in planned for f in ("inet", "inet6") if _wants_dhcp(i, f)}
    for route in facts.routes:
        if (route.family, route.gateway, route.dev) in gateways or (route.family, route.dev) in dhcp:
            continue
        if route.protocol == "ra" or route.family in failed:
            continue
        label = _FAMILY[route.family]
        via = f"via {route.gateway} dev {route.dev}" if route.gateway else f"dev {route.dev}"
        verdict = f"The node has an {label} default route {route.text()} that the plan does not have."
        action = f"If the node should not use it, remove it (`ip route del default {via}`); else add it to the plan."
        yield _check("addresses", "default route", label, verdict, as_json(route.entry), action)


def _address(facts: Facts, name: str, text: str) -> Check:
    want, ip = parse_address(text), ip_of(text)
    if ip is None:  # the plan's own rules report an address that does not parse
        return _check("addresses", name, text, f"{text} in the plan is not an IP address.", "", "Correct the plan.")
    shown = str(want or ip)
    found = [a for a in facts.addresses_on(name) if a.ip.ip == ip]
    others = [a for a in facts.addresses if a.ip.ip == ip and a.ifname != name]
    elsewhere = sorted({a.ifname for a in others})
    evidence = facts.address_evidence(name, *elsewhere)
    removal = "; ".join(f"`ip addr del {a.ip} dev {a.ifname}`" for a in others)
    if not found:
        where = f"; it is on {listing(elsewhere)}" if elsewhere else ""
        then = f"; if it stays on {listing(elsewhere)}, remove it there: {removal}" if elsewhere else ""
        return _check("addresses", name, shown, f"{shown} is not on {name}{where}.", evidence, f"{APPLY}{then}.")
    if want and all(a.ip != want for a in found):
        verdict = f"{name} has {listing([str(a.ip) for a in found])}, not {shown}: the prefix length differs."
        return _check("addresses", name, shown, verdict, evidence, f"{APPLY}.")
    if elsewhere:
        verdict = f"{shown} is on {name} as planned, but on {listing(elsewhere)} too."
        action = f"Remove it from {listing(elsewhere)}: {removal}, then collect the facts again."
        return _check("addresses", name, shown, verdict, evidence, action)
    return _check("addresses", name, shown, f"{shown} is on {name} as planned.", evidence)


def _dhcp(facts: Facts, name: str, family: str, method: str) -> Check:
    found = [str(a.ip) for a in facts.addresses_on(name) if a.family == family and a.judged]
    how = "DHCP" if method == "dhcp" else "autoconfiguration"
    label, evidence = f"{_FAMILY[family]} {how}", facts.address_evidence(name)
    if found:
        return _check("addresses", name, label, f"{name} has {listing(found)}, as the plan asks {how} for.", evidence)
    verdict = f"{name} has no {_FAMILY[family]} address, though the plan has it ask {how} for one."
    action = f"Check that a DHCP server (or router) answers on {name}'s network; then {APPLY_LOWER}."
    return _check("addresses", name, label, verdict, evidence, action)


def _gateway(facts: Facts, name: str, family: str, gateway: str) -> Check:
    label, routes = _FAMILY[family], [r for r in facts.routes if r.family == family]
    evidence = as_json(*(r.entry for r in routes))
    if (want := ip_of(gateway)) is not None and any(r.gateway == want and r.dev == name for r in routes):
        verdict = f"The {label} default route goes to {gateway} via {name} as planned."
        return _check("addresses", "default route", label, verdict, evidence)
    if not routes:
        verdict = f"The node has no {label} default route; the plan's goes to {gateway} via {name}."
        return _check("addresses", "default route", label, verdict, evidence, f"{APPLY}.")
    running = listing([r.text() for r in routes])
    verdict = f"The node's {label} default route goes {running}, not to {gateway} via {name}."
    removal = "; ".join(f"`ip route del default {f'via {r.gateway} ' if r.gateway else ''}dev {r.dev}`" for r in routes)
    action = f"{APPLY}; if the old route stays, remove it ({removal}) and apply again."
    return _check("addresses", "default route", label, verdict, evidence, action)


# 5. mtu ------------------------------------------------------------------------------------


def _mtus(net: Net, facts: Facts, planned: list[Interface]) -> Iterator[Check]:
    for iface in planned:
        name, want, source, link = iface.name, mtu_of(net, iface), "", facts.link(iface.name)
        if want is None and (bond := net.bond_of(name)) is not None and (want := mtu_of(net, bond)) is not None:
            source = bond.name
        if want is None or link is None:
            continue
        if link.mtu == want:
            yield _check("mtu", name, "MTU", f"{name} runs MTU {want} as planned.", link.evidence)
            continue
        runs = f"runs MTU {link.mtu}" if link.mtu is not None else "does not report its MTU"
        plan = f"{source}'s MTU {want} applies to its members" if source else f"the plan sets {want}"
        action = f"{APPLY}; an interface cannot run a larger MTU than the one it stands on: check that one too."
        yield _check("mtu", name, "MTU", f"{name} {runs}, but {plan}.", link.evidence, action)


# 6. unplanned ------------------------------------------------------------------------------


def _unplanned(net: Net, facts: Facts, planned: list[Interface]) -> Iterator[Check]:
    named = set(net.by_name) | set(net.masters) | {i.vlan.raw_device for i in planned if i.vlan}
    sourced = " It may come from a file the plan's `source` lines include." if net.network.global_lines else ""
    for link in facts.links.values():
        if link.kind not in _VIRTUAL_KINDS or link.name in named or facts.guest(link.name):
            continue
        kind = _VIRTUAL_KINDS[link.kind]
        verdict = f"{link.name} is running but the plan has no {link.name}: an old {kind} still up."
        action = f"If nothing needs it, remove it: `ip link delete {link.name}`, then collect the facts again.{sourced}"
        yield _check("unplanned", link.name, "unplanned", verdict, link.evidence, action)
    everything = net.by_name.values()  # OVS and verbatim stanzas' addresses are planned too
    planned_ips = {ip_of(t) for i in everything for f in ("inet", "inet6") for t in _planned_addresses(net, i, f)}
    for address in facts.addresses:
        name, iface = address.ifname, net.by_name.get(address.ifname)
        if not address.judged or facts.guest(name) or address.ip.ip in planned_ips:
            continue  # an address planned elsewhere is the addresses check's
        if iface is not None and _wants_dhcp(iface, address.family):
            continue
        own = iface is not None and _planned_addresses(net, iface, address.family)
        verdict = f"{address.ip} is on {name}, but the plan gives {name} {'other addresses' if own else 'no address'}."
        origin = " It is dynamic: a DHCP client or a router advertisement gave it." if address.dynamic else ""
        removal = f"`ip addr del {address.ip} dev {name}`"
        action = f"If nothing needs it, remove it ({removal}); else add it to the plan.{origin}"
        yield _check("unplanned", name, f"address {address.ip}", verdict, facts.address_evidence(name), action)
