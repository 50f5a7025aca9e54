"""Drawing the topology diagram as SVG text: escaping, measuring and painting the boxes.

Every piece of text goes through `_text`/`_attr`, which escape for XML and swap out
characters that XML cannot carry or that would disguise a name (control and
bidirectional formatting characters). Styling is done with presentation attributes
only (`fill`, `stroke`, `font-size`...): the site's Content-Security-Policy allows no
inline `style`, and presentation attributes are not styles as far as CSP is concerned.
The output never contains scripts, event attributes, links or foreignObject.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from .layout import Box, Layout

FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace"
CHAR_EM = 0.61  # advance of one monospace character, in em (DejaVu Sans Mono: 0.602)
PAD_X = 10.0
PAD_TOP = 6.0
PAD_BOTTOM = 8.0
MIN_BOX_WIDTH = 96.0
BADGE_H = 15.0
BADGE_FONT = 9.5
TAB_H = 15.0
TAB_FONT = 9.5
MAX_LINE_COLUMNS = 34  # longer labels are shortened with an ellipsis; the tooltip keeps them whole

# (font size, line height, weight, colour) per kind of line.
LINE_STYLES: dict[str, tuple[float, float, str, str]] = {
    "caption": (9.0, 12.0, "normal", "#6c757d"),
    "name": (13.0, 17.0, "bold", "#212529"),
    "detail": (11.0, 14.0, "normal", "#343a40"),
    "address": (11.0, 14.0, "bold", "#0b4f8a"),
    "gateway": (10.0, 13.0, "normal", "#495057"),
    "comment": (10.0, 13.0, "normal", "#6c757d"),
    "error": (10.5, 14.0, "bold", "#b02a37"),
    "warning": (10.5, 14.0, "bold", "#8a4b00"),
}
# Badge tones: (fill, stroke, text colour).
TONES: dict[str, tuple[str, str, str]] = {
    "ok": ("#e6f4ea", "#1e7e34", "#145c26"),
    "caution": ("#fff4e0", "#b26a00", "#7a4700"),
    "cluster": ("#f1eafb", "#6f42c1", "#4b2a8a"),
    "mgmt": ("#e3f1fa", "#0b6e99", "#084c6b"),
}
SEVERITY_STROKE = {"error": "#c62828", "warning": "#c77700"}
SEVERITY_FILL = {"error": "#fdf0f0", "warning": "#fff8ec"}
EDGE_STYLE = {  # (colour, width, dash)
    "member": ("#495057", 1.6, ""),
    "port": ("#495057", 1.6, ""),
    "vlan": ("#495057", 1.5, "5 3"),
    "cable": ("#868e96", 2.6, ""),
}
SHAPE_FILL = {
    "nic": "#ffffff",
    "bond": "#f4f7fb",
    "bridge": "#f3f8f4",
    "vlan": "#fbf8f1",
    "other": "#ffffff",
    "implicit": "#ffffff",
    "switch": "#343a40",
}


@dataclass
class TextLine:
    text: str
    style: str


@dataclass
class Badge:
    text: str
    tone: str
    check: bool = False  # draw a tick before the text


@dataclass
class NodeView:
    key: str
    dom_id: str
    shape: str  # nic, bond, bridge, vlan, other, implicit, switch
    tooltip: str
    lines: list[TextLine]
    badges: list[Badge] = field(default_factory=list)
    severity: str = ""  # "", "warning" or "error": border colour and corner marker
    group: str = ""  # switch stack
    tabs: dict[str, str] = field(default_factory=dict)  # switch: cable edge key -> port label
    extra_class: str = ""


@dataclass
class EdgeView:
    key: str
    dom_id: str
    kind: str  # member, port, vlan, cable
    lower: str
    upper: str
    tooltip: str


@dataclass
class LegendItem:
    sample: str  # what to draw: edge-<kind>, badge-<tone>, marker-<severity>, implicit, group
    label: str
    badge_text: str = ""


# --- text ------------------------------------------------------------------------------


def clean(value: str) -> str:
    """Text safe to show: anything XML cannot hold or that reorders or hides characters becomes U+FFFD."""
    value = str(value)
    if value.isascii() and value.isprintable():
        return value
    out = []
    for ch in value:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") and ch != "\n":
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def _text(value: str) -> str:
    return clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;").replace("'", "&#x27;").replace("\n", "&#10;")


def columns(text: str) -> int:
    """Width of a text in monospace cells: wide East Asian characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    n = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def text_width(text: str, size: float) -> float:
    return columns(text) * size * CHAR_EM


