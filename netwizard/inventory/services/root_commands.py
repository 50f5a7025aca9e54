"""Approval of the lines that run programs or include files as root.

Lines that run programs or include files as root (netwizard.network.interfaces_file.root_commands) are
handed out only once someone other than their last author approved exactly them.
Every write records here whether it changed them and who did; a change withdraws the
approval. The command line has no user: its author is "the command line", and any web
user allowed to approve may approve its lines (whoever runs manage.py already controls
the server); lines stored before authors were recorded are treated the same way.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netwizard.network.interfaces_file.root_commands import lines_sha256, root_command_lines
from netwizard.network.model import HostNetwork

from .. import audit, selectors
from ..models import Host, HostChange, RootCommandReview

ROOT_COMMANDS_CHANGED = "These lines changed since the page was loaded; reload it and read them again before approving."


def _root_commands_note(*, host: Host, network: HostNetwork, before: HostNetwork | None = None) -> None:
    """Record the actor as the author when the host's root-command lines changed. `before` is
    the network before the write; without it (an import) the recorded fingerprint is compared."""
    lines = root_command_lines(network)
    sha256 = lines_sha256(lines)
    if before is not None and sha256 == lines_sha256(root_command_lines(before)):
        return  # most writes: no query at all
    review = RootCommandReview.objects.filter(host=host).first()
    if (review.lines_sha256 if review else lines_sha256([])) == sha256:
        return  # an unchanged re-import keeps the author and the approval
    user = audit.current_user()
    review = review or RootCommandReview(host=host)
    review.lines_sha256 = sha256
    review.changed_by = user
    review.changed_by_name = user.get_username() if user is not None else ""
    review.changed_at = timezone.now()
    review.approved_sha256, review.approved_by, review.approved_by_name, review.approved_at = "", None, "", None
    review.save()


def host_root_commands_approve(*, host: Host, user, sha256: str | None = None) -> RootCommandReview:
    """Approve the host's current root-command lines as `user`: refused (ValidationError) for
    their last author, for a user without the `inventory.approve_root_commands` permission
    (superusers have it) and, with `sha256`, when the lines are no longer the ones the
    approver read."""
    with transaction.atomic():
        host = Host.objects.select_for_update().get(pk=host.pk)
        state = selectors.host_root_commands(host=host, network=selectors.host_network(host=host))
        if sha256 is not None and sha256 != state.sha256:
            raise ValidationError(ROOT_COMMANDS_CHANGED, code="root_commands_changed")
        refusal = state.refusal(user)
        if refusal:
            raise ValidationError(refusal, code="root_commands")
        now = timezone.now()
        review = state.review or RootCommandReview(host=host)
        if not state.author_known:  # lines from before authors were recorded
            review.lines_sha256, review.changed_at = state.sha256, now
            review.changed_by, review.changed_by_name = None, ""
        review.approved_sha256 = state.sha256
        review.approved_by = user
        review.approved_by_name = user.get_username()
        review.approved_at = now
        review.save()
        listed = "; ".join(f"{line.interface}: {line.text}" if line.interface else line.text for line in state.lines)
        summary = f"{len(state.lines)} line{'s' if len(state.lines) != 1 else ''}: {listed}"
        with audit.acting_as(user):
            audit.host_change_record(host=host, action=HostChange.APPROVE, summary=summary[:500])
    return review
