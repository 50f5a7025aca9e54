"""Reading the networks out of /etc/ceph/ceph.conf (on Proxmox VE a link to /etc/pve/ceph.conf).

The format is Ceph's INI dialect (its parser is src/common/ConfUtils.cc). After tabs and
spaces are stripped (Proxmox indents with "\\t "), a line is blank, a comment (starting
with `#` or `;`), a `[section]` header or `key = value`. A `#` or `;` later in a line
starts a comment too, as Ceph reads it (`\\#` is a literal `#`); a value may be quoted.
Option names are compared as Ceph compares them: case aside, spaces, underscores and
dashes are the same (`public network`, `public_network`, `Public-Network`).

netwizard reads three keys, from `[global]` only: `public_network` and `cluster_network`
(lists of networks in CIDR form, separated by commas or blanks, as Ceph splits them;
host bits may be set, `10.0.0.5/24` means 10.0.0.0/24) and `fsid`. Ceph also reads
per-daemon sections (`[mon]`, `[osd]`, `[osd.3]`…) that can override the networks for
some daemons; Proxmox writes the networks in `[global]`, and netwizard ignores those
sections. Without a cluster_network Ceph sends OSD replication over the public network:
see `CephConf.effective_cluster_networks`.

The grammar is strict for the same reason as corosync.conf's (see `corosync`): the
networks reach pages and apply plans, so a line that is none of the above, a network
that is not a CIDR, a key outside any section or a network key given twice in
`[global]` with different values stops the reader with a `ConfError` that names the
line. Continued lines (a `\\` at the end) are refused too. Files over 1 MiB are refused
unread.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from .corosync import ConfError, _lines, _shown

__all__ = ["CephConf", "IPNetwork", "ceph_parse"]

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
NETWORK_KEYS = ("public_network", "cluster_network")

EXPECTED = "expected `[section]`, `key = value` or a comment"
BAD_HEADER = "a section header is `[name]`, alone on its line"
OUTSIDE = "`{line}` comes before any `[section]`; Ceph reads options only inside one"
CONTINUED = "the line ends with `\\`, which continues it on the next line; netwizard reads no continued lines"
UNCLOSED_QUOTE = "the quote in `{line}` is not closed, or text follows it"
NOT_CIDR = "`{line}`: `{item}` is not a network in CIDR form (address/prefix, e.g. 10.10.10.0/24)"
NOT_FSID = "`{line}`: the fsid is not a UUID"
CHANGED = "{key} is given twice in [global] with different values (first on line {first})"

# Everything up to a comment: a backslash escapes the character after it.
_CONTENT = re.compile(r"(?:\\.|[^#;\\])*")
_KEY = re.compile(r"[^\s=\[\]]+(?:[ \t]+[^\s=\[\]]+)*")
_QUOTED = {quote: re.compile(rf"{quote}((?:\\.|[^{quote}\\])*){quote}") for quote in "\"'"}
_CIDR = re.compile(r"[0-9A-Fa-f:.]+/(?:0|[1-9][0-9]{0,2})")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


@dataclass(frozen=True)
class CephConf:
    public_networks: tuple[IPNetwork, ...]
    cluster_networks: tuple[IPNetwork, ...]  # () when ceph.conf sets none
    fsid: str  # lower case; "" when ceph.conf sets none

    @property
    def effective_cluster_networks(self) -> tuple[IPNetwork, ...]:
        """Where OSD replication runs: the cluster networks, or the public ones when none
        is set (Ceph then replicates over the public network)."""
        return self.cluster_networks or self.public_networks


def ceph_parse(text: str) -> CephConf:
    """Read ceph.conf's networks and fsid; raises ConfError (see the module docstring)."""
    networks: dict[str, tuple[int, tuple[IPNetwork, ...]]] = {}
    fsid: tuple[int, str] | None = None
    section: str | None = None
    for number, raw in _lines(text, "ceph.conf"):
        line = _without_comment(number, raw).strip(" \t")
        if not line:
            continue
        if line.startswith("["):
            section = line[1:-1].strip(" \t")
            if not line.endswith("]") or not section or "]" in section:
                raise ConfError(number, BAD_HEADER)
            continue
        key, equals, value = line.partition("=")
        key = key.strip(" \t")
        if not equals or not _KEY.fullmatch(key):
            raise ConfError(number, EXPECTED)
        if section is None:
            raise ConfError(number, OUTSIDE.format(line=_shown(line)))
        name = _normalised(key)
        value = _unquoted(number, line, value.strip(" \t"))
        if section != "global":
            continue
        if name in NETWORK_KEYS:
            listed = _networks(number, line, value)
            first = networks.setdefault(name, (number, listed))
            if first[1] != listed:
                raise ConfError(number, CHANGED.format(key=name, first=first[0]))
        elif name == "fsid":
            given = _fsid(number, line, value)
            fsid = fsid or (number, given)
            if fsid[1] != given:
                raise ConfError(number, CHANGED.format(key=name, first=fsid[0]))
    return CephConf(
        public_networks=networks.get("public_network", (0, ()))[1],
        cluster_networks=networks.get("cluster_network", (0, ()))[1],
        fsid=fsid[1] if fsid else "",
    )


def _without_comment(number: int, line: str) -> str:
    """The line up to its comment, if any; a `\\` at its very end raises ConfError."""
    content = _CONTENT.match(line)
    end = content.end() if content else 0
    if line[end:] == "\\":
        raise ConfError(number, CONTINUED)
    return line[:end]


def _normalised(key: str) -> str:
    """An option name as Ceph compares it: `Public-Network`, `public  network` -> public_network."""
    return re.sub(r"[ \t]+", "_", key).replace("-", "_").lower()


def _unquoted(number: int, line: str, value: str) -> str:
    """The value without its quotes, if any, and with its escapes (`\\x` -> `x`) undone."""
    if quoted := _QUOTED.get(value[:1]):
        inner = quoted.fullmatch(value)
        if inner is None:
            raise ConfError(number, UNCLOSED_QUOTE.format(line=_shown(line)))
        value = inner.group(1)
    return re.sub(r"\\(.)", r"\1", value)


def _networks(number: int, line: str, value: str) -> tuple[IPNetwork, ...]:
    networks: list[IPNetwork] = []
    for item in re.split(r"[,\s]+", value):
        if not item:
            continue
        try:
            if not _CIDR.fullmatch(item):
                raise ValueError(item)
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ConfError(number, NOT_CIDR.format(line=_shown(line), item=_shown(item, 50))) from None
    return tuple(networks)


def _fsid(number: int, line: str, value: str) -> str:
    if not _UUID.fullmatch(value):
        raise ConfError(number, NOT_FSID.format(line=_shown(line)))
    return value.lower()
