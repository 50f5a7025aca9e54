"""Reading and writing /etc/pve/corosync.conf, the Proxmox VE cluster's corosync configuration.

The format is corosync's own (its parser is exec/coroparse.c). The text is cut into lines
at "\\n"; a "\\r" before it is dropped (CRLF). After tabs and spaces are stripped, a line is

- blank, or a comment: its first character is `#`. There are no trailing comments:
  corosync keeps a `#` after a value as part of the value, and so does netwizard;
- `name {`: opens a block. The brace must be on the name's line: corosync reads no other
  form, so a name with its `{` on the next line is refused with a message that says so;
- `}`: closes the innermost block;
- `key: value` or `key:value`: the value is the rest of the line, stripped.

netwizard reads two blocks. `totem` gives cluster_name, config_version, transport,
ip_version and one `interface` block per link (`linknumber: N`, or the older `ringnumber`;
none means link 0). `nodelist` gives one `node` block per node: name, nodeid,
quorum_votes and ring0_addr … ring7_addr (ringN_addr is the node's address on link N).
Every other key and block (quorum, logging, secauth, link_mode, …) is checked for its
syntax, then ignored. A transport or ip_version the file leaves out gets corosync's
default: knet; ipv6-4 (ipv4 for udp).

The grammar is stricter than corosync's on purpose. The values read here reach pages
and the apply plans an admin runs as root, so a value outside its grammar (an address
that is neither an IP address nor a host name, a node id that is no number, a control
character anywhere, a key given twice in one block) stops the reader with a `ConfError`
that names the line, instead of travelling on. A file over 1 MiB is refused unread.
Whether every node has an address on every link is not the reader's business: that is a
finding for the rules.

`corosync_serialise` writes a fresh file in Proxmox's layout (logging, nodelist, quorum,
totem; keys sorted), not an edit of the original: keys netwizard does not model are
written with Proxmox's defaults (`secauth: on`, `link_mode: passive`, `version: 2`).
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "MAX_BYTES",
    "AddressKind",
    "ConfError",
    "CorosyncConf",
    "CorosyncLink",
    "CorosyncNode",
    "address_kind",
    "corosync_parse",
    "corosync_serialise",
]

MAX_BYTES = 1024 * 1024
MAX_LINKS = 8  # knet: links 0 to 7
_U32 = 2**32 - 1
_U64 = 2**64 - 1

AddressKind = Literal["ipv4", "ipv6", "name"]
TRANSPORTS = ("knet", "udp", "udpu")
IP_VERSIONS = ("ipv4", "ipv6", "ipv4-6", "ipv6-4")

TOO_LARGE = (
    "{file} holds more than 1 MiB; netwizard reads files of at most 1 MiB (1,048,576 bytes), "
    "so it did not read this one."
)
INVISIBLE = "holds the control or invisible character U+{code:04X}; a configuration file is plain text"
EXPECTED = "expected `key: value`, `name {` or `}`"
BRACE_ALONE = "`{` needs its block name on the same line, as in `totem {`: corosync reads blocks only so"
NAME_THEN_BRACE = "`{name}` and its `{{` must be on one line (`{name} {{`): corosync reads blocks only so"
BRACE_INSIDE = "`{` may only end a `name {` line (corosync would read this line as the start of a block)"
NOT_CLOSED = "block `{name}` is never closed (opened here)"
CLOSES_NOTHING = "`}` closes no block"
TWICE = "`{key}` is given twice in this block (first on line {first}); corosync would keep the last, netwizard refuses"
SECOND_BLOCK = "a second `{name}` block (the first opens on line {first}); corosync.conf has one"
NO_BLOCK = "the file has no `{name}` block"
NO_CLUSTER_NAME = "block `totem` has no cluster_name"
NO_NODE = "block `nodelist` has no `node` block"
NO_NAME = "a node has no name"
NO_NODEID = "node {name} has no nodeid"
SAME_NODEID = "two nodes have nodeid {nodeid} ({first}, {second})"
SAME_NAME = "two nodes are named {name} (nodeids {first} and {second})"
SAME_LINK = "two interface blocks are for link {number} (the first opens on line {first})"
NOT_ADDRESS = "`{key}: {value}` is not an address or host name"
NO_SUCH_LINK = "`{key}`: corosync has links 0 to 7 only (ring0_addr to ring7_addr)"
NOT_HOST_NAME = "node name `{value}` is not a host name (letters, digits, `-` and `.`; at most 253)"
NOT_INTEGER = "`{key}: {value}` is not a whole number from {low} to {high}"
NOT_CHOICE = "`{key}: {value}` is not one of {choices}"
NOT_NAME = "`{key}: {value}` is not a name netwizard reads (letters, digits, `-`, `_`, `.`; at most 64)"
RING_AND_LINK = "this interface block gives linknumber {link} and ringnumber {ring}; give one"
UNWRITABLE = "this configuration cannot be written as corosync.conf: {reason}"

_NOT_TEXT = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
_WORD = r"[A-Za-z0-9_.-]+"
_OPEN = re.compile(rf"({_WORD})[ \t]*\{{")
_KEY_VALUE = re.compile(rf"({_WORD})[ \t]*:[ \t]*(.*)")
_BARE_WORD = re.compile(_WORD)
_RING_ADDR = re.compile(r"ring([0-9]+)_addr")
_LINK_NUMBERS = tuple(str(n) for n in range(MAX_LINKS))
_NUMBER = re.compile(r"[0-9]{1,20}")
_CLUSTER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST_NAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
# Keys of an interface block that CorosyncLink models; the others are kept as options.
_LINK_KEYS = ("linknumber", "ringnumber", "knet_link_priority")


class ConfError(ValueError):
    """A cluster configuration file netwizard cannot read; the message says why, for the
    admin. `line` is 1-based, or None when the fault is the whole file (its size, a
    missing block)."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message if line is None else f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class CorosyncLink:
    number: int  # 0-7
    knet_link_priority: int | None
    # The interface block's other keys (knet_transport, bindnetaddr, …), in file order.
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CorosyncNode:
    name: str
    nodeid: int
    quorum_votes: int
    addresses: dict[int, str]  # link number -> IPv4, IPv6 or host name, as written


