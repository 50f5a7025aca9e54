"""Reads of the inventory, each in a fixed number of queries whatever its size."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from netwizard.network import interfaces_file, rules
from netwizard.network.model import HostNetwork

from .choices import InterfaceKind
from .conversion import network_from_rows
from .models import Host, HostChange, Interface, Switch


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


# =====================================================================================
# Wizard selectors
#
# A wizard page loads the host's rows once (`host_rows`) and derives everything from
# them: the forms' choices, the preview of the file and its findings, and the preview
# of a change that is not saved yet (`host_review_candidate`).
# =====================================================================================


def host_rows(*, host: Host) -> list[Interface]:
    """The host's interfaces with their switches, in file order, in one query."""
    return list(host.interfaces.select_related("switch").order_by("position", "name"))


def switch_list() -> list[Switch]:
    return list(Switch.objects.order_by("name"))


def host_review_rows(*, host: Host, rows: list[Interface]) -> HostReview:
    """`host_review` for rows already loaded with `host_rows`: no query at all."""
    network = network_from_rows(host, rows)
    switches = {row.switch.name: (row.switch.lacp, row.switch.stack) for row in rows if row.switch_id}
    context = rules.Context.for_inventory(network, switches=switches)
    return HostReview(network=network, context=context, findings=rules.check(network, context))


def host_review_candidate(
    *, host: Host, rows: list[Interface], interface: Interface, members: list[Interface] | None = None
) -> HostReview:
    """The review the host would get if `interface` (new or changed, not saved) were saved.

    `members` replaces the members or ports of a bond or bridge, as `interface_save`
    would. Nothing is written and nothing is queried; `rows` stay as they are.
    """
    candidate = _row_copy(interface)
    if candidate.pk is None:
        candidate.pk = _UNSAVED_PK
    changed = []
    wanted = {m.pk for m in members} if members is not None else None
    for row in rows:
        if row.pk == candidate.pk:
            changed.append(candidate)
            continue
        if wanted is not None and (row.pk in wanted or row.master_id == candidate.pk):
            row = _row_copy(row)
            row.master_id = candidate.pk if row.pk in wanted else None
        changed.append(row)
    if interface.pk is None:
        changed.append(candidate)
    return host_review_rows(host=host, rows=changed)


_UNSAVED_PK = -1  # stands in for the id of an interface that is not saved yet


def _row_copy(row: Interface) -> Interface:
    """A copy to change in memory; its cached relations are its own, not shared with `row`."""
    clone = copy.copy(row)
    clone._state = copy.copy(row._state)
    clone._state.fields_cache = dict(row._state.fields_cache)
    return clone


def interface_name_suggest(*, taken: Iterable[str], prefix: str) -> str:
    """Proxmox's convention for a new bond or bridge: the first free `bondN` / `vmbrN`."""
    names = set(taken)
    number = 0
    while f"{prefix}{number}" in names:
        number += 1
    return f"{prefix}{number}"


def host_imported_canonical(*, host: Host) -> str | None:
    """The imported file in netwizard's canonical form (as the wizard would write it), or None.

    None when the host was not imported, or its file no longer parses or renders.
    """
    if not host.imported_text:
        return None
    try:
        network = interfaces_file.parse(host.imported_text)
        network.hostname = host.name
        return interfaces_file.render(network)
    except (interfaces_file.ParseError, interfaces_file.UnsafeValueError):
        return None


# =====================================================================================
# History, baselines and clusters
# =====================================================================================

HISTORY_LENGTH = 20


def host_history(*, host: Host) -> list[HostChange]:
    """The host's latest changes and downloads, newest first (the stored files left out)."""
    return list(host.changes.defer("content")[:HISTORY_LENGTH])


@dataclass(frozen=True)
class Baseline:
    """The file the host is believed to run: the last one downloaded or imported."""

    label: str
    text: str


def host_baseline(*, host: Host) -> Baseline | None:
    last = host.changes.filter(action__in=[HostChange.IMPORT, HostChange.DOWNLOAD]).first()
    if last is None:
        return None
    when = last.at.strftime("%Y-%m-%d %H:%M")
    if last.action == HostChange.DOWNLOAD:
        who = last.username or "the command line"
        return Baseline(label=f"the file downloaded by {who} on {when}", text=last.content)
    imported = host_imported_canonical(host=host)
    return Baseline(label=f"the file imported on {when}", text=imported) if imported is not None else None


@dataclass(frozen=True)
class ClusterReview:
    """The nodes of one cluster, each with its network and own review, and the CLUSTER-* findings across them."""

    name: str
    hosts: list[Host]
    reviews: dict[str, HostReview]
    findings: list[rules.Finding]

    def findings_for(self, host: str) -> list[rules.Finding]:
        return [f for f in self.findings if f.host == host]


def cluster_review(*, name: str) -> ClusterReview | None:
    """All nodes sharing a cluster name, in two queries however many nodes there are."""
    hosts = list(Host.objects.filter(cluster=name).order_by("name"))
    if not hosts:
        return None
    rows_by_host: dict[int, list[Interface]] = {host.pk: [] for host in hosts}
    for row in Interface.objects.filter(host__in=hosts).select_related("switch").order_by("position", "name"):
        rows_by_host[row.host_id].append(row)
    reviews, nodes = {}, {}
    for host in hosts:
        rows = rows_by_host[host.pk]
        network = network_from_rows(host, rows)
        switches = {row.switch.name: (row.switch.lacp, row.switch.stack) for row in rows if row.switch_id}
        context = rules.Context.for_inventory(network, switches=switches)
        nodes[host.name] = (network, context)
        reviews[host.name] = HostReview(network=network, context=context, findings=rules.check(network, context))
    return ClusterReview(name=name, hosts=hosts, reviews=reviews, findings=rules.check_cluster(nodes))
