"""CLUSTER-02 onwards: what must agree between the nodes of one Proxmox cluster.

Each node is checked on its own by `check`; these rules compare the nodes with each
other. `check_cluster(nodes)` returns only the cross-host findings; `check_nodes(nodes)`
adds every node's own findings and is what `lintinterfaces --cluster` and a cluster page
show. `nodes` maps a host name to its network and its context (None: no facts beyond the
file). Every finding names the host it is about (`Finding.host`) and, where there is one,
the interface: the missing bridge, the address, the interface with the odd MTU.

The codes, with their severity and why:

- CLUSTER-02 error: a guest bridge exists on some nodes but not on this one. A guest
  attached to it cannot migrate to the node, and HA cannot recover it there ("bridge
  'vmbr1' does not exist"). Every Linux bridge counts as a guest bridge: Proxmox attaches
  guest NICs to bridges only, and the file cannot say which bridges guests use, so a
  bridge that is truly local (a NAT bridge for one node's test guests) is still reported;
  the hint says how to keep it deliberate. An Open vSwitch bridge of the same name counts
  as present (guests can attach to it), but is otherwise not compared.
- CLUSTER-03 warning: a bridge is VLAN aware on some nodes and not on others. Guests
  still start on both, since Proxmox builds a per-VLAN bridge for a tagged guest on a
  bridge that is not VLAN aware, but VLAN trunks (`trunks=`) only work on VLAN-aware
  bridges and tagged traffic takes a different path on each side of a migration.
- CLUSTER-04 warning: a VLAN-aware bridge allows different VLANs on different nodes
  (`bridge-vids`, Proxmox's 2-4094 when unset). A guest tagged with a VLAN the target
  lacks migrates but silently loses its network; a warning and not an error because a
  narrowed list is often deliberate (NICs with small VLAN filter tables) and netwizard
  cannot know which tags the guests use.
- CLUSTER-05 error: one IP address on two hosts. Whichever answers ARP first gets the
  traffic, so both hosts become unreliable.
- CLUSTER-06 error: the cluster addresses of one corosync link are not in one subnet
  (different prefix lengths, or a node whose cluster address shares no subnet with the
  others). Corosync expects every node to reach the others directly on each link.
- CLUSTER-07 warning: a corosync link that not every node has (a node without an
  address on it, or an address only one node has). Corosync needs an address on every
  link for every node, so the link cannot give that node the redundancy it seems to.
- CLUSTER-08 info: the whole cluster has a single corosync link. Advice, like
  CLUSTER-01: Proxmox supports it, and recommends a second, separate link.
- CLUSTER-09 warning: nodes use different MTUs on the same network. Small packets pass,
  so nothing looks broken, but large ones (migration, storage) between the nodes are
  dropped; the smaller side cannot take what the larger side sends.

Coordination with CLUSTER-01 (a single host with one corosync interface): seen from
the cluster, CLUSTER-07 and CLUSTER-08 say the same thing with more to go on (which
link a node lacks, or that no node has a second link), so `check_nodes` drops a node's
CLUSTER-01 whenever one of them names that node. A node whose only corosync interface
carries two links (IPv4 and IPv6 on one bridge, say) keeps CLUSTER-01: the cluster has
two links there, but the node still has one path.

`cluster_verdict(nodes)` is what a page may say about the cluster as a whole: one clause
per thing these rules compare (bridges, addresses, cluster network, MTUs), each "agree"
only when there were at least two nodes' values to compare and no finding speaks
against it, "not checked" with the reason otherwise (a node without a cluster network,
no bridges at all, a single node).

Where the nodes disagree, the value most nodes share is taken as intended and the others
are reported; when no value has a majority every node is reported, each finding naming
what the others have. Hosts are compared in natural name order (pve2 before pve10), so
the result does not depend on the order the caller lists them in.
"""

from __future__ import annotations

import dataclasses
import functools
import ipaddress
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model import HostNetwork, Interface, Kind
from . import cluster
from .bridges import parse_vids, vlan_aware
from .context import Context
from .findings import ERROR, INFO, SEVERITY_RANK, WARNING, Finding, code_key
from .index import DOTTED, Net
from .mtu import DEFAULT_MTU, mtu_of
from .one_host import check

IPInterface = ipaddress.IPv4Interface | ipaddress.IPv6Interface
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

Nodes = Mapping[str, tuple[HostNetwork, Context | None]]

# Proxmox writes this for a VLAN-aware bridge without bridge-vids, and so does netwizard.
DEFAULT_VIDS = "2-4094"

