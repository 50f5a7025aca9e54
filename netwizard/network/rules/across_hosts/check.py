"""The cross-host comparison itself: every CLUSTER-* family over the same sorted nodes,
and the nodes' own findings beside them."""

from __future__ import annotations

import dataclasses

from ..findings import Finding
from ..one_host import check
from .addresses import check_duplicate_addresses
from .corosync import check_corosync_links
from .guest_bridges import check_bridges
from .mtus import check_mtus
from .nodes import Nodes, Out, sort_findings, sorted_hosts

# A node's own finding that the cross-host corosync rules replace (see the package docstring).
SUPERSEDED_BY = {"CLUSTER-01": frozenset({"CLUSTER-07", "CLUSTER-08"})}


def check_cluster(nodes: Nodes) -> list[Finding]:
    """The cross-host findings (CLUSTER-02 onwards), each naming its host."""
    hosts = sorted_hosts(nodes)
    out = Out()
    check_bridges(hosts, out)
    check_duplicate_addresses(hosts, out)
    check_corosync_links(hosts, out)
    check_mtus(hosts, out)
    return out.sorted(hosts)


def check_nodes(nodes: Nodes) -> list[Finding]:
    """Every finding of every node (its own `check`, tagged with its host) plus the
    cross-host ones, errors first, then by host and the place in that host's file."""
    hosts = sorted_hosts(nodes)
    cross = check_cluster(nodes)
    named = {(f.host, f.code) for f in cross}
    findings = list(cross)
    for host in hosts:
        for f in check(host.network, host.ctx):
            replaced_by = SUPERSEDED_BY.get(f.code, frozenset())
            if any((host.name, code) in named for code in replaced_by):
                continue
            findings.append(dataclasses.replace(f, host=host.name))
    return sort_findings(findings, hosts)
