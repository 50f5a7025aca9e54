"""Where each stanza and global line goes in the file: Proxmox's order, settled.

Proxmox sorts interfaces by a single number, the type rank of the root name (lo, NICs,
OVS internal ports, bonds, bridges, named VLANs) plus the dot depth plus the position
in the file; ties go by name (proxmox-format.md §3.2). Because the position takes part,
one save can move a stanza and the next save move it again
(`derived/order-not-idempotent`). netwizard writes the order Proxmox settles on: it
sorts, numbers the result as a re-read would, and sorts again until nothing moves.
Proxmox reads that order back unchanged, and so does netwizard.

Interfaces of a type Proxmox does not rank (aliases, unknown stanzas, VLANs whose parent
is not defined) are compared by position only. Proxmox's comparison is then not
transitive; netwizard places each of them right after the last ranked interface that
came before it, which is the same order whenever Proxmox's own is well defined.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import GlobalLine, Interface
from .parse import FIRST_POSITION
from .syntax import TYPE_RANK

NEW_INTERFACE_PRIORITY = 50000  # what Proxmox counts for an interface without position


@dataclass(frozen=True)
class Blank:
    """The blank line Proxmox writes after a run of global lines that precedes a stanza."""


BLANK = Blank()
Item = Interface | GlobalLine | Blank


def file_order(
    interfaces: Sequence[Interface], global_lines: Sequence[GlobalLine], pve_type: Callable[[Interface], str]
) -> list[Item]:
    """Stanzas and global lines in the order they are written, with separating blanks.

    Each round is what one Proxmox save does. After the first, a round only moves a
    deeper name (a VLAN) past a shallower one whose position ties with it, a place or two
    at a time; real files settle in two or three rounds. Only a contrived file (a VLAN
    followed by a long run of lower-named stanzas) takes a round per stanza it drifts
    past. The loop also stops should an order ever come back, and after 2n + 2 rounds.
    """
    ranks = _ranks(interfaces, pve_type)
    names = [i.name for i in interfaces]
    priority: list[int | None] = [i.position for i in interfaces]
    globals_in_order = sorted(global_lines, key=lambda g: g.position)
    global_priority = [g.position for g in globals_in_order]
    sequence: list[int] = []
    seen: set[tuple[int, ...]] = set()
    for _ in range(2 * len(interfaces) + 2):
        order = _sorted_interfaces(names, priority, ranks)
        sequence = _interleave(order, priority, global_priority)
        key = tuple(sequence)
        if key in seen:
            break
        seen.add(key)
        priority, global_priority = _renumber(sequence, len(interfaces), len(globals_in_order))
    return [_item(code, interfaces, globals_in_order) for code in sequence]


# A written sequence is a list of codes: i >= 0 is interfaces[i], -1 - j is global line j,
# and BLANK_CODE the blank line after a run of global lines.
BLANK_CODE = -(10**9)


def _item(code: int, interfaces: Sequence[Interface], global_lines: list[GlobalLine]) -> Item:
    if code == BLANK_CODE:
        return BLANK
    return interfaces[code] if code >= 0 else global_lines[-1 - code]


def _ranks(interfaces: Sequence[Interface], pve_type: Callable[[Interface], str]) -> list[int | None]:
    """Type rank of each interface's root name plus its dot depth; None when unranked."""
    type_by_name = {i.name: pve_type(i) for i in interfaces}
    ranks: list[int | None] = []
    for iface in interfaces:
        parts = re.split(r"[.:]", iface.name)
        while len(parts) > 1 and parts[-1] == "":
            parts.pop()  # Perl's split drops trailing empty fields
        rank = TYPE_RANK.get(type_by_name.get(parts[0], ""))
        ranks.append(None if rank is None else rank + len(parts) - 1)
    return ranks


def _sorted_interfaces(names: list[str], priority: list[int | None], ranks: list[int | None]) -> list[int]:
    """One Proxmox sort, as indices into the interface list."""
    pri = [NEW_INTERFACE_PRIORITY if p is None else p for p in priority]
    by_position = {i: (pri[i], names[i]) for i in range(len(names))}
    ranked = sorted((i for i, r in enumerate(ranks) if r is not None), key=lambda i: (ranks[i] + pri[i], names[i]))  # type: ignore[operator]
    unranked = sorted((i for i, r in enumerate(ranks) if r is None), key=by_position.__getitem__)
    # Each unranked interface follows the last-placed ranked one that precedes it by
    # position. Walking both lists by position keeps this linear after the sorts.
    placed_at = {i: place for place, i in enumerate(ranked)}
    ranked_by_position = sorted(ranked, key=by_position.__getitem__)
    after: dict[int, list[int]] = {}
    latest, walked = -1, 0
    for i in unranked:
        while walked < len(ranked_by_position) and by_position[ranked_by_position[walked]] < by_position[i]:
            latest = max(latest, placed_at[ranked_by_position[walked]])
            walked += 1
        after.setdefault(latest, []).append(i)
    result = list(after.get(-1, []))
    for place, i in enumerate(ranked):
        result.append(i)
        result.extend(after.get(place, ()))
    return result


def _interleave(order: list[int], priority: list[int | None], global_priority: list[int]) -> list[int]:
    """Before each interface, the global lines numbered below it, then one blank line;
    the global lines left at the end follow the last stanza with no blank after them."""
    sequence: list[int] = []
    pending = 0
    for i in order:
        pri = priority[i] or 0  # an interface without position flushes nothing
        if pending < len(global_priority) and global_priority[pending] < pri:
            while pending < len(global_priority) and global_priority[pending] < pri:
                sequence.append(-1 - pending)
                pending += 1
            sequence.append(BLANK_CODE)
        sequence.append(i)
    sequence.extend(-1 - j for j in range(pending, len(global_priority)))
    return sequence


def _renumber(sequence: list[int], interfaces: int, global_lines: int) -> tuple[list[int | None], list[int]]:
    """The positions a re-read of the written file would give."""
    priority: list[int | None] = [None] * interfaces
    global_priority = [0] * global_lines
    counter = FIRST_POSITION
    for code in sequence:
        if code == BLANK_CODE:
            continue
        if code >= 0:
            priority[code] = counter
        else:
            global_priority[-1 - code] = counter
        counter += 1
    return priority, global_priority
