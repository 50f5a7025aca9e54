"""The node's own view of itself (issue 17): import its facts document, rename a NIC that
changed its name, pin the NIC names, and hand out the `.link` files that pin them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from netwizard.inventory import selectors, services
from netwizard.inventory.models import Host
from netwizard.network import pinning, rules

from ..access import editor_required, viewer_required
from ..htmx import HtmxHttpRequest
from ..uploads import NoFacts, facts_sent

NO_DOCUMENT = "Choose the file the collection command wrote, or paste what it printed. Nothing was imported."
TOO_LARGE = (
    "The facts document is larger than 20 MiB; netwizard reads documents of at most 20 MiB. Nothing was imported."
)
IMPORTED = "Imported the facts of {host}: {updated} NICs updated, {added} added{names}."
STALE_RENAME = "{old} is no longer a NIC the node reports as {new}: reload the page. Nothing was renamed."
RENAMED = "Renamed {old} to {new} everywhere the file names it."
PINNED = (
    "Pinned {count} NIC names ({pairs}). The download page has the .link files and an apply plan that installs "
    "them; a reboot applies the new names."
)
FIREWALL = (
    "The node's firewall names NICs this renames; netwizard cannot rewrite /etc/pve/nodes/{host}/host.fw, so change "
    "these rules by hand before the reboot: {lines}"
)
SDN = "If SDN fabrics or controllers of this node name a renamed NIC, rename it there too (Datacenter > SDN)."


def _version(request: HtmxHttpRequest) -> int | None:
    value = request.POST.get("expected_version", "")
    return int(value) if value.isdigit() else None


@editor_required
@require_POST
def host_facts_upload(request: HtmxHttpRequest, name: str) -> HttpResponse:
    host = get_object_or_404(Host, name=name)
    try:
        data = facts_sent(request)
    except NoFacts as refused:
        messages.error(request, f"{refused} Nothing was imported.")
        return redirect("wizard:host_detail", host.name)
    try:
        result = services.host_facts_import(host=host, data=data, expected_version=_version(request))
    except ValidationError as error:
        messages.error(request, f"{' '.join(error.messages)} Nothing was imported.")
        return redirect("wizard:host_detail", host.name)
    names = f" ({', '.join(result.added)})" if result.added else ""
    text = IMPORTED.format(host=host.name, updated=len(result.updated), added=len(result.added), names=names)
    messages.success(request, text)
    if result.skipped:
        messages.warning(request, "Left out of the document: " + "; ".join(result.skipped[:5]))
    return redirect("wizard:host_detail", host.name)


@editor_required
@require_POST
def host_nic_rename(request: HtmxHttpRequest, name: str) -> HttpResponse:
    """The one-click fix of NIC-01: only a rename the facts propose right now is made."""
    host = get_object_or_404(Host, name=name)
    old, new = request.POST.get("old", ""), request.POST.get("new", "")
    review = selectors.host_review(host=host)
    if (old, new) not in {(r.old, r.new) for r in rules.nic_renames(review.network, review.context)}:
        messages.error(request, STALE_RENAME.format(old=old[:20], new=new[:20]))
        return redirect("wizard:host_detail", host.name)
    try:
        services.host_nics_rename(host=host, mapping={old: new}, expected_version=_version(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, RENAMED.format(old=old, new=new))
    return redirect("wizard:host_detail", host.name)


@editor_required
@require_POST
def host_pin(request: HtmxHttpRequest, name: str) -> HttpResponse:
    host = get_object_or_404(Host, name=name)
    try:
        prefix = request.POST.get("prefix", "").strip() or pinning.DEFAULT_PREFIX
        pinned = services.host_nic_names_pin(host=host, prefix=prefix, expected_version=_version(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("wizard:host_detail", host.name)
    pairs = ", ".join(f"{old} → {new}" for old, new in pinned.mapping.items())
    messages.success(request, PINNED.format(count=len(pinned.mapping), pairs=pairs))
    if pinned.firewall_lines:
        messages.warning(request, FIREWALL.format(host=host.name, lines=" | ".join(pinned.firewall_lines)))
    messages.info(request, SDN)
    return redirect("wizard:host_download", host.name)


@viewer_required
@require_GET
def host_link_file(request: HtmxHttpRequest, name: str, filename: str) -> HttpResponse:
    """One `.link` file of a pin netwizard planned, as a download."""
    host = get_object_or_404(Host, name=name)
    links = pinning.planned_link_files(selectors.host_review(host=host).network)
    found = next((f for f in links if f.path.rsplit("/", 1)[1] == filename), None)
    if found is None:
        raise Http404("No such .link file")
    response = HttpResponse(found.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
