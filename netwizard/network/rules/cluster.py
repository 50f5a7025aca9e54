"""Which interfaces carry the cluster (corosync) network, following the stack down.

A bond carries the cluster network when the cluster address sits on the bond itself, on
a bridge the bond is a port of, or on a VLAN on either, however deep (the address on
`vmbr0.50` reaches `bond0` through `vmbr0`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Kind
from ..query.context import Context
from ..query.index import DOTTED, Net
from .findings import Findings


@dataclass
class ClusterPaths:
    roots: list[str] = field(default_factory=list)  # interfaces that carry it themselves
    bonds: dict[str, str] = field(default_factory=dict)  # bond -> the root it carries it for


def cluster_paths(net: Net, ctx: Context) -> ClusterPaths:
    paths = ClusterPaths()
    seen: set[str] = set()  # shared by all roots: every interface is walked at most once
    # Roots in name order: which root a bond is reported "through" must not depend on
    # the order the interfaces are listed in.
    for iface in sorted(net.interfaces, key=lambda i: i.name):
        if not ctx.carries_cluster(iface, net.ips(iface)):
            continue
        paths.roots.append(iface.name)
        stack = [iface.name]
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            lower = net.by_name.get(name)
            if lower is None:
                m = DOTTED.fullmatch(name)  # an implicit X.N bridge port rides on X
                if m:
                    stack.append(m.group(1))
            elif lower.kind == Kind.BOND:
                paths.bonds.setdefault(name, iface.name)
            elif lower.kind == Kind.BRIDGE and lower.bridge:
                stack.extend(lower.bridge.ports)
            elif lower.kind == Kind.VLAN and lower.vlan:
                stack.append(lower.vlan.raw_device)
    return paths


def check(paths: ClusterPaths, out: Findings) -> None:
    # BOND-26 (a cluster bond must be active-backup) is a bond rule: bonds._cluster_bond_not_active_backup.
    _single_cluster_link(paths, out)


def _single_cluster_link(paths: ClusterPaths, out: Findings) -> None:
    """CLUSTER-01 (netwizard's own, advice): one interface carries the cluster network.

    Proxmox recommends several separate corosync links over relying on one path, bond or not."""
    if len(paths.roots) == 1:
        root = paths.roots[0]
        out.info(
            "CLUSTER-01",
            root,
            f"Only {root} carries the cluster (corosync) network on this host, so a single failure can cut the "
            "node off from the cluster.",
            "Add a second, separate corosync link on another NIC (and ideally another switch) and list it as "
            "link1 in the cluster configuration.",
        )
