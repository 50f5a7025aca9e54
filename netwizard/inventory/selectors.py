"""Reads of the inventory, each in a fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from netwizard.network import rules
from netwizard.network.model import HostNetwork

from .choices import InterfaceKind
from .conversion import network_from_rows
from .models import Host


def host_list() -> QuerySet[Host]:
    """Every host with its interface counts per kind, in one query."""

    def count(kind: str) -> Count:
        return Count("interfaces", filter=Q(interfaces__kind=kind))

    return Host.objects.annotate(
        nic_count=count(InterfaceKind.NIC),
        bond_count=count(InterfaceKind.BOND),
        bridge_count=count(InterfaceKind.BRIDGE),
        vlan_count=count(InterfaceKind.VLAN),
    ).order_by("name")


def host_get(*, name: str) -> Host | None:
    return Host.objects.filter(name=name).first()


def host_network(*, host: Host) -> HostNetwork:
    """The host's network as the pure core sees it, in one query whatever its size."""
    return _host_network_and_switches(host)[0]


def _host_network_and_switches(host: Host) -> tuple[HostNetwork, dict[str, tuple[bool, str]]]:
    rows = list(host.interfaces.select_related("switch").order_by("position", "name"))
    switches = {row.switch.name: (row.switch.lacp, row.switch.stack) for row in rows if row.switch_id}
    return network_from_rows(host, rows), switches


@dataclass(frozen=True)
class HostReview:
    """A host's network, what the inventory knows around it, and what the rules find."""

    network: HostNetwork
    context: rules.Context
    findings: list[rules.Finding]

    @property
    def errors(self) -> list[rules.Finding]:
        return [f for f in self.findings if f.severity == rules.ERROR]

    @property
    def warnings(self) -> list[rules.Finding]:
        return [f for f in self.findings if f.severity == rules.WARNING]


def host_review(*, host: Host) -> HostReview:
    """Network, context and findings of one host, in one query whatever its size."""
    network, switches = _host_network_and_switches(host)
    context = rules.Context.for_inventory(network, switches=switches)
    return HostReview(network=network, context=context, findings=rules.check(network, context))
