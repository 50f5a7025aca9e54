"""The verdict's clauses for the cluster's own configuration: corosync.conf's links and
ceph.conf's networks, each saying what was checked on which nodes."""

from __future__ import annotations

from ...cluster_conf import CephConf
from ...query.roles import Roles
from ...wording import listing
from .clause import AGREE, NOT_CHECKED, Clause, differ
from .nodes import Host


def corosync_clause(hosts: list[Host], roles: Roles, codes: list[str]) -> Clause:
    topic = "Corosync links"
    names = {h.name for h in hosts}
    checked = sorted({r.node for r in roles.links if r.node in names})
    links = sorted({r.link for r in roles.links})
    if len(checked) < 2:
        return Clause(
            topic, NOT_CHECKED, "corosync.conf lists fewer than two of these nodes, so no link could be compared."
        )
    if codes:
        return differ(topic, codes, "the nodes' links do not match corosync.conf")
    which = f"link {links[0]}" if len(links) == 1 else f"links {listing(str(n) for n in links)}"
    return Clause(
        topic,
        AGREE,
        f"corosync.conf's {which} each have an address on an interface of every node ({listing(checked)}), in one "
        "subnet across the nodes, and no node runs two links over the same bond, NIC or switch.",
    )


def ceph_clause(hosts: list[Host], roles: Roles, ceph: CephConf, codes: list[str], *, with_corosync: bool) -> Clause:
    topic = "Ceph networks"
    names = {h.name for h in hosts}
    nodes = sorted({r.node for r in roles.ceph if r.interface and r.node in names})
    networks = [str(n) for n in (*ceph.public_networks, *ceph.cluster_networks)]
    if not nodes:
        return Clause(topic, NOT_CHECKED, f"no node has an address in ceph.conf's networks ({listing(networks)}).")
    if codes:
        return differ(topic, codes, "the Ceph networks are not alike on every Ceph node")
    apart = ", apart from the corosync links" if with_corosync else " (corosync.conf not given: not compared with it)"
    return Clause(
        topic,
        AGREE,
        f"every Ceph node ({listing(nodes)}) has an address in {listing(networks)} with one MTU per network, on "
        f"NICs of at least 10 Gbit/s where their speed is known{apart}.",
    )
