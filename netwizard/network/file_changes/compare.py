"""The comparison behind `file_changes`: both files cut into stanzas as Proxmox reads them,
then every line that differs explained (option lines in `options.py`)."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..interfaces_file import syntax as syn
from ..interfaces_file.parse import Document, Option, ParseError, Stanza, parse, read_document
from ..interfaces_file.unmodelled import canonical_value
from ..model import HostNetwork, Kind
from .changes import (
    ADDED,
    AUTO_ADDED,
    AUTO_LINES,
    AUTO_REMOVED,
    AUTO_WORD,
    COMMENT,
    DEFAULT,
    EDITED,
    GLOBAL,
    MEMBER_AUTO,
    MERGED,
    NETWIZARD_HEADER,
    ORDER,
    PROXMOX_HEADER,
    PVE_DROPS,
    REMOVED,
    STANZA_ORDER,
    TOP_COMMENT,
    Change,
    FileChanges,
)
from .options import OptionDiff

# --- Entry point -------------------------------------------------------------------------


def file_changes(running: str, written: str) -> FileChanges:
    running_body, replaced = _without_header(running)
    written_body, _ = _without_header(written)
    layout = _layout_lines(running_body, written_body)
    try:
        old_doc, old_net = read_document(running_body), parse(running_body)
    except ParseError as error:
        return FileChanges([], running_body, written_body, layout, unreadable=str(error), header_replaced=replaced)
    new_doc, new_net = read_document(written_body), parse(written_body)
    comparison = Comparison(old_doc, old_net, new_doc, new_net)
    changes = comparison.changes()
    changes += _unexplained(running_body, written_body, changes)
    return FileChanges(changes, running_body, written_body, layout, header_replaced=replaced, running_network=old_net)


def _without_header(text: str) -> tuple[str, bool]:
    """The text without a leading comment block that Proxmox or netwizard wrote as its header.

    Any other leading comment is the admin's, and stays to be reported as dropped.
    """
    lines = text.split("\n")
    if not lines or not lines[0].startswith((PROXMOX_HEADER, NETWIZARD_HEADER)):
        return text, False
    index = 0
    while index < len(lines) and lines[index].startswith("#"):
        index += 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    return "\n".join(lines[index:]), True


def _normal(line: str) -> str:
    key, _, value = " ".join(line.split()).partition(" ")
    # ovs_options words in another order are the same settings (Proxmox's order changes per save).
    return f"{key} {canonical_value(key, value)}" if value else key


def _content(text: str) -> list[str]:
    """The lines that carry something, spacing normalised: what is left once layout is ignored."""
    return [_normal(line) for line in text.split("\n") if line.strip()]


def _layout_lines(old: str, new: str) -> int:
    """Lines of `new` found in `old` only once whitespace is ignored."""
    old_exact = set(old.split("\n"))
    old_normal = {_normal(line) for line in old_exact}
    return sum(1 for line in new.split("\n") if line not in old_exact and line.strip() and _normal(line) in old_normal)


def _unexplained(old: str, new: str, changes: list[Change]) -> list[Change]:
    """The safety net: lines that differ but no change above accounts for.

    A line missing on one side and named by no change becomes an edit (risky, so a gap
    in the explanations can only cause a warning, never hide one); lines that only moved
    become one order change.
    """
    old_lines, new_lines = _content(old), _content(new)
    removed = Counter(old_lines) - Counter(new_lines) - Counter(line for c in changes for line in c.before)
    added = Counter(new_lines) - Counter(old_lines) - Counter(line for c in changes for line in c.after)
    out = []
    if removed or added:
        before, after = list(removed.elements()), list(added.elements())
        detail = "; ".join([*(f"- {line}" for line in before), *(f"+ {line}" for line in after)])
        out.append(Change(EDITED, "", detail, tuple(before), tuple(after)))
    common = Counter(old_lines) & Counter(new_lines)
    old_kept, new_kept = _keep(old_lines, common), _keep(new_lines, common)
    if old_kept != new_kept and not any(c.kind in (ORDER, STANZA_ORDER, AUTO_LINES) for c in changes):
        moved = [line for line, other in zip(old_kept, new_kept, strict=True) if line != other]
        out.append(Change(ORDER, "", "lines in a new order: " + "; ".join(dict.fromkeys(moved[:6]))))
    return out


# --- The comparison ------------------------------------------------------------------


@dataclass
class OptionLine:
    """An option line as both readers see it."""

    key: str  # as written
    canonical: str  # the option it sets: underscores folded for modelled keys, `slaves` -> bond-slaves
    value: str  # spacing normalised
    family: str  # for address options: inet or inet6; "" for the rest
    text: str  # "key value", spacing normalised

    @property
    def match_key(self) -> tuple[str, str, str]:
        return (self.family, self.key, self.value)


class Comparison:
    def __init__(self, old_doc: Document, old_net: HostNetwork, new_doc: Document, new_net: HostNetwork):
        self.old_doc, self.new_doc = old_doc, new_doc
        self.old_net, self.new_net = old_net, new_net
        self.old_kinds = {i.name: i.kind for i in old_net.interfaces}
        self.new_kinds = {i.name: i.kind for i in new_net.interfaces}
        self.members = {m for i in new_net.interfaces if i.bond for m in i.bond.slaves}
        self.out: list[Change] = []

    def changes(self) -> list[Change]:
        self._top_comments()
        self._global_lines()
        self._auto_lines()
        order = list(self.new_doc.stanzas) + [n for n in self.old_doc.stanzas if n not in self.new_doc.stanzas]
        for name in order:
            self._interface(name)
        self._stanza_order()
        return self.out

    def add(
        self,
        kind: str,
        interface: str,
        detail: str,
        before: Iterable[str] = (),
        after: Iterable[str] = (),
        reason: str = "",
    ) -> None:
        self.out.append(Change(kind, interface, detail, tuple(before), tuple(after), reason))

    # Outside the stanzas

    def _top_comments(self) -> None:
        old = [_normal(f"#{text}") for _, text in self.old_doc.top_comments]
        new = [_normal(f"#{text}") for _, text in self.new_doc.top_comments]
        dropped = list((Counter(old) - Counter(new)).elements())
        added = list((Counter(new) - Counter(old)).elements())
        if dropped or added:
            self.add(TOP_COMMENT, "", _counted(len(dropped), "comment line") + " outside the stanzas", dropped, added)

    def _global_lines(self) -> None:
        old = [_normal(g.text) for g in self.old_doc.global_lines]
        new = [_normal(g.text) for g in self.new_doc.global_lines]
        removed = list((Counter(old) - Counter(new)).elements())
        added = list((Counter(new) - Counter(old)).elements())
        for line in [r for r in removed if self._ovs_allow_line(r)]:
            removed.remove(line)
            reason = (
                "Proxmox writes an auto line for each port its Open vSwitch bridge lists, in place of "
                "allow-<bridge> lines."
            )
            self.add(PVE_DROPS, "", f"{line} -> auto lines", (line,), (), reason)
        if removed or added:
            self.add(GLOBAL, "", "; ".join([*(f"- {r}" for r in removed), *(f"+ {a}" for a in added)]), removed, added)

    def _ovs_allow_line(self, line: str) -> bool:
        """`allow-BRIDGE PORT...` whose ports are all started with `auto` in the new file."""
        word, *names = line.split()
        return word.startswith("allow-") and bool(names) and all(n in self.new_doc.autostart for n in names)

    def _auto_lines(self) -> None:
        """One change per interface whose auto mark comes or goes, and one per auto line that
        Proxmox writes differently (another word, or several names split into one line each)."""
        old_marks, new_marks = self.old_doc.auto_words, self.new_doc.auto_words
        for name in new_marks:
            if name not in old_marks and (name in self.old_doc.stanzas or name == "lo"):
                # (a new interface reports its whole stanza, auto line included)
                kind = MEMBER_AUTO if name in self.members else AUTO_ADDED
                self.add(kind, name, "auto added", (), (f"auto {name}",))
        written = {_normal(" ".join([word, *names])) for _, word, names in self.new_doc.auto_lines}
        for _, word, names in self.old_doc.auto_lines:
            line = " ".join([word, *names])
            if line in written:
                continue
            kept = [n for n in names if n in new_marks]
            lost = [n for n in names if n not in new_marks and n in self.new_doc.stanzas]
            for name in lost:
                self.add(AUTO_REMOVED, name, "auto removed", (line,) if len(names) == 1 else (), ())
            if kept:
                kind = AUTO_LINES if word == "auto" else AUTO_WORD
                after = [f"auto {n}" for n in kept]
                self.add(kind, "", f"{line} -> {', '.join(after)}", (line,), after)

    def _stanza_order(self) -> None:
        common = [n for n in self.old_doc.stanzas if n in self.new_doc.stanzas]
        new_order = [n for n in self.new_doc.stanzas if n in self.old_doc.stanzas]
        if common != new_order:
            self.add(STANZA_ORDER, "", "stanzas moved: " + ", ".join(_moved(common, new_order)))

    # One interface

    def _interface(self, name: str) -> None:
        old = self.old_doc.stanzas.get(name)
        new = self.new_doc.stanzas.get(name)
        if old is None:
            lines = _stanza_lines(new, self.new_doc)
            if name == "lo":
                self.add(DEFAULT, name, "lo added", (), lines, "Proxmox always writes the loopback interface lo.")
            elif name in self.old_doc.autostart:
                reason = "Proxmox writes a stanza for an interface that the file names only on an auto line."
                self.add(DEFAULT, name, f"iface {name} written out", (), lines[1:], reason)
            elif name in self.old_net.assumed_nics:
                reason = "Proxmox writes a stanza for every NIC of the host; this one is a port or member already."
                self.add(DEFAULT, name, f"iface {name} written out", (), lines, reason)
            else:
                self.add(ADDED, name, "added", (), lines)
            return
        if new is None:
            self.add(REMOVED, name, "removed", _stanza_lines(old, self.old_doc), ())
            return
        self._headers(name, old, new)
        old_lines = _lines(name, old, self.old_kinds)
        new_lines = _lines(name, new, self.new_kinds)
        OptionDiff(self, name, old_lines, new_lines).run()
        self._comments(name, old, new)
        self._line_order(name, old, new)

    def _headers(self, name: str, old: list[Stanza], new: list[Stanza]) -> None:
        old_heads = [_header(s) for s in old]
        new_heads = [_header(s) for s in new]
        if old_heads == new_heads:
            return
        if set(old_heads) == set(new_heads) and len(old_heads) > len(new_heads):
            gone = list((Counter(old_heads) - Counter(new_heads)).elements())
            self.add(MERGED, name, f"{len(old_heads)} stanzas of {name} written as {len(new_heads)}", gone, ())
            return
        old_methods = {s.family or "inet": s.method for s in old}
        new_methods = {s.family or "inet": s.method for s in new}
        details = [
            f"{family} method {old_methods.get(family, 'none')} -> {new_methods.get(family, 'none')}"
            for family in dict.fromkeys([*old_methods, *new_methods])
            if old_methods.get(family) != new_methods.get(family)
        ]
        self.add(EDITED, name, "; ".join(details) or "stanza form", old_heads, new_heads)

    def _comments(self, name: str, old: list[Stanza], new: list[Stanza]) -> None:
        old_comments = [_normal(f"#{c}") for s in old for c in s.comments]
        new_comments = [_normal(f"#{c}") for s in new for c in s.comments]
        dropped = list((Counter(old_comments) - Counter(new_comments)).elements())
        added = list((Counter(new_comments) - Counter(old_comments)).elements())
        if dropped or added:
            parts = [f"{len(dropped)} dropped" if dropped else "", f"{len(added)} added" if added else ""]
            self.add(COMMENT, name, "comments " + " and ".join(p for p in parts if p), dropped, added)

    def _line_order(self, name: str, old: list[Stanza], new: list[Stanza]) -> None:
        """Lines on both sides, comments included, that stand in another order."""
        old_seq, new_seq = _sequence(old), _sequence(new)
        common = Counter(old_seq) & Counter(new_seq)
        old_kept, new_kept = _keep(old_seq, common), _keep(new_seq, common)
        if old_kept != new_kept:
            old_options = [line for line in old_kept if not line.startswith("#")]
            new_options = [line for line in new_kept if not line.startswith("#")]
            if old_options == new_options:
                detail = "comments moved below the options"
            else:
                detail = "options in a new order: " + "; ".join(_moved(old_options, new_options))
            self.add(ORDER, name, detail)


def _moved(old: list[str], new: list[str]) -> list[str]:
    """The items of `old` outside the longest run they share with `new` in order: those that moved."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    stayed = {i for block in matcher.get_matching_blocks() for i in range(block.a, block.a + block.size)}
    return [item for i, item in enumerate(old) if i not in stayed]


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _keep(sequence: list[str], common: Counter[str]) -> list[str]:
    budget = Counter(common)
    kept = []
    for item in sequence:
        if budget[item] > 0:
            budget[item] -= 1
            kept.append(item)
    return kept


