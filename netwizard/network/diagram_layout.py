"""A small layered (Sugiyama-style) layout for the topology diagram.

Generic over boxes and edges: the caller says how big each box is, the lowest row it may
sit in, and which boxes are joined. Edges always run from a lower box to an upper one.
The steps are the classic ones, kept deterministic and close to O(n log n) per sweep:
longest-path layering, dummy points for edges that span rows, barycentre ordering with
name tie-breaks, then horizontal placement that keeps the order and the spacing exactly
(so boxes can never overlap) while pulling each box over the things it is joined to.
Given a width, rows too wide for it wrap like text and unrelated parts stack on shelves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

NODE_GAP = 32.0  # between two boxes in a row
GROUP_GAP = 14.0  # between boxes of one group (a switch stack)
GROUP_PAD = 14.0  # room for the group's frame on each side
DUMMY_GAP = 14.0  # between an edge passing through a row and its neighbours
DUMMY_WIDTH = 4.0
BUNDLE_GAP = 2.0  # between edges from or to one box running through a split row
ANCHOR_INSET = 10.0  # keep edge ends away from the rounded corners
MARGIN = 24.0
COMPONENT_GAP = 40.0
SHELF_GAP = 48.0  # between shelves of unrelated parts
ORDER_SWEEPS = 16
PLACE_PASSES = 6
MIDDLE_ROW_SPLITS = 2  # rows a row with edges above and below it may be split into
WRAP_TRIES = 3  # layouts tried when wrapping a part, each packed tighter than the last


@dataclass
class LayoutNode:
    key: str
    width: float
    height: float
    min_layer: int
    sort_key: tuple
    group: str = ""  # boxes sharing a non-empty group stay side by side
    pitch: float = 16.0  # distance between edge ends along the box's top or bottom side


@dataclass
class LayoutEdge:
    key: str
    lower: str
    upper: str
    # How much a crossing with this edge counts when ordering rows (cables matter less
    # than bond and bridge membership, which the diagram is about).
    crossing_weight: float = 1.0


@dataclass
class Box:
    x: float  # left
    y: float  # top
    width: float
    height: float
    layer: int

    @property
    def cx(self) -> float:
        return self.x + self.width / 2


@dataclass
class Layout:
    boxes: dict[str, Box]
    # Each edge as waypoints; between two points with the same x the edge is straight,
    # otherwise it is a curve leaving and arriving vertically.
    routes: dict[str, list[tuple[float, float]]]
    width: float
    height: float
    # Where each edge ends on its lower box's top side and on its upper box's bottom side.
    top_anchor: dict[str, float] = field(default_factory=dict)
    bottom_anchor: dict[str, float] = field(default_factory=dict)


@dataclass
class _Seg:
    """One row-to-row piece of an edge."""

    edge: str
    lower: str
    upper: str


@dataclass
class _Part:
    """One connected part of the drawing, ordered and placed on its own."""

    layer: dict[str, int]  # every key of the part, dummy points included
    rows: list[list[str]]  # each row left to right
    x: dict[str, float]  # centres, with the part's left edge at 0
    width: float
    dummies: set[str]
    chains: dict[str, list[str]]
    segs: list[_Seg]
    top_off: dict[tuple[str, str], float]  # (edge, lower key) -> offset from the box's centre
    bottom_off: dict[tuple[str, str], float]


@dataclass
class _Wrap:
    """How a part's too-wide rows are split: each box's new row, and where along its row
    (0 to 1) each box and each edge passing through was."""

    layer: dict[str, int]
    fixed: dict[int, int]  # new row -> the original row it is part of
    base: dict[str, int]  # original rows of the boxes
    along: dict[str, float]  # box of a split row -> where along its new row it sits
    through: dict[tuple[str, int], float]  # (edge, original row) -> where along that row it passed
    room: float  # the width to fit: wider than asked when a row cannot be split


def layout(
    nodes: list[LayoutNode], edges: list[LayoutEdge], *, top: float = MARGIN, max_width: float | None = None
) -> Layout:
    """Boxes and edge routes. With `max_width`, the drawing wraps to stay about that wide
    (see `_wrap_plan`): a row of boxes too wide for it is split into rows, and unrelated
    parts of the drawing go on shelves one under another instead of side by side.

    Why wrap rather than only let the page scale the image down: a host with ten NICs
    or a dozen VLANs is 1500-2700 px wide in one row per layer; shrunk into a 1100 px
    page (or a 360 px side panel) its 11 px labels would become 4-8 px (1.5-3 px), which
    nobody can read. Wrapped, it is drawn at or near its natural size."""
    by_key = {n.key: n for n in nodes}
    edges = [e for e in edges if e.lower in by_key and e.upper in by_key and e.lower != e.upper]
    base = _assign_layers(nodes, edges)
    ranked = [e for e in edges if base[e.lower] < base[e.upper]]
    flat = [e for e in edges if base[e.lower] >= base[e.upper]]  # only a cycle in a broken file: drawn, not laid out
    room = max_width - 2 * MARGIN if max_width else float("inf")

    # Each connected part is ordered and placed on its own, then the parts sit side by side
    # (on shelves): unrelated interfaces then cannot leave holes in the middle of the drawing.
    parts: list[_Part] = []
    for keys in _components(sorted(by_key, key=lambda k: by_key[k].sort_key), ranked, by_key):
        inside = set(keys)
        part_edges = [e for e in ranked if e.lower in inside]
        parts.append(_arrange(keys, part_edges, base, by_key, room))
    shelves, used = _shelve(parts, room)
    placed = _stack(shelves, {n.key: n.height for n in nodes}, top)

    shift = MARGIN
    boxes = {
        n.key: Box(placed.x[n.key] - n.width / 2 + shift, placed.band[n.key][0], n.width, n.height, placed.layer[n.key])
        for n in nodes
    }
    width = max(used, default=0.0) + 2 * MARGIN
    routes, top_anchor, bottom_anchor = _route(placed, boxes, flat, shift)
    return Layout(boxes, routes, width, placed.height, top_anchor, bottom_anchor)


def _shelve(parts: list[_Part], room: float) -> tuple[list[list[_Part]], list[float]]:
    """Each part on the first shelf with room for it (all on one without a width); the
    shelves and the width each one uses."""
    shelves: list[list[_Part]] = []
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
class _Stacked:
    """Every part of every shelf in the drawing's coordinates (x before the margin)."""

    x: dict[str, float] = field(default_factory=dict)
    layer: dict[str, int] = field(default_factory=dict)
    top_off: dict[tuple[str, str], float] = field(default_factory=dict)
    bottom_off: dict[tuple[str, str], float] = field(default_factory=dict)
    chains: dict[str, list[str]] = field(default_factory=dict)
    band: dict[str, tuple[float, float]] = field(default_factory=dict)  # key -> (top, height) of its row
    height: float = 0.0