def shorten(text: str, limit: int = MAX_LINE_COLUMNS) -> str:
    text = clean(text).replace("\n", " ")
    if columns(text) <= limit:
        return text
    out, n = [], 0
    for ch in text:
        w = columns(ch)
        if n + w > limit - 1:
            break
        out.append(ch)
        n += w
    return "".join(out) + "\u2026"


def wrap(text: str, limit: int = 30, max_lines: int = 2) -> list[str]:
    """Split at spaces into lines of at most `limit` columns; what does not fit is shortened."""
    words = clean(text).replace("\n", " ").split(" ")
    lines: list[str] = []
    for word in words:
        if lines and columns(lines[-1]) + 1 + columns(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [shorten(line, limit) for line in lines]


def num(v: float) -> str:
    """Coordinates with one decimal at most, so equal input always gives equal bytes."""
    s = f"{round(v, 1):.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


# --- measuring -------------------------------------------------------------------------


def badge_width(b: Badge) -> float:
    return text_width(b.text, BADGE_FONT) + 10 + (9 if b.check else 0)


def measure(node: NodeView) -> tuple[float, float, float]:
    """Width, height and anchor pitch of a node's box."""
    widths = [text_width(line.text, LINE_STYLES[line.style][0]) for line in node.lines]
    if node.severity and node.lines:
        widths[0] += 20  # the corner marker sits beside the caption
    if node.badges:
        widths.append(sum(badge_width(b) for b in node.badges) + 4 * (len(node.badges) - 1))
    width = max([MIN_BOX_WIDTH, *(w + 2 * PAD_X for w in widths)])
    height = PAD_TOP + sum(LINE_STYLES[line.style][1] for line in node.lines) + PAD_BOTTOM
    if node.badges:
        height += BADGE_H + 3
    pitch = 16.0
    if node.tabs:
        slot = max(text_width(t, TAB_FONT) + 12 for t in node.tabs.values())
        slot = max(slot, 26.0)
        width = max(width, slot * len(node.tabs) + 2 * PAD_X)
        height += TAB_H + 4
        pitch = slot
    return round(width), height, pitch


# --- drawing ---------------------------------------------------------------------------


def _path(points: list[tuple[float, float]]) -> str:
    (x0, y0), parts = points[0], [f"M{num(points[0][0])} {num(points[0][1])}"]
    for x1, y1 in points[1:]:
        if abs(x1 - x0) < 0.05:
            # Straight down at the x it started from: two nearly equal x could round apart
            # (457.75 and 457.7499) and tilt the line.
            x1 = x0
            parts.append(f"L{num(x1)} {num(y1)}")
        else:
            ym = (y0 + y1) / 2
            parts.append(f"C{num(x0)} {num(ym)} {num(x1)} {num(ym)} {num(x1)} {num(y1)}")
        x0, y0 = x1, y1
    return " ".join(parts)


def _line_el(x: float, baseline: float, line: TextLine, *, anchor: str = "", fill: str = "") -> str:
    size, _, weight, colour = LINE_STYLES[line.style]
    extra = ' font-weight="bold"' if weight == "bold" else ""
    if anchor:
        extra += f' text-anchor="{anchor}"'
    return (
        f'<text class="{line.style}" x="{num(x)}" y="{num(baseline)}" font-size="{num(size)}"'
        f' fill="{fill or colour}"{extra}>{_text(line.text)}</text>'
    )


def _tick(x: float, cy: float, colour: str) -> str:
    return (
        f'<path d="M{num(x)} {num(cy)} l2.5 2.8 l4.5 -5.6" fill="none" stroke="{colour}"'
        ' stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>'
    )


def _badge_el(x: float, y: float, b: Badge) -> tuple[str, float]:
    fill, stroke, colour = TONES[b.tone]
    w = badge_width(b)
    out = [
        f'<rect class="badge" x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(BADGE_H)}" rx="7.5"'
        f' fill="{fill}" stroke="{stroke}" stroke-width="0.8"/>'
    ]
    tx = x + 5
    if b.check:
        out.append(_tick(tx, y + BADGE_H / 2, stroke))
        tx += 9
    out.append(
        f'<text class="badge-text" x="{num(tx)}" y="{num(y + 10.8)}" font-size="{num(BADGE_FONT)}"'
        f' fill="{colour}">{_text(b.text)}</text>'
    )
    return "".join(out), w


def _marker(cx: float, cy: float, severity: str) -> str:
    """Shape and colour: a circle for an error, a triangle for a warning, each with '!'."""
    colour = SEVERITY_STROKE[severity]
    if severity == "error":
        shape = f'<circle cx="{num(cx)}" cy="{num(cy)}" r="6.5" fill="{colour}"/>'
        text_fill = "#ffffff"
    else:
        shape = (
            f'<path d="M{num(cx)} {num(cy - 7)} L{num(cx + 7.5)} {num(cy + 6)} L{num(cx - 7.5)} {num(cy + 6)} Z"'
            f' fill="#ffc107" stroke="{colour}" stroke-width="1"/>'
        )
        text_fill = "#212529"
        cy += 1.5
    return (
        f'<g class="marker {severity}">{shape}<text x="{num(cx)}" y="{num(cy + 3.6)}" font-size="10"'
        f' font-weight="bold" text-anchor="middle" fill="{text_fill}">!</text></g>'
    )


def _node_el(node: NodeView, box: Box, layout: Layout) -> str:
    switch = node.shape == "switch"
    stroke = SEVERITY_STROKE.get(node.severity, "#212529" if switch else "#5c636a")
    fill = SEVERITY_FILL.get(node.severity, SHAPE_FILL[node.shape]) if not switch else SHAPE_FILL["switch"]
    stroke_w = 2.4 if node.severity else 1.2
    dash = ' stroke-dasharray="4 3"' if node.shape == "implicit" else ""
    rx = {"nic": 3, "switch": 4, "implicit": 3, "other": 0}.get(node.shape, 8)
    classes = f"node {node.shape}" + (f" {node.extra_class}" if node.extra_class else "")
    if node.severity:
        classes += f" has-{node.severity}"
    out = [
        f'<g id="{_attr(node.dom_id)}" class="{classes}">',
        f"<title>{_text(node.tooltip)}</title>",
        f'<rect class="box" x="{num(box.x)}" y="{num(box.y)}" width="{num(box.width)}" height="{num(box.height)}"'
        f' rx="{rx}" fill="{fill}" stroke="{stroke}" stroke-width="{num(stroke_w)}"{dash}/>',
    ]
    y = box.y + PAD_TOP
    if node.tabs:
        # Port tabs along the top, each where its cable arrives.
        for edge_key, label in sorted(node.tabs.items(), key=lambda kv: layout.top_anchor.get(kv[0], 0.0)):
            if edge_key not in layout.top_anchor:
                continue
            cx = layout.top_anchor[edge_key]
            w = text_width(label, TAB_FONT) + 8
            out.append(
                f'<g class="port"><rect x="{num(cx - w / 2)}" y="{num(box.y + 3)}" width="{num(w)}"'
                f' height="{num(TAB_H)}" rx="2" fill="#f8f9fa" stroke="#adb5bd" stroke-width="0.8"/>'
                f'<text x="{num(cx)}" y="{num(box.y + 13.8)}" font-size="{num(TAB_FONT)}" text-anchor="middle"'
                f' fill="#212529">{_text(label)}</text></g>'
            )
        y += TAB_H + 4
    for i, line in enumerate(node.lines):
        size, height, _, _ = LINE_STYLES[line.style]
        colour = "#ced4da" if switch and line.style != "name" else ("#ffffff" if switch else "")
        out.append(_line_el(box.x + PAD_X, y + height - (height - size) / 2 - 1.5, line, fill=colour))
        if i == 0 and node.severity:
            out.append(_marker(box.x + box.width - 13, y + height / 2 + 1, node.severity))
        y += height
    if node.badges:
        x = box.x + PAD_X
        y += 2
        for b in node.badges:
            el, w = _badge_el(x, y, b)
            out.append(el)
            x += w + 4
    out.append("</g>")
    return "".join(out)


def _edge_el(edge: EdgeView, points: list[tuple[float, float]]) -> str:
    colour, width, dash = EDGE_STYLE[edge.kind]
    d = _path(points)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<g id="{_attr(edge.dom_id)}" class="edge {edge.kind}"><title>{_text(edge.tooltip)}</title>'
        f'<path d="{d}" fill="none" stroke="#ffffff" stroke-width="{num(width + 3)}" stroke-linecap="round"/>'
        f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{num(width)}"{dash_attr}/></g>'
    )


