"""What a request may do: its user's role, narrowed by the token it came with.

Viewers read; editors also write. A token never has more rights than its user has at
the moment of the request, and a read-only token (the default) writes nothing whatever
its user's role. Computations that change nothing (lint, format) count as reading,
though they are POSTs: a CI job with a read-only token may lint.
"""

from rest_framework import permissions

from netwizard.inventory import roles
from netwizard.inventory.models import ApiToken

from .throttles import throttle_unauthenticated

NEEDS_VIEWER = "This needs the viewer or editor role."
NEEDS_EDITOR = "This needs the editor role."
READ_ONLY_TOKEN = "This token is read-only; make one with write access (editors only) to change data."


def _viewer(request, view) -> bool:
    """The caller may read: a logged-in viewer or editor. A call without a login counts
    against its address's limit (throttles)."""
    user = request.user
    if not (user and user.is_authenticated):
        throttle_unauthenticated(request, view)
        return False
    return roles.user_can_view(user)


class RolePermission(permissions.BasePermission):
    """Reads need a viewer; writes need an editor and, with a token, a write-enabled one."""

    message = NEEDS_VIEWER

    def has_permission(self, request, view) -> bool:
        if not _viewer(request, view):
            self.message = NEEDS_VIEWER
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if not roles.user_can_edit(request.user):
            self.message = NEEDS_EDITOR
            return False
        if isinstance(request.auth, ApiToken) and not request.auth.write_enabled:
            self.message = READ_ONLY_TOKEN
            return False
        return True


class ViewerMayPost(permissions.BasePermission):
    """For computations posted to the API (lint, format): a viewer may run them, with any token."""

    message = NEEDS_VIEWER

    def has_permission(self, request, view) -> bool:
        return _viewer(request, view)