def _stack(shelves: list[list[_Part]], heights: dict[str, float], top: float) -> _Stacked:
    """The shelves one under another from `top`, the parts of a shelf left to right."""
    placed = _Stacked()
    y = top
    for s, shelf in enumerate(shelves):
        cursor = 0.0
        shelf_layer: dict[str, int] = {}
        segs: list[_Seg] = []
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
    placed: _Stacked,
    shelf_layer: dict[str, int],
    segs: list[_Seg],
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


def _route(
    placed: _Stacked, boxes: dict[str, Box], flat: list[LayoutEdge], shift: float
) -> tuple[dict[str, list[tuple[float, float]]], dict[str, float], dict[str, float]]:
    """Each edge's waypoints, and where it ends on its lower box's top and its upper box's
    bottom. An edge through dummy points runs straight down through each row it crosses."""
    x, band = placed.x, placed.band
    routes: dict[str, list[tuple[float, float]]] = {}
    top_anchor: dict[str, float] = {}
    bottom_anchor: dict[str, float] = {}
    for key, chain in placed.chains.items():
        lo, up = chain[0], chain[-1]
        x0 = x[lo] + shift + placed.top_off[(key, lo)]
        x1 = x[up] + shift + placed.bottom_off[(key, up)]
        top_anchor[key], bottom_anchor[key] = x0, x1
        pts = [(x0, boxes[lo].y)]
        for d in chain[1:-1]:
            row_top, row_h = band[d]
            pts += [(x[d] + shift, row_top + row_h), (x[d] + shift, row_top)]
        row_top, row_h = band[up]
        pts += [(x1, row_top + row_h), (x1, boxes[up].y + boxes[up].height)]
        routes[key] = _dedupe(pts)
    for e in flat:
        a, b = boxes[e.lower], boxes[e.upper]
        top_anchor[e.key], bottom_anchor[e.key] = a.cx, b.cx
        routes[e.key] = [(a.cx, a.y), (b.cx, b.y + b.height)]
    return routes, top_anchor, bottom_anchor