# A node's own finding that the cross-host corosync rules replace (see the docstring).
SUPERSEDED_BY = {"CLUSTER-01": frozenset({"CLUSTER-07", "CLUSTER-08"})}


def check_cluster(nodes: Nodes) -> list[Finding]:
    """The cross-host findings (CLUSTER-02 onwards), each naming its host."""
    hosts = _hosts(nodes)
    out = _Out()
    _check_bridges(hosts, out)
    _check_duplicate_addresses(hosts, out)
    _check_corosync_links(hosts, out)
    _check_mtus(hosts, out)
    return out.sorted(hosts)


def check_nodes(nodes: Nodes) -> list[Finding]:
    """Every finding of every node (its own `check`, tagged with its host) plus the
    cross-host ones, errors first, then by host and the place in that host's file."""
    hosts = _hosts(nodes)
    cross = check_cluster(nodes)
    named = {(f.host, f.code) for f in cross}
    findings = list(cross)
    for host in hosts:
        for f in check(host.network, host.ctx):
            replaced_by = SUPERSEDED_BY.get(f.code, frozenset())
            if any((host.name, code) in named for code in replaced_by):
                continue
            findings.append(dataclasses.replace(f, host=host.name))
    return _sort(findings, hosts)


# Nodes -------------------------------------------------------------------------------


@dataclass
class _Host:
    name: str
    network: HostNetwork
    ctx: Context
    net: Net


