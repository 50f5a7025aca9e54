"""Comparing netwizard's output with Proxmox's: what counts as the same file."""

from __future__ import annotations

import difflib

from netwizard.network.interfaces_file.unmodelled import canonical_value


def text_body(text: str) -> list[str]:
    """The lines after the header, for comparison.

    Each writer has its own header (Proxmox's ten comment lines, netwizard's own), so
    leading comment and blank lines are dropped. Proxmox writes `ovs_options` tokens in
    Perl hash order, which changes from run to run, so their order is no difference.
    """
    lines = text.split("\n")
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].lstrip().startswith("#")):
        start += 1
    return [_ovs_options_sorted(line) for line in lines[start:]]


def _ovs_options_sorted(line: str) -> str:
    stripped = line.lstrip()
    if not stripped.startswith("ovs_options "):
        return line
    indent = line[: len(line) - len(stripped)]
    return indent + "ovs_options " + canonical_value("ovs_options", stripped.split(None, 1)[1])


def text_equal(ours: str, proxmox: str) -> bool:
    return text_body(ours) == text_body(proxmox)


def text_diff(name: str, ours: str, proxmox: str) -> str:
    """A unified diff from netwizard's body to Proxmox's."""
    lines = difflib.unified_diff(
        text_body(ours), text_body(proxmox), f"{name} (netwizard)", f"{name} (Proxmox)", lineterm=""
    )
    return "\n".join(lines)
