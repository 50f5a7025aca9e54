"""Reading /etc/network/interfaces into a HostNetwork.

Two passes. The first (`read_document`) cuts the text into stanzas, `auto` marks and
global lines as Proxmox's reader does: a stanza runs until a blank line or a keyword,
comments right after a stanza belong to it, top-level comments are dropped. One
exception follows ifupdown2, which runs the file: option lines after a blank line still
belong to the stanza above (Proxmox would keep them as top-level lines; the rules say so).
The second (`_build_interface`) merges the stanzas of one name, classifies the
interface as Proxmox would and turns the options netwizard models into typed fields.
Everything else is kept verbatim, in order, so that writing the network back loses
nothing.

Where Proxmox and ifupdown2 would read a line differently (a backslash, an option line
outside any stanza, unusual whitespace), the reader stops with a ParseError that names
the line, rather than guessing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import bonding
from ..model import BondSettings, BridgeSettings, Family, GlobalLine, HostNetwork, Interface, Kind, VlanSettings
from . import on_host, repeated
from . import syntax as syn


class ParseError(ValueError):
    """The text is not an interfaces file netwizard can read; `line` is 1-based."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


# Proxmox numbers stanzas and global lines with one counter from 2; 1 is kept for a
# loopback the file does not define.
FIRST_POSITION = 2
LOOPBACK_POSITION = 1


@dataclass
class Option:
    key: str
    value: str
    line: int
    # The value as written, extra spaces between key and value included: an option
    # netwizard does not know is kept byte for byte, as Proxmox keeps it.
    verbatim: str = ""


def _verbatim_value(line: str, key: str) -> str:
    """The text after `key` and one space. A separator with a tab is read as one space:
    both readers split on any run of spaces and tabs."""
    rest = line[len(key) :]
    separator = rest[: len(rest) - len(rest.lstrip(" \t"))]
    return rest[1:] if "\t" not in separator else rest.lstrip(" \t")


@dataclass
class Stanza:
    name: str
    family: str  # "inet", "inet6", or "" for a typeless stanza
    method: str
    line: int
    options: list[Option] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    comment_lines: list[int] = field(default_factory=list)  # where each comment was, for the change summary


@dataclass
class Document:
    stanzas: dict[str, list[Stanza]] = field(default_factory=dict)  # by name, in file order
    positions: dict[str, int] = field(default_factory=dict)
    autostart: dict[str, int] = field(default_factory=dict)  # name -> line of its first auto mark
    auto_words: dict[str, str] = field(default_factory=dict)  # name -> the word of that mark (auto, allow-hotplug…)
    auto_lines: list[tuple[int, str, list[str]]] = field(default_factory=list)  # (line, word, names) as written
    global_lines: list[GlobalLine] = field(default_factory=list)
    # Top-level comments as (line, text after '#'): Proxmox drops them, and so does `parse`.
    top_comments: list[tuple[int, str]] = field(default_factory=list)
    # (interface, line) of option lines read into a stanza across a blank line.
    after_blank: list[tuple[str, int]] = field(default_factory=list)
    # (line, text of the next line) for comments ending in a backslash: ifupdown2 reads
    # the next line as part of the comment, Proxmox reads it as a line of its own.
    joined_lines: list[tuple[int, str]] = field(default_factory=list)


def parse(text: str, *, physical: Iterable[str] = ()) -> HostNetwork:
    """Read an interfaces file. `physical` names NICs the host has beyond the usual names
    (Proxmox asks the kernel; a file alone only shows names like eno1 or eth0)."""
    document = read_document(text)
    physical_names = frozenset(physical)
    network = HostNetwork(
        global_lines=document.global_lines,
        options_after_blank=document.after_blank,
        lines_joined_to_comments=document.joined_lines,
    )
    for name, stanzas in document.stanzas.items():
        iface = _build_interface(name, stanzas, physical_names, network)
        iface.position = document.positions[name]
        iface.autostart = name in document.autostart
        network.interfaces.append(iface)
    # Proxmox turns an `auto NAME` without a stanza into `iface NAME inet manual`,
    # placed like an interface added by hand (no position).
    for name, line in document.autostart.items():
        if name not in document.stanzas:
            iface = _build_interface(name, [Stanza(name, "inet", "manual", line)], physical_names, network)
            iface.autostart = True
            network.interfaces.append(iface)
    on_host.add_named_nics(network, physical_names)
    on_host.settle_ovs_ports(network)
    if network.get("lo") is None:
        network.interfaces.insert(0, _loopback())
    return network


