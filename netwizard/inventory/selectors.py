"""Reads of the inventory, each in a fixed number of queries whatever its size."""

from __future__ import annotations

import copy
import dataclasses
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone

from netwizard.network import rules
from netwizard.network.diagram import WRAP_WIDTH, render_svg
from netwizard.network.host_facts import facts_from_json
from netwizard.network.interfaces_file import UnsafeValueError, render
from netwizard.network.interfaces_file.root_commands import RootCommandLine, lines_sha256, root_command_lines
from netwizard.network.model import HostNetwork
from netwizard.network.query.roles import ClusterConfig, Roles, cluster_roles
from netwizard.network.written import Unwritten, check_written, unwritten_values

from .choices import InterfaceKind
from .cluster_configs import cluster_config, cluster_rows, host_cluster_config
from .conversion import network_from_rows
from .models import (
    ApiToken,
    ClusterConfiguration,
    Host,
    HostChange,
    HostVerification,
    Interface,
    RootCommandReview,
    Switch,
)


def host_list(*, cluster: str | None = None) -> QuerySet[Host]:
    """Every host by name (or those of one cluster), without its stored file and facts (a
    list never shows them), with its last verification's result (`verified_ok`, `verified_at`);
    page it, then count with `host_interface_counts`."""
    last = HostVerification.objects.filter(host=OuterRef("pk")).order_by("-at", "-pk")
    hosts = (
        Host.objects.defer("imported_text", "global_lines", "facts", "etc_hosts")
        .annotate(verified_ok=Subquery(last.values("ok")[:1]), verified_at=Subquery(last.values("at")[:1]))
        .order_by("name")
    )
    return hosts if cluster is None else hosts.filter(cluster=cluster)


def host_interface_counts(*, hosts: Iterable[Host]) -> list[Host]:
    """`hosts` with their interfaces counted per kind (`nic_count`, `bond_count`, `bridge_count`,
    `vlan_count`), in one query. Counting only the hosts shown keeps a page of the list as cheap
    at 2,000 hosts as at 20."""
    hosts = list(hosts)
    counts = Counter()
    rows = Interface.objects.filter(host__in=[host.pk for host in hosts]).order_by().values_list("host_id", "kind")
    for host_id, kind, number in rows.annotate(number=Count("pk")):
        counts[host_id, kind] = number
    for host in hosts:
        for kind in COUNTED_KINDS:
            setattr(host, f"{kind.value}_count", counts[host.pk, kind])
    return hosts


COUNTED_KINDS = (InterfaceKind.NIC, InterfaceKind.BOND, InterfaceKind.BRIDGE, InterfaceKind.VLAN)


def host_get(*, name: str) -> Host | None:
    return Host.objects.filter(name=name).first()


@dataclass(frozen=True)
class HostDeletion:
    """What deleting a host removes and what it leaves, as the confirmation page names it."""

    host: Host
    interfaces: list[tuple[str, list[str]]]  # (kind, names in file order): NICs, bonds, bridges, VLANs, …
    interface_count: int
    switches: list[str]  # the switches its NICs are cabled to: they stay
    history: int  # its audit rows, which stay (under its name)
    cluster_nodes: list[str]  # the other hosts of its cluster, which stay


DELETION_KIND_ORDER = [
    InterfaceKind.NIC,
    InterfaceKind.BOND,
    InterfaceKind.BRIDGE,
    InterfaceKind.VLAN,
    InterfaceKind.LOOPBACK,
    InterfaceKind.OTHER,
]


def host_deletion(*, host: Host) -> HostDeletion:
    """What `services.host_delete` would remove and keep, in three queries."""
    rows = list(host.interfaces.select_related("switch").order_by("position", "name"))
    by_kind: dict[str, list[str]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row.name)
    order = {kind.value: i for i, kind in enumerate(DELETION_KIND_ORDER)}
    others = Host.objects.filter(cluster=host.cluster).exclude(pk=host.pk).order_by("name")
    return HostDeletion(
        host=host,
        interfaces=sorted(by_kind.items(), key=lambda item: order.get(item[0], len(order))),
        interface_count=len(rows),
        switches=sorted({row.switch.name for row in rows if row.switch_id}),
        history=host.changes.count(),
        cluster_nodes=list(others.values_list("name", flat=True)) if host.cluster else [],
    )


