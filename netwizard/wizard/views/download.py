"""The download page: the file, and everything to have ready before putting it on the host."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from netwizard.inventory import selectors
from netwizard.inventory.models import Host
from netwizard.network import apply_plan, switch_side
from netwizard.network.interfaces_file import ParseError, parse

from ..access import viewer_required
from ..preview import rendered, unified_diff


@viewer_required
@require_GET
def host_download(request: HttpRequest, name: str) -> HttpResponse:
    """Lock-out warnings, the switch-side checklist of every bond, the safe apply plan, the diff."""
    host = get_object_or_404(Host, name=name)
    review = selectors.host_review(host=host)
    text, unsafe = rendered(review)
    baseline = selectors.host_baseline(host=host)
    before = _baseline_network(baseline)
    blocked = bool(review.errors or unsafe)
    context = {
        "host": host,
        "review": review,
        "unsafe": unsafe,
        "blocked": blocked,
        "baseline": baseline,
        "diff": unified_diff(baseline.text, text, old_name=baseline.label, new_name=f"{host.name} now")
        if baseline and text
        else [],
        "warnings": apply_plan.lockout_warnings(before, review.network, review.context),
        "checklists": switch_side.host_switch_checklists(review.network, review.context),
        # The plan embeds the file; there is none to embed while the rules refuse it.
        "plan": "" if blocked else apply_plan.apply_plan(review.network, hostname=host.name, context=review.context),
    }
    return TemplateResponse(request, "wizard/download.html", context, status=409 if blocked else 200)


def _baseline_network(baseline: selectors.Baseline | None):
    if baseline is None:
        return None
    try:
        return parse(baseline.text)
    except ParseError:
        return None