def _sequence(stanzas: list[Stanza]) -> list[str]:
    """A stanza's option and comment lines in file order, spacing normalised."""
    out = []
    for stanza in stanzas:
        entries = [(o.line, _normal(f"{o.key} {o.value}")) for o in stanza.options]
        entries += [(line, _normal(f"#{c}")) for line, c in zip(stanza.comment_lines, stanza.comments, strict=True)]
        out += [text for _, text in sorted(entries)]
    return out


def _header(stanza: Stanza) -> str:
    return " ".join(["iface", stanza.name, *([stanza.family, stanza.method] if stanza.family else [])])


def _stanza_lines(stanzas: list[Stanza] | None, doc: Document) -> list[str]:
    """The interface's auto line and stanzas, spacing normalised."""
    stanzas = stanzas or []
    lines = [f"{doc.auto_words[s.name]} {s.name}" for s in stanzas[:1] if s.name in doc.auto_words]
    for stanza in stanzas:
        lines.append(_header(stanza))
        lines += [_normal(f"{o.key} {o.value}") for o in stanza.options]
        lines += [_normal(f"#{c}") for c in stanza.comments]
    return lines


def _lines(name: str, stanzas: list[Stanza], kinds: dict[str, Kind]) -> list[OptionLine]:
    kind = kinds.get(name, Kind.OTHER)
    typeless = all(s.family == "" for s in stanzas)
    return [_line(option, kind, stanza.family or "inet", typeless) for stanza in stanzas for option in stanza.options]


def _line(option: Option, kind: Kind, family: str, typeless: bool) -> OptionLine:
    key = option.key
    value = _normal(option.value)
    if key in syn.ADDRESS_KEYS:
        if typeless:
            family = "inet6" if ":" in value else "inet"
        return OptionLine(key, key, value, family, f"{key} {value}")
    modelled = syn.modelled_key(kind, key)
    canonical = modelled or key
    if canonical == "slaves":
        canonical = "bond-slaves"
    return OptionLine(key, canonical, value, "", f"{key} {value}")
