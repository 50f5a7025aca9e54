"""The facts document read for verification: links, addresses, default routes, bonds.

`compare.verify` judges a plan against what this module reads. The document is the one
`host_facts` reads for the NICs (see there for its shape); here every interface is kept
(bonds, bridges, VLANs, guests' devices), with the JSON entry it came from as evidence.

Nothing in the document is trusted: an entry whose name does not fit the kernel's
interface-name grammar (as `host_facts` reads names) is left out, and every value that
can reach a sentence (operstate, flags, kind, addresses) is checked against its own grammar
first. Evidence is ASCII text: JSON with non-ASCII and control characters escaped, and
/proc/net/bonding text with them replaced by "?".
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..host_facts import FORMAT_VERSION, HOSTNAME, IFNAME, NEWER_FORMAT, NO_IP_LINK, FactsError, facts_json

MAX_EVIDENCE = 20_000
CUT = "\n[cut at 20,000 characters]"

_OPERSTATE = re.compile(r"[A-Z_]{1,20}")
_FLAG = re.compile(r"[A-Z0-9_-]{1,24}")
_KIND = re.compile(r"[a-z0-9_-]{1,24}")
_NOT_PLAIN = re.compile(r"[^\t\n\x20-\x7e]")
_GUEST_NAME = re.compile(r"(tap|veth|fwbr|fwpr|fwln).*|vmbr\d+v\d+")

NOT_A_DOCUMENT = (
    'The document is not netwizard\'s facts document (an object with "netwizard_facts": 1): '
    "run the collection command on the node and paste all it prints."
)

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
IPInterface = ipaddress.IPv4Interface | ipaddress.IPv6Interface


class VerifyError(ValueError):
    """The document cannot be read; the message says why, for the admin."""


@dataclass(frozen=True)
class Link:
    """One entry of `ip -j -d link show`."""

    name: str
    operstate: str  # "UP", "DOWN", "UNKNOWN"…; "" when the entry has none that fits
    flags: tuple[str, ...]
    master: str  # the bond or bridge it is enslaved to, "" if none
    kind: str  # linkinfo.info_kind: "bond", "bridge", "vlan", "tun"…; "" for a NIC
    mtu: int | None
    vlan_filtering: int | None  # a bridge's linkinfo.info_data.vlan_filtering
    altnames: tuple[str, ...]
    entry: dict[str, Any] = field(compare=False, repr=False)

    @property
    def up(self) -> bool:
        """Administratively up with a carrier, and operationally up. UNKNOWN counts as up:
        drivers that do not report an operational state print it (with LOWER_UP)."""
        return "UP" in self.flags and "LOWER_UP" in self.flags and self.operstate in ("UP", "UNKNOWN")

    @property
    def evidence(self) -> str:
        return as_json(self.entry)


@dataclass(frozen=True)
class HostAddress:
    """One `addr_info` item of `ip -j addr show`."""

    ifname: str
    ip: IPInterface
    dynamic: bool  # given by DHCP or a router advertisement

    @property
    def family(self) -> str:
        return "inet" if self.ip.version == 4 else "inet6"

    @property
    def judged(self) -> bool:
        """Not lo's, not loopback, not link-local: what verification looks at."""
        return self.ifname != "lo" and not self.ip.is_loopback and not self.ip.is_link_local


@dataclass(frozen=True)
class DefaultRoute:
    """A `dst: default` entry of `ip -j route show` or `ip -j -6 route show`."""

    family: str  # "inet" or "inet6"
    gateway: IP | None  # None: a route onto the link, without a gateway
    dev: str
    protocol: str
    entry: dict[str, Any] = field(compare=False, repr=False)

    def text(self) -> str:
        via = f"to {self.gateway}" if self.gateway is not None else "without a gateway"
        return f"{via} via {self.dev}"


@dataclass
class Facts:
    hostname: str = ""
    links: dict[str, Link] = field(default_factory=dict)  # in the order ip printed them
    aliases: dict[str, str] = field(default_factory=dict)  # altname -> name
    addresses: list[HostAddress] = field(default_factory=list)
    address_entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    routes: list[DefaultRoute] = field(default_factory=list)
    bonding: dict[str, str] = field(default_factory=dict)  # bond -> its /proc/net/bonding text

    def link(self, name: str) -> Link | None:
        return self.links.get(name) or self.links.get(self.aliases.get(name, ""))

    def guest(self, name: str) -> bool:
        """One of Proxmox's devices for guests (tap, veth, firewall bridges and links, the
        vmbrNvT bridges it makes for tagged guests), or a port of one of those bridges."""
        link = self.link(name)
        if _GUEST_NAME.fullmatch(name) or (link is not None and link.kind in ("tun", "veth")):
            return True
        return link is not None and _GUEST_NAME.fullmatch(link.master) is not None

    def addresses_on(self, name: str) -> list[HostAddress]:
        return [a for a in self.addresses if a.ifname == name]

    def address_evidence(self, *names: str) -> str:
        return as_json(*(self.address_entries[n] for n in dict.fromkeys(names) if n in self.address_entries))


