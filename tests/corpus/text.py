"""How a Draft looks on disk: indentation, blank lines, comments, keyword lines.

One style per file (admins edit a file in one editor), with the local slips real files
show: a tab-indented comment in a space-indented file, a stanza with no blank line
before it, options in an order no tool writes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import words
from .draft import Draft, Stanza

INDENTS = {"tab": "\t", "4": "    ", "8": "        ", "2": "  "}


@dataclass(frozen=True)
class Style:
    indent: str  # a key of INDENTS, or "mixed"
    gap: int  # most blank lines between stanzas (0: none at all)
    shuffled_options: bool
    multi_auto: bool
    trailing_space: bool


def style_choose(rng: random.Random, traits: set[str]) -> Style:
    indent = rng.choices(("tab", "4", "8", "2", "mixed"), (10, 5, 2, 1, 2))[0]
    traits.add(f"indent:{indent}")
    gap = rng.choices((1, 0, 2, 3), (12, 1, 2, 1))[0]
    traits.add(f"gap:{gap}")
    style = Style(indent, gap, rng.random() < 0.15, rng.random() < 0.08, rng.random() < 0.05)
    for flag, trait in ((style.shuffled_options, "unusual-order"), (style.trailing_space, "trailing-space")):
        if flag:
            traits.add(trait)
    return style


def _indent(rng: random.Random, style: Style) -> str:
    if style.indent == "mixed":
        return rng.choice(tuple(INDENTS.values()))
    return INDENTS[style.indent]


def _start_lines(stanza: Stanza, merged: list[str]) -> list[str]:
    """The auto/allow-* lines above the stanza; `merged` holds the names one `auto` line brings up."""
    name = stanza.name
    if merged:
        return [f"auto {' '.join(merged)}"]
    if stanza.start == "auto+allow-ovs":
        return [f"auto {name}", f"allow-ovs {name}"]
    if stanza.start:
        return [f"{stanza.start} {name}"]
    return []


def _stanza_lines(rng: random.Random, style: Style, stanza: Stanza, traits: set[str]) -> list[str]:
    options = list(stanza.options)
    if style.shuffled_options:
        rng.shuffle(options)
    body = [f"{_indent(rng, style)}{key} {value}" for key, value in options]
    for comment in stanza.comments:
        where = rng.choice(("", "", "\t", "    ", _indent(rng, style)))
        if where == "\t":
            traits.add("tab-comment")
        elif where:
            traits.add("indented-comment")
        body.insert(rng.randrange(len(body) + 1), where + comment)
    if style.trailing_space and body and rng.random() < 0.3:
        body[-1] += " "
    lines = [f"iface {stanza.name} {stanza.family} {stanza.method}", *body]
    if stanza.after_blank:
        lines.append("")
        lines += [f"{_indent(rng, style)}{key} {value}" for key, value in stanza.after_blank]
    return lines


def _units(stanzas: list[Stanza]) -> list[list[Stanza]]:
    """Stanzas grouped so an inet6 stanza stays right after its interface's inet stanza."""
    units: list[list[Stanza]] = []
    for stanza in stanzas:
        if stanza.family == "inet6" and units and units[-1][0].name == stanza.name:
            units[-1].append(stanza)
        else:
            units.append([stanza])
    return units


def _merge_autos(units: list[list[Stanza]]) -> dict[int, list[str]]:
    """`auto A B` on one line for runs of plain NICs: unit index -> names, [] for 'no own line'."""
    merged: dict[int, list[str]] = {}
    run: list[int] = []
    for index, unit in enumerate([*units, []]):
        plain = bool(unit) and unit[0].start == "auto" and not unit[0].options and "." not in unit[0].name
        if plain:
            run.append(index)
            continue
        if len(run) >= 2:
            merged[run[0]] = [units[i][0].name for i in run]
            merged.update({i: [] for i in run[1:]})
        run = []
    return merged


def text_render(draft: Draft, lo: bool = True) -> str:
    rng = draft.rng
    traits = draft.traits
    style = style_choose(rng, traits)
    out: list[str] = []
    if rng.random() < 0.35:
        out += list(words.TOP_COMMENTS[:3]) if rng.random() < 0.5 else [rng.choice(words.TOP_COMMENTS)]
        out.append("")
        traits.add("top-comment")
    if lo:
        out += ["auto lo", "iface lo inet loopback", ""]
    else:
        traits.add("no-lo")
    units = _units(draft.stanzas)
    merged = _merge_autos(units) if style.multi_auto else {}
    if merged:
        traits.add("auto-multi")
    for index, unit in enumerate(units):
        if rng.random() < 0.1:
            out.append(rng.choice(words.TOP_COMMENTS[3:]))
            traits.add("top-comment")
        first = unit[0]
        # A name brought up by an earlier `auto A B` line gets no line of its own.
        own_line = index not in merged or bool(merged[index])
        lines = _start_lines(first, merged.get(index, [])) if own_line else []
        if first.start == "allow-hotplug":
            traits.add("allow-hotplug")
        if first.start.startswith("allow-") and first.start != "allow-hotplug":
            traits.add("ovs-allow")
        for position, stanza in enumerate(unit):
            if position:
                lines += [""] * _gap(rng, style)
            lines += _stanza_lines(rng, style, stanza, traits)
        out += lines
        out += [""] * _gap(rng, style)
    for line in draft.tail:
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _gap(rng: random.Random, style: Style) -> int:
    return 0 if style.gap == 0 else rng.randint(1, style.gap)
