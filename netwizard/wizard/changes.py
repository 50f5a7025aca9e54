"""What the download changes on the host, for the host page, the review and the download page.

One comparison (`file_changes`) of the file the host runs (the baseline) with the file
netwizard writes now feeds all three pages and the lock-out warnings, so they cannot
tell different stories.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netwizard.inventory import selectors
from netwizard.inventory.models import Host
from netwizard.network import rules
from netwizard.network.file_changes import FileChanges, file_changes
from netwizard.network.written import with_facts

from .preview import unified_diff


@dataclass(frozen=True)
class HostChanges:
    baseline: selectors.Baseline | None
    changes: FileChanges | None  # None without a baseline, or while netwizard refuses to write the file
    diff: list[tuple[str, str]] = field(default_factory=list)  # the byte difference, headers left out
    # Findings about the running file that the download no longer has: the reasons for some changes.
    fixed: list[rules.Finding] = field(default_factory=list)


def host_changes(*, host: Host, review: selectors.HostReview, text: str) -> HostChanges:
    """`text` is the file as downloaded now ("" when it cannot be written)."""
    baseline = selectors.host_baseline(host=host)
    if baseline is None or not text:
        return HostChanges(baseline, None)
    changes = file_changes(baseline.text, text)
    diff = unified_diff(changes.running_body, changes.written_body, old_name=baseline.label, new_name="the download")
    return HostChanges(baseline, changes, diff, _fixed(changes, review))


def _fixed(changes: FileChanges, review: selectors.HostReview) -> list[rules.Finding]:
    if changes.running_network is None or changes.identical:
        return []
    running = with_facts(changes.running_network, review.network)
    still = {(f.code, f.interface) for f in review.findings}
    return [f for f in rules.check(running, review.context) if (f.code, f.interface) not in still]