def _groups_el(nodes: list[NodeView], boxes: dict[str, Box]) -> tuple[str, float]:
    """Dashed frames around switches of one stack, labelled underneath; returns the SVG and its lowest y."""
    members: dict[str, list[Box]] = {}
    for n in nodes:
        if n.group and n.key in boxes:
            members.setdefault(n.group, []).append(boxes[n.key])
    out, bottom = [], 0.0
    for group in sorted(members):
        bs = members[group]
        x0 = min(b.x for b in bs) - 10
        x1 = max(b.x + b.width for b in bs) + 10
        y0 = min(b.y for b in bs) - 8
        y1 = max(b.y + b.height for b in bs) + 22
        out.append(
            f'<g class="stack"><rect x="{num(x0)}" y="{num(y0)}" width="{num(x1 - x0)}" height="{num(y1 - y0)}"'
            f' rx="8" fill="none" stroke="#6c757d" stroke-width="1" stroke-dasharray="6 4"/>'
            f'<text x="{num(x0 + 8)}" y="{num(y1 - 6)}" font-size="10" fill="#495057">'
            f"{_text(shorten('stack / MLAG: ' + group, 60))}</text></g>"
        )
        bottom = max(bottom, y1)
    return "".join(out), bottom


LEGEND_SAMPLE_W = 34.0
LEGEND_ROW_H = 22.0
LEGEND_FONT = 10.5


