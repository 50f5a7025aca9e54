"""Step 5: findings first, then the file, the diagram, the diff against the imported file,
and the safe apply plan (the download page's, with its automatic revert)."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from netwizard.inventory import selectors

from ..access import EDIT, viewer_required
from ..changes import host_changes
from ..htmx import HtmxHttpRequest
from ..preview import file_lines, rendered
from ..steps import STEPS, STEPS_BY_KEY, finding_fix
from .approval import host_with_approval_or_404, root_commands_context
from .common import page
from .download import safe_apply_plan


@viewer_required
@require_GET
def review(request: HtmxHttpRequest, name: str) -> HttpResponse:
    host = host_with_approval_or_404(name)
    rows = selectors.host_rows(host=host)
    review = selectors.host_review_rows(host=host, rows=rows)
    text, unsafe = rendered(review)
    kinds = {r.name: r.kind for r in rows}
    findings = [{"finding": f, "fix": finding_fix(f, host.name, kinds)} for f in review.findings]
    root = root_commands_context(request, selectors.host_root_commands(host=host, network=review.network))
    context = {
        "host": host,
        "steps": STEPS,
        "step": STEPS_BY_KEY["review"],
        "can_edit": request.user.has_perms(EDIT),
        "review": review,
        "findings": findings,
        "errors": [item for item in findings if item["finding"].is_error],
        "others": [item for item in findings if not item["finding"].is_error],
        "lines": file_lines(text),
        "unsafe": unsafe,
        "changed": host_changes(host=host, review=review, text=text),
        "unwritten": review.unwritten,
        "interface_count": len(rows),
        "notes": len(review.findings) - len(review.errors) - len(review.warnings),
        **root,
        **safe_apply_plan(host, review, blocked=bool(review.errors or unsafe) or root["root_commands_waiting"]),
    }
    return page(request, "wizard/review.html", context)
