"""`check`: every rule for one host, run in catalogue order.

Its own module so that `across_hosts` (which runs it on every node) imports it without
going through the package, which imports `across_hosts`.
"""

from __future__ import annotations

from ..model import HostNetwork
from ..query.context import STOCK_IFUPDOWN2, Context
from ..query.index import Net
from . import addresses, bonds, bridges, cluster, fmt, mtu, nic_facts, ovs, vlans
from .findings import ERROR, Finding, Findings


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
    bridges.check(net, ctx.ifupdown == STOCK_IFUPDOWN2, out, judged_by_facts=ctx.facts is not None)
    vlans.check(net, ctx, out)
    addresses.check(net, out)
    mtu.check(net, out)
    ovs.check(net, out)
    nic_facts.check(net, ctx, out)
    cluster.check(paths, out)
    return out.sorted()


def nic_renames(network: HostNetwork, context: Context) -> list[nic_facts.Rename]:
    """The NICs the file names that the node reports under another name (NIC-01's list)."""
    return nic_facts.renames(Net(network), context)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
