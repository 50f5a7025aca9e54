"""CLUSTER-08 and CLUSTER-10 to 19: the nodes checked against the cluster's own configuration
(corosync.conf, ceph.conf, /etc/hosts), as `query.roles` reads it (issue 18).

- CLUSTER-10 error: a node's link address is on no interface of that node: corosync cannot
  bind it, so the node has no such link (and if another node has the address, says which).
- CLUSTER-11 error: the addresses of one link are not in one subnet across the nodes.
- CLUSTER-12 warning: two links of a node stand on the same bond, NIC or switch: one
  failure takes both down, so the second link is no redundancy.
- CLUSTER-13 warning: a corosync link shares a bond or NIC with a Ceph network: Ceph's
  traffic adds latency corosync does not tolerate (Proxmox recommends a separate network).
- CLUSTER-14 warning: a node in corosync.conf that netwizard does not know, or the reverse.
- CLUSTER-15 error: a Ceph node (one with an address in a Ceph network) without an address
  in another of the Ceph networks.
- CLUSTER-16 error: a Ceph network with different MTUs on different nodes: jumbo frames
  must match end to end, or large packets between the nodes are dropped.
- CLUSTER-17 warning: a Ceph network on NICs below 10 Gbit/s, where the speeds are known.
- CLUSTER-18 warning: /etc/hosts maps the node's name to 127.0.1.1, to an address on no
  interface, or to more than one address (Proxmox's own upgrade checker warns the same).
- CLUSTER-19 warning: a corosync address is a host name netwizard cannot resolve.
- CLUSTER-08 info: corosync.conf has a single link.
"""

from __future__ import annotations

from collections import defaultdict

from ...query.mtu import effective_mtu
from ...query.roles import ClusterConfig, LinkRole, Roles, hosts_entries, interface_addresses
from ...query.stack import Below
from ...wording import listing
from ..findings import ERROR, INFO, WARNING
from .nodes import Host, Out, disagreements

TEN_GBIT = 10_000


def check_configured(hosts: list[Host], roles: Roles, config: ClusterConfig, out: Out) -> None:
    by_name = {h.name: h for h in hosts}
    if config.corosync is not None:
        _node_lists(hosts, config, out)
        for role in roles.links:
            if role.node in by_name:
                _link_address(role, out)
        _link_subnets(roles, out)
        _links_apart(by_name, roles, out)
        _single_link(roles, config, out)
    if config.ceph is not None:
        _ceph(by_name, roles, out)
        _corosync_beside_ceph(roles, out)
    for host in hosts:
        if host.name in config.etc_hosts:
            _etc_hosts(host, config.etc_hosts[host.name], out)


def _node_lists(hosts: list[Host], config: ClusterConfig, out: Out) -> None:
    """CLUSTER-14: corosync.conf and netwizard know different nodes."""
    listed = {n.name for n in config.corosync.nodes} if config.corosync else set()
    known = {h.name for h in hosts}
    for name in sorted(listed - known):
        out.add(
            "CLUSTER-14",
            WARNING,
            name,
            "",
            f"corosync.conf lists node {name}, which has no host in netwizard's cluster: its links are not checked.",
            f"Import {name}'s interfaces file (and its facts) into the cluster, or remove the node with "
            "`pvecm delnode` if it left the cluster.",
        )
    for name in sorted(known - listed):
        out.add(
            "CLUSTER-14",
            WARNING,
            name,
            "",
            f"{name} belongs to this cluster in netwizard, but corosync.conf does not list it.",
            f"Join {name} to the cluster (`pvecm add` on {name}), or set its cluster in netwizard to the one it is in.",
        )


def _link_address(role: LinkRole, out: Out) -> None:
    """CLUSTER-10 and 19: the node's own address of a link."""
    where = f"link {role.link} ({'ring' + str(role.link) + '_addr'} {role.address})"
    if role.ip is None:
        out.add(
            "CLUSTER-19",
            WARNING,
            role.node,
            "",
            f"{role.node}'s {where} is a host name netwizard cannot resolve, so it cannot say which interface "
            "carries the link.",
            f"Import {role.node}'s facts (they bring its /etc/hosts), or write the address in corosync.conf as "
            "Proxmox does.",
        )
        return
    if role.interface:
        return
    also = f"; {listing(role.others)} has that address" if role.others else ""
    near = f" It lies in the subnet of {role.nearest}, which has another address." if role.nearest else ""
    out.add(
        "CLUSTER-10",
        ERROR,
        role.node,
        role.nearest,
        f"{role.node}'s {where} is configured on no interface of {role.node}{also}: corosync cannot bind it, "
        f"so {role.node} has no link {role.link}.{near}",
        f"Give an interface of {role.node} the address {role.ip} (the corosync network's subnet), or correct "
        f"ring{role.link}_addr for {role.node} in /etc/pve/corosync.conf and raise config_version.",
    )