@dataclass(frozen=True)
class CorosyncConf:
    cluster_name: str
    config_version: int | None
    links: dict[int, CorosyncLink]  # from totem's interface blocks, by link number
    nodes: tuple[CorosyncNode, ...]  # in file order
    transport: str  # knet, udp or udpu
    ip_version: str  # ipv4, ipv6, ipv4-6 or ipv6-4


def address_kind(text: str) -> AddressKind:
    """What a node address is: "ipv4", "ipv6" or "name" (a host name). Raises ValueError
    for anything else, IPv6 zone ids (`%eth0`) and all-numeric names included."""
    if ":" in text:
        if "%" not in text:
            try:
                ipaddress.IPv6Address(text)
            except ValueError:
                pass
            else:
                return "ipv6"
    elif len(text) <= 253 and _HOST_NAME.fullmatch(text):
        if not text.rpartition(".")[2].isdigit():
            return "name"
        try:
            ipaddress.IPv4Address(text)
        except ValueError:
            pass
        else:
            return "ipv4"
    raise ValueError(f"{_shown(text)} is not an IP address or host name")


def corosync_parse(text: str) -> CorosyncConf:
    """Read corosync.conf; raises ConfError (see the module docstring)."""
    root = _read_blocks(text)
    totem = _only_block(root, "totem")
    nodelist = _only_block(root, "nodelist")
    if totem is None:
        raise ConfError(None, NO_BLOCK.format(name="totem"))
    if nodelist is None:
        raise ConfError(None, NO_BLOCK.format(name="nodelist"))
    keys = _keys(totem)
    if "cluster_name" not in keys:
        raise ConfError(totem.line, NO_CLUSTER_NAME)
    cluster_name = keys["cluster_name"]
    if not _CLUSTER_NAME.fullmatch(cluster_name.value):
        raise ConfError(cluster_name.line, NOT_NAME.format(key=cluster_name.name, value=_shown(cluster_name.value)))
    transport = _choice(keys.get("transport"), TRANSPORTS, "knet")
    return CorosyncConf(
        cluster_name=cluster_name.value,
        config_version=_integer(keys["config_version"], 0, _U64) if "config_version" in keys else None,
        links=_links(totem),
        nodes=_nodes(nodelist),
        transport=transport,
        ip_version=_choice(keys.get("ip_version"), IP_VERSIONS, "ipv4" if transport == "udp" else "ipv6-4"),
    )


