"""Wrapping a part too wide for the page: its too-wide rows split into rows the way text
wraps, and where the edges to the rows above pass between the boxes of the split rows."""

from __future__ import annotations

from dataclasses import dataclass

from .boxes import BUNDLE_GAP, DUMMY_GAP, DUMMY_WIDTH, NODE_GAP, LayoutEdge, LayoutNode, Part, dummy_edge

MIDDLE_ROW_SPLITS = 2  # rows a row with edges above and below it may be split into


@dataclass
class Wrap:
    """How a part's too-wide rows are split: each box's new row, and where along its row
    (0 to 1) each box and each edge passing through was."""

    layer: dict[str, int]
    fixed: dict[int, int]  # new row -> the original row it is part of
    base: dict[str, int]  # original rows of the boxes
    along: dict[str, float]  # box of a split row -> where along its new row it sits
    through: dict[tuple[str, int], float]  # (edge, original row) -> where along that row it passed
    room: float  # the width to fit: wider than asked when a row cannot be split


def wrap_plan(
    rows: list[list[str]],
    dummies: set[str],
    base: dict[str, int],
    by_key: dict[str, LayoutNode],
    room: float,
    tighten: float = 1.0,
    joined_up: frozenset[str] | set[str] = frozenset(),
) -> Wrap | None:
    """Split each row wider than `room` into as few rows as make it fit, the way text wraps:
    its boxes keep their order, the first ones on the top row. The edges to the upper rows
    run through the lower rows between the boxes, each as far along as its box sits.
    A row of a switch stack stays whole: its frame must enclose just its own switches.
    The rows are packed to `room * tighten`: placement spreads rows a little beyond their
    tightest, so a second try packs them tighter. A row with edges going on up from it
    (`joined_up`: NICs under bonds, bonds under bridges) is split in two at most: each
    further row would add every edge through it twice over, a thicket no one can follow;
    a row of leaves (VLANs, bridges on top) wraps as often as it needs."""
    splits: dict[int, list[list[str]]] = {}  # original row -> its rows of boxes, bottom up
    through: dict[tuple[str, int], float] = {}
    # Rows narrower than a row that cannot be split would gain nothing from splitting.
    for row in rows:
        real = [k for k in row if k not in dummies]
        if _stays_whole(real, by_key):
            room = max(room, _packed_width(real, by_key))
    target = room * tighten
    for r, row in enumerate(rows):
        real = [k for k in row if k not in dummies]
        if _stays_whole(real, by_key):
            continue
        # The row's own width, packed tight: a row spread out only by what it sits on stays whole.
        passing = len(row) - len(real)
        if _packed_width(real, by_key) + passing * (DUMMY_WIDTH + DUMMY_GAP) <= room:
            continue
        most = len(real) if joined_up.isdisjoint(real) else min(len(real), MIDDLE_ROW_SPLITS)
        splits[r] = _lines(real, passing, by_key, most, target)
        for i, key in enumerate(row):
            if key in dummies:
                through[(dummy_edge(key), r)] = (i + 0.5) / len(row)
    if not splits:
        return None
    return _wrap(rows, dummies, base, splits, through, room)


def _stays_whole(real: list[str], by_key: dict[str, LayoutNode]) -> bool:
    """A row of one box, or of a switch stack (its frame must enclose just its own switches)."""
    return len(real) < 2 or any(by_key[k].group for k in real)


def _packed_width(boxes: list[str], by_key: dict[str, LayoutNode]) -> float:
    return sum(by_key[k].width for k in boxes) + (len(boxes) - 1) * NODE_GAP


def _lines(real: list[str], passing: int, by_key: dict[str, LayoutNode], most: int, target: float) -> list[list[str]]:
    """A row's boxes cut into the fewest lines (2 to `most`) whose widest fits `target`, or
    into `most` when none does; bottom line first, so the row's first boxes go on top.
    `passing` edges run through the row from below."""
    for count in range(2, most + 1):
        size = -(-len(real) // count)
        lines = [real[i : i + size] for i in range(0, len(real), size)][::-1]
        widest = 0.0
        for i, line in enumerate(lines):
            above = sum(len(up) for up in lines[i + 1 :])  # edges to those pass between these boxes
            crowd = max(0, above - (len(line) - 1)) * (DUMMY_WIDTH + BUNDLE_GAP)
            line_w = _packed_width(line, by_key) + crowd
            widest = max(widest, line_w + passing * (DUMMY_WIDTH + DUMMY_GAP))
        if widest <= target:
            break
    return lines


def _wrap(
    rows: list[list[str]],
    dummies: set[str],
    base: dict[str, int],
    splits: dict[int, list[list[str]]],
    through: dict[tuple[str, int], float],
    room: float,
) -> Wrap:
    """The new rows: each split row becomes its lines, the rows above it move up to make room."""

    def start(r: int) -> int:
        return r + sum(len(lines) - 1 for s, lines in splits.items() if s < r)

    layer = {k: start(base[k]) for row in rows for k in row if k not in dummies}
    along: dict[str, float] = {}
    for r, lines in splits.items():
        for i, line in enumerate(lines):
            for j, k in enumerate(line):
                layer[k] = start(r) + i
                along[k] = (j + 0.5) / len(line)
    fixed = {start(r) + i: r for r, lines in splits.items() for i in range(len(lines))}
    return Wrap(layer=layer, fixed=fixed, base={k: base[k] for k in layer}, along=along, through=through, room=room)


def along_split_row(wrap: Wrap, e: LayoutEdge, row: int) -> float:
    """Where edge `e` passes through the split original `row`: under the box it leads to
    (or over the box it comes from) as far along as that box sits in its own row, or where
    it passed before the split. The edges then cross nothing new."""
    if wrap.base[e.upper] == row:
        return wrap.along[e.upper]
    if wrap.base[e.lower] == row:
        return wrap.along[e.lower]
    return wrap.through[(e.key, row)]


def widest_row(part: Part) -> int:
    def extent(row: list[str]) -> float:
        return max(part.x[k] for k in row) - min(part.x[k] for k in row)

    return max((r for r, row in enumerate(part.rows) if row), key=lambda r: extent(part.rows[r]))
