"""The file beside the forms: what the host's file is, or would be after the change on screen,
with the lines that change marked (UX: always show the consequence)."""

from __future__ import annotations

import base64
import difflib
from dataclasses import dataclass, field

from netwizard.inventory.selectors import HostReview, host_file_render
from netwizard.network import rules
from netwizard.network.written import Unwritten


@dataclass(frozen=True)
class Line:
    text: str
    indented: bool
    changed: bool = False


@dataclass(frozen=True)
class Preview:
    lines: list[Line]
    unsafe: str  # why the renderer refused, "" when it did not
    findings: list[rules.Finding]
    new_errors: list[rules.Finding]  # errors the change would add: saving it would be refused
    changed: int = 0  # lines added or changed
    removed: int = 0
    candidate: bool = False  # a change not saved yet, rather than the stored file
    fixed: list[rules.Finding] = field(default_factory=list)  # errors the change would remove
    diagram: str = ""  # the topology of `after` as a data: URI, so it changes with the form
    unwritten: list[Unwritten] = field(default_factory=list)  # values the file leaves out, with the reason

    @property
    def errors(self) -> list[rules.Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[rules.Finding]:
        return [f for f in self.findings if f.severity == rules.WARNING]


def rendered(review: HostReview) -> tuple[str, str]:
    """The file text, or "" and the renderer's reason for refusing."""
    return host_file_render(review=review)


def file_lines(text: str) -> list[Line]:
    """The file's lines for display, the leading TAB of option lines set apart."""
    return [
        Line(text=line[1:] if line.startswith("\t") else line, indented=line.startswith("\t"))
        for line in text.split("\n")[:-1]
    ]


def _keys(findings: list[rules.Finding]) -> set[tuple[str, str]]:
    return {(f.code, f.interface) for f in findings if f.is_error}


def preview_of(after: HostReview, before: HostReview | None = None, *, candidate: bool = False) -> Preview:
    """`after` as a preview; with `before`, the lines that differ from it are marked."""
    text, unsafe = rendered(after)
    lines = file_lines(text)
    changed = removed = 0
    new_errors: list[rules.Finding] = []
    fixed: list[rules.Finding] = []
    if before is not None:
        old_text, _ = rendered(before)
        old = old_text.split("\n")[:-1]
        new = text.split("\n")[:-1]
        marked = set()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if tag in ("replace", "insert"):
                marked.update(range(j1, j2))
            if tag in ("replace", "delete"):
                removed += max(0, (i2 - i1) - (j2 - j1)) if tag == "replace" else i2 - i1
        lines = [Line(line.text, line.indented, changed=i in marked) for i, line in enumerate(lines)]
        changed = len(marked)
        before_keys, after_keys = _keys(before.findings), _keys(after.findings)
        new_errors = [f for f in after.errors if (f.code, f.interface) not in before_keys]
        fixed = [f for f in before.errors if (f.code, f.interface) not in after_keys]
    return Preview(
        lines=lines,
        unsafe=unsafe,
        findings=after.findings,
        new_errors=new_errors,
        changed=changed,
        removed=removed,
        candidate=candidate,
        fixed=fixed,
        diagram=diagram_uri(after),
        unwritten=after.unwritten,
    )


# The side panel is 356 px wide in a 1280 px window (416 px at 1920): a diagram laid out
# to this width (it wraps, see diagram.layout.layout) is shown there at about 3/4 of its
# size, so its text stays readable; laid out for the full page it would shrink to 1/3.
PREVIEW_DIAGRAM_WIDTH = 520.0


def diagram_uri(review: HostReview) -> str:
    """The topology diagram as an image data URI. Inline, because an unsaved change has no
    URL of its own; the CSP allows `img-src data:`, and an SVG shown through <img> cannot
    run anything."""
    svg = review.topology_svg(max_width=PREVIEW_DIAGRAM_WIDTH)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def unified_diff(old: str, new: str, *, old_name: str, new_name: str) -> list[tuple[str, str]]:
    """A unified diff as (kind, line) pairs, kind one of "add", "del", "hunk", "head", "same"."""
    out = []
    for line in difflib.unified_diff(
        old.splitlines(), new.splitlines(), fromfile=old_name, tofile=new_name, lineterm="", n=3
    ):
        if line.startswith(("---", "+++")):
            kind = "head"
        elif line.startswith("@@"):
            kind = "hunk"
        elif line.startswith("+"):
            kind = "add"
        elif line.startswith("-"):
            kind = "del"
        else:
            kind = "same"
        out.append((kind, line))
    return out