def _arrange(
    keys: list[str],
    edges: list[LayoutEdge],
    rows_of: dict[str, int],
    by_key: dict[str, LayoutNode],
    room: float,
    wrap: _Wrap | None = None,
) -> _Part:
    """Order and place one connected part: dummy points for edges spanning rows, barycentre
    order, then placement. A row wider than `room` is split (see `_wrap_plan`) and the part
    ordered again, its split rows keeping the order they are given."""
    layer = {k: rows_of[k] for k in keys}
    widths = {k: by_key[k].width for k in keys}
    groups = {k: by_key[k].group for k in keys}
    pitch = {k: by_key[k].pitch for k in keys}
    sort_keys: dict[str, tuple] = {k: (0, by_key[k].sort_key) for k in keys}
    fixed = wrap.fixed if wrap else {}
    if wrap:
        for k in keys:
            if k in wrap.along:
                sort_keys[k] = (2, wrap.along[k], 0, k)
    weight: dict[str, float] = {}
    dummies: set[str] = set()
    bundles: dict[str, tuple[str, str]] = {}  # dummy in a split row -> its edge's two ends
    segs: list[_Seg] = []
    chains: dict[str, list[str]] = {}
    for e in edges:
        chain = [e.lower]
        for row in range(layer[e.lower] + 1, layer[e.upper]):
            d = f"\0{e.key}\0{row}"
            dummies.add(d)
            layer[d] = row
            widths[d] = DUMMY_WIDTH
            groups[d] = ""
            pitch[d] = 0.0
            sort_keys[d] = (1, (e.key,))
            if wrap and row in fixed:
                sort_keys[d] = (2, _along_split_row(wrap, e, fixed[row]), 1, e.key)
                bundles[d] = (e.lower, e.upper)
            chain.append(d)
        chain.append(e.upper)
        chains[e.key] = chain
        weight[e.key] = e.crossing_weight
        segs.extend(_Seg(e.key, a, b) for a, b in pairwise(chain))

    ups: dict[str, list[_Seg]] = defaultdict(list)  # segments leaving a box upwards
    downs: dict[str, list[_Seg]] = defaultdict(list)  # segments arriving from below
    for s in segs:
        ups[s.lower].append(s)
        downs[s.upper].append(s)
    rows: list[list[str]] = [[] for _ in range(max(layer.values()) + 1)]
    for k in sorted(layer, key=lambda k: sort_keys[k]):
        rows[layer[k]].append(k)
    _order(rows, ups, downs, groups, weight, set(fixed))
    if wrap is None:
        wrapped = _wrapped(keys, edges, rows, dummies, rows_of, by_key, room, {s.lower for s in segs})
        if wrapped is not None:
            return wrapped
    top_off, bottom_off = _edge_ends(layer, rows, ups, downs, widths, pitch)
    px = _place(rows, ups, downs, widths, groups, dummies, top_off, bottom_off, bundles)
    left = min(px[k] - widths[k] / 2 for k in layer)
    right = max(px[k] + widths[k] / 2 for k in layer)
    return _Part(
        layer=layer,
        rows=rows,
        x={k: v - left for k, v in px.items()},
        width=right - left,
        dummies=dummies,
        chains=chains,
        segs=segs,
        top_off=top_off,
        bottom_off=bottom_off,
    )


def _along_split_row(wrap: _Wrap, e: LayoutEdge, row: int) -> float:
    """Where edge `e` passes through the split original `row`: under the box it leads to
    (or over the box it comes from) as far along as that box sits in its own row, or where
    it passed before the split. The edges then cross nothing new."""
    if wrap.base[e.upper] == row:
        return wrap.along[e.upper]
    if wrap.base[e.lower] == row:
        return wrap.along[e.lower]
    return wrap.through[(e.key, row)]


