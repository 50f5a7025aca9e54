"""The vocabulary of /etc/network/interfaces that the reader and the writer share.

Two questions are answered here once, so that reading and writing can never disagree:
which characters a line may hold, and what kind of interface a stanza is. The kind
follows Proxmox's own classification (proxmox-format.md §2.4), because Proxmox decides
how a stanza is written back and where it goes in the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .. import bonding
from ..model import Interface, Kind

# --- Names ---------------------------------------------------------------------------
# Proxmox's patterns. Character classes are spelled out: Python's \d and \S also match
# non-ASCII digits and letters, which Proxmox's Perl does not on the raw file bytes.
PHYSICAL_NIC = re.compile(r"(?:eth[0-9]+|en[^:.]+|ib[^:.]+|(?:nic|if)[0-9]+)")
BOND_NAME = re.compile(r"bond[0-9]+")
ALIAS_NAME = re.compile(r".+:[0-9]+")
DOTTED_VLAN = re.compile(r"(.+)\.([0-9]+)")  # greedy: the raw device is everything before the last dot
VLAN_N = re.compile(r"vlan([0-9]+)")
NUMBER = re.compile(r"[0-9]+")

# --- Values --------------------------------------------------------------------------
BOND_MODE_NUMBERS = bonding.MODE_NUMBERS
HASH_POLICIES = bonding.HASH_POLICY_NAMES
HASH_MODES = bonding.WRITTEN_ONLY_FOR[bonding.HASH_POLICY]  # the only modes a hash policy is written for
LACP_RATES = bonding.LACP_RATE_VALUES
VLAN_PROTOCOLS = ("802.1q", "802.1ad")
# ifupdown2's methods, plus `auto` (IPv6 autoconfiguration) which Proxmox files use.
METHODS = ("manual", "static", "dhcp", "loopback", "auto", "dhcp6", "ppp", "tunnel")
DEFAULT_MIIMON = bonding.DEFAULT_MIIMON
DEFAULT_BOND_MODE = bonding.DEFAULT_MODE
DEFAULT_VIDS = "2-4094"

# --- Keywords ------------------------------------------------------------------------
# Top-level words that mark an interface as started at boot. Proxmox reads all four the
# same way and writes them back as `auto`.
AUTO_WORDS = frozenset({"auto", "allow-auto", "allow-hotplug", "allow-ovs"})
# Words that end a stanza when a line starts with them (Proxmox's list, plus ifupdown2's
# `vlan`): never valid as an option key.
STANZA_ENDERS = frozenset({"iface", "mapping", "auto", "source", "source-directory", "vlan"})
# Top-level lines netwizard keeps verbatim, in place, without interpreting them.
GLOBAL_WORDS = frozenset({"source", "source-directory", "mapping"})
MAPPING_BODY_WORDS = frozenset({"script", "map"})


# Modelled options whose value has a type the reader checks: a value kept aside as
# written (a repeat, or one the reader could not take) must fit it to be written.
# The words ifupdown2 reads as yes or no for a switch such as bridge-vlan-aware.
SWITCH_VALUES = {"yes": True, "on": True, "1": True, "no": False, "off": False, "0": False}
_TYPED = {"mtu": "number", bonding.MIIMON: "number", "bridge-fd": "number", "bridge-vlan-aware": "switch"}


def fits_its_type(key: str, value: str) -> bool:
    """Whether `value` fits the type of the modelled option `key` (hyphen spelling)."""
    kind = _TYPED.get(key)
    if kind == "number":
        return bool(NUMBER.fullmatch(value))
    if kind == "switch":
        return value.lower() in SWITCH_VALUES
    return True


def ends_stanza(word: str) -> bool:
    return word in STANZA_ENDERS or word.startswith("allow-")


# --- Option keys ---------------------------------------------------------------------
# Options netwizard models per kind, keyed by their hyphen spelling (ifupdown2 reads "_"
# as "-", so `bond_slaves` and `bond-slaves` are one option).
MODELLED_KEYS: dict[Kind, frozenset[str]] = {
    Kind.LOOPBACK: frozenset({"mtu"}),
    Kind.NIC: frozenset({"mtu"}),
    Kind.BOND: frozenset(
        {
            "mtu",
            "bond-slaves",
            "slaves",  # Proxmox's internal name, which it also reads from a file
            "bond-mode",
            bonding.MIIMON,
            bonding.HASH_POLICY,
            bonding.PRIMARY,
            bonding.LACP_RATE,
        }
    ),
    Kind.BRIDGE: frozenset({"mtu", "bridge-ports", "bridge-stp", "bridge-fd", "bridge-vlan-aware", "bridge-vids"}),
    Kind.VLAN: frozenset({"mtu", "vlan-raw-device", "vlan-id", "vlan-protocol"}),
    Kind.OTHER: frozenset(),
}
# Modelled options that list interfaces: every line adds to the list.
LIST_KEYS = frozenset({"bond-slaves", "slaves", "bridge-ports"})
# Handled for every kind: the address of each family.
ADDRESS_KEYS = frozenset({"address", "gateway", "netmask", "broadcast"})

# Options Proxmox stores by name and writes, sorted by name, before the options it does
# not know (its "other settings"). Only the exact spellings count: Proxmox does not fold
# underscores for these.
PVE_SORTED_KEYS = frozenset(
    {
        "ovs_type",
        "ovs_options",
        "ovs_bridge",
        "ovs_bonds",
        "ovs_ports",
        "bridge-access",
        "bridge-learning",
        "bridge-arp-nd-suppress",
        "bridge-unicast-flood",
        "bridge-multicast-flood",
        "bridge-disable-mac-learning",
        "bond-primary",
        "link-type",
        "vlan-protocol",
        "vlan-raw-device",
        "vlan-id",
        "vxlan-id",
        "vxlan-svcnodeip",
        "vxlan-physdev",
        "vxlan-local-tunnelip",
    }
)


def modelled_key(kind: Kind, key: str) -> str | None:
    """The hyphen spelling of `key` when netwizard models it for `kind`, else None."""
    hyphen = key.replace("_", "-")
    return hyphen if hyphen in MODELLED_KEYS[kind] else None


def sorted_extra(kind: Kind, key: str) -> bool:
    """An option Proxmox writes among its sorted settings for an interface of `kind`.

    On a bridge, `bridge-disable-mac-learning` is the exception: Proxmox drops it there
    (a bug), so netwizard keeps it with the other unknown options, in place.
    """
    if kind == Kind.OTHER or key not in PVE_SORTED_KEYS or modelled_key(kind, key):
        return False
    return not (kind == Kind.BRIDGE and key == "bridge-disable-mac-learning")


# --- Characters ----------------------------------------------------------------------
# Unicode categories no line of the file may carry outside a comment: controls (tab
# aside), invisible format characters, line/paragraph separators, surrogates, and any
# space other than U+0020. Tools disagree on whether these split words or lines.
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


# Anything but printable ASCII (a backslash included) needs a closer look; most lines
# hold none of it, and this one search keeps reading a large file fast.
_SUSPECT = re.compile(r"[^\x20-\x5b\x5d-\x7e]")
_SUSPECT_BUT_TAB = re.compile(r"[^\t\x20-\x5b\x5d-\x7e]")


def bad_character(text: str, *, allow_tab: bool, allow_spaces: bool = True) -> str | None:
    """Describe the first character that could change how a line is read, or None.

    A backslash is always refused: ifupdown2 replaces every backslash, and the line
    break after it, by a space before parsing, so it joins lines.
    """
    if allow_spaces and not (_SUSPECT_BUT_TAB if allow_tab else _SUSPECT).search(text):
        return None
    for char in text:
        if (char == " " and allow_spaces) or (char == "\t" and allow_tab):
            continue
        if char == "\\":
            return "a backslash (ifupdown2 joins the line with the next one)"
        category = unicodedata.category(char)
        if category in _BAD_CATEGORIES or category == "Zs":
            return f"the character U+{ord(char):04X} ({_char_name(char)})"
    return None


def bad_comment_character(text: str) -> str | None:
    """Comments may hold any printable text, spaces and tabs (an option switched off by a
    '#' before its tab), but no backslash or other control character."""
    for char in text:
        if char == "\t":
            continue
        if char == "\\":
            return "a backslash (ifupdown2 joins the line with the next one)"
        if unicodedata.category(char) in _BAD_CATEGORIES:
            return f"the character U+{ord(char):04X} ({_char_name(char)})"
    return None


# Debian's ifupdown2 ships with templates enabled: a file holding `%` goes through Mako
# when python3-mako is installed, and Mako runs `${...}` and `<% ... %>` as Python, as
# root. No value may carry that syntax.
TEMPLATE_MARKS = ("${", "<%", "%>")
# Comments are free text, so they stay clear of the template characters altogether.
COMMENT_REFUSED = ("%", "$")


def template_code(text: str) -> str | None:
    for mark in TEMPLATE_MARKS:
        if mark in text:
            return f"{mark!r}, which ifupdown2's template engine would run as code"
    return None


def _char_name(char: str) -> str:
    return unicodedata.name(char, "control character").lower()


# --- Classification ------------------------------------------------------------------
# Proxmox's sort weight per type; loopback first, VLANs with their own name last.
TYPE_RANK = {
    "loopback": 100000,
    "dummy": 100000,
    "eth": 200000,
    "OVSPort": 200000,
    "OVSIntPort": 300000,
    "bond": 400000,
    "OVSBond": 400000,
    "bridge": 500000,
    "OVSBridge": 500000,
    "vlan": 600000,
    "vxlan": 600000,
}
KIND_PVE_TYPE = {Kind.LOOPBACK: "loopback", Kind.NIC: "eth", Kind.BOND: "bond", Kind.BRIDGE: "bridge"}


def _truthy(value: str | None) -> bool:
    """Perl truth, which Proxmox's checks use: "" and "0" are false."""
    return value is not None and value not in ("", "0")


