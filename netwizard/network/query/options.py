"""Option names ifupdown2 understands, and the grammar of their values.

The name list is ifupdown2 3.0.0's (Debian 12, `ifquery --syntax-help`), which is what
both Debian and Proxmox accept; underscores in a name mean the same as hyphens.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Deprecated or alternative spellings folded into the name the rules use.
ALIASES = {
    "bond-ports": "bond-slaves",
    "bridge-trunk": "bridge-vids",
    "bond-ad-sys-priority": "bond-ad-actor-sys-prio",
    "bond-ad-sys-mac-addr": "bond-ad-actor-system",
}


def normalise_key(key: str) -> str:
    key = key.replace("_", "-")
    return ALIASES.get(key, key)


HOOKS = frozenset({"pre-up", "up", "post-up", "pre-down", "down", "post-down"})

# Options Cumulus' ifupdown2 knows but a Proxmox kernel has nothing behind.
CUMULUS_ONLY = frozenset({"bond-lacp-bypass-allow", "es-sys-mac", "clagd-vxlan-anycast-ip"})

# Kernel bonding settings ifupdown2 3.0 cannot set: written as bond-..., they are ignored.
UNSUPPORTED_BOND = frozenset(
    {
        "bond-arp-validate",
        "bond-arp-all-targets",
        "bond-fail-over-mac",
        "bond-ad-select",
        "bond-ad-user-port-key",
        "bond-all-slaves-active",
        "bond-tlb-dynamic-lb",
        "bond-packets-per-slave",
        "bond-resend-igmp",
        "bond-lp-interval",
        "bond-peer-notif-delay",
        "bond-lacp-active",
        "bond-prio",
    }
)
ARP_MONITOR = frozenset({"bond-arp-interval", "bond-arp-ip-target"})

_IFUPDOWN2 = """
address address-purge alias arp-accept broadcast gateway hwaddress ip-forward ip6-forward ipv6-addrgen
mpls-enable mtu netmask pointopoint preferred-lifetime scope
address-virtual address-virtual-ipv6-addrgen vrrp
batman-distributed-arp-table batman-gw-mode batman-hop-penalty batman-ifaces batman-ifaces-ignore-regex
batman-multicast-mode batman-routing-algo
bond-ad-actor-sys-prio bond-ad-actor-system bond-downdelay bond-lacp-rate bond-miimon bond-min-links bond-mode
bond-num-grat-arp bond-num-unsol-na bond-primary bond-primary-reselect bond-slaves bond-updelay bond-use-carrier
bond-xmit-hash-policy
bridge-access bridge-ageing bridge-allow-untagged bridge-always-up bridge-arp-nd-suppress bridge-bridgeprio
bridge-broadcast-flood bridge-fd bridge-gcint bridge-hashel bridge-hashmax bridge-hello bridge-igmp-version
bridge-l2protocol-tunnel bridge-learning bridge-maxage bridge-maxwait bridge-mclmc bridge-mclmi bridge-mcmi
bridge-mcqi bridge-mcqifaddr bridge-mcqpi bridge-mcqri bridge-mcquerier bridge-mcqv4src bridge-mcrouter
bridge-mcsnoop bridge-mcsqc bridge-mcsqi bridge-mcstats bridge-mld-version bridge-multicast-flood
bridge-pathcosts bridge-port-pvids bridge-port-vids bridge-portmcfl bridge-portmcrouter bridge-portprios
bridge-ports bridge-ports-condone-regex bridge-pvid bridge-stp bridge-unicast-flood bridge-vids
bridge-vlan-aware bridge-vlan-protocol bridge-vlan-stats bridge-vlan-vni-map bridge-waitport
bridge-igmp-querier-src
gro-offload gso-offload link-autoneg link-duplex link-fec link-speed lro-offload rx-offload tso-offload
tx-offload ufo-offload
link-down link-type veth-peer-name
mstpctl-ageing mstpctl-bpduguard mstpctl-fdelay mstpctl-forcevers mstpctl-hello mstpctl-maxage mstpctl-maxhops
mstpctl-portadminedge mstpctl-portautoedge mstpctl-portbpdufilter mstpctl-portnetwork mstpctl-portp2p
mstpctl-portpathcost mstpctl-portrestrrole mstpctl-portrestrtcn mstpctl-ports mstpctl-stp mstpctl-treeportcost
mstpctl-treeportprio mstpctl-treeprio mstpctl-txholdcount
ovs-extra ovs-mtu ovs-options ovs-ports ovs-ports-condone-regex ovs-type ovs-bonds ovs-bridge ovs-patch-peer
ovs-tunnel-options ovs-tunnel-type
ppp-physdev provider
tunnel-dev tunnel-endpoint tunnel-local tunnel-mode tunnel-ttl endpoint local mode ttl tunnel-physdev
vlan-id vlan-protocol vlan-raw-device
vrf vrf-table
vrrp-id vrrp-priority vrrp-virtual-ip
vxlan-ageing vxlan-id vxlan-learning vxlan-local-tunnelip vxlan-mcastgrp vxlan-mcastgrp-map vxlan-mcastgrp6
vxlan-physdev vxlan-port vxlan-purge-remotes vxlan-remoteip vxlan-svcnodeip vxlan-svcnodeip6 vxlan-ttl
xfrm-id xfrm-physdev
"""

# Read by something other than ifupdown2's addons: the resolvconf and DHCP hooks, and
# Proxmox's own ifupdown2 build (MAC-learning switch) and writer (uplink-id).
HANDLED_ELSEWHERE = frozenset(
    {
        "dns-nameservers",
        "dns-search",
        "dns-domain",
        "dns-sortlist",
        "dns-options",
        "accept-ra",
        "autoconf",
        "bridge-disable-mac-learning",
        "uplink-id",
    }
)

KNOWN = frozenset(_IFUPDOWN2.split()) | HOOKS | CUMULUS_ONLY | frozenset(ALIASES)

# Families of option names: an unknown name with one of these prefixes is most likely a
# misspelling of a real option, which ifupdown2 would ignore without a word.
KNOWN_PREFIXES = ("bond-", "bridge-", "vlan-", "vxlan-", "mstpctl-", "ovs-", "address-", "link-", "tunnel-")

# Options whose value is a single token (ifupdown2 would glue further words into it).
# Everything with a grammar below is single-token too, except the WORD_LISTS.
SINGLE_TOKEN = frozenset(
    {
        "bond-mode",
        "bond-miimon",
        "bond-xmit-hash-policy",
        "bond-lacp-rate",
        "bond-primary",
        "bridge-stp",
        "bridge-fd",
        "bridge-vlan-aware",
        "vlan-id",
        "vlan-protocol",
        "vlan-raw-device",
        "mtu",
        "gateway",
    }
)

_MAC = re.compile(r"[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}")


def is_mac(value: str) -> bool:
    return bool(_MAC.fullmatch(value))


def parse_int(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() else None


def int_range(low: int, high: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        n = parse_int(value)
        if n is None:
            return f"'{value}' is not a whole number"
        if not low <= n <= high:
            return f"{n} is outside {low}-{high}"
        return ""

    return check


def one_of(*allowed: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        return "" if value in allowed else f"'{value}' is not one of {', '.join(allowed)}"

    return check


def hardware_address(value: str) -> str:
    """`hwaddress [ether] MAC`: ifupdown2 takes the link type word `ether` before the MAC."""
    words = value.split()
    if words[:1] == ["ether"]:
        words = words[1:]
    if len(words) != 1 or not is_mac(words[0]):
        return f"'{value}' is not a MAC address (optionally preceded by 'ether')"
    if int(words[0][:2], 16) & 1:
        return f"{words[0]} is a multicast address, which the kernel refuses as a NIC's own address"
    return ""


# Open vSwitch values: ifupdown2 pastes them into an ovs-vsctl command that a shell runs,
# so each accepts only its own grammar and never a character the shell would act on.
_OVS_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:@-]{0,14}")
_OVS_SETTING = re.compile(r"[A-Za-z0-9_.:-]+=[A-Za-z0-9_.:,/+@-]*")
_SHELL_CHARACTERS = set(";|&$`<>'\"()*?[]{}!~\\")


def _shell_characters(value: str) -> str:
    bad = sorted(_SHELL_CHARACTERS.intersection(value))
    return f"the shell character{'s' if len(bad) > 1 else ''} {' '.join(repr(c) for c in bad)}" if bad else ""


def ovs_names(value: str) -> str:
    problem = _shell_characters(value)
    if problem:
        return f"'{value}' contains {problem}; only interface names are allowed"
    wrong = [word for word in value.split() if not _OVS_NAME.fullmatch(word)]
    return f"'{wrong[0]}' is not an interface name" if wrong else ""


def ovs_name(value: str) -> str:
    return ovs_names(value) or (f"'{value}' is more than one interface name" if len(value.split()) > 1 else "")


def ovs_settings(value: str) -> str:
    problem = _shell_characters(value)
    if problem:
        return f"'{value}' contains {problem}; only key=value settings are allowed"
    wrong = [word for word in value.split() if not _OVS_SETTING.fullmatch(word)]
    return f"'{wrong[0]}' is not a key=value setting" if wrong else ""


def ovs_mtu(value: str) -> str:
    return int_range(68, 65535)(value) if not _shell_characters(value) else f"'{value}' is not a whole number"


# Options with a grammar whose value is a list of words (the others take one word).
WORD_LISTS = frozenset({"ovs-options", "ovs-ports", "ovs-bonds", "hwaddress"})
# The values the writer also checks against their grammar, refusing rather than escaping.
OVS_VALUES = frozenset({"ovs-options", "ovs-ports", "ovs-bonds", "ovs-bridge", "ovs-mtu"})

_YES_NO_01 = one_of("yes", "no", "0", "1")
_ON_OFF = one_of("on", "off")

# Value grammars for known options that no more specific rule judges (FMT-07).
GRAMMARS: dict[str, Callable[[str], str]] = {
    "bond-use-carrier": _YES_NO_01,
    "bond-primary-reselect": one_of("always", "better", "failure", "0", "1", "2"),
    "hwaddress": hardware_address,
    "bridge-ageing": int_range(0, 65535),
    "bridge-bridgeprio": int_range(0, 65535),
    "bridge-mcsnoop": _YES_NO_01,
    "bridge-mcquerier": _YES_NO_01,
    "bridge-mcqifaddr": _YES_NO_01,
    "bridge-mcrouter": one_of("yes", "no", "0", "1", "2"),
    "bridge-allow-untagged": one_of("yes", "no"),
    "bridge-vlan-protocol": one_of("802.1q", "802.1ad"),
    "bridge-vlan-stats": _ON_OFF,
    "bridge-igmp-version": one_of("2", "3"),
    "bridge-mld-version": one_of("1", "2"),
    "bridge-always-up": one_of("yes", "no", "on", "off"),
    "link-speed": int_range(0, 2**31 - 1),
    "link-duplex": one_of("half", "full"),
    "link-autoneg": one_of("yes", "no", "on", "off"),
    "ovs-options": ovs_settings,
    "ovs-ports": ovs_names,
    "ovs-bonds": ovs_names,
    "ovs-bridge": ovs_name,
    "ovs-mtu": ovs_mtu,
}


def _one_edit_apart(a: str, b: str) -> bool:
    """True when one insertion, deletion, substitution or swap of neighbours turns a into b."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    if len(a) < len(b):
        return a[start:] == b[start + 1 :]
    swapped = start + 1 < len(a) and a[start] == b[start + 1] and a[start + 1] == b[start]
    return a[start + 1 :] == b[start + 1 :] or (swapped and a[start + 2 :] == b[start + 2 :])


def suggestion(key: str) -> str:
    """The known option an unknown (normalised) name most likely misspells, or ""."""
    known = sorted(KNOWN | HANDLED_ELSEWHERE)
    if f"dns-{key}" in HANDLED_ELSEWHERE:
        return f"dns-{key}"  # the resolvconf hook reads only the dns- spelling
    if len(key) < 4:
        return ""  # one edit away from a short name is too many names to guess from
    return next((candidate for candidate in known if _one_edit_apart(key, candidate)), "")
