"""The checklist itself: what a page shows and `as_text` prints, built from the facts."""

from __future__ import annotations

from dataclasses import dataclass

from ...bonding import SwitchNeed
from ...model import HostNetwork, Kind
from ...query.context import Context
from ...query.index import Net
from ...query.vids import vid_ranges
from .facts import MemberPort, bond_facts
from .steps import steps, warnings
from .vendors import Snippet, snippets


@dataclass(frozen=True)
class Checklist:
    host: str
    bond: str
    mode: str  # the bond-mode, e.g. "802.3ad"
    mode_label: str
    switch_mode: SwitchNeed  # none / static / lacp
    lacp_rate: str  # "slow" or "fast" for 802.3ad, "" otherwise
    members: tuple[MemberPort, ...]
    switches: tuple[str, ...]  # distinct recorded switches, in member order
    topology: str | None  # single / stack / independent, None when unknown
    needs_stack: bool  # an aggregation whose members end on more than one switch
    port_mode: str  # "access" (untagged only) or "trunk"
    tagged_vlans: tuple[tuple[int, int], ...]  # merged ranges the ports must carry tagged
    vlan_sources: tuple[str, ...]  # where each tagged VLAN comes from, for the reader
    untagged: tuple[str, ...]  # what sends untagged frames; empty: nothing does
    guest_tags_on_demand: bool  # a bridge that is not VLAN aware: tagged guests add VLANs
    mtu: int  # the largest IP MTU on the bond and what sits on it
    mtu_from: tuple[str, ...]  # the interfaces that set it ("" entries never)
    frame_bytes: int  # the largest frame on the wire, header, tags and FCS included
    warnings: tuple[str, ...]
    steps: tuple[str, ...]
    snippets: tuple[Snippet, ...]

    @property
    def tagged_text(self) -> str:
        return " ".join(str(a) if a == b else f"{a}-{b}" for a, b in self.tagged_vlans)

    def as_text(self) -> str:
        where = f" on {self.host}" if self.host else ""
        lines = [f"Switch-side checklist for {self.bond}{where} ({self.mode_label})", ""]
        for i, step in enumerate(self.steps, 1):
            first, *rest = step.split("\n")
            lines.append(f"{i}. {first}")
            lines.extend(f"   {line}" for line in rest)
        if self.warnings:
            lines += ["", "Warnings:"]
            lines.extend(f"  - {w}" for w in self.warnings)
        for snippet in self.snippets:
            lines += ["", f"--- Example for {snippet.family}: adapt before use, netwizard has not seen your switch ---"]
            lines.extend(snippet.text.splitlines())
        return "\n".join(lines) + "\n"


def host_switch_checklists(network: HostNetwork, context: Context | None = None) -> list[Checklist]:
    """One checklist per Linux bond of the host, in file order (Open vSwitch bonds are skipped)."""
    net = Net(network)
    bonds = [i.name for i in net.by_name.values() if i.kind == Kind.BOND and i.bond and not net.is_ovs(i)]
    return [bond_switch_checklist(network, name, context) for name in bonds]


def bond_switch_checklist(network: HostNetwork, bond_name: str, context: Context | None = None) -> Checklist:
    """The checklist for one bond; ValueError if it is not a Linux bond or its mode is not one of the seven."""
    f = bond_facts(network, bond_name, context or Context())
    return Checklist(
        host=f.host,
        bond=f.bond,
        mode=f.mode.name,
        mode_label=f.mode.label,
        switch_mode=f.mode.switch,
        lacp_rate=f.lacp_rate,
        members=f.ports,
        switches=f.switches,
        topology=f.topology,
        needs_stack=f.needs_stack,
        port_mode="trunk" if f.trunk else "access",
        tagged_vlans=tuple(vid_ranges(f.vlans.tagged)),
        vlan_sources=tuple(f.vlans.sources),
        untagged=tuple(f.vlans.untagged),
        guest_tags_on_demand=f.vlans.guest_tags_on_demand,
        mtu=f.mtu,
        mtu_from=f.mtu_from,
        frame_bytes=f.frame,
        warnings=tuple(warnings(f)),
        steps=tuple(steps(f)),
        snippets=snippets(f),
    )
