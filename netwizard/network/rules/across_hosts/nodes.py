"""The nodes as the CLUSTER-* rules see them, and what every one of those rules shares:
natural name order, the value most nodes agree on, the findings in their order.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ...model import HostNetwork, Interface, Kind
from ...query.context import Context
from ...query.index import Net
from ..findings import SEVERITY_RANK, Finding, code_key

IPInterface = ipaddress.IPv4Interface | ipaddress.IPv6Interface
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

Nodes = Mapping[str, tuple[HostNetwork, Context | None]]


@dataclass
class Host:
    name: str
    network: HostNetwork
    ctx: Context
    net: Net


def natural_key(name: str) -> tuple[int | str, ...]:
    """pve2 before pve10: digits compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name))


def sorted_hosts(nodes: Nodes) -> list[Host]:
    hosts = [Host(name, network, ctx or Context(), Net(network)) for name, (network, ctx) in nodes.items()]
    return sorted(hosts, key=lambda h: natural_key(h.name))


def sort_findings(findings: list[Finding], hosts: list[Host]) -> list[Finding]:
    rank = {h.name: i for i, h in enumerate(hosts)}
    order = {h.name: h.net.order for h in hosts}

    def key(f: Finding) -> tuple[int, int, int, tuple[str, int], str, str]:
        return (
            SEVERITY_RANK[f.severity],
            rank.get(f.host, -1),
            order.get(f.host, {}).get(f.interface, -1),
            code_key(f.code),
            f.interface,
            f.message,
        )

    return sorted(findings, key=key)


class Out:
    def __init__(self) -> None:
        self.items: list[Finding] = []

    def add(self, code: str, severity: str, host: str, interface: str, message: str, hint: str) -> None:
        self.items.append(Finding(code, severity, interface, message, hint, host=host))

    def sorted(self, hosts: list[Host]) -> list[Finding]:
        return sort_findings(list(dict.fromkeys(self.items)), hosts)


def disagreements(values: Mapping[str, object]) -> tuple[object | None, list[str]]:
    """(the value most hosts share or None on a tie, the hosts to report).

    `values` maps host -> value; with no majority every host is reported."""
    counts = Counter(values.values())
    if len(counts) < 2:
        return next(iter(counts), None), []
    (top, n), (_, second) = counts.most_common(2)
    if n == second:
        return None, list(values)
    return top, [h for h, v in values.items() if v != top]


def usable(ip: IPInterface) -> bool:
    return not (ip.ip.is_loopback or ip.ip.is_link_local or ip.ip.is_unspecified)


def host_addresses(host: Host) -> list[tuple[Interface, IPInterface]]:
    found = []
    for iface in host.net.by_name.values():
        if iface.kind == Kind.LOOPBACK:
            continue
        for addr in host.net.addresses(iface):
            if addr.ip is not None and usable(addr.ip):
                found.append((iface, addr.ip))
    return found