def host_network(*, host: Host) -> HostNetwork:
    """The host's network as the pure core sees it, in one query whatever its size."""
    return _host_network_and_switches(host)[0]


def _host_network_and_switches(host: Host) -> tuple[HostNetwork, dict[str, tuple[bool, str]]]:
    rows = list(host.interfaces.select_related("switch").order_by("position", "name"))
    switches = {row.switch.name: (row.switch.lacp, row.switch.stack) for row in rows if row.switch_id}
    return network_from_rows(host, rows), switches


def _host_context(
    host: Host,
    network: HostNetwork,
    switches: dict[str, tuple[bool, str]],
    configs: dict[str, ClusterConfiguration] | None = None,
) -> rules.Context:
    """The rules' context for a host: its switches, what the node last reported of its NICs,
    and the interfaces its cluster's corosync.conf puts the cluster network on."""
    context = rules.Context.for_inventory(network, switches=switches, facts=facts_from_json(host.facts))
    config = host_cluster_config(host, configs)
    if config is None or config.corosync is None:
        return context
    derived = cluster_roles({host.name: network}, config).cluster_interfaces(host.name)
    return dataclasses.replace(context, cluster_interfaces=context.cluster_interfaces | derived)


@dataclass(frozen=True)
class HostReview:
    """A host's network, what the inventory knows around it, and what the rules find in its file.

    `written` is the network as its file reads back (None when the renderer refuses it):
    the findings are about that file, so none names a value the download replaces or
    leaves out; `unwritten` lists those values with the reason.
    """

    network: HostNetwork
    context: rules.Context
    findings: list[rules.Finding]
    written: HostNetwork | None = None

    @classmethod
    def of(cls, network: HostNetwork, context: rules.Context) -> HostReview:
        written, findings = check_written(network, context)
        return cls(network=network, context=context, findings=findings, written=written)

    @property
    def unwritten(self) -> list[Unwritten]:
        return unwritten_values(self.network, self.written) if self.written is not None else []

    @property
    def errors(self) -> list[rules.Finding]:
        return [f for f in self.findings if f.severity == rules.ERROR]

    def topology_svg(self, *, max_width: float | None = WRAP_WIDTH) -> str:
        """The host's diagram: its network, its switches, and its findings marked on it."""
        return render_svg(self.network, switches=self.context.switches, findings=self.findings, max_width=max_width)

    @property
    def warnings(self) -> list[rules.Finding]:
        return [f for f in self.findings if f.severity == rules.WARNING]


def host_review(*, host: Host) -> HostReview:
    """Network, context and findings of one host, in one query whatever its size."""
    network, switches = _host_network_and_switches(host)
    return HostReview.of(network, _host_context(host, network, switches))


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
    """`host_review` for rows already loaded with `host_rows`: no query but, once per host
    object, its cluster's configuration."""
    network = network_from_rows(host, rows)
    switches = {row.switch.name: (row.switch.lacp, row.switch.stack) for row in rows if row.switch_id}
    return HostReview.of(network, _host_context(host, network, switches))


def host_review_candidate(
    *, host: Host, rows: list[Interface], interface: Interface, members: list[Interface] | None = None
) -> HostReview:
    """The review the host would get if `interface` (new or changed, not saved) were saved.

    `members` replaces the members or ports of a bond or bridge, as `interface_save`
    would. Nothing is written and nothing is queried; `rows` stay as they are.
    """
    candidate = interface_copy(interface)
    if candidate.pk is None:
        candidate.pk = _UNSAVED_PK
    changed = []
    wanted = {m.pk for m in members} if members is not None else None
    for row in rows:
        if row.pk == candidate.pk:
            changed.append(candidate)
            continue
        if wanted is not None and (row.pk in wanted or row.master_id == candidate.pk):
            row = interface_copy(row)
            row.master_id = candidate.pk if row.pk in wanted else None
        changed.append(row)
    if interface.pk is None:
        changed.append(candidate)
    return host_review_rows(host=host, rows=changed)


_UNSAVED_PK = -1  # stands in for the id of an interface that is not saved yet


def interface_copy(row: Interface) -> Interface:
    """A copy to change in memory (a preview, a dry run); it keeps the relations already
    loaded (no query), in a cache of its own so changing one does not change the other."""
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


