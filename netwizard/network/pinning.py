"""Pinning NIC names, compatible with Proxmox VE 9's `pve-network-interface-pinning` (issue 17).

The kernel names a NIC after its slot or firmware position (enp4s0, eno3), so a new card,
a BIOS update or a kernel upgrade can rename it, and a bridge then comes up without its
port. A systemd `.link` file that matches the NIC's permanent MAC and sets a name makes
the name stick. Proxmox's tool writes one file per NIC, names them nic0, nic1, … in the
kernel's order (ifindex), skips NICs a file already pins and names such a file already
uses, and renames every reference in the interfaces file. This module does the same
from a facts document, so a PVE 8 node, which lacks the tool, gets the same files.

    pin_mapping(facts, taken, prefix="nic") -> {current name: pinned name}
    link_file(name, mac) -> LinkFile(path, text)
    renamed(name, mapping) -> the name with a renamed NIC in it (bond members, dotted VLANs, aliases)
    firewall_references(text, names) -> the host.fw lines that name one of `names`
    planned_link_files(network) -> the `.link` files of the NICs "Pin NIC names" renamed
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .host_facts import MAC, HostFacts
from .model import HostNetwork, Kind

LINK_DIR = "/usr/local/lib/systemd/network/"
# Proxmox's tool read and wrote `50-pve-` files up to PVE 9.1 and reads them still.
LINK_PREFIX = "50-pve-"
DEFAULT_PREFIX = "nic"
# What the prefix may be, as Proxmox's tool allows it.
PREFIX = re.compile(r"[a-zA-Z][a-zA-Z0-9_-]{0,7}")
# The names the kernel and udev derive on their own: they are what changes, so a pinned
# name outside them never collides with a NIC that appears later.
KERNEL_NAME = re.compile(r"(?:eth\d+|en[a-z]\w*|wl[a-z]\w*|ww[a-z]\w*|ib\w+|sl\d+)")
_IFNAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,14}")
# A dotted VLAN (eno1.100) or an alias (eno1:1) keeps its suffix when the NIC is renamed.
_SUFFIXED = re.compile(r"([A-Za-z0-9_]+)([:.]\d+)")


@dataclass(frozen=True)
class LinkFile:
    path: str
    text: str
    name: str
    mac: str


def link_file(name: str, mac: str) -> LinkFile:
    """The `.link` file that gives the NIC with permanent MAC `mac` the name `name`,
    byte for byte as Proxmox's tool writes it; ValueError outside the grammar."""
    if not _IFNAME.fullmatch(name):
        raise ValueError(f"{name!r} cannot be pinned: not an interface name")
    if not MAC.fullmatch(mac):
        raise ValueError(f"{mac!r} is not a MAC address")
    text = f"[Match]\nMACAddress={mac}\nType=ether\n\n[Link]\nName={name}\n"
    return LinkFile(path=f"{LINK_DIR}{LINK_PREFIX}{name}.link", text=text, name=name, mac=mac)


def pin_mapping(facts: HostFacts, taken: Iterable[str] = (), prefix: str = DEFAULT_PREFIX) -> dict[str, str]:
    """Current name -> pinned name for every NIC of the node no `.link` file pins yet.

    NICs go in ifindex order (the order `ip link` lists them); a generated name that a pin
    or another interface (`taken`) already uses is skipped, as Proxmox's tool does."""
    if not PREFIX.fullmatch(prefix):
        raise ValueError(f"{prefix!r}: a prefix is a letter and up to 7 letters, digits, - or _")
    used = {nic.name for nic in facts.nics.values() if nic.pinned_by} | set(taken)
    mapping: dict[str, str] = {}
    number = 0
    for nic in sorted(facts.nics.values(), key=lambda n: (n.ifindex or 2**31, n.name)):
        if nic.pinned_by or not nic.permanent_mac:
            continue
        while f"{prefix}{number}" in used:
            number += 1
        mapping[nic.name] = f"{prefix}{number}"
        used.add(mapping[nic.name])
    return mapping


def renamed(name: str, mapping: Mapping[str, str]) -> str:
    """`name` after the renames in `mapping`: eno1 -> nic0, eno1.100 -> nic0.100, eno1:1 -> nic0:1."""
    if name in mapping:
        return mapping[name]
    base = _base(name)
    return mapping[base] + name[len(base) :] if base in mapping else name


def _base(name: str) -> str:
    m = _SUFFIXED.fullmatch(name)
    return m.group(1) if m is not None else name


def firewall_references(text: str, names: Iterable[str]) -> list[str]:
    """The rules of a Proxmox `host.fw` that name one of `names` as their interface
    (`-i NAME` / `-iface NAME`): netwizard cannot rewrite that file, so the admin must."""
    wanted = set(names)
    found = []
    for line in text.splitlines():
        words = line.split()
        for flag, value in itertools.pairwise(words):
            if flag in ("-i", "-iface") and _base(value) in wanted:
                found.append(line.strip()[:200])
                break
    return found


def planned_link_files(network: HostNetwork) -> list[LinkFile]:
    """The `.link` files the host needs for the pins netwizard planned and the node does not run yet."""
    nics = [i for i in network.interfaces if i.kind == Kind.NIC and i.pin_planned and i.mac]
    return [link_file(i.name, i.mac.lower()) for i in sorted(nics, key=lambda i: i.name)]