def facts_read(data: bytes | str) -> Facts:
    """The facts in `data` (the document's bytes or text); VerifyError when it cannot be read."""
    try:
        document = facts_json(data)
    except FactsError as error:
        raise VerifyError(str(error)) from error
    if not isinstance(document, dict) or "netwizard_facts" not in document:
        raise VerifyError(NOT_A_DOCUMENT)
    version = document["netwizard_facts"]
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise VerifyError(NEWER_FORMAT.format(version=version))
    if version != FORMAT_VERSION or isinstance(version, bool | float):
        raise VerifyError(NOT_A_DOCUMENT)
    if not isinstance(document.get("ip_link"), list):
        raise VerifyError(NO_IP_LINK)
    hostname = document.get("hostname")
    facts = Facts(hostname=hostname if isinstance(hostname, str) and HOSTNAME.fullmatch(hostname) else "")
    for entry in _entries(document.get("ip_link")):
        link = _link(entry)
        if link is not None and link.name not in facts.links:
            facts.links[link.name] = link
            facts.aliases.update((a, link.name) for a in link.altnames if a not in facts.aliases)
    for entry in _entries(document.get("ip_addr")):
        name = entry.get("ifname")
        if isinstance(name, str) and IFNAME.fullmatch(name) and name not in facts.address_entries:
            facts.address_entries[name] = entry
            facts.addresses.extend(_addresses(name, entry.get("addr_info")))
    for family, key in (("inet", "ip_route"), ("inet6", "ip6_route")):
        facts.routes.extend(r for r in (_route(family, e) for e in _entries(document.get(key))) if r is not None)
    bonding = document.get("bonding")
    for bond, text in (bonding if isinstance(bonding, dict) else {}).items():
        if isinstance(bond, str) and IFNAME.fullmatch(bond) and isinstance(text, str):
            facts.bonding[bond] = text
    return facts


def ip_of(text: str) -> IP | None:
    """The address in an `address` (CIDR or bare) or `gateway` value; None if it is not one."""
    try:
        return ipaddress.ip_interface(text).ip
    except ValueError:
        return None


def as_json(*entries: object) -> str:
    """Document entries as evidence: pretty-printed JSON in ASCII, a blank line apart, capped."""
    try:
        return cap("\n\n".join(json.dumps(entry, indent=2, ensure_ascii=True) for entry in entries))
    except (RecursionError, ValueError):
        return "(an entry nested too deeply to show)"


def plain(text: str) -> str:
    """Text from the node as evidence: printable ASCII, tabs and newlines; capped."""
    return cap(_NOT_PLAIN.sub("?", text))


def cap(text: str) -> str:
    return text if len(text) <= MAX_EVIDENCE else text[: MAX_EVIDENCE - len(CUT)] + CUT


def _entries(value: object) -> list[dict[str, Any]]:
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _link(entry: dict[str, Any]) -> Link | None:
    name = entry.get("ifname")
    if not isinstance(name, str) or not IFNAME.fullmatch(name):
        return None
    linkinfo = entry.get("linkinfo")
    linkinfo = linkinfo if isinstance(linkinfo, dict) else {}
    info_data = linkinfo.get("info_data")
    filtering = info_data.get("vlan_filtering") if isinstance(info_data, dict) else None
    flags = entry.get("flags")
    return Link(
        name=name,
        operstate=_word(entry.get("operstate"), _OPERSTATE),
        flags=tuple(f for f in flags if isinstance(f, str) and _FLAG.fullmatch(f)) if isinstance(flags, list) else (),
        master=_word(entry.get("master"), IFNAME),
        kind=_word(linkinfo.get("info_kind"), _KIND),
        mtu=_int(entry.get("mtu")),
        vlan_filtering=_int(filtering),
        altnames=tuple(a for a in entry.get("altnames") or () if isinstance(a, str) and IFNAME.fullmatch(a)),
        entry=entry,
    )


def _addresses(name: str, addr_info: object) -> list[HostAddress]:
    found = []
    for item in addr_info if isinstance(addr_info, list) else ():
        if not isinstance(item, dict) or item.get("family") not in ("inet", "inet6"):
            continue
        local, prefix = item.get("local"), _int(item.get("prefixlen"))
        if not isinstance(local, str) or "%" in local or prefix is None:
            continue
        try:
            ip = ipaddress.ip_interface(f"{local}/{prefix}")
        except ValueError:
            continue
        if (ip.version == 4) == (item["family"] == "inet"):
            found.append(HostAddress(name, ip, item.get("dynamic") is True))
    return found


def _route(family: str, entry: dict[str, Any]) -> DefaultRoute | None:
    dev = entry.get("dev")
    if entry.get("dst") != "default" or not isinstance(dev, str) or not IFNAME.fullmatch(dev):
        return None
    gateway: IP | None = None
    if "gateway" in entry:
        text = entry["gateway"]
        try:
            # A scope ("fe80::1%eth0") is refused: it is free text.
            gateway = ipaddress.ip_address(text if isinstance(text, str) and "%" not in text else "")
        except ValueError:
            return None
    return DefaultRoute(family, gateway, dev, _word(entry.get("protocol"), _KIND), entry)


def _word(value: object, grammar: re.Pattern[str]) -> str:
    return value if isinstance(value, str) and grammar.fullmatch(value) else ""


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31 else None
