"""The bond options netwizard knows: their keys in the interfaces file, the texts that
explain them, the values they take and the defaults netwizard writes."""

from __future__ import annotations

from dataclasses import dataclass

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

# The options netwizard models, by the name they carry in BondSettings and in the wizard's
# form (the stored column prefixes it with "bond_"), and the key each one writes.
SETTING_OPTIONS: dict[str, str] = {
    "miimon": MIIMON,
    "xmit_hash_policy": HASH_POLICY,
    "lacp_rate": LACP_RATE,
    "primary": PRIMARY,
}


def setting_column(setting: str) -> str:
    """The inventory column that stores `setting` (xmit_hash_policy -> bond_xmit_hash_policy)."""
    return f"bond_{setting}"


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
            "How often the bond checks each member's link (carrier). Without it a dead link is never noticed, "
            "so keep it on; 100 ms is the usual value and ifupdown2 accepts 1-255. It sees only the NIC's own "
            "link: a switch that stops forwarding while the link stays up goes unnoticed.",
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
            "Which packet fields choose the member that sends each outgoing packet (802.3ad and balance-xor "
            "only): with layer2+3 all traffic to one peer uses one member, with layer3+4 each connection may use "
            "its own. layer2+3 suits most hosts.",
            "layer2+3",
        ),
        BondOption(
            LACP_RATE,
            "LACP rate",
            "How often the bond asks the switch for an LACP message (802.3ad only): every 30 seconds (slow) or "
            "every second (fast). A member whose link stays up while the switch behind it falls silent leaves "
            "after three missed messages, about 90 or 3 seconds; one that loses its link leaves within the MII "
            "monitor interval at either rate. Set the same rate on the switch.",
            "slow",
        ),
        BondOption(
            MIN_LINKS,
            "Minimum links",
            "The bond reports no carrier while fewer members than this are up in its active aggregation "
            "(802.3ad only). Never set it above the number of members.",
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
            "The member the bond makes its active one whenever that member's link is up (active-backup, "
            "balance-tlb and balance-alb): in active-backup it carries all traffic, in balance-tlb it receives "
            "all incoming traffic, in balance-alb the incoming traffic that is not spread. It must be exactly one "
            "of the bond's members.",
        ),
        BondOption(
            PRIMARY_RESELECT,
            "Primary reselect",
            "When the primary member takes over again after its link comes back: always, only if its speed and "
            "duplex are better than the current member's, or only when the current one fails. Has no effect "
            "without a primary.",
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
class HashPolicy:
    number: int
    name: str
    explanation: str
    lacp_compliant: bool


HASH_POLICIES: tuple[HashPolicy, ...] = (
    HashPolicy(0, "layer2", "MAC addresses only: all traffic to one router or peer uses one link.", True),
    HashPolicy(
        2,
        "layer2+3",
        "MAC and IP addresses: all traffic to one peer uses one link, and different peers, even behind a router, "
        "spread over the links. The sensible default.",
        lacp_compliant=True,
    ),
    HashPolicy(
        1,
        "layer3+4",
        "IP addresses and ports: each connection may use its own link. Spreads best, but is not fully 802.3ad "
        "compliant (a connection's fragmented packets may arrive out of order).",
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
HASH_POLICY_NAMES: tuple[str, ...] = tuple(p.name for p in HASH_POLICIES)


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
    LacpRate(
        0,
        "slow",
        "One message every 30 seconds; a member whose link stays up while the switch falls silent leaves after "
        "about 90 seconds.",
    ),
    LacpRate(
        1,
        "fast",
        "One message every second; a member whose link stays up while the switch falls silent leaves after about "
        "3 seconds.",
    ),
)
LACP_RATES_BY_NAME: dict[str, LacpRate] = {r.name: r for r in LACP_RATES}
# What bond-lacp-rate accepts: the names, or their numbers as ifupdown2 also takes them.
LACP_RATE_VALUES: tuple[str, ...] = tuple(r.name for r in LACP_RATES) + tuple(str(r.number) for r in LACP_RATES)


def get_lacp_rate(value: str) -> LacpRate | None:
    if value in LACP_RATES_BY_NAME:
        return LACP_RATES_BY_NAME[value]
    for rate in LACP_RATES:
        if value == str(rate.number):
            return rate
    return None


# What netwizard writes when the user says nothing else (Proxmox's own examples use the same).
DEFAULT_MIIMON = int(BOND_OPTIONS[MIIMON].default)
DEFAULT_HASH_POLICY = BOND_OPTIONS[HASH_POLICY].default
MIIMON_MAX = 255  # ifupdown2 3.0 refuses larger values although the kernel accepts them
