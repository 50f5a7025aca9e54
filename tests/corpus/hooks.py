"""Hook lines (`post-up`, `pre-up`, `up`, `down`...) as admins write them: Proxmox keeps
them verbatim, so their spacing is part of what a writer must not touch."""

from __future__ import annotations

import ipaddress

from .draft import Draft, Stanza


def stanza_network(stanza: Stanza) -> str:
    """The IPv4 network of a stanza's address, as iptables rules name it (10.10.10.0/24)."""
    values = dict(stanza.options)
    address = values["address"]
    if "/" not in address:
        address = f"{address}/{values['netmask']}"
    return str(ipaddress.ip_interface(address).network)


def hooks_add(draft: Draft, stanza: Stanza) -> None:
    """One to three hook lines on `stanza`; some with runs of spaces inside the command."""
    rng = draft.rng
    name = stanza.name
    choices = [
        ("post-up", f"ethtool -K {name} tso off gso off"),
        ("post-up", "echo 1 > /proc/sys/net/ipv4/ip_forward"),
        ("up", f"ip route add 10.99.0.0/16 via 10.99.255.1 dev {name}"),
        ("down", f"ip route del 10.99.0.0/16 via 10.99.255.1 dev {name}"),
        ("pre-up", f"ip link set {name} txqueuelen 10000"),
        ("post-up", "iptables -A FORWARD -i fwbr+ -j ACCEPT"),
        ("post-up", f"echo 0 > /sys/class/net/{name}/bridge/multicast_snooping"),
        ("post-down", "sysctl -w net.ipv4.ip_forward=0"),
    ]
    for key, command in rng.sample(choices, rng.randint(1, 3)):
        if rng.random() < 0.2:
            # Commands aligned by hand: Proxmox keeps the spaces, and so must a writer.
            command = command.replace(" ", "  ", 1)
            draft.traits.add("spaces-in-value")
        stanza.option_add(key, command)
    draft.traits.update(("hook", "unknown-option"))
