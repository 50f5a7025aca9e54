from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import etag, require_GET

from netwizard.inventory import selectors
from netwizard.inventory.choices import InterfaceKind
from netwizard.inventory.models import Host
from netwizard.network import rules
from netwizard.network.collect import COLLECT_COMMAND
from netwizard.network.host_facts import HostFacts
from netwizard.network.model import Kind

from ..access import EDIT, viewer_required
from ..changes import host_changes
from ..forms.nics import speed_label
from ..htmx import HtmxHttpRequest
from ..preview import file_lines, rendered
from ..steps import edit_url
from .approval import host_with_approval_or_404, root_commands_context

HOSTS_PER_PAGE = 50


@viewer_required
@require_GET
def host_list(request: HtmxHttpRequest) -> HttpResponse:
    page = Paginator(selectors.host_list(), HOSTS_PER_PAGE).get_page(request.GET.get("page"))
    hosts = selectors.host_interface_counts(hosts=page.object_list)
    # One reverse for the page instead of one per row: only the last path segment differs.
    head, _, tail = reverse("wizard:host_detail", args=["-"]).rpartition("/-/")
    for host in hosts:
        host.url = f"{head}/{quote(host.name, safe='')}/{tail}"
    context = {"page": page, "hosts": hosts, "can_edit": request.user.has_perms(EDIT)}
    return TemplateResponse(request, "wizard/host_list.html", context)


def _interface_summary(iface, facts: HostFacts | None) -> str:
    """One line per interface for the host page: what it is built from and its address; for a
    NIC, its MAC and speed, and what the node last reported of its link and pin."""
    parts = []
    if iface.mac:
        parts.append(f"MAC {iface.mac}")
    if iface.speed_mbps:
        parts.append(speed_label(iface.speed_mbps))
    seen = facts.nics.get(iface.name) if facts is not None else None
    if facts is not None and seen is None and iface.kind == Kind.NIC and not iface.pin_planned:
        parts.append("not on the node")
    if seen is not None:
        parts.append("link up" if seen.up else "no link")
        if seen.pinned_by:
            parts.append(f"pinned by {seen.pinned_by.rsplit('/', 1)[1]}")
    if iface.pin_planned:
        parts.append("pin planned (reboot applies it)")
    if iface.bond is not None:
        parts.append(f"{iface.bond.mode} over {' '.join(iface.bond.slaves) or 'no members'}")
    if iface.bridge is not None:
        ports = " ".join(iface.bridge.ports) or "no ports"
        parts.append(f"ports {ports}" + (", VLAN aware" if iface.bridge.vlan_aware else ""))
    if iface.vlan is not None:
        parts.append(f"VLAN {iface.vlan.vlan_id} on {iface.vlan.raw_device}")
    parts.extend(iface.addresses)
    return " · ".join(parts)


def host_page(request: HtmxHttpRequest, host: Host, *, refused: bool = False) -> TemplateResponse:
    """The host page; `refused` when it answers a download the rules refuse (409)."""
    # A node of a cluster is loaded with the other nodes for the CLUSTER-* findings; only its own rules run.
    cluster = selectors.cluster_review(name=host.cluster) if host.cluster else None
    review = cluster.review(host.name) if cluster else selectors.host_review(host=host)
    text, unsafe = rendered(review)
    can_edit = request.user.has_perms(EDIT)
    interfaces = [
        {
            "name": iface.name,
            "kind": InterfaceKind(iface.kind).label,
            "summary": _interface_summary(iface, review.context.facts),
            "edit": (edit_url(host.name, iface.name, iface.kind) or (None,))[0] if can_edit else None,
        }
        for iface in review.network.interfaces
    ]
    context = {
        "host": host,
        "review": review,
        "lines": file_lines(text),
        "unsafe": unsafe,
        "refused": refused,
        "can_edit": can_edit,
        "interfaces": interfaces,
        "history": selectors.host_history(host=host),
        "changed": host_changes(host=host, review=review, text=text),
        "unwritten": review.unwritten,
        "cluster_findings": cluster.findings_for(host.name) if cluster else [],
        "collect_command": COLLECT_COMMAND,
        "node_facts": review.context.facts,
        "renames": rules.nic_renames(review.network, review.context),
        **root_commands_context(request, selectors.host_root_commands(host=host, network=review.network)),
    }
    return TemplateResponse(request, "wizard/host_detail.html", context, status=409 if refused else 200)


@viewer_required
@require_GET
def host_detail(request: HtmxHttpRequest, name: str) -> HttpResponse:
    return host_page(request, host_with_approval_or_404(name))


def _host_etag(request: HtmxHttpRequest, name: str) -> str | None:
    # Every change to a host, its interfaces or a switch it is cabled to bumps its version.
    found = Host.objects.filter(name=name).values_list("pk", "version").first()
    return f"{found[0]}-{found[1]}" if found else None


@viewer_required
@require_GET
@etag(_host_etag)
def host_topology(request: HtmxHttpRequest, name: str) -> HttpResponse:
    """The host's topology diagram; unchanged hosts cost a 304."""
    host = get_object_or_404(Host, name=name)
    review = selectors.host_review(host=host)
    svg = review.topology_svg()
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = content_disposition_header(False, f"{host.name}-topology.svg")
    response["Cache-Control"] = "private, no-cache"
    # Opened on its own, the SVG may do nothing at all: no scripts, no styles, no fetches.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
