"""What the interfaces file cannot say, but the rules need to know.

The inventory knows which interfaces carry the cluster network and which switch every
NIC is cabled to; the command line can state the cluster network and the switch's LACP
support. Both end up in a `Context`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..host_facts import HostFacts
from ..model import HostNetwork, Interface

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Where a bond's members are cabled to.
SINGLE = "single"  # all members on one switch
STACK = "stack"  # several switches that act as one LACP partner (stack or MLAG pair)
INDEPENDENT = "independent"  # switches that know nothing of each other
TOPOLOGIES = (SINGLE, STACK, INDEPENDENT)

# Which ifupdown runs on the host: it decides two of Proxmox's checks.
PROXMOX_IFUPDOWN2 = "proxmox-ifupdown2"  # Proxmox VE 7 and later, the normal case
STOCK_IFUPDOWN2 = "ifupdown2"  # Debian's package: one VLAN-aware bridge only
IFUPDOWN1 = "ifupdown1"  # classic ifupdown: Proxmox refuses custom VLAN names
IFUPDOWN_FLAVOURS = (PROXMOX_IFUPDOWN2, STOCK_IFUPDOWN2, IFUPDOWN1)


@dataclass(frozen=True)
class SwitchFacts:
    lacp: bool | None = None  # the ports can form an LACP (802.3ad) aggregation
    stack: str = ""  # switches sharing a non-empty stack/MLAG group act as one
    static_lag: bool | None = None  # the ports can form a static aggregation (EtherChannel "on")


@dataclass(frozen=True)
class Context:
    # Interfaces that carry the cluster (corosync) network themselves; the rules
    # follow the stack down from them (a bridge's ports, a VLAN's parent).
    cluster_interfaces: frozenset[str] = frozenset()
    # Any interface with an address inside one of these carries the cluster network too.
    cluster_networks: tuple[IPNetwork, ...] = ()
    nic_switch: Mapping[str, str] = field(default_factory=dict)  # NIC name -> switch name
    switches: Mapping[str, SwitchFacts] = field(default_factory=dict)  # switch name -> what it can do
    # Applies to every NIC when set (the command line's --switch-lacp).
    switch_lacp: bool | None = None
    link_speeds: Mapping[str, int] = field(default_factory=dict)  # NIC name -> Mbit/s
    # The user's own answer per bond, when given, wins over what the switch facts say.
    bond_topology: Mapping[str, str] = field(default_factory=dict)
    ifupdown: str | None = None  # one of IFUPDOWN_FLAVOURS, or None when unknown
    # What the node itself reported (a facts document), when one was given: `speed` and
    # the NIC-* rules read it.
    facts: HostFacts | None = None
    # NIC name -> the permanent MAC netwizard knew for it before (inventory or caller):
    # how NIC-01 recognises a NIC the node now reports under another name.
    known_macs: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.ifupdown is not None and self.ifupdown not in IFUPDOWN_FLAVOURS:
            raise ValueError(f"unknown ifupdown flavour {self.ifupdown!r}")
        for bond, topology in self.bond_topology.items():
            if topology not in TOPOLOGIES:
                raise ValueError(f"unknown topology {topology!r} for {bond}")

    # Building -------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        network: HostNetwork | None = None,
        *,
        switches: Mapping[str, SwitchFacts | tuple[bool | None, str]] | None = None,
        cluster_networks: Iterable[str | IPNetwork] = (),
        switch_lacp: bool | str | None = None,
        bond_topology: Mapping[str, str] | None = None,
        ifupdown: str | None = None,
        facts: HostFacts | None = None,
        known_macs: Mapping[str, str] | None = None,
    ) -> Context:
        """The context for `network`: its inventory facts plus what the caller states.

        `switches` maps a switch name to its facts, or to `(lacp, stack)` as the
        inventory's `Switch.lacp` / `Switch.stack` give them. `cluster_networks` are
        CIDRs; `switch_lacp` ("yes"/"no"/bool) applies to every NIC.
        """
        cluster: set[str] = set()
        nic_switch: dict[str, str] = {}
        speeds: dict[str, int] = {}
        macs: dict[str, str] = dict(known_macs or {})
        for iface in network.interfaces if network else ():
            if iface.mac:
                macs[iface.name] = iface.mac.lower()
            if iface.carries_cluster:
                cluster.add(iface.name)
            if iface.switch:
                nic_switch[iface.name] = iface.switch
            if iface.speed_mbps:
                speeds[iface.name] = iface.speed_mbps
        facts_of_switches = {name: _switch_facts(value) for name, value in (switches or {}).items()}
        return cls(
            cluster_interfaces=frozenset(cluster),
            cluster_networks=tuple(parse_cluster_network(n) for n in cluster_networks),
            nic_switch=MappingProxyType(nic_switch),
            switches=MappingProxyType(facts_of_switches),
            switch_lacp=parse_yes_no(switch_lacp),
            link_speeds=MappingProxyType(speeds),
            bond_topology=MappingProxyType(dict(bond_topology or {})),
            ifupdown=ifupdown,
            facts=facts,
            known_macs=MappingProxyType(macs),
        )

    @classmethod
    def for_inventory(
        cls,
        network: HostNetwork,
        *,
        switches: Mapping[str, SwitchFacts | tuple[bool | None, str]],
        bond_topology: Mapping[str, str] | None = None,
        facts: HostFacts | None = None,
    ) -> Context:
        """The context the services use: the host's own facts plus its switches'.

        netwizard writes files for Proxmox VE with its ifupdown2 (the default since
        PVE 7), so the checks that depend on the ifupdown flavour assume that one.
        """
        return cls.build(
            network, switches=switches, bond_topology=bond_topology, ifupdown=PROXMOX_IFUPDOWN2, facts=facts
        )

    # Questions the rules ask ------------------------------------------------------

    def carries_cluster(
        self, iface: Interface, addresses: Iterable[ipaddress.IPv4Address | ipaddress.IPv6Address]
    ) -> bool:
        if iface.carries_cluster or iface.name in self.cluster_interfaces:
            return True
        return any(ip in net for ip in addresses for net in self.cluster_networks if ip.version == net.version)

    def switch_of(self, nic: Interface) -> str:
        return nic.switch or self.nic_switch.get(nic.name, "")

    def lacp(self, nic: Interface) -> bool | None:
        if self.switch_lacp is not None:
            return self.switch_lacp
        facts = self.switches.get(self.switch_of(nic))
        return facts.lacp if facts else None

    def static_lag(self, nic: Interface) -> bool | None:
        facts = self.switches.get(self.switch_of(nic))
        return facts.static_lag if facts else None

    def speed(self, nic: Interface) -> int | None:
        """Mbit/s: as measured on the node (facts) before what was typed."""
        measured = self.facts.nics.get(nic.name) if self.facts is not None else None
        return (measured.speed_mbps if measured else None) or nic.speed_mbps or self.link_speeds.get(nic.name)

    def topology(self, bond: str, members: list[Interface]) -> str | None:
        """single / stack / independent, or None when a member's switch is unknown."""
        if bond in self.bond_topology:
            return self.bond_topology[bond]
        names = [self.switch_of(m) for m in members]
        if not names or not all(names):
            return None
        distinct = set(names)
        if len(distinct) == 1:
            return SINGLE
        stacks = {(self.switches.get(n) or SwitchFacts()).stack for n in distinct}
        if len(stacks) == 1 and "" not in stacks:
            return STACK
        return INDEPENDENT


def _switch_facts(value: SwitchFacts | tuple[bool | None, str]) -> SwitchFacts:
    if isinstance(value, SwitchFacts):
        return value
    lacp, stack = value
    return SwitchFacts(lacp=lacp, stack=stack or "")


def parse_cluster_network(value: str | IPNetwork) -> IPNetwork:
    """A CIDR such as 10.10.10.0/24; host bits are allowed (10.10.10.2/24 means its network)."""
    if isinstance(value, ipaddress.IPv4Network | ipaddress.IPv6Network):
        return value
    return ipaddress.ip_network(value.strip(), strict=False)


def parse_yes_no(value: bool | str | None) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    answer = value.strip().lower()
    if answer in ("yes", "true", "1"):
        return True
    if answer in ("no", "false", "0"):
        return False
    if answer in ("", "unknown", "dont-know", "don't know"):
        return None
    raise ValueError(f"expected yes or no, not {value!r}")