def corosync_serialise(conf: CorosyncConf) -> str:
    """corosync.conf text that `corosync_parse` reads back as `conf`. Raises ValueError
    when `conf` holds a value the file cannot carry (a line break, a name outside its
    grammar, a link keyed under another number…): the text is read back before it is
    returned, so what is written is always what was meant."""
    lines = ["logging {", "  debug: off", "  to_syslog: yes", "}", "", "nodelist {"]
    for node in conf.nodes:
        lines += ["  node {", f"    name: {node.name}", f"    nodeid: {node.nodeid}"]
        lines.append(f"    quorum_votes: {node.quorum_votes}")
        lines += [f"    ring{number}_addr: {address}" for number, address in sorted(node.addresses.items())]
        lines.append("  }")
    lines += ["}", "", "quorum {", "  provider: corosync_votequorum", "}", "", "totem {"]
    lines.append(f"  cluster_name: {conf.cluster_name}")
    if conf.config_version is not None:
        lines.append(f"  config_version: {conf.config_version}")
    for number, link in sorted(conf.links.items()):
        lines.append("  interface {")
        if link.knet_link_priority is not None:
            lines.append(f"    knet_link_priority: {link.knet_link_priority}")
        lines.append(f"    linknumber: {number}")
        lines += [f"    {key}: {value}" if value else f"    {key}:" for key, value in link.options]
        lines.append("  }")
    lines += [f"  ip_version: {conf.ip_version}", "  link_mode: passive", "  secauth: on"]
    if conf.transport != "knet":
        lines.append(f"  transport: {conf.transport}")
    lines += ["  version: 2", "}", ""]
    text = "\n".join(lines)
    try:
        reread = corosync_parse(text)
    except ConfError as error:
        raise ValueError(UNWRITABLE.format(reason=error)) from None
    if reread != conf:
        raise ValueError(UNWRITABLE.format(reason="it would read back as a different configuration"))
    return text


# Reading the blocks ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    name: str
    value: str
    line: int


@dataclass
class _Block:
    name: str
    line: int
    keys: list[_Key] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)


def _lines(text: str, file: str) -> Iterator[tuple[int, str]]:
    """The file's lines, numbered from 1, without their "\\r\\n" or "\\n", after the checks
    both formats share: at most 1 MiB, nothing invisible (see `_invisible`)."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ConfError(None, TOO_LARGE.format(file=file))
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.replace("\t", " ").isprintable() and (bad := _invisible(line)):
            raise ConfError(number, INVISIBLE.format(code=ord(bad)))
        yield number, line


def _invisible(line: str) -> str:
    """The first character in `line` that is no text: a control, format, private or
    unassigned character (NUL, "\\r", a BOM, a bidi override…) or a line or paragraph
    separator; "" if none. Tabs and spaces of any width are text."""
    return next((c for c in line if c != "\t" and unicodedata.category(c) in _NOT_TEXT), "")


def _read_blocks(text: str) -> _Block:
    """The file as a tree of blocks and keys; syntax errors raise ConfError."""
    root = _Block("", 0)
    stack = [root]
    lines = [(number, line.strip(" \t")) for number, line in _lines(text, "corosync.conf")]
    for index, (number, line) in enumerate(lines):
        if not line or line.startswith("#"):
            continue
        if line == "}":
            if len(stack) == 1:
                raise ConfError(number, CLOSES_NOTHING)
            stack.pop()
        elif "{" in line:
            opened = _OPEN.fullmatch(line)
            if opened is None:
                raise ConfError(number, BRACE_ALONE if line.startswith("{") else BRACE_INSIDE)
            block = _Block(opened.group(1), number)
            stack[-1].blocks.append(block)
            stack.append(block)
        elif pair := _KEY_VALUE.fullmatch(line):
            stack[-1].keys.append(_Key(pair.group(1), pair.group(2).strip(" \t"), number))
        elif _BARE_WORD.fullmatch(line) and _next_line(lines, index).startswith("{"):
            raise ConfError(number, NAME_THEN_BRACE.format(name=_shown(line)))
        else:
            raise ConfError(number, EXPECTED)
    if len(stack) > 1:
        raise ConfError(stack[-1].line, NOT_CLOSED.format(name=_shown(stack[-1].name)))
    return root


def _next_line(lines: list[tuple[int, str]], index: int) -> str:
    """The next line after `index` that is neither blank nor a comment ("" if none)."""
    return next((line for _, line in lines[index + 1 :] if line and not line.startswith("#")), "")


def _only_block(parent: _Block, name: str) -> _Block | None:
    found = [block for block in parent.blocks if block.name == name]
    if len(found) > 1:
        raise ConfError(found[1].line, SECOND_BLOCK.format(name=name, first=found[0].line))
    return found[0] if found else None


def _keys(block: _Block) -> dict[str, _Key]:
    """The block's keys by name, in file order; a key given twice raises ConfError."""
    keys: dict[str, _Key] = {}
    for key in block.keys:
        if key.name in keys:
            raise ConfError(key.line, TWICE.format(key=_shown(key.name), first=keys[key.name].line))
        keys[key.name] = key
    return keys