def classification_options(options: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The options Proxmox classifies by, under its names (last value wins, as in Proxmox)."""
    found: dict[str, str] = {}
    for key, value in options:
        name = "bridge_ports" if key in ("bridge-ports", "bridge_ports") else key
        if name in ("bridge_ports", "ovs_type", "vlan-raw-device", "vxlan-id", "link-type"):
            found[name] = value
    return found


def pve_type(name: str, options: dict[str, str], *, physical: bool = False) -> str:
    """Proxmox's type for an interface, first match wins (proxmox-format.md §2.4)."""
    ovs = options.get("ovs_type") if _truthy(options.get("ovs_type")) else None
    if "bridge_ports" in options:
        return "bridge"
    if ovs == "OVSBridge":
        return "OVSBridge"
    if BOND_NAME.fullmatch(name):
        if ovs is None:
            return "bond"
        return "OVSBond" if ovs == "OVSBond" else "unknown"
    if ALIAS_NAME.fullmatch(name):
        return "alias"
    if DOTTED_VLAN.fullmatch(name) or _truthy(options.get("vlan-raw-device")):
        return "vlan"
    if physical or PHYSICAL_NIC.fullmatch(name):
        if ovs is None:
            return "eth"
        return "OVSPort" if ovs == "OVSPort" else "unknown"
    if name == "lo":
        return "loopback"
    if _truthy(options.get("vxlan-id")):
        return "vxlan"
    if "ovs_type" in options:
        return "OVSIntPort" if options["ovs_type"] == "OVSIntPort" else "unknown"
    if "link-type" in options:
        return "dummy" if options["link-type"] == "dummy" else "unknown"
    return "unknown"


def written_options(iface: Interface) -> list[tuple[str, str]]:
    """The options Proxmox classifies the interface by, as its stanza will have them."""
    options = [(k, v) for f in iface.families for k, v in f.options]
    if iface.kind == Kind.BRIDGE:
        options.append(("bridge-ports", ""))
    if iface.kind == Kind.VLAN and iface.vlan and not DOTTED_VLAN.fullmatch(iface.name):
        options.append(("vlan-raw-device", iface.vlan.raw_device))
    return options


def interface_pve_type(iface: Interface) -> str:
    """Proxmox's type for an interface of the model ("eth", "bond", "OVSBridge"…)."""
    found = classification_options(written_options(iface))
    return pve_type(iface.name, found, physical=iface.kind == Kind.NIC)


def vlan_identity(name: str, raw_device: str | None, vlan_id: str | None) -> tuple[str, int] | None:
    """(raw device, id) of a VLAN, or None when the stanza does not pin them down.

    The name decides where it carries them (`eno1.50`, `vlan50`); explicit lines that
    contradict the name leave the stanza to be kept verbatim rather than guessed at.
    """
    dotted = DOTTED_VLAN.fullmatch(name)
    numbered = VLAN_N.fullmatch(name)
    if vlan_id is not None and not NUMBER.fullmatch(vlan_id):
        return None
    explicit_id = int(vlan_id) if vlan_id is not None else None
    if dotted:
        raw, vid = dotted.group(1), int(dotted.group(2))
        if (raw_device is not None and raw_device != raw) or explicit_id not in (None, vid):
            return None
        return raw, vid
    if not raw_device:
        return None
    if numbered:
        vid = int(numbered.group(1))
        return (raw_device, vid) if explicit_id in (None, vid) else None
    return (raw_device, explicit_id) if explicit_id is not None else None


def kind_of(pvetype: str, has_vlan_identity: bool) -> Kind:
    if pvetype == "vlan":
        return Kind.VLAN if has_vlan_identity else Kind.OTHER
    for kind, name in KIND_PVE_TYPE.items():
        if name == pvetype:
            return kind
    return Kind.OTHER


def netmask_bits(mask: str) -> int | None:
    """Prefix length of a numeric or dotted netmask; None for anything else."""
    if NUMBER.fullmatch(mask):
        return int(mask)
    parts = mask.split(".")
    if len(parts) != 4 or not all(NUMBER.fullmatch(p) and int(p) <= 255 for p in parts):
        return None
    value = int.from_bytes(bytes(int(p) for p in parts), "big")
    bits = bin(value).count("1")
    contiguous = (0xFFFFFFFF << (32 - bits)) & 0xFFFFFFFF
    return bits if value == contiguous else None
