"""A cluster's own configuration on its page (issue 18): the upload of corosync.conf and
ceph.conf, each node's corosync links and Ceph networks laid out with what carries them,
and the runbook that changes the nodes one at a time."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from netwizard.inventory import selectors, services
from netwizard.network import bonding
from netwizard.network.cluster_conf import MAX_BYTES
from netwizard.network.interfaces_file.root_commands import root_command_lines
from netwizard.network.plans import apply
from netwizard.network.plans.cluster_apply import NodeStep, cluster_apply_plan
from netwizard.network.query.index import Net
from netwizard.network.query.mtu import effective_mtu
from netwizard.network.query.roles import Roles

from ..access import editor_required, viewer_required

STORED = "Stored {files} for cluster {cluster}; the checks below now use it."
TOO_LARGE = "{file} is larger than 1 MiB; a real one is a few KiB. Nothing was stored."
FILE_NAMES = {"corosync_text": "corosync.conf", "ceph_text": "ceph.conf"}


@dataclass(frozen=True)
class Carrier:
    """What carries one corosync link or Ceph network on one node, as a cell shows it."""

    text: str  # "vmbr0 10.10.10.2/24 · bond0 balance-xor · sw-core", or why there is nothing
    codes: tuple[str, ...]  # the findings about it (CLUSTER-*, BOND-26)
    missing: bool


def layout(cluster: selectors.ClusterReview) -> tuple[list[str], list[dict]]:
    """The column titles (each link, each Ceph network) and one row per node."""
    roles: Roles = cluster.roles or Roles()
    links = sorted({r.link for r in roles.links})
    ceph = sorted({(r.kind, str(r.network)) for r in roles.ceph})
    titles = [f"corosync link {n}" for n in links] + [f"Ceph {kind} {network}" for kind, network in ceph]
    rows = []
    for host in cluster.hosts:
        network, ctx = cluster.nodes[host.name]
        net = Net(network)
        own = cluster.review(host.name).findings + cluster.findings_for(host.name)
        cells = []
        for number in links:
            role = next((r for r in roles.links if r.node == host.name and r.link == number), None)
            if role is None:
                cells.append(Carrier("not in corosync.conf", (), True))
                continue
            where = f"{role.interface} {role.configured}" if role.interface else f"{role.address}: on no interface"
            cells.append(_carrier(net, ctx, where, role.interface, role.below, own))
        for kind, text in ceph:
            role = next(r for r in roles.ceph if r.node == host.name and r.kind == kind and str(r.network) == text)
            where = f"{role.interface} {role.address}" if role.interface else "no address in it"
            cells.append(_carrier(net, ctx, where, role.interface, role.below, own))
        rows.append({"host": host, "cells": cells})
    return titles, rows


def _carrier(net: Net, ctx, where: str, interface: str, below, findings) -> Carrier:
    parts = [where]
    if interface:
        iface = net.by_name[interface]
        parts.append(f"MTU {effective_mtu(net, iface) or 1500}")
    for bond in below.bonds if below else ():
        mode = net.bond_mode(net.by_name[bond]) or bonding.DEFAULT_MODE
        parts.append(f"{bond} {mode}")
    switches = sorted({ctx.switch_of(net.by_name[n]) for n in (below.nics if below else ()) if n in net.by_name} - {""})
    if switches:
        parts.append(" + ".join(switches))
    names = {interface, *(below.bonds if below else ()), *(below.nics if below else ())} - {""}
    codes = tuple(
        sorted({f.code for f in findings if f.interface in names and f.code.startswith(("CLUSTER-", "BOND-26"))})
    )
    return Carrier(" · ".join(parts), codes, not interface)


@editor_required
@require_POST
def cluster_configuration(request: HttpRequest, name: str) -> HttpResponse:
    texts = {}
    for field, file in (("corosync", "corosync.conf"), ("ceph", "ceph.conf")):
        upload = request.FILES.get(f"{field}_file")
        if upload is not None and upload.size > MAX_BYTES:
            messages.error(request, TOO_LARGE.format(file=file))
            return redirect("wizard:cluster_detail", name)
        text = upload.read().decode("utf-8", errors="replace") if upload is not None else request.POST.get(field, "")
        if text.strip():
            texts[f"{field}_text"] = text
    if not texts:
        messages.error(request, "Choose or paste corosync.conf, ceph.conf or both. Nothing was stored.")
        return redirect("wizard:cluster_detail", name)
    try:
        services.cluster_configuration_set(cluster=name, **texts)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        files = " and ".join(FILE_NAMES[key] for key in texts)
        messages.success(request, STORED.format(files=files, cluster=name))
    return redirect("wizard:cluster_detail", name)


@viewer_required
@require_GET
def cluster_apply(request: HttpRequest, name: str) -> HttpResponse:
    """The runbook: every node's safe apply plan, one node at a time, with the checks between."""
    cluster = selectors.cluster_review(name=name)
    if cluster is None:
        raise Http404(f"No host belongs to cluster {name}.")
    steps, waiting = [], []
    for host in cluster.hosts:
        review = cluster.review(host.name)
        if review.errors or root_command_lines(review.network):
            waiting.append(host.name)  # its own download page says what to do first
            continue
        # The cluster checks run before "keep", inside the revert window: give them ten minutes.
        plan = apply.apply_plan(review.network, hostname=host.name, context=review.context, revert_minutes=10)
        steps.append(NodeStep(name=host.name, plan=plan, peers=tuple(_peers(cluster, host.name))))
    try:
        runbook = cluster_apply_plan(name, steps) if steps and not waiting else ""
        refused = ""
    except ValueError as error:
        runbook, refused = "", str(error)
    context = {"cluster": cluster, "runbook": runbook, "waiting": waiting, "refused": refused}
    return TemplateResponse(request, "wizard/cluster_apply.html", context)


def _peers(cluster: selectors.ClusterReview, node: str) -> list[tuple[str, str, int]]:
    """What `node` pings after its change: the other nodes' corosync and Ceph addresses, at their MTU."""
    roles = cluster.roles or Roles()
    peers = []
    for role in roles.links:
        if role.node != node and role.interface and role.configured is not None:
            mtu = _mtu(cluster, role.node, role.interface)
            peers.append((f"corosync link {role.link}", str(role.configured.ip), mtu))
    for role in roles.ceph:
        if role.node != node and role.interface and role.address is not None:
            peers.append(
                (f"Ceph {role.kind} {role.network}", str(role.address.ip), _mtu(cluster, role.node, role.interface))
            )
    return peers


def _mtu(cluster: selectors.ClusterReview, node: str, interface: str) -> int:
    net = Net(cluster.nodes[node][0])
    return effective_mtu(net, net.by_name[interface]) or 1500
