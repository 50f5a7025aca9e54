"""Routing the edges through the stacked rows: their waypoints and where they end on their boxes."""

from __future__ import annotations

from .boxes import Box, LayoutEdge
from .stack import Stacked


def route_edges(
    placed: Stacked, boxes: dict[str, Box], flat: list[LayoutEdge], shift: float
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


def _dedupe(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out = [points[0]]
    for p in points[1:]:
        if p != out[-1]:
            out.append(p)
    return out
