"""A small layered (Sugiyama-style) layout for the topology diagram.

Generic over boxes and edges: the caller says how big each box is, the lowest row it may
sit in, and which boxes are joined. Edges always run from a lower box to an upper one.
The steps are the classic ones, kept deterministic and close to O(n log n) per sweep:
longest-path layering, dummy points for edges that span rows, barycentre ordering with
name tie-breaks, then horizontal placement that keeps the order and the spacing exactly
(so boxes can never overlap) while pulling each box over the things it is joined to.
Given a width, rows too wide for it wrap like text and unrelated parts stack on shelves.

`layout(nodes, edges)` runs the steps, one module each:

- `boxes`   what the layout takes, gives and passes between steps; the spacing it keeps
- `layers`  rows, connected parts, and each part's arrangement (dummy points for long edges)
- `order`   the order of the boxes within each row (fewest crossings)
- `place`   where each box sits along its row, and where edges end on its sides
- `wrap`    splitting rows too wide for the page
- `stack`   parts on shelves, rows one under another
- `route`   each edge's waypoints
"""

from __future__ import annotations

from .boxes import Box, Layout, LayoutEdge, LayoutNode, Part
from .layers import arrange, assign_layers, components
from .route import route_edges
from .stack import shelve, stack_shelves

MARGIN = 24.0

__all__ = ["Box", "Layout", "LayoutEdge", "LayoutNode", "layout"]


def layout(
    nodes: list[LayoutNode], edges: list[LayoutEdge], *, top: float = MARGIN, max_width: float | None = None
) -> Layout:
    """Boxes and edge routes. With `max_width`, the drawing wraps to stay about that wide
    (see `wrap.wrap_plan`): a row of boxes too wide for it is split into rows, and unrelated
    parts of the drawing go on shelves one under another instead of side by side.

    Why wrap rather than only let the page scale the image down: a host with ten NICs
    or a dozen VLANs is 1500-2700 px wide in one row per layer; shrunk into a 1100 px
    page (or a 360 px side panel) its 11 px labels would become 4-8 px (1.5-3 px), which
    nobody can read. Wrapped, it is drawn at or near its natural size."""
    by_key = {n.key: n for n in nodes}
    edges = [e for e in edges if e.lower in by_key and e.upper in by_key and e.lower != e.upper]
    base = assign_layers(nodes, edges)
    ranked = [e for e in edges if base[e.lower] < base[e.upper]]
    flat = [e for e in edges if base[e.lower] >= base[e.upper]]  # only a cycle in a broken file: drawn, not laid out
    room = max_width - 2 * MARGIN if max_width else float("inf")

    # Each connected part is ordered and placed on its own, then the parts sit side by side
    # (on shelves): unrelated interfaces then cannot leave holes in the middle of the drawing.
    parts: list[Part] = []
    for keys in components(sorted(by_key, key=lambda k: by_key[k].sort_key), ranked, by_key):
        inside = set(keys)
        part_edges = [e for e in ranked if e.lower in inside]
        parts.append(arrange(keys, part_edges, base, by_key, room))
    shelves, used = shelve(parts, room)
    placed = stack_shelves(shelves, {n.key: n.height for n in nodes}, top)

    shift = MARGIN
    boxes = {
        n.key: Box(placed.x[n.key] - n.width / 2 + shift, placed.band[n.key][0], n.width, n.height, placed.layer[n.key])
        for n in nodes
    }
    width = max(used, default=0.0) + 2 * MARGIN
    routes, top_anchor, bottom_anchor = route_edges(placed, boxes, flat, shift)
    return Layout(boxes, routes, width, placed.height, top_anchor, bottom_anchor)
