"""Ordering the boxes within each row: barycentre sweeps that keep the ordering with the
fewest (weighted) crossings, a switch stack's boxes side by side."""

from __future__ import annotations

from collections.abc import Collection

from .boxes import Seg

ORDER_SWEEPS = 16


def order_rows(
    layers: list[list[str]],
    ups: dict[str, list[Seg]],
    downs: dict[str, list[Seg]],
    groups: dict[str, str],
    weight: dict[str, float],
    fixed: Collection[int] = frozenset(),
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


def _crossings(
    layers: list[list[str]], ups: dict[str, list[Seg]], pos: dict[str, int], weight: dict[str, float]
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


def _keep_groups_together(row: list[str], groups: dict[str, str], value: dict[str, float]) -> None:
    if not any(groups[k] for k in row):
        return
    units: dict[str, list[str]] = {}
    for k in row:
        units.setdefault(groups[k] or f"\0{k}", []).append(k)
    ordered = sorted(units.values(), key=lambda ks: (sum(value[k] for k in ks) / len(ks), row.index(ks[0])))
    row[:] = [k for unit in ordered for k in unit]
