"""Which bonding mode to use, from a few answers about the switch and the traffic.

The heart of it is Proxmox's own advice (BOND-25/26): LACP switch -> 802.3ad, otherwise
active-backup, and active-backup whenever the bond carries the cluster network.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .. import bonding
from ..query.context import INDEPENDENT, SINGLE, TOPOLOGIES, parse_yes_no

TRAFFIC = ("guest", "storage", "management", "cluster")


@dataclass(frozen=True)
class Answers:
    switch_lacp: bool | None = None  # None: "I don't know"
    topology: str | None = None  # single / stack / independent; None: not known
    carries_cluster: bool = False
    carries: frozenset[str] = frozenset()  # subset of TRAFFIC
    cluster_links: int | None = None  # corosync links the cluster has, this one included

    def __post_init__(self) -> None:
        if self.topology is not None and self.topology not in TOPOLOGIES:
            raise ValueError(f"unknown topology {self.topology!r}")
        unknown = set(self.carries) - set(TRAFFIC)
        if unknown:
            raise ValueError(f"unknown traffic {sorted(unknown)}")

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Answers:
        """From form data: "yes"/"no"/"unknown" answers, "" or "unknown" for no topology."""
        topology = data.get("topology") or None
        carries = data.get("carries") or ()
        links = data.get("cluster_links")
        return cls(
            switch_lacp=_yes_no(data.get("switch_lacp")),
            topology=None if topology == "unknown" else str(topology) if topology else None,
            carries_cluster=bool(_yes_no(data.get("carries_cluster"))),
            carries=frozenset(str(c) for c in carries) if isinstance(carries, Iterable) else frozenset(),
            cluster_links=_count(links),
        )

    @property
    def on_cluster_network(self) -> bool:
        return self.carries_cluster or "cluster" in self.carries


def _yes_no(value: object) -> bool | None:
    """A yes/no answer: a bool as stored, or the words a form sends."""
    if value is not None and not isinstance(value, bool | str):
        raise TypeError(f"expected yes or no, not {value!r}")
    return parse_yes_no(value)


def _count(value: object) -> int | None:
    """A number as stored or as a form sends it; None or "" when not answered."""
    if value is None or value == "":
        return None
    if not isinstance(value, int | str):
        raise TypeError(f"expected a number, not {value!r}")
    return int(value)


@dataclass(frozen=True)
class ModeChoice:
    """One mode as the bond step lists it."""

    mode: bonding.BondMode
    recommended: bool
    allowed: bool
    note: str  # why it is not allowed, or why it is unwise here; "" when neither


@dataclass(frozen=True)
class Recommendation:
    mode: str  # the recommended mode's name
    reasoning: str  # one sentence the user reads next to it
    not_allowed: Mapping[str, str]  # mode -> why the rules would refuse it here
    cautions: Mapping[str, str]  # mode -> why it is allowed but unwise here
    advice: tuple[str, ...] = ()  # what else to do or find out
    second_corosync_link: bool = False  # advise adding a separate corosync link
    options: Mapping[str, str] = field(default_factory=dict)  # what to write for the recommended mode

    @property
    def recommended(self) -> bonding.BondMode:
        return bonding.MODES_BY_NAME[self.mode]

    def allowed(self, mode: str) -> bool:
        return mode not in self.not_allowed

    def choices(self) -> tuple[ModeChoice, ...]:
        """All seven modes in kernel order, each with its verdict for these answers."""
        return tuple(
            ModeChoice(
                mode=m,
                recommended=m.name == self.mode,
                allowed=m.name not in self.not_allowed,
                note=self.not_allowed.get(m.name) or self.cautions.get(m.name, ""),
            )
            for m in bonding.MODES
        )


_CAUTIONS = {
    bonding.BALANCE_RR.name: (
        "Reorders the packets of each connection, so TCP retransmits; only for special back-to-back links."
    ),
    bonding.BROADCAST.name: "Duplicates every frame on every member; only for special designs.",
    bonding.BALANCE_TLB.name: (
        "Incoming traffic always arrives on one member, so receiving never gets more than one link."
    ),
    bonding.BALANCE_ALB.name: (
        "Needs drivers that change MACs on the fly; guests behind a bridge get no receive balancing."
    ),
    bonding.BALANCE_XOR.name: (
        "Needs a static aggregation on the switch; where LACP exists, 802.3ad does the same job better."
    ),
}


def recommend_bond_mode(answers: Answers | Mapping[str, object]) -> Recommendation:
    if not isinstance(answers, Answers):
        answers = Answers.from_mapping(answers)
    lacp = answers.switch_lacp
    topology = answers.topology
    not_allowed: dict[str, str] = {}
    cautions: dict[str, str] = dict(_CAUTIONS)
    advice: list[str] = []

    if answers.on_cluster_network:  # BOND-26
        for m in bonding.MODES:
            if m is not bonding.ACTIVE_BACKUP:
                not_allowed[m.name] = f"Carries the cluster (corosync) network: {bonding.cluster_network_risk(m.name)}."
        mode = bonding.ACTIVE_BACKUP.name
        reasoning = f"This bond carries the cluster (corosync) network. {bonding.CLUSTER_NETWORK_LOCK}"
    else:
        if lacp is False:  # BOND-27
            not_allowed[bonding.LACP.name] = "The switch does not support LACP."
        if topology == INDEPENDENT:  # BOND-29
            one_partner = (
                bonding.LACP,
                bonding.BALANCE_RR,
                bonding.BALANCE_XOR,
                bonding.BALANCE_TLB,
                bonding.BALANCE_ALB,
            )
            for needs_one_partner in one_partner:
                cautions[needs_one_partner.name] = (
                    "This mode needs all members on one switch or one stack/MLAG pair; across independent switches it "
                    "does not work reliably."
                )
        if lacp is True and topology != INDEPENDENT:  # BOND-25
            mode = bonding.LACP.name
            reasoning = "The switch supports LACP, so 802.3ad uses every member and still survives a failed link."
            if topology is None:
                advice.append("802.3ad needs all members on one switch or on one stack/MLAG pair.")
            advice.append("Configure the switch ports as one LACP port-channel before you apply the file.")
        elif lacp is True:
            mode = bonding.ACTIVE_BACKUP.name
            reasoning = (
                "The members go to independent switches, which cannot share one LACP aggregation, so active-backup "
                "is the mode that keeps working when a switch fails."
            )
        elif lacp is False:
            mode = bonding.ACTIVE_BACKUP.name
            reasoning = "The switch does not support LACP, so active-backup gives fault tolerance without switch setup."
        else:
            mode = bonding.ACTIVE_BACKUP.name
            reasoning = (
                "Without knowing whether the switch supports LACP, active-backup is the safe choice: any switch works."
            )
            cautions[bonding.LACP.name] = "Works only if the switch ports are configured for LACP; find out first."
            advice.append(
                "Ask whoever runs the switch whether these ports can form an LACP (802.3ad) port-channel; if they can, "
                "802.3ad spreads the traffic over all members."
            )
        if "storage" in answers.carries and mode == bonding.LACP.name:
            advice.append(
                "For storage traffic with many connections, hash policy layer3+4 spreads better than layer2+3 "
                "(it is not fully 802.3ad compliant)."
            )
    for name in not_allowed:
        cautions.pop(name, None)
    cautions.pop(mode, None)

    second_link = answers.on_cluster_network and (answers.cluster_links is None or answers.cluster_links < 2)
    if second_link:
        advice.append(
            "Give corosync a second, separate link on another NIC (and ideally another switch); a bond alone is a "
            "single link to the cluster."
        )
    if topology == SINGLE:
        advice.append("All members go to one switch, so that switch is still a single point of failure.")

    options = {bonding.MIIMON: str(bonding.DEFAULT_MIIMON)}
    if mode == bonding.LACP.name:
        options[bonding.HASH_POLICY] = bonding.DEFAULT_HASH_POLICY
    return Recommendation(
        mode=mode,
        reasoning=reasoning,
        not_allowed=MappingProxyType(not_allowed),
        cautions=MappingProxyType(cautions),
        advice=tuple(advice),
        second_corosync_link=second_link,
        options=MappingProxyType(options),
    )
