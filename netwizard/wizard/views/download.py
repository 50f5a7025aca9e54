"""The download page: the file, and everything to have ready before putting it on the host."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from netwizard.inventory import selectors
from netwizard.inventory.models import Host
from netwizard.network import apply_plan, switch_side

from ..access import EDIT, viewer_required
from ..changes import host_changes
from ..preview import rendered


@viewer_required
@require_GET
def host_download(request: HttpRequest, name: str) -> HttpResponse:
    """Lock-out warnings, the switch-side checklist of every bond, the safe apply plan, the diff."""
    host = get_object_or_404(Host, name=name)
    review = selectors.host_review(host=host)
    text, unsafe = rendered(review)
    changed = host_changes(host=host, review=review, text=text)
    blocked = bool(review.errors or unsafe)
    context = {
        "host": host,
        "review": review,
        "unsafe": unsafe,
        "blocked": blocked,
        "changed": changed,
        "can_edit": request.user.has_perms(EDIT),
        # Without a file there is nothing to warn about yet; with one, the warnings read the same
        # comparison as the changes section.
        "warnings": apply_plan.lockout_warnings(changed.changes, review.network, review.context) if text else [],
        "checklists": switch_side.host_switch_checklists(review.network, review.context),
        **safe_apply_plan(host, review, blocked=blocked),
    }
    return TemplateResponse(request, "wizard/download.html", context, status=409 if blocked else 200)


def safe_apply_plan(host: Host, review: selectors.HostReview, *, blocked: bool) -> dict[str, str]:
    """The one set of apply commands any page shows (templates/wizard/_apply_plan.html):
    the safe plan, with its automatic revert. `plan` is empty while the download is
    blocked (the plan embeds the file, and there is none to embed), with `plan_refused`
    saying why when the plan itself cannot be written for this host."""
    if blocked:
        return {"plan": "", "plan_refused": ""}
    try:
        return {
            "plan": apply_plan.apply_plan(review.network, hostname=host.name, context=review.context),
            "plan_refused": "",
        }
    except ValueError as error:  # a name outside the plan's strict grammar: no plan rather than a guess
        return {"plan": "", "plan_refused": str(error)}
