"""NIC-*: what a node's facts document shows about the NICs its bonds stand on (issue 17).

Run only when facts were given (`Context.facts`); without them netwizard knows nothing
of the hardware and says nothing. Different speeds in an 802.3ad bond are BOND-33, which
reads the measured speeds from the same context.
"""

from __future__ import annotations

from collections import defaultdict

from ..query.context import Context
from ..query.index import Net
from .findings import Findings


def check(net: Net, ctx: Context, out: Findings) -> None:
    facts = ctx.facts
    if facts is None:
        return
    owners: dict[str, list[str]] = defaultdict(list)
    for nic in facts.nics.values():
        if nic.permanent_mac:
            owners[nic.permanent_mac].append(nic.name)
    for bond in net.linux_bonds():
        for member in bond.bond.slaves if bond.bond else []:
            seen = facts.nics.get(member)
            if seen is None:
                continue
            if not seen.up:
                _member_down(out, bond.name, member)
            others = [name for name in owners.get(seen.permanent_mac, []) if name != member]
            if others:
                _member_mac_shared(out, bond.name, member, seen.permanent_mac, others)


def _member_down(out: Findings, bond: str, member: str) -> None:
    """NIC-03: a bond member without link on the node."""
    out.warning(
        "NIC-03",
        member,
        f"{member}, a member of {bond}, has no link on the node (its cable is out, or the switch port is down or "
        "disabled): the bond runs without it.",
        f"Check the cable and the switch port of {member}; `ip link show {member}` shows LOWER_UP once the link "
        "is back.",
    )


def _member_mac_shared(out: Findings, bond: str, member: str, mac: str, others: list[str]) -> None:
    """NIC-04: a bond member whose permanent MAC another NIC of the node also reports."""
    out.warning(
        "NIC-04",
        member,
        f"{member}, a member of {bond}, has the permanent MAC {mac}, which {', '.join(others)} also report: a NIC "
        "whose burnt-in address is not unique cannot be told apart by MAC (pinning names, DHCP, the switch's tables).",
        "Look for cloned or virtual NICs with copied addresses; give each NIC its own address.",
    )
