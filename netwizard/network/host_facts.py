"""What a Proxmox node reports about itself: the facts document (issue 17).

An admin runs the collection command on the node; it prints one JSON document:

    {"netwizard_facts": 1, "hostname": …, "ip_link": <ip -j -d link show>,
     "ip_addr": <ip -j addr show>, "ip_route": …, "ip6_route": …,
     "speeds": {ifname: Mbit/s, -1 unknown}, "bonding": {bond: /proc/net/bonding/BOND},
     "files": {path: text}}

Plain `ip -j -d link show` output (a JSON list) is accepted too. This module reads
either into `HostFacts`: the physical NICs with their permanent MAC, speed, bus, PCI
path, altnames, link state and the `.link` file that pins their name, if any. It
refuses, with a message that says why, a document that is too large (before parsing),
not JSON, or not one of the two shapes; keys it does not know are ignored.

Nothing here trusts the document: every name and MAC is checked against its grammar,
and an entry that does not fit is left out and reported in `HostFacts.skipped`.
"""

from __future__ import annotations

import configparser
import dataclasses
import json
import re
from dataclasses import dataclass, field
from typing import Any

MAX_BYTES = 20 * 1024 * 1024
FORMAT_VERSION = 1
LINK_FILE_DIR = "/usr/local/lib/systemd/network/"

# What the kernel allows in an interface name (IFNAMSIZ), and a MAC as ip prints it.
IFNAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:+-]{0,14}")
MAC = re.compile(r"[0-9a-f]{2}(?::[0-9a-f]{2}){5}")
_LINK_PATH = re.compile(r"/usr/local/lib/systemd/network/[A-Za-z0-9_.@-]{1,200}\.link")
HOSTNAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")

TOO_LARGE = "The facts document is {size:,} bytes; netwizard reads documents of at most 20 MiB."
NOT_JSON = "The facts document is not JSON (line {line}, column {column}: {reason})."
NOT_FACTS = (
    'The document is neither netwizard\'s facts document (an object with "netwizard_facts": 1) nor the '
    "output of `ip -j -d link show` (a list)."
)
NEWER_FORMAT = "The facts document has format {version}; this netwizard reads format 1. Update netwizard."
NO_IP_LINK = 'The facts document has no "ip_link" list (the output of `ip -j -d link show`).'
TOO_DEEP = "The facts document nests too deeply to be the facts document."


class FactsError(ValueError):
    """The document cannot be read; the message says why, for the admin."""


@dataclass(frozen=True)
class NicFacts:
    name: str
    mac: str  # the address the NIC uses now (a bond member's is the bond's)
    permanent_mac: str  # the burnt-in one: what a rename keeps; "" when not known
    speed_mbps: int | None  # None: unknown (no link, or a virtual NIC that reports -1)
    parent_bus: str  # "pci", "virtio", "usb"…; "" when ip does not say
    parent_dev: str  # the PCI path, e.g. 0000:01:00.0
    altnames: tuple[str, ...]
    up: bool  # operstate UP with a carrier (LOWER_UP)
    master: str  # the bond or bridge it is enslaved to, "" if none
    pinned_by: str  # the .link file that names it, "" if none
    ifindex: int = 0  # the kernel's order: Proxmox's pinning tool numbers NICs by it


@dataclass
class HostFacts:
    hostname: str = ""
    nics: dict[str, NicFacts] = field(default_factory=dict)
    # Every interface name ip reported (NICs, bonds, bridges, VLANs…), altnames included.
    names: set[str] = field(default_factory=set)
    # Entries left out, with the reason ("entry 3: the name 'a b' is not an interface name").
    skipped: list[str] = field(default_factory=list)
    # The document's files (path -> text) as read: corosync.conf, /etc/hosts, host.fw…; not
    # stored with the rest (`facts_as_json`), so two readings compare equal without them.
    files: dict[str, str] = field(default_factory=dict, compare=False)

    def nic_by_permanent_mac(self, mac: str) -> NicFacts | None:
        for nic in self.nics.values():
            if nic.permanent_mac and nic.permanent_mac == mac.lower():
                return nic
        return None


