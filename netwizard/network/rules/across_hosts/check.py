"""The cross-host comparison itself: every CLUSTER-* family over the same sorted nodes,
and the nodes' own findings beside them.

With the cluster's own configuration (`ClusterConfig`: corosync.conf, ceph.conf, the
nodes' /etc/hosts), the interfaces corosync.conf's addresses are on carry the cluster
network too (`with_config`), whether or not the inventory or the wizard's answers say so:
BOND-26 and the other cluster rules then judge the real links, and the links are checked
against the configuration (configured.py) instead of being guessed from the marked
interfaces (corosync.py). An interface marked but not in corosync.conf still counts (the
wizard shows where the answer and the configuration disagree): a false "carries it"
only asks for active-backup, a missed one would let a wrong mode through.
"""

from __future__ import annotations

import dataclasses

from ...query.context import Context
from ...query.roles import ClusterConfig, Roles, cluster_roles
from ..findings import Finding
from ..one_host import check
from .addresses import check_duplicate_addresses
from .configured import check_configured
from .corosync import check_corosync_links
from .guest_bridges import check_bridges
from .mtus import check_mtus
from .nodes import Nodes, Out, sort_findings, sorted_hosts


def with_config(nodes: Nodes, config: ClusterConfig | None) -> tuple[Nodes, Roles]:
    """The nodes with the cluster network where corosync.conf puts it, and the roles read."""
    if config is None:
        return nodes, Roles()
    roles = cluster_roles({name: network for name, (network, _) in nodes.items()}, config)
    if config.corosync is None:
        return nodes, roles
    configured = {}
    for name, (network, ctx) in nodes.items():
        context = ctx or Context()
        derived = context.cluster_interfaces | roles.cluster_interfaces(name)
        configured[name] = (network, dataclasses.replace(context, cluster_interfaces=derived))
    return configured, roles


# A node's own finding that the cross-host corosync rules replace (see the package docstring).
SUPERSEDED_BY = {"CLUSTER-01": frozenset({"CLUSTER-07", "CLUSTER-08", "CLUSTER-12"})}


def check_cluster(nodes: Nodes, config: ClusterConfig | None = None) -> list[Finding]:
    """The cross-host findings (CLUSTER-02 onwards), each naming its host."""
    nodes, roles = with_config(nodes, config)
    hosts = sorted_hosts(nodes)
    out = Out()
    check_bridges(hosts, out)
    check_duplicate_addresses(hosts, out)
    if config is None or config.corosync is None:
        check_corosync_links(hosts, out)
    check_mtus(hosts, out)
    if config is not None:
        check_configured(hosts, roles, config, out)
    return out.sorted(hosts)


def check_nodes(nodes: Nodes, config: ClusterConfig | None = None) -> list[Finding]:
    """Every finding of every node (its own `check`, tagged with its host) plus the
    cross-host ones, errors first, then by host and the place in that host's file."""
    cross = check_cluster(nodes, config)
    nodes, _ = with_config(nodes, config)
    hosts = sorted_hosts(nodes)
    named = {(f.host, f.code) for f in cross}
    findings = list(cross)
    for host in hosts:
        for f in check(host.network, host.ctx):
            replaced_by = SUPERSEDED_BY.get(f.code, frozenset())
            if any((host.name, code) in named for code in replaced_by):
                continue
            findings.append(dataclasses.replace(f, host=host.name))
    return sort_findings(findings, hosts)
