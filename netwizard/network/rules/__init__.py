"""The rules: everything netwizard judges about a host's network, in one place.

`check(network, context)` (`one_host.py`) returns the findings of the catalogue in
`reference/bonding-rules.md` §7 plus Proxmox's save-time checks; `recommend_bond_mode`
answers the wizard's bond questions. Each rule family lives in its own module.
`check_cluster(nodes)` / `check_nodes(nodes)` compare the nodes of a cluster
(CLUSTER-02 onwards, the `across_hosts` package), and `cluster_verdict(nodes)` says what that
comparison covered and whether the nodes agree on it.
"""

from __future__ import annotations

from ..query.context import (
    IFUPDOWN1,
    INDEPENDENT,
    PROXMOX_IFUPDOWN2,
    SINGLE,
    STACK,
    STOCK_IFUPDOWN2,
    Context,
    SwitchFacts,
)
from .across_hosts import Verdict, check_cluster, check_nodes, cluster_verdict
from .findings import ERROR, INFO, WARNING, Finding
from .nic_facts import Rename
from .one_host import check, has_errors, nic_renames
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
    "Rename",
    "SwitchFacts",
    "Verdict",
    "check",
    "check_cluster",
    "check_nodes",
    "cluster_verdict",
    "has_errors",
    "nic_renames",
    "recommend_bond_mode",
]