def facts_as_json(facts: HostFacts) -> dict[str, Any]:
    """What the inventory stores of a node's report: the NICs and names, without the rest."""
    return {
        "hostname": facts.hostname,
        "nics": [dataclasses.asdict(nic) for nic in facts.nics.values()],
        "names": sorted(facts.names),
    }


def facts_from_json(stored: object) -> HostFacts | None:
    """`facts_as_json` read back, every value checked again (the column is only JSON);
    None when nothing was stored."""
    if not isinstance(stored, dict) or not stored:
        return None
    stored_nics = [nic for nic in stored.get("nics") or () if isinstance(nic, dict)]
    entries = [
        {
            "ifname": nic.get("name"),
            "link_type": "ether",
            "address": nic.get("mac"),
            "permaddr": nic.get("permanent_mac"),
            "parentbus": nic.get("parent_bus"),
            "parentdev": nic.get("parent_dev"),
            "altnames": nic.get("altnames"),
            "operstate": "UP" if nic.get("up") is True else "DOWN",
            "flags": ["LOWER_UP"] if nic.get("up") is True else [],
            "master": nic.get("master"),
            "ifindex": nic.get("ifindex"),
        }
        for nic in stored_nics
    ]
    speeds = {str(nic.get("name")): nic.get("speed_mbps") for nic in stored_nics}
    facts = _facts(ip_link=entries, speeds=speeds, files={}, hostname=str(stored.get("hostname") or ""))
    # The pins are put back one by one: the stored path is checked like a .link file's own.
    for nic in stored_nics:
        seen = facts.nics.get(str(nic.get("name")))
        path = nic.get("pinned_by")
        if seen is not None and isinstance(path, str) and _LINK_PATH.fullmatch(path):
            facts.nics[seen.name] = dataclasses.replace(seen, pinned_by=path)
    names = stored.get("names")
    facts.names.update(n for n in names or () if isinstance(n, str) and IFNAME.fullmatch(n))
    if not HOSTNAME.fullmatch(facts.hostname):
        facts.hostname = ""
    return facts


def facts_json(data: bytes | str) -> Any:
    """The document's JSON value; FactsError when it is too large (said before parsing), not
    UTF-8, not JSON, or nested too deeply to be a facts document."""
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > MAX_BYTES:
        raise FactsError(TOO_LARGE.format(size=size))
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise FactsError(NOT_JSON.format(line=error.lineno, column=error.colno, reason=error.msg)) from error
    except UnicodeDecodeError as error:
        raise FactsError(f"The facts document is not UTF-8 text (byte {error.start}).") from error
    except RecursionError as error:
        raise FactsError(TOO_DEEP) from error


