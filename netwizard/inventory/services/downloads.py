"""Downloads and applies: who took which file, and which file a host runs now."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from .. import audit, selectors
from ..models import Host, HostChange, file_sha256


class DownloadLimitReached(Exception):
    """The user downloaded NETWIZARD_DOWNLOADS_PER_MINUTE files in the last minute."""

    def __init__(self, *, per_minute: int, retry_after: int) -> None:
        self.per_minute = per_minute
        self.retry_after = retry_after
        super().__init__(
            f"Too many downloads: netwizard serves each user at most {per_minute} files a minute. "
            f"Try again in {retry_after} second{'s' if retry_after != 1 else ''}."
        )


def host_download_record(*, host: Host, text: str) -> None:
    """Note who took which version of the file (its SHA-256) in the host's history; the file
    itself is stored once however often it is taken. Refused (DownloadLimitReached) past the
    per-user limit; the command line has none."""
    # One transaction: on SQLite (immediate transactions) no other worker counts or records
    # a download between this count and this row, so the limit holds exactly.
    with transaction.atomic():
        user = audit.current_user()
        if user is not None:
            per_minute = settings.NETWIZARD_DOWNLOADS_PER_MINUTE
            wait = selectors.user_download_wait(user=user, per_minute=per_minute)
            if wait:
                raise DownloadLimitReached(per_minute=per_minute, retry_after=wait)
        audit.host_download_record(host=host, text=text)


NOT_SERVED = (
    "This is not a file netwizard gave out for {host}: only the file it serves now, or one "
    "downloaded for {host} before, can be marked as applied. The file may have changed since "
    "the page was loaded; reload it and check the changes again."
)


def host_mark_applied(*, host: Host, sha256: str) -> HostChange:
    """Record that `host` runs the file with this SHA-256 now: the baseline every page
    compares the download with from then on.

    Only a file netwizard gave out for this host counts: one downloaded for it, or the file
    it serves now (the apply plan embeds that file, so it may be applied without a
    download). Anything else would make the pages compare with a file no one could have
    put on the host, and a page loaded before someone else's change cannot mark the
    changed file as applied unseen."""
    with transaction.atomic():
        downloaded = host.changes.filter(action=HostChange.DOWNLOAD, sha256=sha256, file__isnull=False).first()
        if downloaded is not None:
            return audit.host_apply_record(host=host, file=downloaded.file)
        text = _host_served_text(host)
        if not text or file_sha256(text) != sha256:
            raise ValidationError(NOT_SERVED.format(host=host.name), code="not_served")
        return audit.host_apply_record(host=host, file=audit.stored_file(text))


def _host_served_text(host: Host) -> str:
    """The file the download serves now, or "" while it refuses it."""
    return selectors.host_served_file(host=host, review=selectors.host_review(host=host)).handed_out