def _wrapped(
    keys: list[str],
    edges: list[LayoutEdge],
    rows: list[list[str]],
    dummies: set[str],
    rows_of: dict[str, int],
    by_key: dict[str, LayoutNode],
    room: float,
    sources: set[str],
) -> _Part | None:
    """The narrowest of up to WRAP_TRIES wrapped arrangements of a part, each packed
    tighter than the last; None when no row needs splitting."""
    best: _Part | None = None
    tighten = 1.0
    for _ in range(WRAP_TRIES):
        plan = _wrap_plan(rows, dummies, rows_of, by_key, room, tighten, sources)
        if plan is None:
            break
        part = _arrange(keys, edges, plan.layer, by_key, room, plan)
        if best is None or part.width < best.width:
            best = part
        if part.width <= plan.room * 1.05 or _widest_row(part) not in plan.fixed:
            break  # it (nearly) fits, or what is too wide is a row that cannot be split
        tighten *= plan.room / part.width
    return best


def _edge_ends(
    layer: dict[str, int],
    rows: list[list[str]],
    ups: dict[str, list[_Seg]],
    downs: dict[str, list[_Seg]],
    widths: dict[str, float],
    pitch: dict[str, float],
) -> tuple[dict[tuple[str, str], float], dict[tuple[str, str], float]]:
    """Where each segment leaves a box's top and arrives at a box's bottom, as offsets from
    the centre: edge ends spread along a side, in the order of what is at their other end."""
    pos = {k: i for row in rows for i, k in enumerate(row)}
    top_off: dict[tuple[str, str], float] = {}
    bottom_off: dict[tuple[str, str], float] = {}
    for key in layer:
        for side, table, other in ((ups[key], top_off, "upper"), (downs[key], bottom_off, "lower")):
            side.sort(key=lambda s, o=other: (pos[getattr(s, o)], s.edge))
            offs = _offsets(len(side), widths[key], pitch[key])
            for s, off in zip(side, offs, strict=True):
                table[(s.edge, key)] = off
    return top_off, bottom_off


def _widest_row(part: _Part) -> int:
    def extent(row: list[str]) -> float:
        return max(part.x[k] for k in row) - min(part.x[k] for k in row)

    return max((r for r, row in enumerate(part.rows) if row), key=lambda r: extent(part.rows[r]))