def natural_key(name: str) -> tuple:
    """pve2 before pve10: digits compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name))


def _hosts(nodes: Nodes) -> list[_Host]:
    hosts = [_Host(name, network, ctx or Context(), Net(network)) for name, (network, ctx) in nodes.items()]
    return sorted(hosts, key=lambda h: natural_key(h.name))


def _listing(names: Iterable[str]) -> str:
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _sort(findings: list[Finding], hosts: list[_Host]) -> list[Finding]:
    rank = {h.name: i for i, h in enumerate(hosts)}
    order = {h.name: h.net.order for h in hosts}

    def key(f: Finding) -> tuple:
        return (
            SEVERITY_RANK[f.severity],
            rank.get(f.host, -1),
            order.get(f.host, {}).get(f.interface, -1),
            code_key(f.code),
            f.interface,
            f.message,
        )

    return sorted(findings, key=key)


class _Out:
    def __init__(self) -> None:
        self.items: list[Finding] = []

    def add(self, code: str, severity: str, host: str, interface: str, message: str, hint: str) -> None:
        self.items.append(Finding(code, severity, interface, message, hint, host=host))

    def sorted(self, hosts: list[_Host]) -> list[Finding]:
        return _sort(list(dict.fromkeys(self.items)), hosts)


def _disagreements(values: Mapping[str, object]) -> tuple[object | None, list[str]]:
    """(the value most hosts share or None on a tie, the hosts to report).

    `values` maps host -> value; with no majority every host is reported."""
    counts = Counter(values.values())
    if len(counts) < 2:
        return next(iter(counts), None), []
    (top, n), (_, second) = counts.most_common(2)
    if n == second:
        return None, list(values)
    return top, [h for h, v in values.items() if v != top]


# CLUSTER-02, 03, 04: guest bridges ----------------------------------------------------


def _linux_bridges(host: _Host) -> dict[str, Interface]:
    return {
        i.name: i
        for i in host.net.by_name.values()
        if i.kind == Kind.BRIDGE and i.bridge is not None and not host.net.is_ovs(i)
    }


def _ovs_bridges(host: _Host) -> set[str]:
    return {i.name for i in host.net.by_name.values() if host.net.option(i, "ovs-type") == "OVSBridge"}


def _vids(host: _Host, bridge: Interface) -> frozenset[int] | None:
    return _vid_set(bridge.bridge.vids or DEFAULT_VIDS)


@functools.lru_cache(maxsize=64)
def _vid_set(text: str) -> frozenset[int] | None:
    # Cached: every node of a cluster usually writes the same list, often all of 2-4094.
    ranges, problem = parse_vids(text)
    if problem:  # BR-08 reports it on the node itself
        return None
    return frozenset(v for a, b in ranges for v in range(a, b + 1))


def vid_ranges(vids: Iterable[int]) -> list[tuple[int, int]]:
    """1 2 3 7 9 10 -> [(1, 3), (7, 7), (9, 10)]: the IDs as maximal runs, in order."""
    items = sorted(set(vids))
    if not items:
        return []
    # A run breaks wherever the next ID is not one more; one comprehension, as 2-4094 is 4093 IDs.
    breaks = [(a, b) for a, b in itertools.pairwise(items) if b != a + 1]
    starts = [items[0], *(b for _, b in breaks)]
    ends = [*(a for a, _ in breaks), items[-1]]
    return list(zip(starts, ends, strict=True))


def vids_text(vids: Iterable[int]) -> str:
    """1 2 3 7 9 10 -> '1-3 7 9-10', the way bridge-vids writes them."""
    return " ".join(str(a) if a == b else f"{a}-{b}" for a, b in vid_ranges(vids))


def _describe_bridge(host: _Host, bridge: Interface) -> str:
    if vlan_aware(host.net, bridge):
        return f"VLAN aware, bridge-vids {bridge.bridge.vids or DEFAULT_VIDS}"
    return "not VLAN aware"


def _check_bridges(hosts: list[_Host], out: _Out) -> None:
    linux = {h.name: _linux_bridges(h) for h in hosts}
    ovs = {h.name: _ovs_bridges(h) for h in hosts}
    names = sorted({b for bridges in linux.values() for b in bridges}, key=natural_key)
    for name in names:
        having = [h for h in hosts if name in linux[h.name]]
        present = [h.name for h in hosts if name in linux[h.name] or name in ovs[h.name]]
        _bridge_missing_on_a_node(name, hosts, having[0], linux[having[0].name][name], present, out)
        _check_vlan_awareness(name, having, linux, out)
        _check_vids(name, [h for h in having if vlan_aware(h.net, linux[h.name][name])], linux, out)


def _bridge_missing_on_a_node(
    name: str, hosts: list[_Host], example: _Host, template: Interface, present: list[str], out: _Out
) -> None:
    """CLUSTER-02: a Linux bridge that some node lacks (as a Linux or an OVS bridge)."""
    shape = _describe_bridge(example, template)
    ports = [p for p in template.bridge.ports if p != "none"]
    uplink = (
        f"with a port into the same network ({' '.join(ports)} on {example.name})"
        if ports
        else "without ports, as there"
    )
    for host in hosts:
        if host.name in present:
            continue
        out.add(
            "CLUSTER-02",
            ERROR,
            host.name,
            name,
            f"Bridge {name} exists on {_listing(present)} but not on {host.name}: guests attached to {name} "
            f"cannot migrate to {host.name}, and HA cannot start them there.",
            f"Create {name} on {host.name} like on {example.name} ({shape}), {uplink}; if {name} is meant to "
            "stay local, keep guests that must migrate off it.",
        )


def _check_vlan_awareness(name: str, having: list[_Host], linux: dict, out: _Out) -> None:
    """CLUSTER-03: a bridge that is VLAN aware on some nodes only."""
    aware = {h.name: vlan_aware(h.net, linux[h.name][name]) for h in having}
    majority, report = _disagreements(aware)
    for host in report:
        others_aware = [h for h, v in aware.items() if v and h != host]
        others_plain = [h for h, v in aware.items() if not v and h != host]
        if aware[host]:
            message = (
                f"{name} is VLAN aware on {host} but not on {_listing(others_plain)}: tagged guests are connected "
                "differently on each side of a migration, and VLAN trunks only work on the VLAN-aware side."
            )
        else:
            message = (
                f"{name} is not VLAN aware on {host} but is on {_listing(others_aware)}: guests with VLAN trunks "
                f"cannot run on {host}, and tagged guests get a separate VLAN bridge there instead."
            )
        if majority is None:
            hint = f"Choose one setting for {name} and use it on every node."
        elif majority:
            hint = f"Set bridge-vlan-aware yes on {name} on {host}, with the same bridge-vids as the other nodes."
        else:
            hint = f"Remove bridge-vlan-aware from {name} on {host}, as on the other nodes, or change every node."
        out.add("CLUSTER-03", WARNING, host, name, message, hint)


def _check_vids(name: str, aware: list[_Host], linux: dict, out: _Out) -> None:
    """CLUSTER-04: a VLAN-aware bridge that allows different VLANs on different nodes."""
    sets = {h.name: _vids(h, linux[h.name][name]) for h in aware}
    sets = {h: s for h, s in sets.items() if s is not None}
    if len(set(sets.values())) < 2:  # every node allows the same VLANs (the sets are cached, so this is cheap)
        return
    union = frozenset().union(*sets.values())
    for host, vids in sets.items():
        missing = union - vids
        if not missing:
            continue
        others = [h for h, s in sets.items() if h != host and s & missing]
        text = vids_text(missing)
        out.add(
            "CLUSTER-04",
            WARNING,
            host,
            name,
            f"{name} on {host} does not allow VLAN {text}, which {name} allows on {_listing(others)}: a guest "
            f"tagged with such a VLAN loses its network after migrating to {host}.",
            f"Add {text} to bridge-vids of {name} on {host}, or use the same bridge-vids on every node.",
        )


# Addresses -----------------------------------------------------------------------------


def _usable(ip: IPInterface) -> bool:
    return not (ip.ip.is_loopback or ip.ip.is_link_local or ip.ip.is_unspecified)


def _addresses(host: _Host) -> list[tuple[Interface, IPInterface]]:
    found = []
    for iface in host.net.by_name.values():
        if iface.kind == Kind.LOOPBACK:
            continue
        for addr in host.net.addresses(iface):
            if addr.ip is not None and _usable(addr.ip):
                found.append((iface, addr.ip))
    return found


def _check_duplicate_addresses(hosts: list[_Host], out: _Out) -> None:
    """CLUSTER-05: one address on two nodes (the same address twice on one host is IP-05)."""
    where: dict[ipaddress.IPv4Address | ipaddress.IPv6Address, dict[str, list[str]]] = {}
    for host in hosts:
        for iface, ip in _addresses(host):
            where.setdefault(ip.ip, {}).setdefault(host.name, []).append(iface.name)
    for ip, by_host in where.items():
        if len(by_host) < 2:
            continue
        for host, ifaces in by_host.items():
            others = [f"{h} ({', '.join(sorted(n))})" for h, n in by_host.items() if h != host]
            for iface in sorted(ifaces):
                out.add(
                    "CLUSTER-05",
                    ERROR,
                    host,
                    iface,
                    f"{ip} on {iface} of {host} is also configured on {_listing(others)}; the hosts will take "
                    "each other's traffic.",
                    f"Give {host} its own address on {iface}, or remove the address from the other host.",
                )


# CLUSTER-06, 07, 08: corosync links -----------------------------------------------------


@dataclass(frozen=True)
class _ClusterAddress:
    host: str
    iface: str
    ip: IPInterface


def _cluster_addresses(host: _Host) -> list[_ClusterAddress]:
    """The addresses corosync can use on this host: those of the interfaces that carry
    the cluster network themselves; with declared cluster networks, only the ones in them."""
    paths = cluster.cluster_paths(host.net, host.ctx)
    found = []
    for root in paths.roots:
        iface = host.net.by_name[root]
        ips = [a.ip for a in host.net.addresses(iface) if a.ip is not None and _usable(a.ip)]
        declared = [ip for ip in ips if _in_declared(ip, host.ctx.cluster_networks)]
        found.extend(_ClusterAddress(host.name, root, ip) for ip in (declared or ips))
    return found


def _in_declared(ip: IPInterface, networks: Iterable[IPNetwork]) -> IPNetwork | None:
    for network in networks:
        if ip.version == network.version and ip.ip in network:
            return network
    return None


class _Links:
    """The corosync links: cluster addresses grouped by overlapping subnets, or by a
    declared cluster network that holds them."""

    def __init__(self, addresses: list[_ClusterAddress], declared: list[IPNetwork]):
        self.addresses = addresses
        parent = list(range(len(addresses)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        home = [_in_declared(a.ip, declared) for a in addresses]
        for i, a in enumerate(addresses):
            for j in range(i):
                b = addresses[j]
                same = a.ip.version == b.ip.version and (
                    a.ip.network.overlaps(b.ip.network) or (home[i] is not None and home[i] == home[j])
                )
                if same:
                    parent[find(i)] = find(j)
        groups: dict[int, list[int]] = {}
        for i in range(len(addresses)):
            groups.setdefault(find(i), []).append(i)
        self.links = [[addresses[i] for i in members] for members in groups.values()]
        self.labels = [
            self._label(link, [home[i] for i in members])
            for link, members in zip(self.links, groups.values(), strict=True)
        ]

    @staticmethod
    def _label(link: list[_ClusterAddress], homes: list[IPNetwork | None]) -> str:
        declared = next((h for h in homes if h is not None), None)
        if declared is not None:
            return str(declared)
        counts = Counter(a.ip.network for a in link)
        return str(max(counts, key=lambda n: (counts[n], -n.prefixlen, str(n))))

    def hosts(self, link: list[_ClusterAddress]) -> list[str]:
        return list(dict.fromkeys(a.host for a in link))


@dataclass
class _Corosync:
    """The corosync side of the nodes: their cluster addresses and who takes part."""

    addresses: list[_ClusterAddress]
    declared: list[IPNetwork]
    with_addresses: list[str]  # nodes with a cluster address
    taking_part: list[str]  # those, and nodes told the cluster networks (CLUSTER-07 when they lack one)

    def links(self) -> _Links:
        return _Links(self.addresses, self.declared)


def _corosync(hosts: list[_Host]) -> _Corosync:
    addresses = [a for h in hosts for a in _cluster_addresses(h)]
    with_addresses = list(dict.fromkeys(a.host for a in addresses))
    return _Corosync(
        addresses=addresses,
        declared=list(dict.fromkeys(n for h in hosts for n in h.ctx.cluster_networks)),
        with_addresses=with_addresses,
        # Who takes part: a node with a cluster address, or one told the cluster networks
        # (then having no address in them is exactly what is wrong).
        taking_part=[h.name for h in hosts if h.ctx.cluster_networks or h.name in with_addresses],
    )


def _check_corosync_links(hosts: list[_Host], out: _Out) -> None:
    corosync = _corosync(hosts)
    with_addresses, taking_part = corosync.with_addresses, corosync.taking_part
    if len(taking_part) < 2:
        return  # nothing to compare; CLUSTER-01 speaks for a lone node
    links = corosync.links()
    everything = list(zip(links.links, links.labels, strict=True))
    shared = [(link, label) for link, label in everything if len(links.hosts(link)) > 1]
    lone = [(link, label) for link, label in everything if len(links.hosts(link)) == 1]
    on_shared = {h for link, _ in shared for h in links.hosts(link)}
    for link, label in shared:
        _check_one_subnet(link, label, out)
    _address_only_one_node_has([(link, label) for link, label in lone if link[0].host in on_shared], out)
    cut_off: set[str] = set()
    if len(with_addresses) > 1:
        cut_off = _node_cut_off([(lk, lb) for lk, lb in lone if lk[0].host not in on_shared], everything, out)
    # With no shared link at all, the one node that has addresses sets the links.
    reference = shared or (everything if len(with_addresses) == 1 else [])
    _node_missing_from_a_link(links, reference, [h for h in taking_part if h not in cut_off], out)
    if len(shared) == 1:
        _single_corosync_link(links, *shared[0], out)


_Link = tuple[list[_ClusterAddress], str]  # a link's addresses and its label


def _address_only_one_node_has(lone: list[_Link], out: _Out) -> None:
    """CLUSTER-07: an extra cluster address that only one node has, beside its shared links."""
    for link, label in lone:
        address = link[0]
        host = address.host
        out.add(
            "CLUSTER-07",
            WARNING,
            host,
            address.iface,
            f"Only {host} has a cluster address in {label} ({address.ip} on {address.iface}); a corosync link "
            "needs an address on every node, so this one adds no redundancy.",
            f"Give every node an address in {label} on a separate NIC to make it a second link, or stop "
            f"using {address.iface} for the cluster network.",
        )


def _node_cut_off(lone: list[_Link], everything: list[_Link], out: _Out) -> set[str]:
    """CLUSTER-06: a node whose cluster address shares no subnet with any other node's.

    The nodes reported, which CLUSTER-07 then leaves alone."""
    cut_off: set[str] = set()
    for link, _ in lone:
        address = link[0]
        host = address.host
        cut_off.add(host)
        used = [lb for other, lb in everything if other[0].host != host]
        out.add(
            "CLUSTER-06",
            ERROR,
            host,
            address.iface,
            f"The cluster address {address.ip} of {host} on {address.iface} is in {address.ip.network}, where "
            f"no other node has one; the other nodes use {_listing(used)}, so {host} cannot reach them over the "
            "cluster network.",
            f"Put {address.iface} on {host} into the other nodes' subnet ({used[0]}), checking its address and "
            "prefix length, or give the other nodes an address in its subnet as well.",
        )
    return cut_off


def _node_missing_from_a_link(links: _Links, reference: list[_Link], taking_part: list[str], out: _Out) -> None:
    """CLUSTER-07: a node that takes part but has no address on a link the others use."""
    for link, label in reference:
        on_link = links.hosts(link)
        for host in taking_part:
            if host in on_link:
                continue
            out.add(
                "CLUSTER-07",
                WARNING,
                host,
                "",
                f"{host} has no address on the corosync link {label} that {_listing(on_link)} "
                f"{'uses' if len(on_link) == 1 else 'use'}, so that link cannot reach {host}.",
                f"Give {host} an address in {label}, on a NIC of its own if it is the second link.",
            )


def _single_corosync_link(links: _Links, link: list[_ClusterAddress], label: str, out: _Out) -> None:
    """CLUSTER-08 (advice): one corosync link for the whole cluster."""
    for host in links.hosts(link):
        iface = next(a.iface for a in link if a.host == host)
        out.add(
            "CLUSTER-08",
            INFO,
            host,
            iface,
            f"The cluster has a single corosync link ({label}), which runs over {iface} on {host}; if that "
            "network fails, the nodes lose quorum and HA fences them.",
            "Add a second corosync link on a separate NIC (ideally through another switch) on every node and "
            "enter it as link1 of the cluster.",
        )


def _check_one_subnet(link: list[_ClusterAddress], label: str, out: _Out) -> None:
    """CLUSTER-06: all addresses of one link in one subnet (same network, same prefix)."""
    by_host: dict[str, _ClusterAddress] = {}
    for a in link:
        by_host.setdefault(a.host, a)
    majority, report = _disagreements({h: a.ip.network for h, a in by_host.items()})
    for host in report:
        a = by_host[host]
        if majority is not None:
            others = [h for h, b in by_host.items() if b.ip.network == majority]
            message = (
                f"The cluster address {a.ip} of {host} on {a.iface} is in {a.ip.network}, but {_listing(others)} "
                f"use {majority} for the same corosync link."
            )
            hint = f"Use {majority} on {a.iface} of {host}: check its address and prefix length."
        else:
            others = [f"{h} {b.ip.network}" for h, b in by_host.items() if h != host]
            message = (
                f"The nodes disagree on the subnet of the corosync link {label}: {host} uses {a.ip.network} on "
                f"{a.iface}, {_listing(others)}."
            )
            hint = "Use one subnet with one prefix length for this link on every node."
        out.add("CLUSTER-06", ERROR, host, a.iface, message, hint)


# CLUSTER-09: MTU per network ----------------------------------------------------------


def effective_mtu(net: Net, iface: Interface) -> int | None:
    """The MTU an interface ends up with: its own, else what it inherits (a VLAN its
    parent's, a bridge its smallest port's, a bond its members' common one), else 1500.
    None for interfaces netwizard does not model (OVS and other stanzas)."""
    return _effective_mtu(net, iface, set())


def _effective_mtu(net: Net, iface: Interface, seen: set[str]) -> int | None:
    own = mtu_of(net, iface)
    if own is not None:
        return own
    if iface.name in seen:  # a loop in the stack is reported by the host's own rules
        return DEFAULT_MTU
    seen = seen | {iface.name}

    def lower(name: str) -> int | None:
        return _lower_mtu(net, name, seen)

    if iface.kind == Kind.VLAN and iface.vlan:
        return lower(iface.vlan.raw_device) or DEFAULT_MTU
    if iface.kind == Kind.BRIDGE and iface.bridge:
        ports = [m for m in (lower(p) for p in iface.bridge.ports if p != "none") if m]
        return min(ports, default=DEFAULT_MTU)
    if iface.kind == Kind.BOND and iface.bond:
        members = {mtu_of(net, m) for m in (net.by_name.get(s) for s in iface.bond.slaves) if m is not None}
        return members.pop() if len(members) == 1 and None not in members else DEFAULT_MTU
    if iface.kind == Kind.NIC:
        return DEFAULT_MTU
    return None


def _lower_mtu(net: Net, name: str, seen: set[str]) -> int | None:
    iface = net.by_name.get(name)
    if iface is not None:
        return _effective_mtu(net, iface, seen)
    m = DOTTED.fullmatch(name)  # an implicit X.N port rides on X
    return _lower_mtu(net, m.group(1), seen) if m else None


def _mtus_by_network(hosts: list[_Host]) -> dict[IPNetwork, dict[str, tuple[str, int]]]:
    """network -> host -> (the interface with an address in it, its effective MTU)."""
    networks: dict[IPNetwork, dict[str, tuple[str, int]]] = {}
    for host in hosts:
        for iface, ip in sorted(_addresses(host), key=lambda x: x[0].name):
            if ip.network.num_addresses == 1:  # a host route names no shared network
                continue
            mtu = effective_mtu(host.net, iface)
            if mtu is not None:
                networks.setdefault(ip.network, {}).setdefault(host.name, (iface.name, mtu))
    return networks


def _check_mtus(hosts: list[_Host], out: _Out) -> None:
    """CLUSTER-09: the nodes use different MTUs in one network."""
    for network, by_host in _mtus_by_network(hosts).items():
        majority, report = _disagreements({h: mtu for h, (_, mtu) in by_host.items()})
        for host in report:
            iface, mtu = by_host[host]
            if majority is not None:
                others = [h for h, (_, m) in by_host.items() if m == majority]
                message = (
                    f"{iface} on {host} is in {network} with MTU {mtu}, but {_listing(others)} use MTU {majority} "
                    "there; large packets between them are dropped."
                )
                hint = (
                    f"Set MTU {majority} on {iface} of {host} (on the NIC or bond under it, if it inherits its "
                    f"MTU), and the same on the switch ports."
                )
            else:
                others = [f"{h} {m}" for h, (_, m) in by_host.items() if h != host]
                message = (
                    f"The nodes use different MTUs in {network}: {host} has {mtu} on {iface}, {_listing(others)}; "
                    "large packets between them are dropped."
                )
                hint = f"Choose one MTU for {network} and set it on every node and on the switch ports."
            out.add("CLUSTER-09", WARNING, host, iface, message, hint)


# The verdict: what was compared, and whether the nodes agree on it ---------------------

AGREE = "agree"
DIFFER = "differ"
NOT_CHECKED = "not checked"

# Which codes speak against which clause. CLUSTER-08 (one corosync link) is advice: the
# nodes agree on that one link, so it does not make the cluster-network clause false.
CLAUSE_CODES = {
    "Bridges": frozenset({"CLUSTER-02", "CLUSTER-03", "CLUSTER-04"}),
    "Addresses": frozenset({"CLUSTER-05"}),
    "Cluster network": frozenset({"CLUSTER-06", "CLUSTER-07"}),
    "MTUs": frozenset({"CLUSTER-09"}),
}
_LISTED = 6  # values a clause names before "and N more"
CLUSTER_NET = "the cluster network"


@dataclass(frozen=True)
class Clause:
    """One thing the CLUSTER-* rules compare, and what came of it.

    `status`: AGREE (compared across at least two nodes, and no finding speaks against
    it), DIFFER (findings do; `codes` names them) or NOT_CHECKED (nothing to compare, or
    a node lacks what the comparison needs). `text` completes "topic: status — …": what
    was compared and found, or why it was not compared."""

    topic: str
    status: str
    text: str
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    summary: str
    clauses: tuple[Clause, ...]

    @property
    def agree(self) -> bool:
        """True only when every clause was compared and holds."""
        return bool(self.clauses) and all(c.status == AGREE for c in self.clauses)


def cluster_verdict(nodes: Nodes, findings: Iterable[Finding] | None = None) -> Verdict:
    """What the cluster page may say about the nodes as a whole, clause by clause.

    Computed from the data the CLUSTER-* rules read, through the same helpers, so a
    clause is AGREE only when its rules had values of at least two nodes to compare and
    found nothing. `findings` are `check_cluster(nodes)`'s when the caller has them
    already (computed otherwise); codes of other rules in them are ignored."""
    hosts = _hosts(nodes)
    if findings is None:
        findings = check_cluster(nodes)
    raised: dict[str, list[str]] = {topic: [] for topic in CLAUSE_CODES}
    for f in findings:
        for topic, codes in CLAUSE_CODES.items():
            if f.code in codes and f.code not in raised[topic]:
                raised[topic].append(f.code)
    if len(hosts) < 2:
        only = hosts[0].name if hosts else "No node"
        return Verdict(summary=f"{only} is the only node, so there is nothing to compare across nodes.", clauses=())
    clauses = (
        _bridges_clause(hosts, raised["Bridges"]),
        _addresses_clause(hosts, raised["Addresses"]),
        _cluster_network_clause(hosts, raised["Cluster network"]),
        _mtus_clause(hosts, raised["MTUs"]),
    )
    statuses = {c.status for c in clauses}
    names = _listing([h.name for h in hosts])
    if statuses == {AGREE}:
        summary = f"{names} agree on everything netwizard compares:"
    elif DIFFER in statuses:
        summary = f"{names} do not agree everywhere:"
    else:
        summary = f"Not everything could be compared; where it could, {names} agree:"
    return Verdict(summary=summary, clauses=clauses)


def _some(items: list[str]) -> str:
    if len(items) <= _LISTED:
        return _listing(items)
    return ", ".join(items[:_LISTED]) + f" and {len(items) - _LISTED} more"


def _differ(topic: str, codes: list[str], what: str, also: str = "") -> Clause:
    codes = sorted(codes, key=code_key)
    return Clause(topic, DIFFER, f"{what} ({', '.join(codes)} below){also}.", tuple(codes))


def _bridges_clause(hosts: list[_Host], codes: list[str]) -> Clause:
    topic = "Bridges"
    linux = {h.name: _linux_bridges(h) for h in hosts}
    names = sorted({b for bridges in linux.values() for b in bridges}, key=natural_key)
    if not names:
        return Clause(topic, NOT_CHECKED, "no node has a Linux bridge.")
    if codes:
        return _differ(topic, codes, "the nodes do not have the same Linux bridges, set up alike")
    aware = [n for n in names if any(vlan_aware(h.net, linux[h.name][n]) for h in hosts if n in linux[h.name])]
    text = f"every node has the same Linux bridges ({_some(names)})"
    if aware:
        verb = "is" if len(aware) == 1 else "are"
        text += f", and {_some(aware)} {verb} VLAN aware on every node, allowing the same VLANs"
    else:
        text += ", none of them VLAN aware"
    ovs = {h.name: _ovs_bridges(h) for h in hosts}
    for name in names:
        on_ovs = [h.name for h in hosts if name not in linux[h.name] and name in ovs[h.name]]
        if on_ovs:
            text += f"; {name} is an Open vSwitch bridge on {_listing(on_ovs)}, so only its presence was compared"
        unreadable = [
            h.name
            for h in hosts
            if name in linux[h.name]
            and vlan_aware(h.net, linux[h.name][name])
            and _vids(h, linux[h.name][name]) is None
        ]
        if unreadable:
            text += f"; the bridge-vids of {name} on {_listing(unreadable)} cannot be read, so were not compared"
    return Clause(topic, AGREE, text + ".")


def _addresses_clause(hosts: list[_Host], codes: list[str]) -> Clause:
    topic = "Addresses"
    counts = {h.name: len(_addresses(h)) for h in hosts}
    having = [h for h, n in counts.items() if n]
    if len(having) < 2:
        return Clause(topic, NOT_CHECKED, f"{f'only {having[0]}' if having else 'no node'} has an IP address.")
    if codes:
        return _differ(topic, codes, "an IP address is configured on more than one node")
    return Clause(
        topic, AGREE, f"no IP address is configured on two nodes ({sum(counts.values())} addresses compared)."
    )


def _cluster_network_clause(hosts: list[_Host], codes: list[str]) -> Clause:
    topic = "Cluster network"
    corosync = _corosync(hosts)
    unmarked, reasons = [], []
    for host in hosts:
        if host.name in corosync.taking_part:
            continue
        roots = cluster.cluster_paths(host.net, host.ctx).roots
        if roots:
            reasons.append(f"{host.name} marks {_listing(roots)} as carrying {CLUSTER_NET} but has no address there")
        else:
            unmarked.append(host.name)
    if len(unmarked) == len(hosts):
        return Clause(topic, NOT_CHECKED, f"no node has an interface marked as carrying {CLUSTER_NET}.")
    if unmarked:
        verb = "has" if len(unmarked) == 1 else "have"
        reasons.insert(0, f"{_listing(unmarked)} {verb} no interface marked as carrying {CLUSTER_NET}")
    why = "; ".join(reasons)
    if codes:
        return _differ(topic, codes, "the nodes' corosync links do not match", f"; not checked: {why}" if why else "")
    compared = corosync.taking_part
    if len(compared) < 2:
        return Clause(topic, NOT_CHECKED, f"{why}.")
    labels = corosync.links().labels
    links = f"the corosync link {labels[0]}" if len(labels) == 1 else f"each of the corosync links {_some(labels)}"
    held = f"an address on {links}, with the same subnet and prefix length"
    if why:
        return Clause(topic, NOT_CHECKED, f"{why}. {_listing(compared)} have {held}.")
    return Clause(topic, AGREE, f"every node has {held}.")


def _mtus_clause(hosts: list[_Host], codes: list[str]) -> Clause:
    topic = "MTUs"
    shared = {n: by_host for n, by_host in _mtus_by_network(hosts).items() if len(by_host) > 1}
    if not shared:
        return Clause(topic, NOT_CHECKED, "no IP network has addresses on more than one node.")
    if codes:
        return _differ(topic, codes, "the nodes use different MTUs on a network they share")
    each = [f"{network} MTU {next(iter(by_host.values()))[1]}" for network, by_host in shared.items()]
    return Clause(
        topic, AGREE, f"each IP network with addresses on several nodes has one MTU on all of them: {_some(each)}."
    )
