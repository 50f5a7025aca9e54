"""What netwizard knows about Linux bonding, as plain data.

The wizard shows these texts next to the controls they explain, the admin uses them as
help texts, and the rules use the option tables to judge a bond. Facts come from the
kernel's bonding documentation, ifupdown2 3.0 and Proxmox VE (see
`reference/bonding-rules.md` §1-2); the sentences are netwizard's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SwitchNeed(StrEnum):
    """What the switch ports behind the members must be configured to do."""

    NONE = "none"
    STATIC = "static"
    LACP = "lacp"


SWITCH_NEED_TEXT = {
    SwitchNeed.NONE: "Nothing: ordinary switch ports, on one switch or on two independent ones.",
    SwitchNeed.STATIC: "The ports grouped as a static link aggregation (EtherChannel 'mode on', without LACP).",
    SwitchNeed.LACP: "The ports grouped as an LACP (802.3ad) port-channel, on one switch or a stack/MLAG pair.",
}


# Option keys as written in the interfaces file.
MIIMON = "bond-miimon"
USE_CARRIER = "bond-use-carrier"
UPDELAY = "bond-updelay"
DOWNDELAY = "bond-downdelay"
HASH_POLICY = "bond-xmit-hash-policy"
LACP_RATE = "bond-lacp-rate"
MIN_LINKS = "bond-min-links"
AD_ACTOR_SYS_PRIO = "bond-ad-actor-sys-prio"
AD_ACTOR_SYSTEM = "bond-ad-actor-system"
PRIMARY = "bond-primary"
PRIMARY_RESELECT = "bond-primary-reselect"
NUM_GRAT_ARP = "bond-num-grat-arp"
NUM_UNSOL_NA = "bond-num-unsol-na"

_MONITORING = frozenset({MIIMON, USE_CARRIER, UPDELAY, DOWNDELAY})


@dataclass(frozen=True)
class BondOption:
    key: str
    label: str
    help: str
    default: str = ""


BOND_OPTIONS: dict[str, BondOption] = {
    o.key: o
    for o in (
        BondOption(
            MIIMON,
            "MII monitor interval (ms)",
            "How often the bond checks each member's link. Without it a dead link is never noticed, so keep "
            "it on; 100 ms is the usual value and ifupdown2 accepts 1-255.",
            "100",
        ),
        BondOption(
            USE_CARRIER,
            "Use carrier",
            "Lets the link monitor trust the driver's carrier state; leave it at the default unless a driver "
            "reports its carrier wrongly.",
            "yes",
        ),
        BondOption(
            UPDELAY,
            "Up delay (ms)",
            "How long a member's link must stay up before the bond uses it again, for switch ports that need "
            "time to forward. Needs the MII monitor and should be a multiple of its interval.",
            "0",
        ),
        BondOption(
            DOWNDELAY,
            "Down delay (ms)",
            "How long the bond waits after a member's link drops before it stops using it. Needs the MII "
            "monitor and should be a multiple of its interval.",
            "0",
        ),
        BondOption(
            HASH_POLICY,
            "Hash policy",
            "Which packet fields choose the member link for each connection (802.3ad and balance-xor only). "
            "layer2+3 suits most hosts.",
            "layer2+3",
        ),
        BondOption(
            LACP_RATE,
            "LACP rate",
            "How often LACP messages are exchanged with the switch (802.3ad only). Fast notices a dead partner "
            "in about 3 seconds instead of about 90; set the same on the switch.",
            "slow",
        ),
        BondOption(
            MIN_LINKS,
            "Minimum links",
            "The bond reports itself down while fewer members than this are up (802.3ad only). Never set it "
            "above the number of members.",
            "0",
        ),
        BondOption(
            AD_ACTOR_SYS_PRIO,
            "LACP system priority",
            "The priority this host announces in LACP (802.3ad only, 1-65535); rarely needs changing.",
            "65535",
        ),
        BondOption(
            AD_ACTOR_SYSTEM,
            "LACP system MAC",
            "The MAC address this host announces in LACP (802.3ad only); it must not be a multicast address.",
        ),
        BondOption(
            PRIMARY,
            "Primary member",
            "The member that carries the traffic whenever its link is up (active-backup, balance-tlb and "
            "balance-alb). It must be exactly one of the bond's members.",
        ),
        BondOption(
            PRIMARY_RESELECT,
            "Primary reselect",
            "When the primary member takes over again after it comes back: always, only if it is better, or "
            "only when the current one fails. Has no effect without a primary.",
            "always",
        ),
        BondOption(
            NUM_GRAT_ARP,
            "Failover announcements",
            "How many gratuitous ARP / neighbour advertisements the bond sends after a failover so the switches "
            "learn the new port (active-backup only, 0-255).",
            "1",
        ),
        BondOption(
            NUM_UNSOL_NA,
            "Failover announcements (IPv6)",
            "The same setting as the failover announcements, under its IPv6 name; set only one of the two.",
            "1",
        ),
    )
}


@dataclass(frozen=True)
class BondMode:
    number: int
    name: str
    label: str
    summary: str  # one line, for lists and the diagram's tooltip
    explanation: str  # two to four sentences: what it does and when to use it
    switch: SwitchNeed
    fault_tolerant: bool
    tx_balancing: str
    rx_balancing: str
    # Options that change something in this mode, and options the kernel refuses in it.
    options: frozenset[str]
    refused_options: frozenset[str]
    caveats: tuple[str, ...]

    @property
    def switch_text(self) -> str:
        return SWITCH_NEED_TEXT[self.switch]

    def applies(self, option: str) -> bool:
        return option in self.options

    def refuses(self, option: str) -> bool:
        return option in self.refused_options


_LACP_ONLY = frozenset({LACP_RATE, MIN_LINKS, AD_ACTOR_SYS_PRIO, AD_ACTOR_SYSTEM})
_AD_ACTOR = frozenset({AD_ACTOR_SYS_PRIO, AD_ACTOR_SYSTEM})
_PRIMARY = frozenset({PRIMARY, PRIMARY_RESELECT})

BALANCE_RR = BondMode(
    number=0,
    name="balance-rr",
    label="Round-robin (balance-rr)",
    summary="Packets take turns on every member; one connection can use all links, but arrives out of order.",
    explanation=(
        "Sends each packet on the next member in turn, so even a single connection is spread over all links. "
        "The receiving side gets packets out of order, and TCP answers that with retransmissions that often "
        "cost more than the extra bandwidth gains. Keep it for special back-to-back links; it is not a mode "
        "for ordinary Proxmox traffic."
    ),
    switch=SwitchNeed.STATIC,
    fault_tolerant=True,
    tx_balancing="Per packet, over all members.",
    rx_balancing="Decided by the switch's own hashing.",
    options=_MONITORING,
    refused_options=_AD_ACTOR | frozenset({PRIMARY}),
    caveats=(
        "Packets of one connection arrive out of order, which makes TCP retransmit.",
        "Many switches send everything for the host down one port, so receive traffic stays on one link.",
        "Across several switches it only works with isolated, parallel switches.",
    ),
)

ACTIVE_BACKUP = BondMode(
    number=1,
    name="active-backup",
    label="Active-backup",
    summary="One member carries everything; another takes over when it fails. Needs nothing from the switch.",
    explanation=(
        "One member carries all the traffic and the others wait; when the active link fails, the next member "
        "takes over and the bond tells the network about the move. It works with any switch, including two "
        "independent ones, but adds no bandwidth. Use it when the switch cannot do LACP, and always for a "
        "bond that carries the Proxmox cluster (corosync) network."
    ),
    switch=SwitchNeed.NONE,
    fault_tolerant=True,
    tx_balancing="None: all traffic uses the active member.",
    rx_balancing="None: all traffic arrives on the active member.",
    options=_MONITORING | _PRIMARY | frozenset({NUM_GRAT_ARP, NUM_UNSOL_NA}),
    refused_options=_AD_ACTOR,
    caveats=(
        "Only one link's bandwidth is ever used.",
        "Set a primary member if one link is faster or goes to the preferred switch.",
    ),
)

BALANCE_XOR = BondMode(
    number=2,
    name="balance-xor",
    label="XOR (balance-xor)",
    summary="A hash of each packet's addresses picks the member; needs a static aggregation on the switch.",
    explanation=(
        "Chooses the member for each packet from a hash of its addresses, so one conversation stays on one "
        "link and different conversations spread over the links. The switch ports must form a static link "
        "aggregation without LACP. If the switch can do LACP, 802.3ad does the same job and also detects "
        "miscabling, so prefer it."
    ),
    switch=SwitchNeed.STATIC,
    fault_tolerant=True,
    tx_balancing="Per peer or per connection, by the hash policy.",
    rx_balancing="Decided by the switch's own hashing.",
    options=_MONITORING | frozenset({HASH_POLICY}),
    refused_options=_AD_ACTOR | frozenset({PRIMARY}),
    caveats=(
        "With the layer2 hash, traffic through a single router all lands on one link.",
        "Without a matching static aggregation on the switch, the switch sees the host's MAC jump between ports.",
    ),
)

BROADCAST = BondMode(
    number=3,
    name="broadcast",
    label="Broadcast",
    summary="Every frame goes out on every member: survives a failure, but duplicates all traffic.",
    explanation=(
        "Sends every frame on every member at the same time. It survives the loss of any link, but doubles "
        "the traffic and the receivers see duplicates. It is meant for special designs, such as members "
        "wired to separate networks that are not connected to each other."
    ),
    switch=SwitchNeed.STATIC,
    fault_tolerant=True,
    tx_balancing="None: every frame is sent on all members.",
    rx_balancing="None.",
    options=_MONITORING,
    refused_options=_AD_ACTOR | frozenset({PRIMARY}),
    caveats=(
        "Receivers get every frame more than once.",
        "On a single switch it has little advantage over active-backup.",
    ),
)

LACP = BondMode(
    number=4,
    name="802.3ad",
    label="LACP (802.3ad)",
    summary="Negotiated link aggregation with the switch; spreads connections over all members.",
    explanation=(
        "Agrees a link aggregation with the switch over LACP; every member must run at the same speed and "
        "end on the same switch or on one stack/MLAG pair. Outgoing connections are spread over the members "
        "by the hash policy, so a single connection never exceeds one link but many connections use them "
        "all. This is the mode to use whenever the switch ports can be configured for LACP, except for a "
        "bond that carries the cluster network."
    ),
    switch=SwitchNeed.LACP,
    fault_tolerant=True,
    tx_balancing="Per connection, by the hash policy.",
    rx_balancing="Decided by the switch's own hashing.",
    options=_MONITORING | _LACP_ONLY | frozenset({HASH_POLICY}),
    refused_options=frozenset({PRIMARY}),
    caveats=(
        "The switch ports must be configured as an LACP port-channel, or the links stay out of the bond.",
        "All members must reach one switch or one stack/MLAG pair; two independent switches cannot form one "
        "aggregation.",
        "Members of different speeds end up in different aggregations, and only one of them is used.",
        "The MII monitor is the only link monitor available in this mode.",
        "The layer3+4 hash spreads better but is not fully 802.3ad compliant (fragments may be reordered).",
        "With the default slow LACP rate a dead link can take about 90 seconds to leave the bond.",
    ),
)

BALANCE_TLB = BondMode(
    number=5,
    name="balance-tlb",
    label="Adaptive transmit load balancing (balance-tlb)",
    summary="Outgoing traffic spread by load, incoming on one member; needs nothing from the switch.",
    explanation=(
        "Spreads outgoing traffic over the members according to how busy each one is, while all incoming "
        "traffic arrives on one member. It needs no switch configuration; if the receiving member fails, "
        "another takes over its MAC address. Incoming traffic gains nothing, so for guest bridges prefer "
        "802.3ad or active-backup."
    ),
    switch=SwitchNeed.NONE,
    fault_tolerant=True,
    tx_balancing="By current load on each member.",
    rx_balancing="None: everything arrives on one member.",
    options=_MONITORING | _PRIMARY,
    refused_options=_AD_ACTOR,
    caveats=(
        "The NIC drivers must report their link speed.",
        "The ARP monitor is not available; only the MII monitor works.",
        "Traffic through a single router tends to stay on one member.",
    ),
)

BALANCE_ALB = BondMode(
    number=6,
    name="balance-alb",
    label="Adaptive load balancing (balance-alb)",
    summary="Like balance-tlb, plus incoming IPv4 spread by ARP tricks; needs nothing from the switch.",
    explanation=(
        "Works like balance-tlb and also spreads incoming IPv4 traffic by answering ARP requests with the "
        "MAC addresses of different members. It needs no switch configuration, but the NIC drivers must "
        "allow changing the MAC address while the link is up. Guests behind a bridge do not get the "
        "receive balancing, so for VM bridges prefer 802.3ad or active-backup."
    ),
    switch=SwitchNeed.NONE,
    fault_tolerant=True,
    tx_balancing="By current load on each member.",
    rx_balancing="Only for the host's own IPv4 peers on the local network.",
    options=_MONITORING | _PRIMARY,
    refused_options=_AD_ACTOR,
    caveats=(
        "The NIC drivers must report their speed and allow a MAC change while the link is up.",
        "Incoming traffic for guests behind a bridge is not balanced, and IPv6 is never balanced.",
        "Up delay should be at least the switch's forwarding delay.",
        "The ARP monitor is not available; only the MII monitor works.",
    ),
)

MODES: tuple[BondMode, ...] = (BALANCE_RR, ACTIVE_BACKUP, BALANCE_XOR, BROADCAST, LACP, BALANCE_TLB, BALANCE_ALB)
MODES_BY_NAME: dict[str, BondMode] = {m.name: m for m in MODES}
MODE_NAMES: tuple[str, ...] = tuple(m.name for m in MODES)


def get_mode(value: str) -> BondMode | None:
    """The mode for a name or the number ifupdown2 also accepts ("4" is 802.3ad); None if unknown.

    Case matters, as it does for ifupdown2: `Active-Backup` is not a mode.
    """
    if value in MODES_BY_NAME:
        return MODES_BY_NAME[value]
    if value.isdigit() and len(value) == 1 and int(value) < len(MODES):
        return MODES[int(value)]
    return None


@dataclass(frozen=True)
class HashPolicy:
    number: int
    name: str
    explanation: str
    lacp_compliant: bool


HASH_POLICIES: tuple[HashPolicy, ...] = (
    HashPolicy(0, "layer2", "MAC addresses only: all traffic to one router or peer uses one link.", True),
    HashPolicy(
        2, "layer2+3", "MAC and IP addresses: each peer gets its own link. The sensible default.", lacp_compliant=True
    ),
    HashPolicy(
        1,
        "layer3+4",
        "IP addresses and ports: each connection may use its own link. Spreads best, not fully 802.3ad compliant.",
        lacp_compliant=False,
    ),
    HashPolicy(
        3,
        "encap2+3",
        "Like layer2+3 but looks inside tunnels (VXLAN, GRE); only for hosts that carry mostly tunnels.",
        lacp_compliant=True,
    ),
    HashPolicy(
        4,
        "encap3+4",
        "Like layer3+4 but looks inside tunnels; only for hosts that carry mostly tunnels.",
        lacp_compliant=False,
    ),
)
HASH_POLICIES_BY_NAME: dict[str, HashPolicy] = {p.name: p for p in HASH_POLICIES}


def get_hash_policy(value: str) -> HashPolicy | None:
    """The policy for a name or its number as ifupdown2 accepts it; `vlan+srcmac` is not known to 3.0."""
    if value in HASH_POLICIES_BY_NAME:
        return HASH_POLICIES_BY_NAME[value]
    for policy in HASH_POLICIES:
        if value == str(policy.number):
            return policy
    return None


@dataclass(frozen=True)
class LacpRate:
    number: int
    name: str
    explanation: str


LACP_RATES: tuple[LacpRate, ...] = (
    LacpRate(0, "slow", "An LACP message every 30 seconds; a silent partner is noticed after about 90 seconds."),
    LacpRate(1, "fast", "An LACP message every second; a silent partner is noticed after about 3 seconds."),
)
LACP_RATES_BY_NAME: dict[str, LacpRate] = {r.name: r for r in LACP_RATES}


def get_lacp_rate(value: str) -> LacpRate | None:
    if value in LACP_RATES_BY_NAME:
        return LACP_RATES_BY_NAME[value]
    for rate in LACP_RATES:
        if value == str(rate.number):
            return rate
    return None


# What netwizard writes when the user says nothing else (Proxmox's own examples use the same).
DEFAULT_MIIMON = 100
DEFAULT_HASH_POLICY = "layer2+3"
MIIMON_MAX = 255  # ifupdown2 3.0 refuses larger values although the kernel accepts them
