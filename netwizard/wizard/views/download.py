"""The download: the file itself, and the page with everything to have ready before putting
it on the host."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from netwizard.inventory import apply_plans, selectors, services
from netwizard.inventory.models import Host, file_sha256
from netwizard.network.plans import apply, switch_side

from ..access import EDIT, editor_required, viewer_required
from ..changes import host_changes
from ..htmx import HtmxHttpRequest
from .approval import host_with_approval_or_404, root_commands_context, withheld_response
from .pages import host_page


@viewer_required
@require_GET
def host_download(request: HtmxHttpRequest, name: str) -> HttpResponse:
    """Lock-out warnings, the switch-side checklist of every bond, the safe apply plan, the diff."""
    host = host_with_approval_or_404(name)
    review = selectors.host_review(host=host)
    served = selectors.host_served_file(host=host, review=review)
    changed = host_changes(host=host, review=review, text=served.text)
    context = {
        "host": host,
        "review": review,
        "unsafe": served.unsafe,
        "blocked": served.blocked,
        "changed": changed,
        "can_edit": request.user.has_perms(EDIT),
        # What "I have applied this file" marks: the file this page describes, not whatever
        # the host's file has become by the time the button is pressed; only a file served.
        "sha256": file_sha256(served.handed_out) if served.handed_out else "",
        # Without a file there is nothing to warn about yet; with one, the warnings read the same
        # comparison as the changes section.
        "warnings": apply.lockout_warnings(changed.changes, review.network, review.context) if served.text else [],
        "checklists": switch_side.host_switch_checklists(review.network, review.context),
        **root_commands_context(request, served.root),
        # The plan embeds the file: withheld like the download while root-command lines wait.
        **safe_apply_plan(host, review, blocked=not served.handed_out),
    }
    return TemplateResponse(request, "wizard/download.html", context, status=409 if served.blocked else 200)


@viewer_required
@require_GET
def host_interfaces(request: HtmxHttpRequest, name: str) -> HttpResponse:
    """The host's file as a download; refused (409) while the rules find errors in it or its
    root-command lines wait for approval, and (429) past the user's download limit."""
    host = host_with_approval_or_404(name)
    served = selectors.host_served_file(host=host, review=selectors.host_review(host=host))
    if served.blocked:
        return host_page(request, host, refused=True)
    if not served.handed_out:
        return withheld_response(request, host, served.root)
    text = served.handed_out
    try:
        services.host_download_record(host=host, text=text)
    except services.DownloadLimitReached as limit:
        # Plain text: the answer to a file download, read wherever the browser shows it.
        refused = HttpResponse(str(limit), status=429, content_type="text/plain; charset=utf-8")
        refused["Retry-After"] = str(limit.retry_after)
        return refused
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interfaces"'
    return response


@editor_required
@require_POST
def host_mark_applied(request: HtmxHttpRequest, name: str) -> HttpResponse:
    """The editor says the host runs the file the download page showed: later changes are compared with it."""
    host = get_object_or_404(Host, name=name)
    try:
        services.host_mark_applied(host=host, sha256=request.POST.get("sha256", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Noted: {host.name} runs this file. The pages now compare the download with it.")
    return redirect("wizard:host_download", host.name)


def safe_apply_plan(host: Host, review: selectors.HostReview, *, blocked: bool) -> dict[str, object]:
    """The one set of apply commands any page shows (templates/wizard/_apply_plan.html):
    `apply_plans.host_apply_plan` as the template's `plan` and `plan_refused`, and the
    `.link_files` of planned pins."""
    plan = apply_plans.host_apply_plan(host=host, review=review, blocked=blocked)
    return {"plan": plan.text, "plan_refused": plan.refused, "link_files": plan.link_files}
