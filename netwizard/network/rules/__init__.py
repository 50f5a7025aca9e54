"""The rules: everything netwizard judges about a host's network, in one place.

`check(network, context)` returns the findings of the catalogue in
`reference/bonding-rules.md` §7 plus Proxmox's save-time checks; `recommend_bond_mode`
answers the wizard's bond questions. Each rule family lives in its own module.
`check_cluster(nodes)` / `check_nodes(nodes)` compare the nodes of a cluster
(CLUSTER-02 onwards, `across_hosts.py`), and `cluster_verdict(nodes)` says what that
comparison covered and whether the nodes agree on it.
"""

from __future__ import annotations

from ..model import HostNetwork
from . import addresses, bonds, bridges, cluster, fmt, mtu, vlans
from .across_hosts import Verdict, check_cluster, check_nodes, cluster_verdict
from .context import (
    IFUPDOWN1,
    INDEPENDENT,
    PROXMOX_IFUPDOWN2,
    SINGLE,
    STACK,
    STOCK_IFUPDOWN2,
    Context,
    SwitchFacts,
)
from .findings import ERROR, INFO, WARNING, Finding, Findings
from .index import Net
from .recommend import Answers, ModeChoice, Recommendation, recommend_bond_mode

__all__ = [
    "ERROR",
    "IFUPDOWN1",
    "INDEPENDENT",
    "INFO",
    "PROXMOX_IFUPDOWN2",
    "SINGLE",
    "STACK",
    "STOCK_IFUPDOWN2",
    "WARNING",
    "Answers",
    "Context",
    "Finding",
    "ModeChoice",
    "Recommendation",
    "SwitchFacts",
    "Verdict",
    "check",
    "check_cluster",
    "check_nodes",
    "cluster_verdict",
    "has_errors",
    "recommend_bond_mode",
]


def check(network: HostNetwork, context: Context | None = None) -> list[Finding]:
    """Every finding for one host, errors first, in a stable order."""
    ctx = context or Context()
    net = Net(network)
    out = Findings(net.order)
    fmt.check(net, out)
    fmt.check_names(net, out)
    paths = cluster.cluster_paths(net, ctx)
    bonds.check_membership(net, out)
    bonds.check(net, ctx, paths, out)
    bridges.check(net, ctx.ifupdown == STOCK_IFUPDOWN2, out)
    vlans.check(net, ctx, out)
    addresses.check(net, out)
    mtu.check(net, out)
    cluster.check(paths, out)
    return out.sorted()


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
