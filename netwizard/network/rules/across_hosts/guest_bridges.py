"""CLUSTER-02, 03, 04: the guest bridges every node must have, set up alike."""

from __future__ import annotations

import functools

from ...model import Interface, Kind
from ...query.vids import DEFAULT_VIDS, parse_vids, vids_text, vlan_aware
from ...wording import listing
from ..findings import ERROR, WARNING
from .nodes import Host, Out, disagreements, natural_key

# node -> bridge name -> that Linux bridge, as linux_bridges gives them
_Linux = dict[str, dict[str, Interface]]


def linux_bridges(host: Host) -> dict[str, Interface]:
    return {
        i.name: i
        for i in host.net.by_name.values()
        if i.kind == Kind.BRIDGE and i.bridge is not None and not host.net.is_ovs(i)
    }


def ovs_bridges(host: Host) -> set[str]:
    return {i.name for i in host.net.by_name.values() if host.net.option(i, "ovs-type") == "OVSBridge"}


def bridge_vids(host: Host, bridge: Interface) -> frozenset[int] | None:
    return _vid_set(bridge.bridge_settings().vids or DEFAULT_VIDS)


@functools.lru_cache(maxsize=64)
def _vid_set(text: str) -> frozenset[int] | None:
    # Cached: every node of a cluster usually writes the same list, often all of 2-4094.
    ranges, problem = parse_vids(text)
    if problem:  # BR-08 reports it on the node itself
        return None
    return frozenset(v for a, b in ranges for v in range(a, b + 1))


def _describe_bridge(host: Host, bridge: Interface) -> str:
    if vlan_aware(host.net, bridge):
        return f"VLAN aware, bridge-vids {bridge.bridge_settings().vids or DEFAULT_VIDS}"
    return "not VLAN aware"


def check_bridges(hosts: list[Host], out: Out) -> None:
    linux = {h.name: linux_bridges(h) for h in hosts}
    ovs = {h.name: ovs_bridges(h) for h in hosts}
    names = sorted({b for bridges in linux.values() for b in bridges}, key=natural_key)
    for name in names:
        having = [h for h in hosts if name in linux[h.name]]
        present = [h.name for h in hosts if name in linux[h.name] or name in ovs[h.name]]
        _bridge_missing_on_a_node(name, hosts, having[0], linux[having[0].name][name], present, out)
        _check_vlan_awareness(name, having, linux, out)
        _check_vids(name, [h for h in having if vlan_aware(h.net, linux[h.name][name])], linux, out)


def _bridge_missing_on_a_node(
    name: str, hosts: list[Host], example: Host, template: Interface, present: list[str], out: Out
) -> None:
    """CLUSTER-02: a Linux bridge that some node lacks (as a Linux or an OVS bridge)."""
    shape = _describe_bridge(example, template)
    ports = [p for p in template.bridge_settings().ports if p != "none"]
    uplink = (
        f"with a port into the same network ({' '.join(ports)} on {example.name})"
        if ports
        else "without ports, as there"
    )
    for host in hosts:
        if host.name in present:
            continue
        out.add(
            "CLUSTER-02",
            ERROR,
            host.name,
            name,
            f"Bridge {name} exists on {listing(present)} but not on {host.name}: guests attached to {name} "
            f"cannot migrate to {host.name}, and HA cannot start them there.",
            f"Create {name} on {host.name} like on {example.name} ({shape}), {uplink}; if {name} is meant to "
            "stay local, keep guests that must migrate off it.",
        )


def _check_vlan_awareness(name: str, having: list[Host], linux: _Linux, out: Out) -> None:
    """CLUSTER-03: a bridge that is VLAN aware on some nodes only."""
    aware = {h.name: vlan_aware(h.net, linux[h.name][name]) for h in having}
    majority, report = disagreements(aware)
    for host in report:
        others_aware = [h for h, v in aware.items() if v and h != host]
        others_plain = [h for h, v in aware.items() if not v and h != host]
        if aware[host]:
            message = (
                f"{name} is VLAN aware on {host} but not on {listing(others_plain)}: tagged guests are connected "
                "differently on each side of a migration, and VLAN trunks only work on the VLAN-aware side."
            )
        else:
            message = (
                f"{name} is not VLAN aware on {host} but is on {listing(others_aware)}: guests with VLAN trunks "
                f"cannot run on {host}, and tagged guests get a separate VLAN bridge there instead."
            )
        if majority is None:
            hint = f"Choose one setting for {name} and use it on every node."
        elif majority:
            hint = f"Set bridge-vlan-aware yes on {name} on {host}, with the same bridge-vids as the other nodes."
        else:
            hint = f"Remove bridge-vlan-aware from {name} on {host}, as on the other nodes, or change every node."
        out.add("CLUSTER-03", WARNING, host, name, message, hint)


def _check_vids(name: str, aware: list[Host], linux: _Linux, out: Out) -> None:
    """CLUSTER-04: a VLAN-aware bridge that allows different VLANs on different nodes."""
    read = {h.name: bridge_vids(h, linux[h.name][name]) for h in aware}
    sets = {h: s for h, s in read.items() if s is not None}
    if len(set(sets.values())) < 2:  # every node allows the same VLANs (the sets are cached, so this is cheap)
        return
    union = frozenset().union(*sets.values())
    for host, vids in sets.items():
        missing = union - vids
        if not missing:
            continue
        others = [h for h, s in sets.items() if h != host and s & missing]
        text = vids_text(missing)
        out.add(
            "CLUSTER-04",
            WARNING,
            host,
            name,
            f"{name} on {host} does not allow VLAN {text}, which {name} allows on {listing(others)}: a guest "
            f"tagged with such a VLAN loses its network after migrating to {host}.",
            f"Add {text} to bridge-vids of {name} on {host}, or use the same bridge-vids on every node.",
        )
