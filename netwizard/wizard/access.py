"""Who may do what: every view states the permission it needs with one of these.

Viewers read hosts, findings, diagrams and downloads; editors also change hosts,
interfaces and switches and import files. Both are Django groups with model
permissions; superusers have every permission.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

VIEW = "inventory.view_host"
EDIT = ("inventory.change_host", "inventory.add_interface", "inventory.change_interface", "inventory.delete_interface")


def _require(permissions: tuple[str, ...]) -> Callable:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            # Login itself is enforced by LoginRequiredMiddleware; this is about rights.
            if not request.user.has_perms(permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


viewer_required = _require((VIEW,))
editor_required = _require((VIEW, *EDIT))
