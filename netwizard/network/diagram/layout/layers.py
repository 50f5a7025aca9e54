"""Rows and their parts: which row each box goes in, the connected parts laid out on their
own, and each part arranged (dummy points, order, wrapping, placement)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from .boxes import DUMMY_WIDTH, LayoutEdge, LayoutNode, Part, Seg, SortKey, dummy_key
from .order import order_rows
from .place import edge_ends, place
from .wrap import Wrap, along_split_row, widest_row, wrap_plan

WRAP_TRIES = 3  # layouts tried when wrapping a part, each packed tighter than the last


def assign_layers(nodes: list[LayoutNode], edges: list[LayoutEdge]) -> dict[str, int]:
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


def components(keys: list[str], edges: list[LayoutEdge], by_key: dict[str, LayoutNode]) -> list[list[str]]:
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


@dataclass
class _Layered:
    """One part as a proper layered graph: an edge spanning rows runs through a dummy point
    in each row between its ends, so every segment joins two neighbouring rows."""

    layer: dict[str, int]  # boxes and dummy points
    widths: dict[str, float]
    groups: dict[str, str]
    pitch: dict[str, float]
    sort_keys: dict[str, SortKey]  # the order rows start from; a leading rank keeps unlike keys apart
    weight: dict[str, float] = field(default_factory=dict)  # edge -> crossing weight
    dummies: set[str] = field(default_factory=set)
    bundles: dict[str, tuple[str, str]] = field(default_factory=dict)  # dummy in a split row -> its edge's two ends
    segs: list[Seg] = field(default_factory=list)
    chains: dict[str, list[str]] = field(default_factory=dict)  # edge -> its lower box, dummy points, upper box


def _layered(
    keys: list[str],
    edges: list[LayoutEdge],
    rows_of: dict[str, int],
    by_key: dict[str, LayoutNode],
    wrap: Wrap | None,
) -> _Layered:
    """The part's boxes in their rows, with a dummy point per row an edge passes through.
    In a wrapped part the boxes and dummy points of a split row start where wrapping put them."""
    g = _Layered(
        layer={k: rows_of[k] for k in keys},
        widths={k: by_key[k].width for k in keys},
        groups={k: by_key[k].group for k in keys},
        pitch={k: by_key[k].pitch for k in keys},
        sort_keys={k: (0, by_key[k].sort_key) for k in keys},
    )
    fixed = wrap.fixed if wrap else {}
    if wrap:
        for k in keys:
            if k in wrap.along:
                g.sort_keys[k] = (2, wrap.along[k], 0, k)
    for e in edges:
        chain = [e.lower]
        for row in range(g.layer[e.lower] + 1, g.layer[e.upper]):
            d = dummy_key(e.key, row)
            g.dummies.add(d)
            g.layer[d] = row
            g.widths[d] = DUMMY_WIDTH
            g.groups[d] = ""
            g.pitch[d] = 0.0
            g.sort_keys[d] = (1, (e.key,))
            if wrap and row in fixed:
                g.sort_keys[d] = (2, along_split_row(wrap, e, fixed[row]), 1, e.key)
                g.bundles[d] = (e.lower, e.upper)
            chain.append(d)
        chain.append(e.upper)
        g.chains[e.key] = chain
        g.weight[e.key] = e.crossing_weight
        g.segs.extend(Seg(e.key, a, b) for a, b in pairwise(chain))
    return g


def arrange(
    keys: list[str],
    edges: list[LayoutEdge],
    rows_of: dict[str, int],
    by_key: dict[str, LayoutNode],
    room: float,
    wrap: Wrap | None = None,
) -> Part:
    """Order and place one connected part: dummy points for edges spanning rows, barycentre
    order, then placement. A row wider than `room` is split (see `wrap_plan`) and the part
    ordered again, its split rows keeping the order they are given."""
    g = _layered(keys, edges, rows_of, by_key, wrap)
    ups: dict[str, list[Seg]] = defaultdict(list)  # segments leaving a box upwards
    downs: dict[str, list[Seg]] = defaultdict(list)  # segments arriving from below
    for s in g.segs:
        ups[s.lower].append(s)
        downs[s.upper].append(s)
    rows: list[list[str]] = [[] for _ in range(max(g.layer.values()) + 1)]
    for k in sorted(g.layer, key=lambda k: g.sort_keys[k]):
        rows[g.layer[k]].append(k)
    order_rows(rows, ups, downs, g.groups, g.weight, set(wrap.fixed if wrap else {}))
    if wrap is None:
        wrapped = _wrapped(keys, edges, rows, g.dummies, rows_of, by_key, room, {s.lower for s in g.segs})
        if wrapped is not None:
            return wrapped
    top_off, bottom_off = edge_ends(g.layer, rows, ups, downs, g.widths, g.pitch)
    px = place(rows, ups, downs, g.widths, g.groups, g.dummies, top_off, bottom_off, g.bundles)
    left = min(px[k] - g.widths[k] / 2 for k in g.layer)
    right = max(px[k] + g.widths[k] / 2 for k in g.layer)
    return Part(
        layer=g.layer,
        rows=rows,
        x={k: v - left for k, v in px.items()},
        width=right - left,
        dummies=g.dummies,
        chains=g.chains,
        segs=g.segs,
        top_off=top_off,
        bottom_off=bottom_off,
    )


def _wrapped(
    keys: list[str],
    edges: list[LayoutEdge],
    rows: list[list[str]],
    dummies: set[str],
    rows_of: dict[str, int],
    by_key: dict[str, LayoutNode],
    room: float,
    sources: set[str],
) -> Part | None:
    """The narrowest of up to WRAP_TRIES wrapped arrangements of a part, each packed
    tighter than the last; None when no row needs splitting."""
    best: Part | None = None
    tighten = 1.0
    for _ in range(WRAP_TRIES):
        plan = wrap_plan(rows, dummies, rows_of, by_key, room, tighten, sources)
        if plan is None:
            break
        part = arrange(keys, edges, plan.layer, by_key, room, plan)
        if best is None or part.width < best.width:
            best = part
        if part.width <= plan.room * 1.05 or widest_row(part) not in plan.fixed:
            break  # it (nearly) fits, or what is too wide is a row that cannot be split
        tighten *= plan.room / part.width
    return best
