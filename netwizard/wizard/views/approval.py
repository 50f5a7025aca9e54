"""Lines that run commands as root: what the pages show about their approval, the refusal
of the file while they wait for it, and the approval itself (issue 13 §1).

The file is handed out (download, apply plan) only once someone other than the last
author of these lines approved exactly them; `selectors.RootCommands` says where that
stands and `services.host_root_commands_approve` records an approval.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from netwizard.inventory import selectors, services
from netwizard.inventory.models import Host

from ..access import approver_required

WHO_MAY_APPROVE = "a superuser or a user with the 'approve root commands' permission"


def host_with_approval_or_404(name: str) -> Host:
    """The host with its approval row joined in: the pages that show or serve its file then
    learn where the approval stands without another query."""
    return get_object_or_404(Host.objects.select_related("root_command_review"), name=name)


def root_commands_context(request: HttpRequest, root: selectors.RootCommands) -> dict:
    """What the download, review and host pages need: the lines, their approval, who may give it."""
    waiting = bool(root.lines) and not root.approved
    refusal = root.refusal(request.user) if waiting else ""
    return {
        "root_commands": root,
        "root_commands_waiting": waiting,
        "root_commands_may_approve": waiting and not refusal,
        "root_commands_refusal": refusal,
        "root_commands_approvers": approvers_text(root),
    }


def approvers_text(root: selectors.RootCommands) -> str:
    if root.author_known and root.review is not None and root.review.changed_by_id is not None:
        return f"{WHO_MAY_APPROVE} other than {root.review.changed_by_name} (who changed them last)"
    return WHO_MAY_APPROVE


def withheld_response(request: HttpRequest, host: Host, root: selectors.RootCommands) -> HttpResponse:
    """The download's answer while the lines wait: 409, in plain text naming them."""
    listed = "".join(f"  {line.interface or '(top level)'}: {line.text}\n" for line in root.lines)
    page = request.build_absolute_uri(reverse("wizard:host_download", args=[host.name]))
    text = (
        f"netwizard withholds the interfaces file of {host.name}: these lines run commands as root and "
        f"are not approved yet:\n{listed}"
        f"{root.author_sentence} {approvers_text(root).capitalize()} can approve them on {page}\n"
    )
    return HttpResponse(text, status=409, content_type="text/plain; charset=utf-8")


@approver_required
@require_POST
def host_root_commands_approve(request: HttpRequest, name: str) -> HttpResponse:
    """Approve the lines the download page showed (their fingerprint comes with the form)."""
    host = get_object_or_404(Host, name=name)
    try:
        services.host_root_commands_approve(host=host, user=request.user, sha256=request.POST.get("sha256", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Approved the lines of {host.name} that run commands as root.")
    return redirect("wizard:host_download", host.name)
