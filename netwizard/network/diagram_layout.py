"""A small layered (Sugiyama-style) layout for the topology diagram.

Generic over boxes and edges: the caller says how big each box is, the lowest row it may
sit in, and which boxes are joined. Edges always run from a lower box to an upper one.
The steps are the classic ones, kept deterministic and close to O(n log n) per sweep:
longest-path layering, dummy points for edges that span rows, barycentre ordering with
name tie-breaks, then horizontal placement that keeps the order and the spacing exactly
(so boxes can never overlap) while pulling each box over the things it is joined to.
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
ANCHOR_INSET = 10.0  # keep edge ends away from the rounded corners
MARGIN = 24.0
COMPONENT_GAP = 40.0
ORDER_SWEEPS = 16
PLACE_PASSES = 6


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


def layout(nodes: list[LayoutNode], edges: list[LayoutEdge], *, top: float = MARGIN) -> Layout:
    by_key = {n.key: n for n in nodes}
    edges = [e for e in edges if e.lower in by_key and e.upper in by_key and e.lower != e.upper]
    layer = _assign_layers(nodes, edges)

    # Split edges into one segment per row gap, with a dummy point in each row crossed.
    widths: dict[str, float] = {n.key: n.width for n in nodes}
    groups: dict[str, str] = {n.key: n.group for n in nodes}
    sort_keys: dict[str, tuple] = {n.key: (0, n.sort_key) for n in nodes}
    pitch: dict[str, float] = {n.key: n.pitch for n in nodes}
    weight: dict[str, float] = {}
    dummies: set[str] = set()
    segs: list[_Seg] = []
    chains: dict[str, list[str]] = {}
    flat: list[LayoutEdge] = []
    for e in edges:
        lo, up = layer[e.lower], layer[e.upper]
        if lo >= up:  # only a cycle in a broken file gets here: drawn, but not laid out
            flat.append(e)
            continue
        chain = [e.lower]
        for row in range(lo + 1, up):
            d = f"\0{e.key}\0{row}"
            dummies.add(d)
            layer[d] = row
            widths[d] = DUMMY_WIDTH
            groups[d] = ""
            sort_keys[d] = (1, (e.key,))
            pitch[d] = 0.0
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

    # Each connected part is ordered and placed on its own, then the parts sit side by side:
    # unrelated interfaces then cannot leave holes in the middle of the drawing.
    rows = max(layer.values(), default=0) + 1
    x: dict[str, float] = {}
    top_off: dict[tuple[str, str], float] = {}  # (edge, lower key) -> offset from the box's centre
    bottom_off: dict[tuple[str, str], float] = {}
    cursor = 0.0
    for part in _components(sorted(layer, key=lambda k: sort_keys[k]), segs, groups):
        layers: list[list[str]] = [[] for _ in range(rows)]
        for key in part:
            layers[layer[key]].append(key)
        _order(layers, ups, downs, groups, weight)
        pos = {k: i for row in layers for i, k in enumerate(row)}
        # Edge ends spread along a side, in the order of what is at their other end.
        for key in part:
            for side, table, other in ((ups[key], top_off, "upper"), (downs[key], bottom_off, "lower")):
                side.sort(key=lambda s, o=other: (pos[getattr(s, o)], s.edge))
                offs = _offsets(len(side), widths[key], pitch[key])
                for s, off in zip(side, offs, strict=True):
                    table[(s.edge, key)] = off
        px = _place(layers, ups, downs, widths, groups, dummies, top_off, bottom_off)
        left = min(px[k] - widths[k] / 2 for k in part)
        right = max(px[k] + widths[k] / 2 for k in part)
        for k in part:
            x[k] = px[k] - left + cursor
        cursor += right - left + COMPONENT_GAP

    # Rows from the top down; the gap under a row grows with how far its edges travel sideways.
    heights = {n.key: n.height for n in nodes}
    band_h = [12.0] * rows
    for k, r in layer.items():
        if k not in dummies:
            band_h[r] = max(band_h[r], heights[k])
    travel = [0.0] * rows  # widest sideways run of the segments arriving in each row
    for s in segs:
        run = abs((x[s.upper] + bottom_off[(s.edge, s.upper)]) - (x[s.lower] + top_off[(s.edge, s.lower)]))
        travel[layer[s.upper]] = max(travel[layer[s.upper]], run)
    band_top = [0.0] * rows
    y = top
    for r in range(rows - 1, -1, -1):
        band_top[r] = y
        y += band_h[r]
        if r > 0:
            # Rows start on the SVG's 0.1 grid, so a box's bottom and the edge ending
            # there round to the same written coordinate.
            y = round(y + min(110.0, max(48.0, 36.0 + 0.14 * travel[r])), 1)
    height = y

    shift = MARGIN
    boxes = {
        n.key: Box(x[n.key] - n.width / 2 + shift, band_top[layer[n.key]], n.width, n.height, layer[n.key])
        for n in nodes
    }
    width = max((b.x + b.width for b in boxes.values()), default=0.0) + MARGIN

    routes: dict[str, list[tuple[float, float]]] = {}
    top_anchor: dict[str, float] = {}
    bottom_anchor: dict[str, float] = {}
    for key, chain in chains.items():
        lo, up = chain[0], chain[-1]
        x0 = x[lo] + shift + top_off[(key, lo)]
        x1 = x[up] + shift + bottom_off[(key, up)]
        top_anchor[key], bottom_anchor[key] = x0, x1
        pts = [(x0, boxes[lo].y)]
        for d in chain[1:-1]:
            r = layer[d]
            pts += [(x[d] + shift, band_top[r] + band_h[r]), (x[d] + shift, band_top[r])]
        r = layer[up]
        pts += [(x1, band_top[r] + band_h[r]), (x1, boxes[up].y + boxes[up].height)]
        routes[key] = _dedupe(pts)
    for e in flat:
        a, b = boxes[e.lower], boxes[e.upper]
        top_anchor[e.key], bottom_anchor[e.key] = a.cx, b.cx
        routes[e.key] = [(a.cx, a.y), (b.cx, b.y + b.height)]
    return Layout(boxes, routes, width, height, top_anchor, bottom_anchor)


def _components(keys: list[str], segs: list[_Seg], groups: dict[str, str]) -> list[list[str]]:
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

    for s in segs:
        union(s.lower, s.upper)
    first_of_group: dict[str, str] = {}
    for k in keys:
        if groups[k]:
            union(first_of_group.setdefault(groups[k], k), k)
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
) -> None:
    """Barycentre sweeps, keeping the ordering with the fewest crossings (the first one on ties)."""
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


def _gap(a: str, b: str, groups: dict[str, str], dummies: set[str]) -> float:
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
) -> dict[str, float]:
    """Centres per box: sweeps that pull boxes over their neighbours, never changing order or spacing."""
    seps = [[widths[a] / 2 + widths[b] / 2 + _gap(a, b, groups, dummies) for a, b in pairwise(row)] for row in layers]
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
