from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import etag, require_GET

from netwizard.inventory import selectors
from netwizard.inventory.choices import InterfaceKind
from netwizard.inventory.models import Host
from netwizard.network.diagram import render_svg
from netwizard.network.interfaces_file import UnsafeValueError, render

from ..access import EDIT, viewer_required
from ..steps import edit_url

HOSTS_PER_PAGE = 50


@require_GET
@viewer_required
def host_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.host_list(), HOSTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "can_edit": request.user.has_perms(EDIT)}
    return TemplateResponse(request, "wizard/host_list.html", context)


def file_lines(text: str) -> list[dict]:
    """The file's lines for display, the leading TAB of option lines set apart."""
    return [
        {"indented": line.startswith("\t"), "text": line[1:] if line.startswith("\t") else line}
        for line in text.split("\n")[:-1]
    ]


def _rendered(review: selectors.HostReview) -> tuple[str, str]:
    """The file text, or the renderer's refusal (stored data is validated on the way in;
    this guards against anything that slipped past)."""
    try:
        return render(review.network), ""
    except UnsafeValueError as error:
        return "", str(error)


def _interface_summary(iface) -> str:
    """One line per interface for the host page: what it is built from and its address."""
    parts = []
    if iface.bond is not None:
        parts.append(f"{iface.bond.mode} over {' '.join(iface.bond.slaves) or 'no members'}")
    if iface.bridge is not None:
        ports = " ".join(iface.bridge.ports) or "no ports"
        parts.append(f"ports {ports}" + (", VLAN aware" if iface.bridge.vlan_aware else ""))
    if iface.vlan is not None:
        parts.append(f"VLAN {iface.vlan.vlan_id} on {iface.vlan.raw_device}")
    parts.extend(iface.addresses)
    return " · ".join(parts)


def _host_page(request, host: Host, review: selectors.HostReview, *, refused: bool = False) -> TemplateResponse:
    text, unsafe = _rendered(review)
    can_edit = request.user.has_perms(EDIT)
    interfaces = [
        {
            "name": iface.name,
            "kind": InterfaceKind(iface.kind).label,
            "summary": _interface_summary(iface),
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
    }
    return TemplateResponse(request, "wizard/host_detail.html", context, status=409 if refused else 200)


@require_GET
@viewer_required
def host_detail(request: HttpRequest, name: str) -> HttpResponse:
    host = get_object_or_404(Host, name=name)
    return _host_page(request, host, selectors.host_review(host=host))


@require_GET
@viewer_required
def host_interfaces(request: HttpRequest, name: str) -> HttpResponse:
    """The host's file as a download; refused (409) while the rules find errors in it."""
    host = get_object_or_404(Host, name=name)
    review = selectors.host_review(host=host)
    text, unsafe = _rendered(review)
    if review.errors or unsafe:
        return _host_page(request, host, review, refused=True)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interfaces"'
    return response


def _host_etag(request: HttpRequest, name: str) -> str | None:
    # Every change to a host, its interfaces or a switch it is cabled to bumps its version.
    found = Host.objects.filter(name=name).values_list("pk", "version").first()
    return f"{found[0]}-{found[1]}" if found else None


@require_GET
@viewer_required
@etag(_host_etag)
def host_topology(request: HttpRequest, name: str) -> HttpResponse:
    """The host's topology diagram; unchanged hosts cost a 304."""
    host = get_object_or_404(Host, name=name)
    review = selectors.host_review(host=host)
    svg = render_svg(review.network, switches=review.context.switches, findings=review.findings)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = content_disposition_header(False, f"{host.name}-topology.svg")
    response["Cache-Control"] = "private, no-cache"
    # Opened on its own, the SVG may do nothing at all: no scripts, no styles, no fetches.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