def _legend_item_width(item: LegendItem) -> float:
    sample = LEGEND_SAMPLE_W
    if item.sample.startswith("badge-"):
        sample = badge_width(Badge(item.badge_text, item.sample[6:], check=item.sample == "badge-ok"))
    return sample + 6 + text_width(item.label, LEGEND_FONT) + 22


def _legend_sample(item: LegendItem, x: float, cy: float) -> str:
    kind = item.sample
    if kind.startswith("edge-"):
        colour, width, dash = EDGE_STYLE[kind[5:]]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        return (
            f'<path d="M{num(x)} {num(cy)} h{num(LEGEND_SAMPLE_W)}" stroke="{colour}" stroke-width="{num(width)}"'
            f' fill="none"{dash_attr}/>'
        )
    if kind.startswith("badge-"):
        tone = kind[6:]
        el, _ = _badge_el(x, cy - BADGE_H / 2, Badge(item.badge_text, tone, check=tone == "ok"))
        return el
    if kind.startswith("marker-"):
        severity = kind[7:]
        return (
            f'<rect x="{num(x + 1)}" y="{num(cy - 8)}" width="32" height="16" rx="3" fill="{SEVERITY_FILL[severity]}"'
            f' stroke="{SEVERITY_STROKE[severity]}" stroke-width="2"/>' + _marker(x + 24, cy, severity)
        )
    if kind == "implicit":
        return (
            f'<rect x="{num(x + 2)}" y="{num(cy - 7)}" width="30" height="14" rx="3" fill="#ffffff"'
            ' stroke="#5c636a" stroke-width="1.2" stroke-dasharray="4 3"/>'
        )
    # group
    return (
        f'<rect x="{num(x + 2)}" y="{num(cy - 7)}" width="30" height="14" rx="4" fill="none"'
        ' stroke="#6c757d" stroke-width="1" stroke-dasharray="6 4"/>'
    )