def _wrap_plan(
    rows: list[list[str]],
    dummies: set[str],
    base: dict[str, int],
    by_key: dict[str, LayoutNode],
    room: float,
    tighten: float = 1.0,
    joined_up: frozenset[str] | set[str] = frozenset(),
) -> _Wrap | None:
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
        if len(real) < 2 or any(by_key[k].group for k in real):
            room = max(room, sum(by_key[k].width for k in real) + (len(real) - 1) * NODE_GAP)
    target = room * tighten
    for r, row in enumerate(rows):
        real = [k for k in row if k not in dummies]
        if len(real) < 2 or any(by_key[k].group for k in real):
            continue
        # The row's own width, packed tight: a row spread out only by what it sits on stays whole.
        passing = len(row) - len(real)
        own = sum(by_key[k].width for k in real) + (len(real) - 1) * NODE_GAP
        if own + passing * (DUMMY_WIDTH + DUMMY_GAP) <= room:
            continue
        most = len(real) if joined_up.isdisjoint(real) else min(len(real), MIDDLE_ROW_SPLITS)
        for count in range(2, most + 1):
            size = -(-len(real) // count)
            lines = [real[i : i + size] for i in range(0, len(real), size)][::-1]
            widest = 0.0
            for i, line in enumerate(lines):
                above = sum(len(up) for up in lines[i + 1 :])  # edges to those pass between these boxes
                crowd = max(0, above - (len(line) - 1)) * (DUMMY_WIDTH + BUNDLE_GAP)
                line_w = sum(by_key[k].width for k in line) + (len(line) - 1) * NODE_GAP + crowd
                widest = max(widest, line_w + passing * (DUMMY_WIDTH + DUMMY_GAP))
            if widest <= target:
                break
        splits[r] = lines
        for i, key in enumerate(row):
            if key in dummies:
                through[(key[1 : key.rindex("\0")], r)] = (i + 0.5) / len(row)
    if not splits:
        return None

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
    return _Wrap(layer=layer, fixed=fixed, base={k: base[k] for k in layer}, along=along, through=through, room=room)


def _components(keys: list[str], edges: list[LayoutEdge], by_key: dict[str, LayoutNode]) -> list[list[str]]:
    """Connected parts (a switch stack counts as connected), each in `keys` order, ordered by first key."""
    parent = {k: k for k in keys}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for e in edges:
        union(e.lower, e.upper)
    first_of_group: dict[str, str] = {}
    for k in keys:
        if by_key[k].group:
            union(first_of_group.setdefault(by_key[k].group, k), k)
    parts: dict[str, list[str]] = {}
    for k in keys:
        parts.setdefault(find(k), []).append(k)
    return list(parts.values())


def _assign_layers(nodes: list[LayoutNode], edges: list[LayoutEdge]) -> dict[str, int]:
    """Longest path from the bottom, at least each box's minimum; empty rows are dropped."""
    lowers: dict[str, list[str]] = defaultdict(list)
    uppers: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        lowers[e.upper].append(e.lower)
        uppers[e.lower].append(e.upper)
    pending = {n.key: len(set(lowers[n.key])) for n in nodes}
    minimum = {n.key: n.min_layer for n in nodes}
    layer: dict[str, int] = {}
    ordered = sorted(nodes, key=lambda n: n.sort_key)
    ready = [n.key for n in ordered if pending[n.key] == 0]
    remaining = [n.key for n in ordered]
    while True:
        while ready:
            key = ready.pop()
            layer[key] = max([minimum[key]] + [layer[lo] + 1 for lo in lowers[key] if lo in layer])
            for up in sorted(set(uppers[key])):
                pending[up] -= 1
                if pending[up] == 0:
                    ready.append(up)
        # A cycle (only a broken file has one) leaves boxes waiting: place the first and go on.
        stuck = [k for k in remaining if k not in layer]
        if not stuck:
            break
        ready.append(stuck[0])
        pending[stuck[0]] = 0
        remaining = stuck
    used = sorted(set(layer.values()))
    compact = {old: new for new, old in enumerate(used)}
    return {k: compact[v] for k, v in layer.items()}


def _offsets(count: int, width: float, pitch: float) -> list[float]:
    if count <= 1:
        return [0.0] * count
    room = max(0.0, width - 2 * ANCHOR_INSET)
    step = min(pitch, room / (count - 1))
    return [(i - (count - 1) / 2) * step for i in range(count)]


def _crossings(
    layers: list[list[str]], ups: dict[str, list[_Seg]], pos: dict[str, int], weight: dict[str, float]
) -> float:
    """Crossings between each pair of rows, weighted by the heaviest edge in that gap."""
    total = 0.0
    for row in layers[:-1]:
        segs = [s for k in row for s in ups[k]]
        pairs = sorted((pos[s.lower], pos[s.upper]) for s in segs)
        if len(pairs) < 2:
            continue
        gap_total = 0
        size = max(p[1] for p in pairs) + 1
        tree = [0] * (size + 1)  # Fenwick tree over upper positions
        for seen, (_, u) in enumerate(pairs):
            i, le = u + 1, 0
            while i > 0:
                le += tree[i]
                i -= i & -i
            gap_total += seen - le  # earlier segments ending to the right of this one
            i = u + 1
            while i <= size:
                tree[i] += 1
                i += i & -i
        total += gap_total * max(weight[s.edge] for s in segs)
    return total


def _order(
    layers: list[list[str]],
    ups: dict[str, list[_Seg]],
    downs: dict[str, list[_Seg]],
    groups: dict[str, str],
    weight: dict[str, float],
    fixed: set[int] = frozenset(),
) -> None:
    """Barycentre sweeps, keeping the ordering with the fewest crossings (the first one on ties).
    The rows in `fixed` keep the order they come in."""
    for row in layers:
        _keep_groups_together(row, groups, {k: float(i) for i, k in enumerate(row)})
    pos = {k: i for row in layers for i, k in enumerate(row)}
    best = [row[:] for row in layers]
    best_count = _crossings(layers, ups, pos, weight)
    stale = 0
    for sweep in range(ORDER_SWEEPS):
        if best_count == 0 or stale >= 4:
            break
        upward = sweep % 2 == 0
        rows = range(1, len(layers)) if upward else range(len(layers) - 2, -1, -1)
        for r in rows:
            if r in fixed:
                continue
            row = layers[r]

            def centre(k: str, upward: bool = upward) -> float:
                near = [s.lower for s in downs[k]] if upward else [s.upper for s in ups[k]]
                return sum(pos[n] for n in near) / len(near) if near else float(pos[k])

            value = {k: centre(k) for k in row}
            row.sort(key=lambda k: (value[k], pos[k]))
            _keep_groups_together(row, groups, value)
            for i, k in enumerate(row):
                pos[k] = i
        count = _crossings(layers, ups, pos, weight)
        if count < best_count:
            best, best_count, stale = [row[:] for row in layers], count, 0
        else:
            stale += 1
    layers[:] = best


def _keep_groups_together(row: list[str], groups: dict[str, str], value: dict[str, float]) -> None:
    if not any(groups[k] for k in row):
        return
    units: dict[str, list[str]] = {}
    for k in row:
        units.setdefault(groups[k] or f"\0{k}", []).append(k)
    ordered = sorted(units.values(), key=lambda ks: (sum(value[k] for k in ks) / len(ks), row.index(ks[0])))
    row[:] = [k for unit in ordered for k in unit]


def _gap(a: str, b: str, groups: dict[str, str], dummies: set[str], bundles: dict[str, tuple[str, str]]) -> float:
    if a in bundles and b in bundles and set(bundles[a]) & set(bundles[b]):
        return BUNDLE_GAP  # edges sharing a box run side by side through a split row
    if a in dummies or b in dummies:
        return DUMMY_GAP
    if groups[a] and groups[a] == groups[b]:
        return GROUP_GAP
    return NODE_GAP + (GROUP_PAD if groups[a] else 0.0) + (GROUP_PAD if groups[b] else 0.0)


def _place(
    layers: list[list[str]],
    ups: dict[str, list[_Seg]],
    downs: dict[str, list[_Seg]],
    widths: dict[str, float],
    groups: dict[str, str],
    dummies: set[str],
    top_off: dict[tuple[str, str], float],
    bottom_off: dict[tuple[str, str], float],
    bundles: dict[str, tuple[str, str]],
) -> dict[str, float]:
    """Centres per box: sweeps that pull boxes over their neighbours, never changing order or spacing."""
    seps = [
        [widths[a] / 2 + widths[b] / 2 + _gap(a, b, groups, dummies, bundles) for a, b in pairwise(row)]
        for row in layers
    ]
    x: dict[str, float] = {}
    for row, sep in zip(layers, seps, strict=True):
        at = 0.0
        for i, k in enumerate(row):
            x[k] = at
            if i < len(sep):
                at += sep[i]
        for k in row:  # centre each row on zero to start with
            x[k] -= at / 2

    def pull(k: str, below: bool) -> list[float]:
        if below:
            return [x[s.lower] + top_off[(s.edge, s.lower)] - bottom_off[(s.edge, k)] for s in downs[k]]
        return [x[s.upper] + bottom_off[(s.edge, s.upper)] - top_off[(s.edge, k)] for s in ups[k]]

    def place_row(r: int, below: bool) -> None:
        row = layers[r]
        targets, weights = [], []
        for k in row:
            wanted = pull(k, below) or pull(k, not below)
            weight = 2.0 if k in dummies else 1.0
            if wanted:
                targets.append(sum(wanted) / len(wanted))
                weights.append(weight * len(wanted))
            else:
                targets.append(x[k])
                weights.append(0.05)
        for k, value in zip(row, _isotonic_place(targets, weights, seps[r]), strict=True):
            x[k] = value

    top = len(layers) - 1
    for _ in range(PLACE_PASSES):
        for r in range(top - 1, -1, -1):
            place_row(r, below=False)
        for r in range(1, top + 1):
            place_row(r, below=True)
    if top >= 1:
        place_row(0, below=False)
    return x


def _isotonic_place(targets: list[float], weights: list[float], seps: list[float]) -> list[float]:
    """Positions closest (weighted least squares) to the targets with x[i+1] - x[i] >= seps[i].

    Subtracting the cumulative minimum spacing turns this into isotonic regression, which
    pool-adjacent-violators solves exactly in linear time.
    """
    if not targets:
        return []
    base = [0.0]
    for s in seps:
        base.append(base[-1] + s)
    blocks: list[list[float]] = []  # [sum of weights, weighted sum, count]
    for t, w, b in zip(targets, weights, base, strict=True):
        blocks.append([w, w * (t - b), 1])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][0] >= blocks[-1][1] / blocks[-1][0]:
            w2, s2, c2 = blocks.pop()
            blocks[-1][0] += w2
            blocks[-1][1] += s2
            blocks[-1][2] += c2
    out: list[float] = []
    for w, s, c in blocks:
        out.extend([s / w] * int(c))
    return [v + b for v, b in zip(out, base, strict=True)]


def _dedupe(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out = [points[0]]
    for p in points[1:]:
        if p != out[-1]:
            out.append(p)
    return out
