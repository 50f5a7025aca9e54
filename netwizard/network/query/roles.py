"""Which interface of each node carries each corosync link and Ceph network, read from the
cluster's own configuration (issue 18) instead of from what someone answered.

    cluster_roles(networks, config) -> Roles

A corosync link of a node is carried by the interface that has the node's `ringN_addr`
exactly (corosync binds that address); when no interface has it, the interface whose
subnet holds it is named as the nearest, and the rules report the address. A Ceph network
is carried by the interface with an address inside it. Host names in corosync.conf are
resolved with the nodes' /etc/hosts (the facts document brings it), as corosync resolves
them on the node; a name netwizard cannot resolve stays unresolved and is reported.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..cluster_conf import CephConf, CorosyncConf, address_kind
from ..model import HostNetwork
from .index import Net, parse_address
from .stack import Below, below

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPInterface = ipaddress.IPv4Interface | ipaddress.IPv6Interface
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
PUBLIC, CEPH_CLUSTER = "public", "cluster"


@dataclass(frozen=True)
class ClusterConfig:
    """What the cluster itself says: corosync.conf, ceph.conf, and each node's /etc/hosts."""

    corosync: CorosyncConf | None = None
    ceph: CephConf | None = None
    etc_hosts: Mapping[str, str] = field(default_factory=dict)  # node -> text of its /etc/hosts


@dataclass(frozen=True)
class LinkRole:
    node: str
    link: int
    address: str  # as corosync.conf gives it
    ip: IPAddress | None  # None: a host name netwizard could not resolve
    interface: str  # the node's interface with exactly this address; "" when none has it
    configured: IPInterface | None  # that address with its prefix, as the interface has it
    nearest: str  # when no interface has it: the one whose subnet holds it, "" if none
    others: tuple[str, ...]  # other nodes with this address on an interface
    below: Below | None


@dataclass(frozen=True)
class CephRole:
    node: str
    kind: str  # PUBLIC or CEPH_CLUSTER
    network: IPNetwork
    interface: str  # "" when no address of the node is in the network
    address: IPInterface | None
    below: Below | None


@dataclass(frozen=True)
class Roles:
    links: tuple[LinkRole, ...] = ()
    ceph: tuple[CephRole, ...] = ()

    def cluster_interfaces(self, node: str) -> frozenset[str]:
        return frozenset(r.interface for r in self.links if r.node == node and r.interface)

    def ceph_interfaces(self, node: str) -> frozenset[str]:
        return frozenset(r.interface for r in self.ceph if r.node == node and r.interface)


def hosts_entries(text: str) -> list[tuple[IPAddress, tuple[str, ...]]]:
    """The lines of an /etc/hosts file: address and names, comments and bad lines left out."""
    entries = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) < 2:
            continue
        try:
            entries.append((ipaddress.ip_address(words[0].split("%", 1)[0]), tuple(words[1:])))
        except ValueError:
            continue
    return entries


def resolve(address: str, node: str, config: ClusterConfig) -> IPAddress | None:
    """The IP a corosync address means on `node`: itself, or a host name looked up in the
    node's /etc/hosts first and the other nodes' after (the cluster keeps them alike)."""
    if address_kind(address) != "name":
        return ipaddress.ip_address(address)
    texts = [config.etc_hosts.get(node, "")] + [t for n, t in sorted(config.etc_hosts.items()) if n != node]
    for text in texts:
        for ip, names in hosts_entries(text):
            if address in names and not ip.is_loopback:
                return ip
    return None


def interface_addresses(net: Net) -> list[tuple[str, IPInterface]]:
    """Every address of every interface: the stanza's first, and the further `address` lines
    ifupdown2 also configures (netwizard keeps those as options)."""
    found = []
    for name, iface in net.by_name.items():
        found += [(name, a.ip) for a in net.addresses(iface) if a.ip is not None]
        extra = (parse_address(o.value) for o in net.options(iface) if o.key == "address")
        found += [(name, ip) for ip in extra if ip is not None]
    return found


def cluster_roles(networks: Mapping[str, HostNetwork], config: ClusterConfig) -> Roles:
    nets = {name: Net(network) for name, network in networks.items()}
    addresses = {name: interface_addresses(net) for name, net in nets.items()}
    links = []
    for node in config.corosync.nodes if config.corosync else ():
        net = nets.get(node.name)
        for number, text in sorted(node.addresses.items()):
            ip = resolve(text, node.name, config)
            exact = [(i, a) for i, a in addresses.get(node.name, []) if ip is not None and a.ip == ip]
            nearest = [i for i, a in addresses.get(node.name, []) if ip is not None and ip in a.network]
            others = tuple(
                other for other, found in addresses.items() if other != node.name and any(a.ip == ip for _, a in found)
            )
            interface, configured = exact[0] if exact else ("", None)
            links.append(
                LinkRole(
                    node=node.name,
                    link=number,
                    address=text,
                    ip=ip,
                    interface=interface,
                    configured=configured,
                    nearest="" if exact or not nearest else nearest[0],
                    others=others,
                    below=below(net, interface) if net is not None and interface else None,
                )
            )
    return Roles(links=tuple(links), ceph=tuple(_ceph_roles(nets, addresses, config.ceph)))


def _ceph_roles(
    nets: Mapping[str, Net], addresses: Mapping[str, list[tuple[str, IPInterface]]], ceph: CephConf | None
) -> list[CephRole]:
    if ceph is None:
        return []
    wanted = [(PUBLIC, n) for n in ceph.public_networks] + [(CEPH_CLUSTER, n) for n in ceph.cluster_networks]
    roles = []
    for node, net in nets.items():
        for kind, network in wanted:
            inside = [(i, a) for i, a in addresses[node] if a.version == network.version and a.ip in network]
            interface, address = inside[0] if inside else ("", None)
            roles.append(
                CephRole(
                    node=node,
                    kind=kind,
                    network=network,
                    interface=interface,
                    address=address,
                    below=below(net, interface) if interface else None,
                )
            )
    return roles
