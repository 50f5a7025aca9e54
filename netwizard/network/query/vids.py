"""VLAN IDs as bridge-vids writes them: parsing a list, and printing a set back as runs.

The rules (BR-08, VLAN-*, CLUSTER-04) and the switch-side checklists read VLAN IDs
through these, so a list means the same everywhere.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from ..model import Interface
from . import options as opts
from .index import Net

# Proxmox writes this for a VLAN-aware bridge without bridge-vids, and so does netwizard.
DEFAULT_VIDS = "2-4094"


def parse_vids(text: str) -> tuple[list[tuple[int, int]], str]:
    """`2-4094`, `10 20 100-200`, `10,20`: the ranges, and what is wrong ("" if nothing)."""
    ranges: list[tuple[int, int]] = []
    for item in text.replace(",", " ").split():
        low, sep, high = item.partition("-")
        a = opts.parse_int(low)
        b = opts.parse_int(high) if sep else a
        if a is None or b is None:
            return ranges, f"'{item}' is not a VLAN ID or range"
        if a > b:
            return ranges, f"the range {item} runs backwards"
        if not (a >= 1 and b <= 4094):
            return ranges, f"{item} is outside 1-4094"
        ranges.append((a, b))
    return ranges, ""


def vlan_aware(net: Net, bridge: Interface) -> bool:
    if bridge.bridge and bridge.bridge.vlan_aware is not None:
        return bridge.bridge.vlan_aware
    return net.option(bridge, "bridge-vlan-aware") == "yes"


def vid_ranges(vids: Iterable[int]) -> list[tuple[int, int]]:
    """1 2 3 7 9 10 -> [(1, 3), (7, 7), (9, 10)]: the IDs as maximal runs, in order."""
    items = sorted(set(vids))
    if not items:
        return []
    # A run breaks wherever the next ID is not one more; one comprehension, as 2-4094 is 4093 IDs.
    breaks = [(a, b) for a, b in itertools.pairwise(items) if b != a + 1]
    starts = [items[0], *(b for _, b in breaks)]
    ends = [*(a for a, _ in breaks), items[-1]]
    return list(zip(starts, ends, strict=True))


def vids_text(vids: Iterable[int]) -> str:
    """1 2 3 7 9 10 -> '1-3 7 9-10', the way bridge-vids writes them."""
    return " ".join(str(a) if a == b else f"{a}-{b}" for a, b in vid_ranges(vids))
