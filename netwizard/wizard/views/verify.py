"""The Verify page (issue 19): upload the facts collected after the apply, see every check
with its verdict and evidence, and the earlier verifications."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from netwizard.inventory import selectors, services
from netwizard.inventory.models import Host, file_sha256
from netwizard.network.collect import COLLECT_COMMAND
from netwizard.network.interfaces_file import UnsafeValueError, render

from ..access import EDIT, editor_required, viewer_required
from ..htmx import HtmxHttpRequest
from ..uploads import NoFacts, facts_sent

HISTORY = 10  # earlier verifications listed
# The checks' topics, in the order the comparison makes them.
TOPIC_TITLES = {
    "interfaces": "Every planned interface exists and is up",
    "bonds": "Bonds run as planned",
    "bridges": "Bridge ports and VLAN filtering",
    "addresses": "Addresses and the default route",
    "mtu": "MTUs",
    "unplanned": "Nothing runs that the plan lacks",
}


@editor_required
@require_POST
def host_verify_upload(request: HtmxHttpRequest, name: str) -> HttpResponse:
    host = get_object_or_404(Host, name=name)
    try:
        data = facts_sent(request)
    except NoFacts as refused:
        messages.error(request, f"{refused} Nothing was checked.")
        return redirect("wizard:host_verify", host.name)
    try:
        services.host_verify(host=host, data=data)
    except ValidationError as error:
        messages.error(request, f"{' '.join(error.messages)} Nothing was checked.")
    return redirect("wizard:host_verify", host.name)


@viewer_required
@require_GET
def host_verify(request: HtmxHttpRequest, name: str) -> HttpResponse:
    host = get_object_or_404(Host, name=name)
    verifications = list(host.verifications.all()[:HISTORY])
    latest = verifications[0] if verifications else None
    groups = []
    if latest is not None:
        for topic, title in TOPIC_TITLES.items():
            checks = [c for c in latest.checks if c.get("topic") == topic]
            if checks:
                groups.append({"title": title, "checks": checks})
    context = {
        "host": host,
        "latest": latest,
        "plan_changed": latest is not None and latest.plan_sha256 != _plan_sha256(host),
        "groups": groups,
        "earlier": verifications[1:],
        "can_edit": request.user.has_perms(EDIT),
        "collect_command": COLLECT_COMMAND,
    }
    return TemplateResponse(request, "wizard/verify.html", context)


def _plan_sha256(host: Host) -> str:
    """The SHA-256 of the file the host's plan writes now ("" when it cannot be written)."""
    review = selectors.host_review(host=host)
    try:
        return file_sha256(render(review.written or review.network))
    except UnsafeValueError:
        return ""