def facts_parse(data: bytes | str) -> HostFacts:
    """The facts in `data` (the document's bytes or text); FactsError when it cannot be read."""
    document = facts_json(data)
    if isinstance(document, list):
        return _facts(ip_link=document, speeds={}, files={}, hostname="")
    if not isinstance(document, dict) or "netwizard_facts" not in document:
        raise FactsError(NOT_FACTS)
    version = document["netwizard_facts"]
    if version != FORMAT_VERSION:
        raise FactsError(NEWER_FORMAT.format(version=str(version)[:20]))
    ip_link = document.get("ip_link")
    if not isinstance(ip_link, list):
        raise FactsError(NO_IP_LINK)
    hostname = document.get("hostname")
    return _facts(
        ip_link=ip_link,
        speeds=_dict(document.get("speeds")),
        files=_dict(document.get("files")),
        hostname=hostname if isinstance(hostname, str) and HOSTNAME.fullmatch(hostname) else "",
    )


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _facts(*, ip_link: list[Any], speeds: dict[str, Any], files: dict[str, Any], hostname: str) -> HostFacts:
    facts = HostFacts(hostname=hostname)
    facts.files = {path: text for path, text in files.items() if isinstance(path, str) and isinstance(text, str)}
    pins = link_file_pins(files)
    for number, entry in enumerate(ip_link, start=1):
        if not isinstance(entry, dict):
            facts.skipped.append(f"entry {number}: not an object")
            continue
        name = entry.get("ifname")
        if not isinstance(name, str) or not IFNAME.fullmatch(name):
            facts.skipped.append(f"entry {number}: {str(name)[:40]!r} is not an interface name")
            continue
        altnames = tuple(a for a in entry.get("altnames") or () if isinstance(a, str) and IFNAME.fullmatch(a))
        facts.names.update((name, *altnames))
        if not _is_physical(entry):
            continue
        mac = _mac(entry.get("address"))
        permanent = _permanent_mac(entry) or mac
        pin = pins.get(permanent)
        facts.nics[name] = NicFacts(
            name=name,
            mac=mac,
            permanent_mac=permanent,
            speed_mbps=_speed(speeds.get(name)),
            parent_bus=_word(entry.get("parentbus")),
            parent_dev=_word(entry.get("parentdev")),
            altnames=altnames,
            up=_is_up(entry),
            master=_master(entry),
            pinned_by=pin[1] if pin is not None and pin[0] == name else "",
            ifindex=_index(entry.get("ifindex")),
        )
    return facts


def _is_physical(entry: dict[str, Any]) -> bool:
    """Hardware: an Ethernet link of no virtual kind (bond, bridge, vlan, veth, tun…)."""
    if entry.get("link_type") != "ether":
        return False
    linkinfo = entry.get("linkinfo")
    return not (isinstance(linkinfo, dict) and linkinfo.get("info_kind"))


def _permanent_mac(entry: dict[str, Any]) -> str:
    # A bond member's burnt-in address: ip prints it as `permaddr` (iproute2 5.x and
    # later) and the bonding driver as `perm_hwaddr`; `address` is then the bond's.
    linkinfo = entry.get("linkinfo")
    slave = linkinfo.get("info_slave_data") if isinstance(linkinfo, dict) else None
    candidates = [entry.get("permaddr"), slave.get("perm_hwaddr") if isinstance(slave, dict) else None]
    return next((m for m in map(_mac, candidates) if m), "")


def _mac(value: object) -> str:
    return value.lower() if isinstance(value, str) and MAC.fullmatch(value.lower()) else ""


def _speed(value: object) -> int | None:
    # /sys/class/net/*/speed: Mbit/s, or -1 (and on some drivers 0) when there is no link.
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    text = str(value).strip()
    return int(text) if text.isdigit() and 0 < int(text) <= 10_000_000 else None


def _index(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31 else 0


def _word(value: object) -> str:
    return value if isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", value) else ""


def _is_up(entry: dict[str, Any]) -> bool:
    flags = entry.get("flags")
    return entry.get("operstate") == "UP" and isinstance(flags, list) and "LOWER_UP" in flags


def _master(entry: dict[str, Any]) -> str:
    master = entry.get("master")
    return master if isinstance(master, str) and IFNAME.fullmatch(master) else ""


def link_file_pins(files: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Permanent MAC -> (name, path) for every `.link` file under /usr/local/lib/systemd/network/
    that matches one MAC and sets a name, as `pve-network-interface-pinning` writes them."""
    pins: dict[str, tuple[str, str]] = {}
    for path, text in files.items():
        if not (isinstance(path, str) and _LINK_PATH.fullmatch(path)):
            continue
        if not isinstance(text, str):
            continue
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        try:
            parser.read_string(text)
        except configparser.Error:
            continue
        mac = _mac(parser.get("Match", "MACAddress", fallback="").strip())
        name = parser.get("Link", "Name", fallback="").strip()
        if mac and IFNAME.fullmatch(name):
            pins[mac] = (name, path)
    return pins
