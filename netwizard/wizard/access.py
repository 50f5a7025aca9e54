"""Who may do what: every view states the permission it needs with one of these.

Viewers read hosts, findings, diagrams and downloads; editors also change hosts,
interfaces and switches and import files. Both are Django groups with model
permissions; superusers have every permission.

The right is checked before anything else about the request (its method included), so
a user without it learns nothing from the answer but that a role is missing. How the
refusal reaches the user, as a page or inside an HTMX page, is `refusals`' business.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from netwizard.inventory.roles import EDIT_PERMISSIONS, EDITOR, VIEW_PERMISSIONS, VIEWER

(VIEW,) = VIEW_PERMISSIONS
EDIT = EDIT_PERMISSIONS[1:]
DELETE_HOST = "inventory.delete_host"
# Not part of any role: granted to chosen users (or a group of them); superusers have it.
APPROVE_ROOT_COMMANDS = "inventory.approve_root_commands"

# What each role allows, as the refusal explains it.
ROLE_PURPOSE = {
    VIEWER: "looking at hosts, findings and diagrams and downloading their files",
    EDITOR: "changing and deleting hosts, changing interfaces and switches, importing files and marking them applied",
}
NEEDS_ROLE = "This needs the {role} role, which allows {purpose}."
NEEDS_APPROVER = (
    "This needs the 'approve root commands' permission (superusers have it), which allows approving the lines "
    "of an interfaces file that run commands as root."
)


def _require(permissions: tuple[str, ...], role: str, message: str = "") -> Callable:
    message = message or NEEDS_ROLE.format(role=role, purpose=ROLE_PURPOSE[role])

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            # Login itself is enforced by the login middleware; this is about rights.
            if not request.user.has_perms(permissions):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


viewer_required = _require((VIEW,), VIEWER)
editor_required = _require((VIEW, *EDIT), EDITOR)
# Deleting a host takes its interfaces with it: the editor's rights plus deleting hosts.
host_deleter_required = _require((VIEW, *EDIT, DELETE_HOST), EDITOR)
# Approving root-command lines: the viewer's rights plus the permission no role grants.
approver_required = _require((VIEW, APPROVE_ROOT_COMMANDS), VIEWER, NEEDS_APPROVER)
