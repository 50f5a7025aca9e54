"""The network as the downloaded file holds it, and the values that do not get there.

    as_written(network) -> HostNetwork
        The file for `network` read back, with the inventory's facts (switch, speed,
        roles) put back by name. The rules judge this network, so a finding is always
        about a line of the file shown beside it, never about a value the writer
        replaces (a missing bond-miimon it writes as 100) or leaves out.
    check_written(network, context) -> (written network or None, findings)
        The rules' findings about the written network.
    unwritten_values(network, written) -> list[Unwritten]
        Each value the inventory holds that the file does not carry, with the reason.

Both go through the renderer itself, so they cannot disagree with the download.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass

from . import bonding, rules
from .interfaces_file import UnsafeValueError, parse, render
from .model import HostNetwork, Kind

# What the inventory knows beyond the file; kept on the interface of the same name.
FACTS = ("mac", "speed_mbps", "switch", "switch_port", "carries_cluster", "is_management", "pin_planned")


def as_written(network: HostNetwork, text: str | None = None) -> HostNetwork:
    """`network` as its file reads back. `text` is that file when the caller rendered it
    already. UnsafeValueError when the renderer refuses the network."""
    text = render(network) if text is None else text
    physical = [i.name for i in network.interfaces if i.kind == Kind.NIC]
    written = parse(text, physical=physical)
    written.hostname = network.hostname
    _copy_facts(written, network)
    return written


def with_facts(network: HostNetwork, source: HostNetwork) -> HostNetwork:
    """A copy of `network` (read from a file) with the inventory's facts of `source` put back
    on the interfaces of the same name: a file does not say which interface is the
    management one, carries the cluster or is cabled where."""
    network = copy.deepcopy(network)
    _copy_facts(network, source)
    return network


def _copy_facts(network: HostNetwork, source: HostNetwork) -> None:
    facts = source.by_name()
    for iface in network.interfaces:
        known = facts.get(iface.name)
        if known is not None:
            for name in FACTS:
                setattr(iface, name, getattr(known, name))


def check_written(
    network: HostNetwork, context: rules.Context | None = None, *, text: str | None = None
) -> tuple[HostNetwork | None, list[rules.Finding]]:
    """The written network and the rules' findings about it. When the renderer refuses the
    network there is no file to judge: the findings are then about `network` itself, and
    the written network is None."""
    try:
        written = as_written(network, text)
    except UnsafeValueError:
        return None, rules.check(network, context)
    return written, rules.check(written, context)


@dataclass(frozen=True)
class Unwritten:
    interface: str
    option: str  # as the file would spell it
    value: str
    reason: str  # a sentence: why the file does not carry it

    @property
    def message(self) -> str:
        return f"{self.option} {self.value} is not written: {self.reason}"


def unwritten_values(network: HostNetwork, written: HostNetwork) -> list[Unwritten]:
    """Values of `network` that its file (`written`, from `as_written`) leaves out."""
    out: list[Unwritten] = []
    found = written.by_name()
    for iface in network.interfaces:
        after = found.get(iface.name)
        if after is None:
            continue
        if iface.bond is not None and after.bond is not None:
            mode = after.bond.mode
            for option, before, now in (
                (bonding.HASH_POLICY, iface.bond.xmit_hash_policy, after.bond.xmit_hash_policy),
                (bonding.PRIMARY, iface.bond.primary, after.bond.primary),
            ):
                if before and not now:
                    out.append(Unwritten(iface.name, option, before, bonding.unwritten_reason(mode, option)))
        if iface.bridge is not None and after.bridge is not None:
            if iface.bridge.fd is not None and after.bridge.fd is None:
                reason = "with STP on the kernel takes a forward delay of 2 to 30 seconds; Proxmox drops other values."
                out.append(Unwritten(iface.name, "bridge-fd", str(iface.bridge.fd), reason))
            if iface.bridge.vids and not after.bridge.vids:
                reason = "a bridge that is not VLAN aware has no VLAN list; turn VLAN awareness on to use it."
                out.append(Unwritten(iface.name, "bridge-vids", iface.bridge.vids, reason))
        kept = Counter((k, v) for f in after.families for k, v in f.options)
        for family in iface.families:
            for key, value in family.options:
                if kept[(key, value)] > 0:
                    kept[(key, value)] -= 1
                    continue
                reason = f"it repeats {key}, whose value {iface.name} does not get in the file either."
                out.append(Unwritten(iface.name, key, value, reason))
    return out
