"""CLUSTER-09: one MTU per IP network the nodes share."""

from __future__ import annotations

from ...query.mtu import effective_mtu
from ...wording import listing
from ..findings import WARNING
from .nodes import Host, IPNetwork, Out, disagreements, host_addresses


def mtus_by_network(hosts: list[Host]) -> dict[IPNetwork, dict[str, tuple[str, int]]]:
    """network -> host -> (the interface with an address in it, its effective MTU)."""
    networks: dict[IPNetwork, dict[str, tuple[str, int]]] = {}
    for host in hosts:
        for iface, ip in sorted(host_addresses(host), key=lambda x: x[0].name):
            if ip.network.num_addresses == 1:  # a host route names no shared network
                continue
            mtu = effective_mtu(host.net, iface)
            if mtu is not None:
                networks.setdefault(ip.network, {}).setdefault(host.name, (iface.name, mtu))
    return networks


def check_mtus(hosts: list[Host], out: Out) -> None:
    """CLUSTER-09: the nodes use different MTUs in one network."""
    for network, by_host in mtus_by_network(hosts).items():
        majority, report = disagreements({h: mtu for h, (_, mtu) in by_host.items()})
        for host in report:
            iface, mtu = by_host[host]
            if majority is not None:
                others = [h for h, (_, m) in by_host.items() if m == majority]
                message = (
                    f"{iface} on {host} is in {network} with MTU {mtu}, but {listing(others)} use MTU {majority} "
                    "there; large packets between them are dropped."
                )
                hint = (
                    f"Set MTU {majority} on {iface} of {host} (on the NIC or bond under it, if it inherits its "
                    f"MTU), and the same on the switch ports."
                )
            else:
                others = [f"{h} {m}" for h, (_, m) in by_host.items() if h != host]
                message = (
                    f"The nodes use different MTUs in {network}: {host} has {mtu} on {iface}, {listing(others)}; "
                    "large packets between them are dropped."
                )
                hint = f"Choose one MTU for {network} and set it on every node and on the switch ports."
            out.add("CLUSTER-09", WARNING, host, iface, message, hint)
