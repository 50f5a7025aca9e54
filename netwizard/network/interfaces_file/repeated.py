"""An interface whose file gives one address family more than one stanza.

`iface enp3s0 inet manual` early in a file and `iface enp3s0 inet static` further down
is common in hand-edited files. The two readers differ: ifupdown2 runs both stanzas
(and warns), Proxmox merges them into one interface and writes the merged family once
per stanza, in file order, with the last stanza's method in each. netwizard reads and
writes such a file as Proxmox does, so that Proxmox saves netwizard's output unchanged,
and keeps every option line of every stanza (Proxmox keeps only the last stanza's).
The rules report each repetition (FMT-04).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .parse import Stanza


def stanza_families(families: list[str]) -> list[str]:
    """The families of an interface's stanzas ("inet", "inet6" or "" for `iface NAME`),
    in file order, when Proxmox would write them in an order other than one inet stanza
    then one inet6 stanza; empty otherwise.

    Typeless stanzas are written once, as now; a mix of typeless and typed stanzas is an
    error the rules report, and keeps the usual order.
    """
    if "" in families or families in (["inet"], ["inet6"], ["inet", "inet6"]):
        return []
    return families


def stanza_families_error(words: list[str], defined: set[str]) -> str:
    """Why `words`, an interface's stanza families, cannot be written; "" when they can.
    `defined` holds the families the interface has."""
    if not words:
        return ""
    if any(word not in ("inet", "inet6") for word in words):
        return "lists only the families inet and inet6, separated by spaces"
    if set(words) != defined:
        return "names exactly the families the interface has"
    return ""


def same_stanza(first: Stanza, again: Stanza) -> bool:
    """The same method, options and comments: a stanza pasted twice."""
    options = [[(o.key, o.value) for o in s.options] for s in (first, again)]
    return first.method == again.method and options[0] == options[1] and first.comments == again.comments
