"""Placing the boxes of each row along it, in the order they were given: where each edge
ends along a box's side, then sweeps that pull each box over what it is joined to without
ever changing the order or the spacing (so boxes can never overlap)."""

from __future__ import annotations

from itertools import pairwise

from .boxes import BUNDLE_GAP, DUMMY_GAP, GROUP_GAP, GROUP_PAD, NODE_GAP, Seg

ANCHOR_INSET = 10.0  # keep edge ends away from the rounded corners
PLACE_PASSES = 6


def edge_ends(
    layer: dict[str, int],
    rows: list[list[str]],
    ups: dict[str, list[Seg]],
    downs: dict[str, list[Seg]],
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

            def by_far_end(s: Seg, end: str = other) -> tuple[int, str]:
                return (pos[getattr(s, end)], s.edge)

            side.sort(key=by_far_end)
            offs = _offsets(len(side), widths[key], pitch[key])
            for s, off in zip(side, offs, strict=True):
                table[(s.edge, key)] = off
    return top_off, bottom_off


def _offsets(count: int, width: float, pitch: float) -> list[float]:
    if count <= 1:
        return [0.0] * count
    room = max(0.0, width - 2 * ANCHOR_INSET)
    step = min(pitch, room / (count - 1))
    return [(i - (count - 1) / 2) * step for i in range(count)]


def place(
    layers: list[list[str]],
    ups: dict[str, list[Seg]],
    downs: dict[str, list[Seg]],
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


def _gap(a: str, b: str, groups: dict[str, str], dummies: set[str], bundles: dict[str, tuple[str, str]]) -> float:
    if a in bundles and b in bundles and set(bundles[a]) & set(bundles[b]):
        return BUNDLE_GAP  # edges sharing a box run side by side through a split row
    if a in dummies or b in dummies:
        return DUMMY_GAP
    if groups[a] and groups[a] == groups[b]:
        return GROUP_GAP
    return NODE_GAP + (GROUP_PAD if groups[a] else 0.0) + (GROUP_PAD if groups[b] else 0.0)


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