def _legend_el(items: list[LegendItem], x0: float, y0: float, max_width: float) -> tuple[str, float, float]:
    """Items flowing in rows under a heading; returns SVG, width and height."""
    if not items:
        return "", 0.0, 0.0
    rows: list[list[LegendItem]] = [[]]
    row_w = 0.0
    for item in items:
        w = _legend_item_width(item)
        if rows[-1] and row_w + w > max_width - 20:
            rows.append([])
            row_w = 0.0
        rows[-1].append(item)
        row_w += w
    width = max(sum(_legend_item_width(i) for i in row) for row in rows) + 20
    height = 26 + LEGEND_ROW_H * len(rows) + 6
    out = [
        f'<g class="legend"><rect x="{num(x0)}" y="{num(y0)}" width="{num(width)}" height="{num(height)}" rx="6"'
        ' fill="#f8f9fa" stroke="#dee2e6" stroke-width="1"/>'
        f'<text x="{num(x0 + 10)}" y="{num(y0 + 17)}" font-size="11" font-weight="bold" fill="#343a40">Legend</text>'
    ]
    y = y0 + 26 + LEGEND_ROW_H / 2
    for row in rows:
        x = x0 + 10
        for item in row:
            out.append(f'<g class="legend-item">{_legend_sample(item, x, y)}')
            sample_w = _legend_item_width(item) - 6 - text_width(item.label, LEGEND_FONT) - 22
            out.append(
                f'<text x="{num(x + sample_w + 6)}" y="{num(y + 3.8)}" font-size="{num(LEGEND_FONT)}"'
                f' fill="#343a40">{_text(item.label)}</text></g>'
            )
            x += _legend_item_width(item)
        y += LEGEND_ROW_H
    out.append("</g>")
    return "".join(out), width, height


def draw(
    *,
    title: str,
    heading: str,
    summary: str,
    nodes: list[NodeView],
    edges: list[EdgeView],
    layout: Layout,
    legend: list[LegendItem],
    max_width: float | None = None,
) -> str:
    boxes = layout.boxes
    groups_svg, groups_bottom = _groups_el(nodes, boxes)
    content_w = layout.width
    # The legend wraps to the drawing, or to the width asked for when the drawing is narrower.
    legend_max = max(content_w - 48, min(560.0, max_width - 48) if max_width else 560.0)
    legend_y = max(layout.height, groups_bottom + 4) + 16
    legend_svg, legend_w, legend_h = _legend_el(legend, 24, legend_y, legend_max)
    width = max(content_w, legend_w + 48, text_width(heading, 14) + 48, text_width(summary, 11) + 48)
    height = (legend_y + legend_h if legend_svg else legend_y) + 12
    # A narrow diagram under a wide legend is centred.
    dx = (width - content_w) / 2 if content_w < width else 0.0
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}"'
        f' height="{num(height)}" role="img" aria-labelledby="diagram-title diagram-desc"'
        f' font-family="{_attr(FONT)}" class="topology">',
        f'<title id="diagram-title">{_text(title)}</title>',
        f'<desc id="diagram-desc">{_text(summary)}</desc>',
        f'<rect class="background" width="{num(width)}" height="{num(height)}" fill="#ffffff"/>',
        f'<text class="heading" x="24" y="26" font-size="14" font-weight="bold" fill="#212529">{_text(heading)}</text>',
        f'<text class="summary" x="24" y="44" font-size="11" fill="#495057">{_text(summary)}</text>',
        f'<g class="diagram" transform="translate({num(dx)} 0)">',
        groups_svg,
        '<g class="edges">',
    ]
    for e in edges:
        if e.key in layout.routes:
            out.append(_edge_el(e, layout.routes[e.key]))
    out.append('</g><g class="nodes">')
    for n in nodes:
        out.append(_node_el(n, boxes[n.key], layout))
    out.append("</g></g>")
    out.append(legend_svg)
    out.append("</svg>\n")
    return "".join(out)