def _link_subnets(roles: Roles, out: Out) -> None:
    """CLUSTER-11: one link's addresses in different subnets across the nodes."""
    per_link: dict[int, dict[str, str]] = defaultdict(dict)
    for role in roles.links:
        if role.configured is not None:
            per_link[role.link][role.node] = str(role.configured.network)
    for link, subnets in sorted(per_link.items()):
        norm, odd = disagreements(subnets)
        for node in odd:
            others = _the_others(subnets, node, norm)
            out.add(
                "CLUSTER-11",
                ERROR,
                node,
                "",
                f"{node}'s address of corosync link {link} is in {subnets[node]}, the other nodes' in {others}: "
                "corosync expects every node to reach the others directly on each link.",
                f"Put {node}'s link {link} address in the same subnet as the other nodes' (same prefix length).",
            )


def _the_others(per_node: dict[str, str], node: str, norm: object) -> str:
    """What the other nodes have: the value most share, or (no majority) each of theirs."""
    return str(norm) if norm is not None else listing(sorted({v for n, v in per_node.items() if n != node}))


def _links_apart(by_name: dict[str, Host], roles: Roles, out: Out) -> None:
    """CLUSTER-12: two links of one node on the same bond, NIC or switch."""
    per_node: dict[str, list[LinkRole]] = defaultdict(list)
    for role in roles.links:
        if role.below is not None and role.node in by_name:
            per_node[role.node].append(role)
    for node, links in per_node.items():
        host = by_name[node]
        for i, first in enumerate(links):
            for second in links[i + 1 :]:
                assert first.below is not None and second.below is not None
                shared = first.below.shares(second.below) or _shared_switches(host, first.below, second.below)
                if shared:
                    out.add(
                        "CLUSTER-12",
                        WARNING,
                        node,
                        second.interface,
                        f"{node}'s corosync links {first.link} ({first.interface}) and {second.link} "
                        f"({second.interface}) both depend on {listing(shared)}: one failure there cuts both, so "
                        "the second link adds no redundancy.",
                        "Run each corosync link over its own NIC, cabled to a different switch.",
                    )


def _switches(host: Host, below: Below) -> set[str]:
    found = set()
    for nic in below.nics:
        iface = host.net.by_name.get(nic)
        switch = host.ctx.switch_of(iface) if iface is not None else host.ctx.nic_switch.get(nic, "")
        if switch:
            found.add(switch)
    return found


def _shared_switches(host: Host, a: Below, b: Below) -> tuple[str, ...]:
    mine, theirs = _switches(host, a), _switches(host, b)
    # Only when every NIC of both links is on known switches and no link has a switch of its own.
    if not mine or not theirs or not (mine <= theirs or theirs <= mine):
        return ()
    return tuple(f"switch {s}" for s in sorted(mine & theirs))


def _single_link(roles: Roles, config: ClusterConfig, out: Out) -> None:
    """CLUSTER-08 (advice): the configuration has one link only; said for every node on it."""
    links = {n for node in config.corosync.nodes for n in node.addresses} if config.corosync else set()
    if len(links) != 1:
        return
    for role in roles.links:
        if role.interface:
            out.add(
                "CLUSTER-08",
                INFO,
                role.node,
                role.interface,
                f"corosync.conf gives the cluster a single link (link {role.link}), which runs over {role.interface} "
                f"on {role.node}; if that network fails, the nodes lose quorum and HA fences them.",
                "Add a second corosync link on a separate NIC (ideally through another switch) on every node and "
                "enter it as link1 of the cluster.",
            )