# =====================================================================================
# History, baselines and clusters
# =====================================================================================

HISTORY_LENGTH = 20
DOWNLOAD_WINDOW = timedelta(minutes=1)


def host_history(*, host: Host) -> list[HostChange]:
    """The host's latest changes and downloads, newest first (without the files they point to)."""
    return list(host.changes.all()[:HISTORY_LENGTH])


@dataclass(frozen=True)
class Baseline:
    """The file the host is believed to run, as it was, byte for byte: the last one imported
    or marked as applied. A download is not one: anyone may download a file and never apply it."""

    label: str
    text: str


def host_baseline(*, host: Host) -> Baseline | None:
    last = host.changes.filter(action__in=[HostChange.IMPORT, HostChange.APPLY]).select_related("file").first()
    if last is None:
        return None
    when = last.at.strftime("%Y-%m-%d %H:%M")
    if last.action == HostChange.APPLY:
        who = last.username or "the command line"
        return Baseline(label=f"the file marked as applied by {who} on {when}", text=last.file.text)
    return Baseline(label=f"the file imported on {when}", text=host.imported_text) if host.imported_text else None


def user_download_wait(*, user: AbstractBaseUser, per_minute: int) -> int:
    """Seconds until `user` may download again under a limit of `per_minute` files a minute
    (0: now). Counted from the history's download rows, which every worker process shares."""
    now = timezone.now()
    recent = HostChange.objects.filter(user=user, action=HostChange.DOWNLOAD, at__gt=now - DOWNLOAD_WINDOW)
    # The oldest download that still counts against the limit: once it leaves the window, one is free.
    oldest = list(recent.order_by("-at").values_list("at", flat=True)[per_minute - 1 : per_minute])
    if not oldest:
        return 0
    return max(1, math.ceil((oldest[0] + DOWNLOAD_WINDOW - now).total_seconds()))


@dataclass(frozen=True)
class ClusterReview:
    """The nodes of one cluster, each with its network, and the CLUSTER-* findings across them.

    A node's own review (its rules) is worked out when first asked for: the host page
    needs one node's, the cluster page every node's.
    """

    name: str
    hosts: list[Host]
    nodes: dict[str, tuple[HostNetwork, rules.Context]]
    findings: list[rules.Finding]
    verdict: rules.Verdict  # what the findings' comparison covered, and whether the nodes agree on it
    stored: ClusterConfiguration | None = None  # the uploaded corosync.conf and ceph.conf
    config: ClusterConfig | None = None  # what they say, as the rules read it
    roles: Roles | None = None  # which interface of each node carries each link and Ceph network
    _reviews: dict[str, HostReview] = field(default_factory=dict, repr=False, compare=False)

    def review(self, host: str) -> HostReview:
        if host not in self._reviews:
            self._reviews[host] = HostReview.of(*self.nodes[host])
        return self._reviews[host]

    def findings_for(self, host: str) -> list[rules.Finding]:
        return [f for f in self.findings if f.host == host]


def cluster_review(*, name: str) -> ClusterReview | None:
    """All nodes sharing a cluster name, in three queries however many nodes there are."""
    hosts = list(Host.objects.filter(cluster=name).order_by("name"))
    if not hosts:
        return None
    configs = cluster_rows([name])
    networks = host_networks(hosts=hosts, configs=configs)
    nodes = {host.name: networks[host.pk] for host in hosts}
    row = configs.get(name)
    config = cluster_config(row, {host.name: host.etc_hosts for host in hosts})
    findings = rules.check_cluster(nodes, config)
    verdict = rules.cluster_verdict(nodes, findings, config)
    roles = cluster_roles({n: network for n, (network, _) in nodes.items()}, config) if config else None
    return ClusterReview(
        name=name, hosts=hosts, nodes=nodes, findings=findings, verdict=verdict, stored=row, config=config, roles=roles
    )


