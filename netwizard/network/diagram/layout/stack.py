"""Stacking the placed parts: side by side on shelves as wide as the page allows, the shelves
one under another, and each row's height and the gap under it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .boxes import Part, Seg

COMPONENT_GAP = 40.0
SHELF_GAP = 48.0  # between shelves of unrelated parts


def shelve(parts: list[Part], room: float) -> tuple[list[list[Part]], list[float]]:
    """Each part on the first shelf with room for it (all on one without a width); the
    shelves and the width each one uses."""
    shelves: list[list[Part]] = []
    used: list[float] = []
    for part in parts:
        for i, w in enumerate(used):
            if w + COMPONENT_GAP + part.width <= room:
                shelves[i].append(part)
                used[i] += COMPONENT_GAP + part.width
                break
        else:
            shelves.append([part])
            used.append(part.width)
    return shelves, used


@dataclass
class Stacked:
    """Every part of every shelf in the drawing's coordinates (x before the margin)."""

    x: dict[str, float] = field(default_factory=dict)
    layer: dict[str, int] = field(default_factory=dict)
    top_off: dict[tuple[str, str], float] = field(default_factory=dict)
    bottom_off: dict[tuple[str, str], float] = field(default_factory=dict)
    chains: dict[str, list[str]] = field(default_factory=dict)
    band: dict[str, tuple[float, float]] = field(default_factory=dict)  # key -> (top, height) of its row
    height: float = 0.0


def stack_shelves(shelves: list[list[Part]], heights: dict[str, float], top: float) -> Stacked:
    """The shelves one under another from `top`, the parts of a shelf left to right."""
    placed = Stacked()
    y = top
    for s, shelf in enumerate(shelves):
        cursor = 0.0
        shelf_layer: dict[str, int] = {}
        segs: list[Seg] = []
        dummies: set[str] = set()
        for part in shelf:
            for k, v in part.x.items():
                placed.x[k] = v + cursor
            cursor += part.width + COMPONENT_GAP
            shelf_layer |= part.layer
            segs += part.segs
            dummies |= part.dummies
            placed.top_off |= part.top_off
            placed.bottom_off |= part.bottom_off
            placed.chains |= part.chains
        placed.layer |= shelf_layer
        if s:
            y = round(y + SHELF_GAP, 1)
        y = _stack_rows(placed, shelf_layer, segs, dummies, heights, y)
    placed.height = y
    return placed


def _stack_rows(
    placed: Stacked,
    shelf_layer: dict[str, int],
    segs: list[Seg],
    dummies: set[str],
    heights: dict[str, float],
    y: float,
) -> float:
    """One shelf's rows from the top down, starting at `y`: sets the band of each of its
    keys and returns the shelf's bottom. The gap under a row grows with how far its edges
    travel sideways."""
    low, high = min(shelf_layer.values()), max(shelf_layer.values())
    band_h = dict.fromkeys(range(low, high + 1), 12.0)
    for k, r in shelf_layer.items():
        if k not in dummies:
            band_h[r] = max(band_h[r], heights[k])
    travel = dict.fromkeys(band_h, 0.0)  # widest sideways run of the segments arriving in each row
    x, top_off, bottom_off = placed.x, placed.top_off, placed.bottom_off
    for seg in segs:
        run = abs((x[seg.upper] + bottom_off[(seg.edge, seg.upper)]) - (x[seg.lower] + top_off[(seg.edge, seg.lower)]))
        travel[shelf_layer[seg.upper]] = max(travel[shelf_layer[seg.upper]], run)
    band_top: dict[int, float] = {}
    for r in range(high, low - 1, -1):
        band_top[r] = y
        y += band_h[r]
        if r > low:
            # Rows start on the SVG's 0.1 grid, so a box's bottom and the edge ending
            # there round to the same written coordinate.
            y = round(y + min(110.0, max(48.0, 36.0 + 0.14 * travel[r])), 1)
    for k, r in shelf_layer.items():
        placed.band[k] = (band_top[r], band_h[r])
    return y