def _loopback() -> Interface:
    return Interface("lo", Kind.LOOPBACK, autostart=True, inet=Family("loopback"), position=LOOPBACK_POSITION)


# --- Pass 1: lines -------------------------------------------------------------------


class _LineReader:
    """Proxmox's line loop as a small state machine."""

    def __init__(self) -> None:
        self.document = Document()
        self.counter = FIRST_POSITION
        self.stanza: Stanza | None = None
        # The stanza a blank line ended: ifupdown2 still reads option lines after the blank
        # into it (only a keyword ends a stanza there); a keyword line clears this.
        self.ended_by_blank: Stanza | None = None
        self.in_mapping = False

    def feed(self, number: int, raw: str) -> None:
        line = raw.rstrip(" \t\r")
        stripped = line.lstrip(" \t")
        is_comment = stripped.startswith("#")
        # Spaces and tabs before a comment are indentation, as before an option. A backslash
        # in a comment hides nothing from Proxmox; one at its end makes ifupdown2 join the
        # next line to the comment, which read_document records for the rules.
        if is_comment:
            problem = syn.bad_comment_character(stripped.replace("\\", ""))
        else:
            problem = syn.bad_character(line, allow_tab=True)
        if problem:
            raise ParseError(number, f"found {problem}; expected plain text separated by spaces or tabs")
        if self.stanza is not None and self._stanza_line(number, stripped, is_comment):
            return
        self._top_level_line(number, stripped, is_comment)

    def _stanza_line(self, number: int, stripped: str, is_comment: bool) -> bool:
        """Handle a line inside a stanza; False when the line ends the stanza."""
        assert self.stanza is not None
        if is_comment:
            self.stanza.comments.append(stripped[1:])
            self.stanza.comment_lines.append(number)
            return True
        words = stripped.split(None, 1)
        if not words or syn.ends_stanza(words[0]):
            self.ended_by_blank = self.stanza if not words else None
            self.stanza = None
            return not words  # a blank line is consumed; a keyword is read at top level
        if len(words) < 2:
            raise ParseError(
                number,
                f"expected 'OPTION VALUE' inside the stanza of {self.stanza.name}, found the single word {words[0]!r}",
            )
        self.stanza.options.append(Option(words[0], words[1], number, _verbatim_value(stripped, words[0])))
        return True

    def _top_level_line(self, number: int, stripped: str, is_comment: bool) -> None:
        if not stripped:
            self.in_mapping = False
            return
        if is_comment:
            # Proxmox drops top-level comments, its own header included; noted for the change summary.
            self.document.top_comments.append((number, stripped[1:]))
            return
        words = stripped.split()
        keyword = words[0]
        in_mapping, self.in_mapping = self.in_mapping, keyword == "mapping"
        detached_from, self.ended_by_blank = self.ended_by_blank, None
        if keyword == "iface":
            self._open_stanza(number, words)
        elif keyword in syn.AUTO_WORDS:
            if len(words) < 2:
                raise ParseError(number, f"expected at least one interface name after {keyword!r}")
            self.document.auto_lines.append((number, keyword, words[1:]))
            for name in words[1:]:
                if name not in self.document.autostart:
                    self.document.autostart[name] = number
                    self.document.auto_words[name] = keyword
        elif keyword in syn.GLOBAL_WORDS or keyword.startswith("allow-"):
            if len(words) < 2:
                raise ParseError(number, f"expected an argument after {keyword!r}")
            self._global_line(stripped)
        elif in_mapping:
            self.in_mapping = True
            self._global_line(stripped)  # `script` / `map` lines of a mapping block
        elif keyword == "vlan":
            raise ParseError(number, "the 'vlan' stanza of Cumulus ifupdown2 is not supported; use 'iface'")
        elif detached_from is not None and len(words) > 1:
            # An option line after a blank line in a stanza: ifupdown2 applies it to the
            # stanza, Proxmox's reader keeps it as a top-level line. netwizard reads it as
            # ifupdown2 runs it and writes it inside the stanza, where both agree.
            self.stanza = self.ended_by_blank = detached_from
            self.document.after_blank.append((detached_from.name, number))
            self._stanza_line(number, stripped, is_comment=False)
        else:
            raise ParseError(
                number,
                f"expected 'iface', 'auto', 'source' or 'mapping' at the top level, found {keyword!r} "
                "(an option line outside any stanza: options follow their 'iface' line)",
            )

    def _open_stanza(self, number: int, words: list[str]) -> None:
        if len(words) == 2:
            name, family, method = words[1], "", "manual"
        elif len(words) == 4:
            name, family, method = words[1:]
        else:
            raise ParseError(number, "expected 'iface NAME' or 'iface NAME inet|inet6 METHOD'")
        if family not in ("", "inet", "inet6"):
            raise ParseError(number, f"expected the address family inet or inet6, found {family!r}")
        if method not in syn.METHODS:
            raise ParseError(number, f"expected a method ({', '.join(syn.METHODS)}), found {method!r}")
        self.stanza = Stanza(name, family, method, number)
        self.document.stanzas.setdefault(name, []).append(self.stanza)
        if name not in self.document.positions:
            self.document.positions[name] = self.counter
            self.counter += 1

    def _global_line(self, text: str) -> None:
        self.document.global_lines.append(GlobalLine(text, self.counter))
        self.counter += 1


