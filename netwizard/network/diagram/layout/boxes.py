"""What the layout takes (boxes and edges), what it gives (boxes placed, edges routed), the
pieces its steps pass to each other, and the spacing every step keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NODE_GAP = 32.0  # between two boxes in a row
GROUP_GAP = 14.0  # between boxes of one group (a switch stack)
GROUP_PAD = 14.0  # room for the group's frame on each side
DUMMY_GAP = 14.0  # between an edge passing through a row and its neighbours
DUMMY_WIDTH = 4.0
BUNDLE_GAP = 2.0  # between edges from or to one box running through a split row

# Compared as Python compares tuples; what its parts are is up to whoever builds the key
# (the diagram: switches first, then names in natural order).
SortKey = tuple[Any, ...]


@dataclass
class LayoutNode:
    key: str
    width: float
    height: float
    min_layer: int
    sort_key: SortKey
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
class Seg:
    """One row-to-row piece of an edge."""

    edge: str
    lower: str
    upper: str


@dataclass
class Part:
    """One connected part of the drawing, ordered and placed on its own."""

    layer: dict[str, int]  # every key of the part, dummy points included
    rows: list[list[str]]  # each row left to right
    x: dict[str, float]  # centres, with the part's left edge at 0
    width: float
    dummies: set[str]
    chains: dict[str, list[str]]
    segs: list[Seg]
    top_off: dict[tuple[str, str], float]  # (edge, lower key) -> offset from the box's centre
    bottom_off: dict[tuple[str, str], float]


def dummy_key(edge: str, row: int) -> str:
    """The dummy point where `edge` passes through `row`."""
    return f"\0{edge}\0{row}"


def dummy_edge(key: str) -> str:
    """The edge a dummy point belongs to."""
    return key[1 : key.rindex("\0")]
