"""A file being generated: its stanzas and global lines, before any layout is chosen.

Builders (linux.py, ovs.py, defects.py) fill a Draft with what the host has; text.py
then decides how it looks (indentation, blank lines, comments). Keeping the two apart
lets every topology meet every layout.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass, field

from . import words


@dataclass
class Stanza:
    name: str
    method: str = "manual"
    family: str = "inet"
    options: list[tuple[str, str]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # comment lines, without indentation
    start: str = "auto"  # the keyword of the line that brings it up: auto, allow-hotplug, allow-vmbr0, or ""
    # Options an admin wrote after a blank line: ifupdown2 keeps them in the stanza,
    # Proxmox's reader does not (the NAT example of Proxmox's guide as people copy it).
    after_blank: list[tuple[str, str]] = field(default_factory=list)

    def option_add(self, key: str, value: str) -> None:
        self.options.append((key, value))


@dataclass
class Draft:
    rng: random.Random
    nics: list[str]
    free: list[str]  # NICs nothing uses yet
    stanzas: list[Stanza] = field(default_factory=list)
    traits: set[str] = field(default_factory=set)
    tail: list[str] = field(default_factory=list)  # global lines at the end of the file
    subnets: int = 0
    gateway4: bool = False
    gateway6: bool = False
    v4_base: str = "10"
    v6_base: str = "fd00"
    # NICs that a bridge or bond names but that have no stanza of their own
    undeclared: set[str] = field(default_factory=set)


def draft_new(rng: random.Random, nic_count: int) -> Draft:
    nics = words.nic_names(rng, nic_count)
    draft = Draft(rng=rng, nics=nics, free=list(nics))
    draft.v4_base = rng.choice(("10", "192.168", "172.16"))
    draft.v6_base = rng.choice(("fd00", "2001:db8", "fd12:3456"))
    return draft


def draft_take(draft: Draft, count: int) -> list[str]:
    """Up to `count` unused NICs, in the host's order (admins bond neighbouring ports)."""
    taken, draft.free = draft.free[:count], draft.free[count:]
    return taken


def draft_find(draft: Draft, name: str, family: str = "inet") -> Stanza | None:
    return next((s for s in draft.stanzas if s.name == name and s.family == family), None)


def draft_nic(draft: Draft, nic: str, mtu: int | None = None, may_skip: bool = True) -> None:
    """A `manual` stanza for a NIC; sometimes none at all when another stanza names the NIC,
    as on hosts where the installer's NIC stanzas were deleted (Proxmox adds them back)."""
    if may_skip and mtu is None and draft.rng.random() < 0.12:
        draft.undeclared.add(nic)
        draft.traits.add("undeclared-nic")
        return
    stanza = Stanza(nic)
    stanza.start = draft.rng.choices(("auto", "", "allow-hotplug"), (14, 3, 2))[0]
    if mtu:
        stanza.option_add("mtu", str(mtu))
        draft.traits.add("mtu")
    draft.stanzas.append(stanza)


def _subnet(draft: Draft, prefix: int) -> ipaddress.IPv4Network:
    """A fresh private subnet per interface, so no two interfaces overlap."""
    draft.subnets += 1
    n = draft.subnets + draft.rng.randrange(0, 40) * 8
    if draft.v4_base == "10":
        base = f"10.{n % 250}.{draft.rng.randrange(0, 250)}.0"
    elif draft.v4_base == "172.16":
        base = f"172.{16 + n % 16}.{draft.rng.randrange(0, 250)}.0"
    else:
        base = f"192.168.{(n * 7) % 250}.0"
    return ipaddress.IPv4Network(f"{base}/{prefix}", strict=False)


def draft_ipv4(draft: Draft, stanza: Stanza, gateway: bool) -> None:
    """A static IPv4 address in one of the spellings admins use, and the default gateway
    when asked and none is set yet (a second one is a mistake ifupdown2 cannot see)."""
    rng = draft.rng
    prefix = rng.choice((24,) * 8 + (16, 22, 23, 25, 26, 27, 28))
    net = _subnet(draft, prefix)
    hosts = net.num_addresses - 2
    # Never the network or broadcast address, and not the gateway (.1).
    host = net.network_address + rng.randrange(2, min(hosts - 1, 250) + 1)
    stanza.method = "static"
    lines: list[tuple[str, str]] = []
    form = rng.random()
    if form < 0.72:
        lines.append(("address", f"{host}/{prefix}"))
    elif form < 0.9:
        lines += [("address", str(host)), ("netmask", str(net.netmask))]
        draft.traits.add("netmask")
    else:
        lines += [("address", str(host)), ("netmask", str(prefix))]
        draft.traits.add("netmask-prefix")
    if gateway and not draft.gateway4:
        draft.gateway4 = True
        last = net.network_address + (hosts if rng.random() < 0.2 else 1)
        lines.append(("gateway", str(last)))
        draft.traits.add("gateway")
    # Addresses come first in most files; text.py shuffles some files' options anyway.
    stanza.options[0:0] = lines


def draft_ipv6(draft: Draft, name: str, gateway: bool) -> Stanza:
    """The `iface NAME inet6 static` stanza that goes right after NAME's inet stanza."""
    rng = draft.rng
    draft.subnets += 1
    prefix = rng.choice((64, 64, 64, 48, 56))
    net = f"{draft.v6_base}:{draft.subnets:x}{rng.randrange(16):x}"
    stanza = Stanza(name, method="static", family="inet6", start="")
    stanza.option_add("address", f"{net}::{rng.randrange(2, 0xFFFF):x}/{prefix}")
    if gateway and not draft.gateway6:
        draft.gateway6 = True
        stanza.option_add("gateway", f"{net}::1")
    draft.traits.add("ipv6")
    return stanza


def draft_comment(draft: Draft, stanza: Stanza) -> None:
    """A comment inside the stanza, in one of the shapes found in real files."""
    rng = draft.rng
    text = rng.choice(words.STANZA_COMMENTS)
    shape = rng.random()
    if shape < 0.35:
        line = f"#{text}"
    elif shape < 0.75:
        line = f"# {text}"
    elif shape < 0.92:
        option = rng.choice(words.COMMENTED_OPTIONS)
        address = f"10.{rng.randrange(250)}.{rng.randrange(250)}.{rng.randrange(2, 250)}"
        line = "#" + rng.choice(("", " ", "\t")) + option.format(address=f"{address}/24", gateway=address)
        draft.traits.add("commented-option")
    else:
        # An emptied comment line, left behind when the text was deleted.
        line = "#"
        draft.traits.add("empty-comment")
    stanza.comments.append(line)
    draft.traits.add("stanza-comment")