def _ceph(by_name: dict[str, Host], roles: Roles, out: Out) -> None:
    """CLUSTER-15, 16, 17: the Ceph networks on the Ceph nodes."""
    ceph_nodes = {r.node for r in roles.ceph if r.interface}
    mtus: dict[str, dict[str, str]] = defaultdict(dict)
    for role in roles.ceph:
        host = by_name.get(role.node)
        if host is None or role.node not in ceph_nodes:
            continue
        label = f"the Ceph {role.kind} network {role.network}"
        if not role.interface:
            out.add(
                "CLUSTER-15",
                ERROR,
                role.node,
                "",
                f"{role.node} has addresses in other Ceph networks but none in {label}: its Ceph daemons cannot "
                "reach the others there.",
                f"Give {role.node} an address in {role.network} on the interface meant for Ceph.",
            )
            continue
        iface = host.net.by_name[role.interface]
        mtus[f"{role.kind} {role.network}"][role.node] = str(effective_mtu(host.net, iface) or 1500)
        _ceph_speed(host, role.interface, label, role.below, out)
    for network, per_node in mtus.items():
        norm, odd = disagreements(per_node)
        for node in odd:
            others = _the_others(per_node, node, norm)
            out.add(
                "CLUSTER-16",
                ERROR,
                node,
                "",
                f"The Ceph {network} network runs with MTU {per_node[node]} on {node} and {others} on the other "
                "nodes: large packets between them are dropped, and Ceph stalls rather than fails.",
                "Use one MTU on every node and switch port of the network (9000 end to end, or 1500 everywhere).",
            )


def _ceph_speed(host: Host, interface: str, label: str, below: Below | None, out: Out) -> None:
    speeds = [host.ctx.speed(host.net.by_name[n]) for n in (below.nics if below else ()) if n in host.net.by_name]
    if speeds and all(speeds) and max(s for s in speeds if s) < TEN_GBIT:
        fastest = max(s for s in speeds if s)
        out.add(
            "CLUSTER-17",
            WARNING,
            host.name,
            interface,
            f"{label} runs over NICs of at most {fastest // 1000 or fastest} "
            f"{'Gbit/s' if fastest >= 1000 else 'Mbit/s'} on {host.name}: Ceph replicates every write over it, "
            "and Proxmox recommends at least 10 Gbit/s.",
            "Move the Ceph network to 10 Gbit/s (or faster) NICs.",
        )


def _corosync_beside_ceph(roles: Roles, out: Out) -> None:
    """CLUSTER-13: a corosync link on the bond or NIC a Ceph network uses."""
    for link in roles.links:
        for ceph in roles.ceph:
            if ceph.node != link.node or link.below is None or ceph.below is None:
                continue
            shared = link.below.shares(ceph.below)
            if shared:
                out.add(
                    "CLUSTER-13",
                    WARNING,
                    link.node,
                    link.interface,
                    f"{link.node}'s corosync link {link.link} ({link.interface}) shares {listing(shared)} with the "
                    f"Ceph {ceph.kind} network ({ceph.interface}): Ceph's traffic can delay corosync's packets past "
                    "its timeouts, and the node then drops out of the cluster.",
                    "Give corosync a network of its own (its own NIC, or at least a link1 elsewhere), as Proxmox "
                    "recommends.",
                )


def _etc_hosts(host: Host, text: str, out: Out) -> None:
    """CLUSTER-18: what the node's /etc/hosts says its own name is."""
    short = host.name.split(".", 1)[0]
    mapped = sorted({str(ip) for ip, names in hosts_entries(text) if short in (n.split(".", 1)[0] for n in names)})
    configured = {str(ip.ip) for _, ip in interface_addresses(host.net)}
    problem = ""
    if "127.0.1.1" in mapped:
        problem = "to 127.0.1.1 (Debian's default)"
    elif len(mapped) > 1:
        problem = f"to more than one address ({listing(mapped)})"
    elif mapped and mapped[0] not in configured:
        problem = f"to {mapped[0]}, which no interface of {host.name} has"
    if problem:
        out.add(
            "CLUSTER-18",
            WARNING,
            host.name,
            "",
            f"{host.name}'s /etc/hosts maps its name {problem}: Proxmox resolves the node name to find the "
            "node's address (for the cluster, migrations and the GUI).",
            f"Map {short} in /etc/hosts to the one address {host.name} is reached on (its management address).",
        )
