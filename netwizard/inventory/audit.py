"""Who changed which host, when, and how its interfaces file changed.

The services record every change here; the actor comes from the request (a
middleware sets it) or is the command line. One `HostChange` row per host and
change, with a unified diff of the rendered file, is what an admin wants to read
back: "what will the host run differently since yesterday, and who did it".
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.base_user import AbstractBaseUser

from netwizard.network.interfaces_file import UnsafeValueError, render
from netwizard.network.model import HostNetwork

from .models import Host, HostChange, StoredFile, file_sha256

# Who is behind the current request, asked only when a change is recorded: the API
# authenticates a token inside the view, after the middleware ran, and then replaces
# `request.user`; None on the command line.
_actor: ContextVar[Callable[[], AbstractBaseUser | None] | None] = ContextVar("netwizard_actor", default=None)


@contextmanager
def acting_as(user: AbstractBaseUser | None) -> Iterator[None]:
    token = _actor.set(lambda: user)
    try:
        yield
    finally:
        _actor.reset(token)


def actor_middleware(get_response: Callable) -> Callable:
    """Make the request's user, as it is when a change is made, the actor of that change."""

    def middleware(request):
        token = _actor.set(lambda: getattr(request, "user", None))
        try:
            return get_response(request)
        finally:
            _actor.reset(token)

    return middleware


def _current_user() -> AbstractBaseUser | None:
    actor = _actor.get()
    user = actor() if actor is not None else None
    return user if user is not None and user.is_authenticated else None


def file_text(network: HostNetwork | None) -> str:
    """The rendered file without netwizard's header (which would only add noise to diffs)."""
    if network is None:
        return ""
    try:
        text = render(network)
    except UnsafeValueError as error:
        return unwritable_text(error)
    return without_header(text)


def unwritable_text(error: UnsafeValueError) -> str:
    return f"# (this network cannot be written as a file: {error})\n"


def without_header(text: str) -> str:
    lines = text.split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    while lines and lines[0] == "":
        lines.pop(0)
    return "\n".join(lines)


def file_diff(before: str, after: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), f"{name} before", f"{name} after"
        )
    )


def host_change_record(
    *,
    host: Host,
    action: str,
    before: str = "",
    after: str = "",
    summary: str = "",
    file: StoredFile | None = None,
) -> HostChange:
    user = _current_user()
    return HostChange.objects.create(
        host=host,
        host_name=host.name,
        user=user,
        username=user.get_username() if user is not None else "",
        action=action,
        summary=summary,
        diff=file_diff(before, after, host.name),
        sha256=file.sha256 if file is not None else "",
        file=file,
    )


def current_user() -> AbstractBaseUser | None:
    """Whom a change made now is recorded for (None on the command line)."""
    return _current_user()


def stored_file(text: str) -> StoredFile:
    """The file's one stored copy, kept by its SHA-256: a thousand downloads of one file store it once."""
    stored, _ = StoredFile.objects.get_or_create(sha256=file_sha256(text), defaults={"text": text})
    return stored


def host_download_record(*, host: Host, text: str) -> HostChange:
    """Downloads are recorded too: the file runs as root elsewhere, so who took which version matters."""
    return host_change_record(host=host, action=HostChange.DOWNLOAD, file=stored_file(text))


def host_apply_record(*, host: Host, file: StoredFile) -> HostChange:
    return host_change_record(host=host, action=HostChange.APPLY, file=file)
