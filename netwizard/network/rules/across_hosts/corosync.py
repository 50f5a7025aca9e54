"""CLUSTER-06, 07, 08: the corosync links, which every node needs an address on, in one subnet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ...wording import listing
from .. import cluster
from ..findings import ERROR, INFO, WARNING
from .nodes import Host, IPInterface, IPNetwork, Out, disagreements, usable


@dataclass(frozen=True)
class _ClusterAddress:
    host: str
    iface: str
    ip: IPInterface


def _cluster_addresses(host: Host) -> list[_ClusterAddress]:
    """The addresses corosync can use on this host: those of the interfaces that carry
    the cluster network themselves; with declared cluster networks, only the ones in them."""
    paths = cluster.cluster_paths(host.net, host.ctx)
    found: list[_ClusterAddress] = []
    for root in paths.roots:
        iface = host.net.by_name[root]
        ips = [a.ip for a in host.net.addresses(iface) if a.ip is not None and usable(a.ip)]
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
class Corosync:
    """The corosync side of the nodes: their cluster addresses and who takes part."""

    addresses: list[_ClusterAddress]
    declared: list[IPNetwork]
    with_addresses: list[str]  # nodes with a cluster address
    taking_part: list[str]  # those, and nodes told the cluster networks (CLUSTER-07 when they lack one)

    def links(self) -> _Links:
        return _Links(self.addresses, self.declared)


def corosync_of(hosts: list[Host]) -> Corosync:
    addresses = [a for h in hosts for a in _cluster_addresses(h)]
    with_addresses = list(dict.fromkeys(a.host for a in addresses))
    return Corosync(
        addresses=addresses,
        declared=list(dict.fromkeys(n for h in hosts for n in h.ctx.cluster_networks)),
        with_addresses=with_addresses,
        # Who takes part: a node with a cluster address, or one told the cluster networks
        # (then having no address in them is exactly what is wrong).
        taking_part=[h.name for h in hosts if h.ctx.cluster_networks or h.name in with_addresses],
    )


def check_corosync_links(hosts: list[Host], out: Out) -> None:
    corosync = corosync_of(hosts)
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


def _address_only_one_node_has(lone: list[_Link], out: Out) -> None:
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


def _node_cut_off(lone: list[_Link], everything: list[_Link], out: Out) -> set[str]:
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
            f"no other node has one; the other nodes use {listing(used)}, so {host} cannot reach them over the "
            "cluster network.",
            f"Put {address.iface} on {host} into the other nodes' subnet ({used[0]}), checking its address and "
            "prefix length, or give the other nodes an address in its subnet as well.",
        )
    return cut_off


def _node_missing_from_a_link(links: _Links, reference: list[_Link], taking_part: list[str], out: Out) -> None:
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
                f"{host} has no address on the corosync link {label} that {listing(on_link)} "
                f"{'uses' if len(on_link) == 1 else 'use'}, so that link cannot reach {host}.",
                f"Give {host} an address in {label}, on a NIC of its own if it is the second link.",
            )


def _single_corosync_link(links: _Links, link: list[_ClusterAddress], label: str, out: Out) -> None:
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


def _check_one_subnet(link: list[_ClusterAddress], label: str, out: Out) -> None:
    """CLUSTER-06: all addresses of one link in one subnet (same network, same prefix)."""
    by_host: dict[str, _ClusterAddress] = {}
    for a in link:
        by_host.setdefault(a.host, a)
    majority, report = disagreements({h: a.ip.network for h, a in by_host.items()})
    for host in report:
        a = by_host[host]
        if majority is not None:
            others = [h for h, b in by_host.items() if b.ip.network == majority]
            message = (
                f"The cluster address {a.ip} of {host} on {a.iface} is in {a.ip.network}, but {listing(others)} "
                f"use {majority} for the same corosync link."
            )
            hint = f"Use {majority} on {a.iface} of {host}: check its address and prefix length."
        else:
            others = [f"{h} {b.ip.network}" for h, b in by_host.items() if h != host]
            message = (
                f"The nodes disagree on the subnet of the corosync link {label}: {host} uses {a.ip.network} on "
                f"{a.iface}, {listing(others)}."
            )
            hint = "Use one subnet with one prefix length for this link on every node."
        out.add("CLUSTER-06", ERROR, host, a.iface, message, hint)