def host_networks(
    *, hosts: list[Host], configs: dict[str, ClusterConfiguration] | None = None
) -> dict[int, tuple[HostNetwork, rules.Context]]:
    """Each host's network and rule context by host id, in two queries however many hosts."""
    rows_by_host: dict[int, list[Interface]] = {host.pk: [] for host in hosts}
    for row in Interface.objects.filter(host__in=hosts).select_related("switch").order_by("position", "name"):
        rows_by_host[row.host_id].append(row)
    if configs is None:
        configs = cluster_rows(host.cluster for host in hosts)
    found = {}
    for host in hosts:
        rows = rows_by_host[host.pk]
        network = network_from_rows(host, rows)
        switches = {row.switch.name: (row.switch.lacp, row.switch.stack) for row in rows if row.switch_id}
        found[host.pk] = (network, _host_context(host, network, switches, configs))
    return found


# Root-command lines ---------------------------------------------------------------

APPROVE_ROOT_COMMANDS = "inventory.approve_root_commands"


@dataclass(frozen=True)
class RootCommands:
    """A host's root-command lines and where their approval stands.

    `author` is who last changed the lines: a user, or None for the command line and for
    lines from before netwizard recorded authors (`author_known` False). The file may be
    handed out when there are no such lines or when their approval is for exactly them."""

    lines: list[RootCommandLine]
    sha256: str
    review: RootCommandReview | None

    @property
    def approved(self) -> bool:
        return not self.lines or (self.review is not None and self.review.approved_sha256 == self.sha256)

    @property
    def author_known(self) -> bool:
        return self.review is not None and self.review.lines_sha256 == self.sha256

    @property
    def author_label(self) -> str:
        """Who last changed the lines, or "" when that is not recorded."""
        if not self.author_known:
            return ""
        assert self.review is not None
        return self.review.changed_by_name or "the command line"

    @property
    def author_sentence(self) -> str:
        if not self.author_known:
            return "Who last changed them is not recorded: they were stored before netwizard recorded it."
        assert self.review is not None
        return f"Last changed by {self.author_label} on {timezone.localtime(self.review.changed_at):%Y-%m-%d %H:%M %Z}."

    def refusal(self, user: AbstractBaseUser) -> str:
        """Why `user` may not approve these lines, or "" when they may."""
        if not self.lines:
            return "This host has no lines that run commands as root."
        if self.approved:
            return "These lines are already approved."
        if not user.has_perm(APPROVE_ROOT_COMMANDS):
            return "Approving lines that run commands as root needs the 'approve root commands' permission."
        if self.author_known and self.review.changed_by_id is not None and self.review.changed_by_id == user.pk:
            return "You changed these lines last; someone else must approve them."
        return ""


def host_root_commands(*, host: Host, network: HostNetwork) -> RootCommands:
    """No query for a host loaded with `select_related("root_command_review")`, nor for a
    network without root-command lines; one otherwise."""
    lines = root_command_lines(network)
    review = None
    if lines:
        try:
            review = host.root_command_review
        except RootCommandReview.DoesNotExist:
            review = None
    return RootCommands(lines, lines_sha256(lines), review)


@dataclass(frozen=True)
class ServedFile:
    """What a host's download hands out. The download, the download page (its "applied"
    button and apply plan) and "mark as applied" all decide from this, so they agree."""

    text: str  # the rendered file; "" when the renderer refuses a value
    unsafe: str  # the renderer's reason for refusing, "" when it did not
    blocked: bool  # error findings or an unwritable value: no file to hand out
    root: RootCommands

    @property
    def handed_out(self) -> str:
        """The file as the download serves it, or "" while it is refused or its
        root-command lines wait for approval."""
        return self.text if not self.blocked and self.root.approved else ""


def host_file_render(*, review: HostReview) -> tuple[str, str]:
    """The file text, or "" and the renderer's reason for refusing."""
    try:
        return render(review.network), ""
    except UnsafeValueError as error:
        return "", str(error)


def host_served_file(*, host: Host, review: HostReview) -> ServedFile:
    text, unsafe = host_file_render(review=review)
    return ServedFile(
        text=text,
        unsafe=unsafe,
        blocked=bool(review.errors or unsafe),
        root=host_root_commands(host=host, network=review.network),
    )


# =====================================================================================
# API tokens
# =====================================================================================


def api_token_list(*, user) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones included (the page says so)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-pk"))


def api_token_get(*, user, pk: int) -> ApiToken | None:
    """One of the user's own tokens; None for anyone else's."""
    return ApiToken.objects.filter(user=user, pk=pk).first()
