"""Reads of the inventory, each in a fixed number of queries whatever its size."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .choices import InterfaceKind
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