def read_document(text: str) -> Document:
    """Pass 1 alone: the file cut into stanzas, auto marks, global lines and top-level comments."""
    reader = _LineReader()
    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        reader.feed(number, raw)
        after = lines[number].strip(" \t\r") if number < len(lines) else ""
        if raw.rstrip(" \t\r").endswith("\\") and raw.lstrip(" \t").startswith("#") and after:
            reader.document.joined_lines.append((number, after))
    return reader.document


# --- Pass 2: interfaces --------------------------------------------------------------


@dataclass
class _Scalar:
    """First value of a modelled option; later values are kept aside as plain options."""

    value: str
    line: int


class _InterfaceBuilder:
    def __init__(self, name: str, stanzas: list[Stanza], physical: frozenset[str], network: HostNetwork):
        self.name = name
        self.stanzas = stanzas
        self.network = network
        every_option = [(o.key, o.value) for s in stanzas for o in s.options]
        self.pvetype = syn.pve_type(name, syn.classification_options(every_option), physical=name in physical)
        self.scalars: dict[str, _Scalar] = {}
        self.lists: dict[str, list[str]] = {}
        self.netmasks: dict[str, _Scalar] = {}
        self.typeless = all(s.family == "" for s in stanzas)
        self.kind = syn.kind_of(self.pvetype, self._vlan_identity() is not None)
        self.families: dict[str, Family] = {}
        self.repeats: set[int] = set()
        self.again, self.set_here = False, set[str]()
        self.lacp_rate_position: int | None = None

    def build(self) -> Interface:
        self._make_families()
        first = self._first_family()
        started: set[int] = set()
        for stanza in self.stanzas:
            family = self._family_for(stanza)
            # A later stanza of a family: its address replaces the earlier one, as in
            # Proxmox, and lines an earlier stanza already gave are not taken twice.
            self.again, self.set_here = id(family) in started, set()
            started.add(id(family))
            before = set(family.options) if self.again else set()
            for option in [] if id(stanza) in self.repeats else stanza.options:
                if (option.key, option.verbatim or option.value) not in before:
                    self._take(option, family, first)
        self._fold_netmasks()
        iface = Interface(
            self.name,
            self.kind,
            inet=self.families.get("inet"),
            inet6=self.families.get("inet6"),
            typeless=self.typeless,
            stanza_families=repeated.stanza_families([s.family for s in self.stanzas]),
            comments=self._comments(),
            line=self.stanzas[0].line,
        )
        iface.mtu = self._int("mtu")
        if self.kind == Kind.BOND:
            iface.bond = self._bond()
        elif self.kind == Kind.BRIDGE:
            iface.bridge = self._bridge()
        elif self.kind == Kind.VLAN:
            iface.vlan = self._vlan()
        return iface

    # Families and stanzas

    def _make_families(self) -> None:
        seen: dict[str, Stanza] = {}
        for stanza in self.stanzas:
            family = stanza.family or "inet"
            earlier = seen.get(stanza.family)
            if earlier is not None and repeated.same_stanza(earlier, stanza):
                self.network.repeated_stanzas.append((self.name, stanza.line))
                self.repeats.add(id(stanza))  # the same settings again: read them once
            elif earlier is not None and earlier.method != stanza.method:
                conflict = (self.name, earlier.method, earlier.line, stanza.method, stanza.line)
                self.network.method_conflicts.append(conflict)
            elif earlier is not None or (not self.typeless and stanza.family == ""):
                self.network.duplicate_stanzas.append((self.name, stanza.line))
            seen.setdefault(stanza.family, stanza)
            current = self.families.get(family)
            if current is None:
                self.families[family] = Family(stanza.method)
            else:
                current.method = stanza.method  # Proxmox shows and writes the last one in every stanza

    def _first_family(self) -> Family:
        return self.families.get("inet") or self.families["inet6"]

    def _family_for(self, stanza: Stanza) -> Family:
        return self.families[stanza.family or "inet"]

    def _comments(self) -> list[str]:
        # Proxmox appends the inet6 stanzas' comments after the others.
        # A later stanza with the comments of an earlier one (as netwizard and Proxmox
        # write each stanza of a family given twice) adds nothing.
        stanzas = [s for i, s in enumerate(self.stanzas) if s.comments not in [t.comments for t in self.stanzas[:i]]]
        v4 = [c for s in stanzas if s.family != "inet6" for c in s.comments]
        comments = v4 + [c for s in stanzas if s.family == "inet6" for c in s.comments]
        # Proxmox joins them into one text and splits it again, which loses empty
        # comments ('#' alone) at the end; ones between others are kept.
        while comments and not comments[-1]:
            comments.pop()
        return comments

    # Options

    def _take(self, option: Option, family: Family, first: Family) -> None:
        key, value = option.key, option.value
        if key in syn.ADDRESS_KEYS:
            self._take_address(option, self._address_family(option, family))
            return
        modelled = syn.modelled_key(self.kind, key)
        if modelled in syn.LIST_KEYS:
            names = [n for n in value.split() if n != "none"]
            self.lists.setdefault("bridge-ports" if modelled == "bridge-ports" else "bond-slaves", []).extend(names)
        elif modelled and modelled not in self.scalars:
            self.scalars[modelled] = _Scalar(value, option.line)
            if modelled == bonding.LACP_RATE and self.kind == Kind.BOND:
                self.lacp_rate_position = sum(1 for k, _ in first.options if not syn.sorted_extra(self.kind, k)) or None
        elif not modelled and syn.sorted_extra(self.kind, key):
            first.options.append((key, value))  # Proxmox writes these in the first stanza
        elif modelled:
            family.options.append((key, value))  # a repeat kept aside
        else:
            family.options.append((key, option.verbatim or value))  # unknown: as written

    def _address_family(self, option: Option, family: Family) -> Family:
        """In a typeless stanza the value's form decides the family, as in Proxmox."""
        if not self.typeless or option.key == "netmask" or ":" not in option.value:
            return family
        return self.families.setdefault("inet6", Family())

    def _take_address(self, option: Option, family: Family) -> None:
        key, value = option.key, option.value
        if key == "broadcast":
            return  # derived from the address; Proxmox drops it too
        if len(value.split()) != 1:
            family.options.append((key, value))  # kept as written, refused by the writer
            self._unread(_Scalar(value, option.line), key, "a single address")
            return
        if key == "netmask":
            fam = "inet6" if family is self.families.get("inet6") else "inet"
            earlier = self.netmasks.setdefault(fam, _Scalar(value, option.line))
            if earlier.value != value:
                raise ParseError(option.line, f"a second, different netmask (the first is on line {earlier.line})")
        elif not getattr(family, key) or (self.again and key not in self.set_here):
            setattr(family, key, value)
            self.set_here.add(key)
        else:
            # ifupdown2 allows several addresses; netwizard models one per family and
            # keeps the rest, in order, as plain options.
            family.options.append((key, value))

    def _fold_netmasks(self) -> None:
        for fam_name, mask in self.netmasks.items():
            family = self.families.get(fam_name)
            if family is None or not family.address or "/" in family.address:
                continue  # Proxmox ignores a netmask without an address or beside a prefix
            bits = syn.netmask_bits(mask.value)
            if bits is None:
                # The host runs this file today (Proxmox writes it through, ifupdown2 refuses
                # the stanza's address): read it, keep the line, and let the rules say it.
                family.options.append(("netmask", mask.value))
                self._unread(mask, "netmask", "a netmask such as 255.255.255.0 or 24")
                continue
            family.address = f"{family.address}/{bits}"

    def _unread(self, scalar: _Scalar, key: str, expected: str) -> None:
        """A modelled value that fits no value of its field: kept as an option line, as
        written, and recorded for the rules (FMT-07 names the line)."""
        self.network.unread_values.append((self.name, key, scalar.value, scalar.line, expected))

    # Typed settings

    def _int(self, key: str) -> int | None:
        scalar = self.scalars.get(key)
        if scalar is None:
            return None
        if not syn.NUMBER.fullmatch(scalar.value):
            self._keep_unread(scalar, key, "a whole number")
            return None
        return int(scalar.value)

    def _keep_unread(self, scalar: _Scalar, key: str, expected: str) -> None:
        self._first_family().options.append((key, scalar.value))
        self._unread(scalar, key, expected)

    def _text(self, key: str) -> str:
        scalar = self.scalars.get(key)
        return scalar.value if scalar else ""

    def _bond(self) -> BondSettings:
        mode = self._text("bond-mode")
        return BondSettings(
            slaves=self.lists.get("bond-slaves", []),
            mode=syn.BOND_MODE_NUMBERS.get(mode, mode),
            miimon=self._int(bonding.MIIMON),
            xmit_hash_policy=self._text(bonding.HASH_POLICY),
            lacp_rate=self._text(bonding.LACP_RATE),
            lacp_rate_position=self.lacp_rate_position,
            primary=self._text(bonding.PRIMARY),
        )

    def _bridge(self) -> BridgeSettings:
        stp = self._text("bridge-stp")
        stp = {"on": "on", "yes": "on", "off": "off", "no": "off", "": "off"}.get(stp.lower(), stp)
        return BridgeSettings(
            ports=self.lists.get("bridge-ports", []),
            stp=stp,
            fd=self._int("bridge-fd"),
            vlan_aware=self._vlan_aware(),
            vids=" ".join(self._text("bridge-vids").split()),
        )

    def _vlan_aware(self) -> bool | None:
        scalar = self.scalars.get("bridge-vlan-aware")
        if scalar is None:
            return None
        answer = syn.SWITCH_VALUES.get(scalar.value.lower())
        if answer is None:
            self._keep_unread(scalar, "bridge-vlan-aware", "yes or no")
        return answer

    def _vlan_identity(self) -> tuple[str, int] | None:
        """From the first vlan-raw-device / vlan-id lines (either spelling)."""
        found: dict[str, str] = {}
        for stanza in self.stanzas:
            for option in stanza.options:
                key = option.key.replace("_", "-")
                if key in ("vlan-raw-device", "vlan-id"):
                    found.setdefault(key, option.value)
        return syn.vlan_identity(self.name, found.get("vlan-raw-device"), found.get("vlan-id"))

    def _vlan(self) -> VlanSettings:
        identity = self._vlan_identity()
        assert identity is not None  # kind_of made it a VLAN only when this is known
        return VlanSettings(raw_device=identity[0], vlan_id=identity[1], protocol=self._text("vlan-protocol"))


def _build_interface(name: str, stanzas: list[Stanza], physical: frozenset[str], network: HostNetwork) -> Interface:
    return _InterfaceBuilder(name, stanzas, physical, network).build()
