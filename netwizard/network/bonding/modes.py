"""The seven bonding modes: what each does, what it needs from the switch, which options
change something in it, and why netwizard keeps it off a bond under the cluster network.

The mode names are written out here alone; every other module names a mode through
these objects (`bonding.LACP.name`, `bonding.MODE_NAMES`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .options import (
    AD_ACTOR_SYS_PRIO,
    AD_ACTOR_SYSTEM,
    DOWNDELAY,
    HASH_POLICY,
    LACP_RATE,
    MIIMON,
    MIN_LINKS,
    NUM_GRAT_ARP,
    NUM_UNSOL_NA,
    PRIMARY,
    PRIMARY_RESELECT,
    UPDELAY,
    USE_CARRIER,
)


class SwitchNeed(StrEnum):
    """What the switch ports behind the members must be configured to do."""

    NONE = "none"
    STATIC = "static"
    LACP = "lacp"


SWITCH_NEED_TEXT = {
    SwitchNeed.NONE: "Nothing: ordinary switch ports, without a port-channel.",
    SwitchNeed.STATIC: "The ports grouped as a static link aggregation (EtherChannel 'mode on', without LACP).",
    SwitchNeed.LACP: "The ports grouped as an LACP (802.3ad) port-channel, on one switch or a stack/MLAG pair.",
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


_MONITORING = frozenset({MIIMON, USE_CARRIER, UPDELAY, DOWNDELAY})
_LACP_ONLY = frozenset({LACP_RATE, MIN_LINKS, AD_ACTOR_SYS_PRIO, AD_ACTOR_SYSTEM})
_AD_ACTOR = frozenset({AD_ACTOR_SYS_PRIO, AD_ACTOR_SYSTEM})
_PRIMARY = frozenset({PRIMARY, PRIMARY_RESELECT})

BALANCE_RR = BondMode(
    number=0,
    name="balance-rr",
    label="Round-robin (balance-rr)",
    summary="Packets take turns on every member; one connection can use all links, but its packets get reordered.",
    explanation=(
        "Sends each packet on the next member in turn, so even a single connection is spread over all links. "
        "The receiving side gets many packets out of order, which TCP takes for loss and answers with "
        "retransmissions. Keep it for special back-to-back links; it is not a mode for ordinary Proxmox traffic."
    ),
    switch=SwitchNeed.STATIC,
    fault_tolerant=True,
    tx_balancing="Spread per packet over all members.",
    rx_balancing="Spread by the switch, with its own hashing.",
    options=_MONITORING,
    refused_options=_AD_ACTOR | frozenset({PRIMARY}),
    caveats=(
        "Packets of one connection arrive out of order, which TCP takes for loss: it retransmits and slows down.",
        "Most switches do not spread one connection over several ports, so the traffic coming back to the host "
        "gains nothing.",
        "It needs a static aggregation on the switch; across several switches it works only with isolated, "
        "parallel switches.",
    ),
)

ACTIVE_BACKUP = BondMode(
    number=1,
    name="active-backup",
    label="Active-backup",
    summary="One member carries everything; another takes over when it fails. Needs nothing from the switch.",
    explanation=(
        "One member carries all the traffic and the others wait; when the active member's link fails, the next "
        "member takes over. It works with any switch, including two independent switches linked to each "
        "other, but adds no bandwidth. Use it when the switch cannot do LACP; netwizard requires it for a bond "
        "that carries the cluster (corosync) network."
    ),
    switch=SwitchNeed.NONE,
    fault_tolerant=True,
    tx_balancing="Not spread: all of it leaves on the active member.",
    rx_balancing="Not spread: all of it arrives on the active member.",
    options=_MONITORING | _PRIMARY | frozenset({NUM_GRAT_ARP, NUM_UNSOL_NA}),
    refused_options=_AD_ACTOR,
    caveats=(
        "Only one member's bandwidth is ever used.",
        "The MII monitor sees only the NIC's own link: if the switch port or the path behind the active member "
        "fails while that link stays up, the bond does not fail over.",
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
    tx_balancing="Spread per peer or per connection, by the hash policy.",
    rx_balancing="Spread by the switch, with its own hashing.",
    options=_MONITORING | frozenset({HASH_POLICY}),
    refused_options=_AD_ACTOR | frozenset({PRIMARY}),
    caveats=(
        "It needs a static aggregation on the switch; without one the switch sees the host's MAC address move "
        "between ports.",
        "No protocol checks the cabling, so a member plugged into the wrong port still gets its share of the traffic.",
        "With the layer2 hash, all traffic through one router leaves on one member.",
    ),
)

BROADCAST = BondMode(
    number=3,
    name="broadcast",
    label="Broadcast",
    summary="Every frame goes out on every member: survives a failure, but duplicates all traffic.",
    explanation=(
        "Sends every frame on every member at the same time. It survives the loss of any link, but multiplies "
        "the traffic by the number of members and the receivers see duplicates. It is meant for special "
        "designs, such as members wired to separate networks that are not connected to each other."
    ),
    switch=SwitchNeed.STATIC,
    fault_tolerant=True,
    tx_balancing="Not spread: every frame leaves on every member.",
    rx_balancing="Spread by the switch, with its own hashing.",
    options=_MONITORING,
    refused_options=_AD_ACTOR | frozenset({PRIMARY}),
    caveats=(
        "Every frame crosses the network once per member, and receivers get it more than once.",
        "On one switch it protects no better than active-backup and costs the duplicate traffic.",
        "It only makes sense for members wired to separate networks that are not connected to each other.",
    ),
)

LACP = BondMode(
    number=4,
    name="802.3ad",
    label="LACP (802.3ad)",
    summary="Negotiated link aggregation with the switch; spreads traffic over all members by peer or connection.",
    explanation=(
        "Agrees a link aggregation with the switch over LACP; every member must run at the same speed and "
        "end on the same switch or on one stack/MLAG pair. Outgoing traffic is spread over the members by the "
        "hash policy, per peer or per connection, so a single connection never exceeds one link but many "
        "use them all. This is the mode to use whenever the switch ports can be configured for LACP, except "
        "for a bond that carries the cluster network."
    ),
    switch=SwitchNeed.LACP,
    fault_tolerant=True,
    tx_balancing="Spread per peer or per connection, by the hash policy.",
    rx_balancing="Spread by the switch, with its own hashing.",
    options=_MONITORING | _LACP_ONLY | frozenset({HASH_POLICY}),
    refused_options=frozenset({PRIMARY}),
    caveats=(
        "It needs an LACP port-channel on the switch ports. When the switch does not answer LACP, Linux puts "
        "each member in an aggregation of its own and uses only one, so the bond runs on a single link.",
        "All members must end on one switch or one stack/MLAG pair: on two independent switches they form two "
        "aggregations, and only one is used.",
        "Members of different speeds end up in different aggregations, and only one of them is used.",
        "A single connection never gets more than one member's bandwidth.",
        "A member that stops passing traffic while its link stays up (a faulty switch port or transceiver) "
        "keeps its share of the traffic until three LACP messages are missed, about 90 seconds at the default "
        "slow rate or 3 with fast on both sides. A member that loses its link leaves within the MII monitor "
        "interval.",
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
    tx_balancing="Spread by the current load of each member.",
    rx_balancing="Not spread: all of it arrives on one member.",
    options=_MONITORING | _PRIMARY,
    refused_options=_AD_ACTOR,
    caveats=(
        "All incoming traffic arrives on one member, so receiving never gets more than one link's bandwidth.",
        "It balances by peer, so traffic through a single router leaves on one member.",
        "The NIC drivers must report their link speed.",
        "It expects all members to reach the same switch (or a stack acting as one); across independent "
        "switches it does not work reliably.",
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
    tx_balancing="Spread by the current load of each member.",
    rx_balancing="Spread only for the host's own IPv4 peers on the local network; the rest arrives on one member.",
    options=_MONITORING | _PRIMARY,
    refused_options=_AD_ACTOR,
    caveats=(
        "The NIC drivers must report their speed and allow a MAC change while the link is up.",
        "Incoming traffic for guests behind a bridge is not balanced, and IPv6 is never balanced.",
        "It needs an up delay at least as long as the switch port's forwarding delay, or the ARP updates that "
        "spread incoming traffic are lost when a member comes back.",
        "It expects all members to reach the same switch (or a stack acting as one); across independent "
        "switches it does not work reliably.",
    ),
)

MODES: tuple[BondMode, ...] = (BALANCE_RR, ACTIVE_BACKUP, BALANCE_XOR, BROADCAST, LACP, BALANCE_TLB, BALANCE_ALB)
MODES_BY_NAME: dict[str, BondMode] = {m.name: m for m in MODES}
MODE_NAMES: tuple[str, ...] = tuple(m.name for m in MODES)
# ifupdown2 also accepts a mode by its number ("4" is 802.3ad).
MODE_NUMBERS: dict[str, str] = {str(m.number): m.name for m in MODES}
# What the kernel uses when a bond has no bond-mode line.
DEFAULT_MODE = BALANCE_RR.name
# The two modes Proxmox advises: LACP when the switch can, active-backup otherwise.
RECOMMENDED_MODES: tuple[str, ...] = (ACTIVE_BACKUP.name, LACP.name)


# Why a bond under the cluster network must be active-backup (BOND-26). Corosync needs every
# node to reach every other one with low, steady latency (pvecm.adoc, "Network
# Requirements"); Proxmox's cluster guide ("Corosync Over Bonds") describes what each mode
# does when a member stops passing traffic while its link stays up. Proxmox's network guide
# once supported only active-backup there (pve-network.adoc until pve-docs 4ab400d, 2023,
# the seed's text); today it advises against the balancing modes and asks for LACP rate
# fast on both sides for 802.3ad. netwizard keeps the seed's stricter rule.
_SPLITS_THE_CLUSTER = (
    "it spreads corosync's packets over the members, so when one member stops passing traffic while its link "
    "stays up, nodes reach only some of the others and the cluster cannot keep a stable quorum"
)
CLUSTER_NETWORK_RISKS: dict[str, str] = {
    BALANCE_RR.name: _SPLITS_THE_CLUSTER,
    BALANCE_XOR.name: _SPLITS_THE_CLUSTER,
    BALANCE_TLB.name: _SPLITS_THE_CLUSTER,
    BALANCE_ALB.name: _SPLITS_THE_CLUSTER,
    LACP.name: (
        "it spreads corosync's packets over the members, and a member that stops passing traffic while its link "
        "stays up keeps its share until three LACP messages are missed, about 90 seconds at the default rate, "
        "while HA nodes that lose quorum fence themselves after about a minute"
    ),
    BROADCAST.name: (
        "it sends every corosync packet on every member, duplicating the cluster traffic, and Proxmox's cluster "
        "guide does not cover this mode for corosync"
    ),
}
CLUSTER_NETWORK_LOCK = (
    "Corosync needs every node to reach every other one with low, steady latency. netwizard allows only "
    "active-backup on a bond that carries it: all traffic goes over one member, so a failing member cannot leave "
    "nodes reaching only some of the others, which would cost the cluster its quorum."
)


def cluster_network_risk(mode: str) -> str:
    """Why `mode` is kept off a bond that carries the cluster (corosync) network; "" for active-backup."""
    return CLUSTER_NETWORK_RISKS.get(mode, "")


def get_mode(value: str) -> BondMode | None:
    """The mode for a name or the number ifupdown2 also accepts ("4" is 802.3ad); None if unknown.

    Case matters, as it does for ifupdown2: `Active-Backup` is not a mode.
    """
    return MODES_BY_NAME.get(MODE_NUMBERS.get(value, value))
