"""The verdict: what the CLUSTER-* rules compared, and whether the nodes agree on it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ...query.roles import ClusterConfig
from ...query.vids import vlan_aware
from ...wording import listing
from .. import cluster
from ..findings import Finding
from . import configured_clauses
from .check import check_cluster, with_config
from .clause import AGREE, DIFFER, NOT_CHECKED, Clause
from .clause import differ as _differ
from .corosync import corosync_of
from .guest_bridges import bridge_vids, linux_bridges, ovs_bridges
from .mtus import mtus_by_network
from .nodes import Host, Nodes, host_addresses, natural_key, sorted_hosts

# Which codes speak against which clause. CLUSTER-08 (one corosync link) is advice: the
# nodes agree on that one link, so it does not make the cluster-network clause false.
CLAUSE_CODES = {
    "Bridges": frozenset({"CLUSTER-02", "CLUSTER-03", "CLUSTER-04"}),
    "Addresses": frozenset({"CLUSTER-05"}),
    "Cluster network": frozenset({"CLUSTER-06", "CLUSTER-07"}),
    "MTUs": frozenset({"CLUSTER-09"}),
}
# With the cluster's own configuration (configured.py): "Corosync links" instead of
# "Cluster network", and "Ceph networks" when ceph.conf is given.
CONFIGURED_CLAUSE_CODES = {
    "Corosync links": frozenset({"CLUSTER-10", "CLUSTER-11", "CLUSTER-12", "CLUSTER-14", "CLUSTER-19"}),
    "Ceph networks": frozenset({"CLUSTER-13", "CLUSTER-15", "CLUSTER-16", "CLUSTER-17"}),
}
_LISTED = 6  # values a clause names before "and N more"
CLUSTER_NET = "the cluster network"


@dataclass(frozen=True)
class Verdict:
    summary: str
    clauses: tuple[Clause, ...]

    @property
    def agree(self) -> bool:
        """True only when every clause was compared and holds."""
        return bool(self.clauses) and all(c.status == AGREE for c in self.clauses)


def cluster_verdict(
    nodes: Nodes, findings: Iterable[Finding] | None = None, config: ClusterConfig | None = None
) -> Verdict:
    """What the cluster page may say about the nodes as a whole, clause by clause.

    Computed from the data the CLUSTER-* rules read, through the same helpers, so a
    clause is AGREE only when its rules had values of at least two nodes to compare and
    found nothing. `findings` are `check_cluster(nodes, config)`'s when the caller has them
    already (computed otherwise); codes of other rules in them are ignored. With the
    cluster's configuration, its corosync links and Ceph networks are clauses of their own."""
    if findings is None:
        findings = check_cluster(nodes, config)
    nodes, roles = with_config(nodes, config)
    hosts = sorted_hosts(nodes)
    topics = {**CLAUSE_CODES, **CONFIGURED_CLAUSE_CODES}
    raised: dict[str, list[str]] = {topic: [] for topic in topics}
    for f in findings:
        for topic, codes in topics.items():
            if f.code in codes and f.code not in raised[topic]:
                raised[topic].append(f.code)
    if len(hosts) < 2:
        only = hosts[0].name if hosts else "No node"
        return Verdict(summary=f"{only} is the only node, so there is nothing to compare across nodes.", clauses=())
    configured = config is not None and config.corosync is not None
    clauses: tuple[Clause, ...] = (
        _bridges_clause(hosts, raised["Bridges"]),
        _addresses_clause(hosts, raised["Addresses"]),
        configured_clauses.corosync_clause(hosts, roles, raised["Corosync links"])
        if configured
        else _cluster_network_clause(hosts, raised["Cluster network"]),
        _mtus_clause(hosts, raised["MTUs"]),
    )
    if config is not None and config.ceph is not None:
        ceph = configured_clauses.ceph_clause(
            hosts, roles, config.ceph, raised["Ceph networks"], with_corosync=configured
        )
        clauses += (ceph,)
    statuses = {c.status for c in clauses}
    names = listing([h.name for h in hosts])
    if statuses == {AGREE}:
        summary = f"{names} agree on everything netwizard compares:"
    elif DIFFER in statuses:
        summary = f"{names} do not agree everywhere:"
    else:
        summary = f"Not everything could be compared; where it could, {names} agree:"
    return Verdict(summary=summary, clauses=clauses)


def _some(items: list[str]) -> str:
    if len(items) <= _LISTED:
        return listing(items)
    return ", ".join(items[:_LISTED]) + f" and {len(items) - _LISTED} more"


def _bridges_clause(hosts: list[Host], codes: list[str]) -> Clause:
    topic = "Bridges"
    linux = {h.name: linux_bridges(h) for h in hosts}
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
    ovs = {h.name: ovs_bridges(h) for h in hosts}
    for name in names:
        on_ovs = [h.name for h in hosts if name not in linux[h.name] and name in ovs[h.name]]
        if on_ovs:
            text += f"; {name} is an Open vSwitch bridge on {listing(on_ovs)}, so only its presence was compared"
        unreadable = [
            h.name
            for h in hosts
            if name in linux[h.name]
            and vlan_aware(h.net, linux[h.name][name])
            and bridge_vids(h, linux[h.name][name]) is None
        ]
        if unreadable:
            text += f"; the bridge-vids of {name} on {listing(unreadable)} cannot be read, so were not compared"
    return Clause(topic, AGREE, text + ".")


def _addresses_clause(hosts: list[Host], codes: list[str]) -> Clause:
    topic = "Addresses"
    counts = {h.name: len(host_addresses(h)) for h in hosts}
    having = [h for h, n in counts.items() if n]
    if len(having) < 2:
        return Clause(topic, NOT_CHECKED, f"{f'only {having[0]}' if having else 'no node'} has an IP address.")
    if codes:
        return _differ(topic, codes, "an IP address is configured on more than one node")
    return Clause(
        topic, AGREE, f"no IP address is configured on two nodes ({sum(counts.values())} addresses compared)."
    )


def _cluster_network_clause(hosts: list[Host], codes: list[str]) -> Clause:
    topic = "Cluster network"
    corosync = corosync_of(hosts)
    unmarked, reasons = [], []
    for host in hosts:
        if host.name in corosync.taking_part:
            continue
        roots = cluster.cluster_paths(host.net, host.ctx).roots
        if roots:
            reasons.append(f"{host.name} marks {listing(roots)} as carrying {CLUSTER_NET} but has no address there")
        else:
            unmarked.append(host.name)
    if len(unmarked) == len(hosts):
        return Clause(topic, NOT_CHECKED, f"no node has an interface marked as carrying {CLUSTER_NET}.")
    if unmarked:
        verb = "has" if len(unmarked) == 1 else "have"
        reasons.insert(0, f"{listing(unmarked)} {verb} no interface marked as carrying {CLUSTER_NET}")
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
        return Clause(topic, NOT_CHECKED, f"{why}. {listing(compared)} have {held}.")
    return Clause(topic, AGREE, f"every node has {held}.")


def _mtus_clause(hosts: list[Host], codes: list[str]) -> Clause:
    topic = "MTUs"
    shared = {n: by_host for n, by_host in mtus_by_network(hosts).items() if len(by_host) > 1}
    if not shared:
        return Clause(topic, NOT_CHECKED, "no IP network has addresses on more than one node.")
    if codes:
        return _differ(topic, codes, "the nodes use different MTUs on a network they share")
    each = [f"{network} MTU {next(iter(by_host.values()))[1]}" for network, by_host in shared.items()]
    return Clause(
        topic, AGREE, f"each IP network with addresses on several nodes has one MTU on all of them: {_some(each)}."
    )
