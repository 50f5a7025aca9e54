"""CLUSTER-05: one IP address on two nodes."""

from __future__ import annotations

import ipaddress

from ...wording import listing
from ..findings import ERROR
from .nodes import Host, Out, host_addresses


def check_duplicate_addresses(hosts: list[Host], out: Out) -> None:
    """CLUSTER-05: one address on two nodes (the same address twice on one host is IP-05)."""
    where: dict[ipaddress.IPv4Address | ipaddress.IPv6Address, dict[str, list[str]]] = {}
    for host in hosts:
        for iface, ip in host_addresses(host):
            where.setdefault(ip.ip, {}).setdefault(host.name, []).append(iface.name)
    for address, by_host in where.items():
        if len(by_host) < 2:
            continue
        for host_name, names in by_host.items():
            others = [f"{h} ({', '.join(sorted(n))})" for h, n in by_host.items() if h != host_name]
            for name in sorted(names):
                out.add(
                    "CLUSTER-05",
                    ERROR,
                    host_name,
                    name,
                    f"{address} on {name} of {host_name} is also configured on {listing(others)}; the hosts will "
                    "take each other's traffic.",
                    f"Give {host_name} its own address on {name}, or remove the address from the other host.",
                )