# Reading the values ---------------------------------------------------------------------


def _integer(key: _Key, low: int, high: int) -> int:
    if _NUMBER.fullmatch(key.value) and low <= int(key.value) <= high:
        return int(key.value)
    raise ConfError(key.line, NOT_INTEGER.format(key=key.name, value=_shown(key.value), low=low, high=high))


def _choice(key: _Key | None, choices: tuple[str, ...], default: str) -> str:
    if key is None:
        return default
    if key.value in choices:
        return key.value
    raise ConfError(key.line, NOT_CHOICE.format(key=key.name, value=_shown(key.value), choices=", ".join(choices)))


def _links(totem: _Block) -> dict[int, CorosyncLink]:
    links: dict[int, CorosyncLink] = {}
    opened: dict[int, int] = {}
    for block in totem.blocks:
        if block.name != "interface":
            continue
        keys = _keys(block)
        link = _integer(keys["linknumber"], 0, MAX_LINKS - 1) if "linknumber" in keys else None
        ring = _integer(keys["ringnumber"], 0, MAX_LINKS - 1) if "ringnumber" in keys else None
        if link is not None and ring is not None and link != ring:
            raise ConfError(block.line, RING_AND_LINK.format(link=link, ring=ring))
        number = link if link is not None else ring if ring is not None else 0
        if number in links:
            raise ConfError(block.line, SAME_LINK.format(number=number, first=opened[number]))
        priority = keys.get("knet_link_priority")
        links[number] = CorosyncLink(
            number=number,
            knet_link_priority=_integer(priority, 0, 255) if priority is not None else None,
            options=tuple((key.name, key.value) for key in block.keys if key.name not in _LINK_KEYS),
        )
        opened[number] = block.line
    return links


def _nodes(nodelist: _Block) -> tuple[CorosyncNode, ...]:
    nodes: list[CorosyncNode] = []
    by_id: dict[int, CorosyncNode] = {}
    by_name: dict[str, CorosyncNode] = {}
    for block in nodelist.blocks:
        if block.name != "node":
            continue
        keys = _keys(block)
        name = keys.get("name")
        if name is None:
            raise ConfError(block.line, NO_NAME)
        if not (len(name.value) <= 253 and _HOST_NAME.fullmatch(name.value)):
            raise ConfError(name.line, NOT_HOST_NAME.format(value=_shown(name.value)))
        if "nodeid" not in keys:
            raise ConfError(block.line, NO_NODEID.format(name=name.value))
        votes = keys.get("quorum_votes")
        node = CorosyncNode(
            name=name.value,
            nodeid=_integer(keys["nodeid"], 1, _U32),
            quorum_votes=_integer(votes, 0, _U32) if votes is not None else 1,
            addresses=_addresses(block),
        )
        if other := by_id.get(node.nodeid):
            message = SAME_NODEID.format(nodeid=node.nodeid, first=other.name, second=node.name)
            raise ConfError(keys["nodeid"].line, message)
        if other := by_name.get(node.name.lower()):
            message = SAME_NAME.format(name=node.name, first=other.nodeid, second=node.nodeid)
            raise ConfError(name.line, message)
        by_id[node.nodeid] = by_name[node.name.lower()] = node
        nodes.append(node)
    if not nodes:
        raise ConfError(nodelist.line, NO_NODE)
    return tuple(nodes)


def _addresses(node: _Block) -> dict[int, str]:
    addresses: dict[int, str] = {}
    for key in node.keys:
        ring = _RING_ADDR.fullmatch(key.name)
        if ring is None:
            continue
        if ring.group(1) not in _LINK_NUMBERS:  # ring8_addr, ring01_addr
            raise ConfError(key.line, NO_SUCH_LINK.format(key=_shown(key.name)))
        try:
            address_kind(key.value)
        except ValueError:
            raise ConfError(key.line, NOT_ADDRESS.format(key=key.name, value=_shown(key.value))) from None
        addresses[int(ring.group(1))] = key.value
    return addresses


def _shown(text: str, limit: int = 80) -> str:
    """`text` as an error message quotes it: cut to `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
