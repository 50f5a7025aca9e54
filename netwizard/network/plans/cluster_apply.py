"""Changing the network of a Proxmox VE cluster one node at a time.

    cluster_apply_plan(cluster, [NodeStep(name, plan, peers), ...]) -> str
        A plain-text runbook for a page (`<pre>`): each node's own safe apply plan
        (apply.py), then the checks that must pass on that node before the next one
        is touched: quorum, every corosync link connected, and an unfragmented ping
        at full MTU to each peer on the corosync and Ceph networks.

It is not one script: each plan runs in a root shell on its own node. Command lines
are indented by exactly COMMAND_INDENT outside the plan blocks, and only they are
commands; prose is indented by at most three spaces. Plans are embedded verbatim
between delimiter lines (an indent would change the interfaces file inside their
quoted here-document), and a plan holding such a line is refused.

Everything in the runbook's own commands passes a strict grammar (ValueError
otherwise): node names match apply.HOSTNAME, addresses are re-printed from
`ipaddress` objects, MTUs are whole numbers, labels have no shell characters.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from .apply import HOSTNAME

CLUSTER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,14}")
LABEL = re.compile(r"[A-Za-z0-9 ./:()_-]{1,60}")
MIN_MTU, MAX_MTU = 576, 65520
COMMAND_INDENT = "    "
DELIMITER = "----- {} plan for {} -----"  # begin/end, node name
# Broader than the lines written, so that no variant of them can hide in a plan.
_DELIMITER = re.compile(r"-{3,}\s*(?:begin|end)\s+plan\s+for\b.*", re.IGNORECASE)
_HEADERS = {4: 28, 6: 48}  # IP + ICMP headers: ping's -s is the MTU minus these


@dataclass(frozen=True)
class NodeStep:
    name: str  # the node; apply.HOSTNAME grammar
    plan: str  # the node's safe apply plan (apply.apply_plan); "" when its file is unchanged
    peers: tuple[tuple[str, str, int], ...] = ()  # (network label, peer address, MTU) to test from this node


def cluster_apply_plan(cluster: str, steps: list[NodeStep]) -> str:
    """The runbook for changing `cluster` node by node, in the order of `steps`.

    ValueError when a name, address, MTU, label or plan falls outside the grammar.
    """
    _check(cluster, steps)
    names = [step.name for step in steps]
    lines = [*_header(cluster, names), "", *_before(), ""]
    for number, step in enumerate(steps, 1):
        lines += [*_node(step, f"Node {number} of {len(steps)}: {step.name}", number == len(steps)), ""]
    lines += _final(names)
    return "\n".join(lines) + "\n"


def _header(cluster: str, names: list[str]) -> list[str]:
    title = f"Network change for cluster {cluster}"
    return [
        title,
        "=" * len(title),
        f"Order: {', '.join(names)} ({len(names)} node{'s' if len(names) > 1 else ''}).",
        "Rule: one node at a time; do not start the next node until the checks below pass.",
        "Have console access (IPMI, iDRAC/iLO or a local screen) to every node: a mistake can cut the",
        "SSH session you work in, and the console is the way back in.",
        "HA: a node that loses quorum for too long is fenced. On Proxmox an HA-managed node without quorum",
        "reboots after about 60 s, and every guest on it stops. So before changing a node that runs HA",
        "guests, migrate them away or put the node into HA maintenance (PVE 7.3 and later); each node's",
        "section below has the commands.",
        f"Lines indented by {len(COMMAND_INDENT)} spaces are commands: run them as root on the node named.",
    ]


def _before() -> list[str]:
    return [
        "Before starting",
        "---------------",
        'On any node: the line "Quorate:" must end in "Yes" (pvecm pads it with spaces: "Quorate: Yes").',
        "If it does not, the cluster is already in trouble: do not start.",
        f"{COMMAND_INDENT}pvecm status",
    ]


def _node(step: NodeStep, title: str, last: bool) -> list[str]:
    name, nxt = step.name, "the final check" if last else "the next node"
    lines = [title, "-" * len(title)]
    if not step.plan.strip():
        lines += [f"a) no change for {name}; skip to the checks.", f"b) Checks on {name}:"]
        outcome = [
            f"c) Only when all of these pass, go on to {nxt}. If one fails, stop: {name} did not change,",
            "   so the fault lies with a node changed before it or with a switch; find it before touching",
            "   another node.",
        ]
    else:
        lines += [
            f"Before: if {name} runs HA guests, migrate them away, or put {name} into HA maintenance and",
            f'wait until "ha-manager status" shows no started service on {name}:',
            f"{COMMAND_INDENT}ha-manager crm-command node-maintenance enable {name}",
            f"{COMMAND_INDENT}ha-manager status",
            f"a) Paste {name}'s safe apply plan (below) into a root shell on {name}, and answer it up to its",
            '   "keep" prompt; leave that prompt waiting.',
            DELIMITER.format("begin", name),
            step.plan.rstrip("\n"),  # verbatim: the plan's here-document must reach the shell unchanged
            DELIMITER.format("end", name),
            f'b) Checks on {name}, in the new SSH session the plan asks for, before you type "keep"',
            "   (its revert timer is still armed, so a failure here can still be undone):",
        ]
        outcome = [
            f"c) Only when all of these pass, type keep at {name}'s prompt, end its HA maintenance if you",
            f"   started it, and go on to {nxt}:",
            f"{COMMAND_INDENT}ha-manager crm-command node-maintenance disable {name}",
            f"   If one fails, revert {name} (its plan's revert timer, or type anything but keep) before touching",
            "   another node. If you already typed keep: copy the backup the plan printed back over",
            "   /etc/network/interfaces and run ifreload -a, from the console if need be.",
        ]
    return [*lines, *_checks(step), *outcome]


def _checks(step: NodeStep) -> list[str]:
    lines = [
        '  Quorum: expect "Quorate: Yes" and the same Total votes as before the change.',
        f"{COMMAND_INDENT}pvecm status | grep -E 'Quorate|Total votes'",
        '  Corosync: under each "LINK ID", every other node\'s nodeid line must say "connected"',
        '  (this node says "localhost"); "disconnected" means that link is down to that node.',
        f"{COMMAND_INDENT}corosync-cfgtool -s",
    ]
    if step.peers:
        lines += [
            "  MTU: each ping sends the largest packet that fits its network's MTU unfragmented (-M do",
            "  forbids fragmenting): MTU - 28 for IPv4 (IP 20 + ICMP 8), MTU - 48 for IPv6 (IPv6 40 + ICMPv6 8);",
            '  it also proves plain reachability. Expect "3 received, 0% packet loss". A failure means a hop',
            "  on that network (a switch port, bond or bridge) has a smaller MTU, or the peer is unreachable.",
        ]
    for label, address, mtu in step.peers:
        ip = ipaddress.ip_address(address)
        size = mtu - _HEADERS[ip.version]
        lines += [
            f"  {label}, MTU {mtu}, to {ip} ({size} = {mtu} - {_HEADERS[ip.version]}):",
            f"{COMMAND_INDENT}ping{' -6' if ip.version == 6 else ''} -M do -s {size} -c 3 {ip}",
        ]
    return lines


def _final(names: list[str]) -> list[str]:
    title = f"Final check, on {names[-1]}"
    return [
        title,
        "-" * len(title),
        'pvecm status: "Quorate: Yes", Total votes equal to Expected votes, and all nodes listed under',
        f'"Membership information"; pvecm nodes names them (at least {", ".join(names)}).',
        f"{COMMAND_INDENT}pvecm status",
        f"{COMMAND_INDENT}pvecm nodes",
    ]


def _check(cluster: str, steps: list[NodeStep]) -> None:
    if not isinstance(cluster, str) or not CLUSTER_NAME.fullmatch(cluster):
        raise ValueError(f"{cluster!r} is not a Proxmox cluster name")
    if not steps:
        raise ValueError("a cluster plan needs at least one node")
    seen: set[str] = set()
    for step in steps:
        if not isinstance(step, NodeStep):
            raise ValueError(f"{step!r} is not a NodeStep")
        if not isinstance(step.name, str) or not HOSTNAME.fullmatch(step.name):
            raise ValueError(f"{step.name!r} is not a host name")
        if step.name.lower() in seen:  # host names are case-insensitive
            raise ValueError(f"node {step.name} appears twice")
        seen.add(step.name.lower())
        if not isinstance(step.plan, str):
            raise ValueError(f"the plan for {step.name} is not text")
        if any(_DELIMITER.fullmatch(line.strip()) for line in step.plan.splitlines()):
            raise ValueError(f"the plan for {step.name} contains a plan delimiter line")
        for peer in step.peers:
            _check_peer(step.name, peer)


def _check_peer(name: str, peer: tuple[str, str, int]) -> None:
    try:
        label, address, mtu = peer
    except (TypeError, ValueError):
        raise ValueError(f"peer {peer!r} of {name} is not (label, address, MTU)") from None
    if not isinstance(label, str) or not LABEL.fullmatch(label) or label != label.strip():
        raise ValueError(f"network label {label!r} cannot be used in the runbook")
    try:  # text only: ipaddress would also take an int
        ip = ipaddress.ip_address(address if isinstance(address, str) else None)
    except ValueError:
        raise ValueError(f"{address!r} is not an IP address") from None
    # ipaddress keeps an IPv6 scope ("%...") as raw text; ping would need -I for it anyway.
    if ip.version == 6 and (ip.scope_id is not None or ip.is_link_local):
        raise ValueError(f"{address!r}: give a global or unique-local IPv6 address, not a link-local one")
    if ip.is_unspecified or ip.is_multicast or ip.is_loopback:
        raise ValueError(f"{address!r} is not a peer's unicast address")
    if isinstance(mtu, bool) or not isinstance(mtu, int) or not MIN_MTU <= mtu <= MAX_MTU:
        raise ValueError(f"MTU {mtu!r} must be a whole number from {MIN_MTU} to {MAX_MTU}")
    if ip.version == 6 and mtu < 1280:  # RFC 8200: Linux turns IPv6 off on a link below this
        raise ValueError(f"MTU {mtu} is below the IPv6 minimum of 1280")
