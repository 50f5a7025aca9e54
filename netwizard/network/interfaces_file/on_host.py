"""The file as Proxmox reads it on the host it configures.

A file names interfaces that the host has and the file does not define, and Open
vSwitch ports in a form Proxmox rewrites. Proxmox, reading on the host, completes both;
netwizard, reading the file alone, does what Proxmox would do on a host that has what
the file names.
"""

from __future__ import annotations

from ..model import Family, GlobalLine, HostNetwork, Interface, Kind
from . import syntax as syn


def settle_ovs_ports(network: HostNetwork) -> None:
    """Read an OVS bridge's ports as Proxmox does.

    `allow-vmbr1 PORT` lines mark what ifupdown (not ifupdown2) starts with the bridge;
    Proxmox drops them for the ports the bridge lists and starts those ports with `auto`
    instead. A NIC the bridge lists is an OVS port of it: Proxmox writes `ovs_type
    OVSPort` and `ovs_bridge` into the NIC's stanza.
    """
    ports: dict[str, str] = {}
    for iface in network.interfaces:
        options = [(k, v) for f in iface.families for k, v in f.options]
        if iface.kind == Kind.OTHER and ("ovs_type", "OVSBridge") in options:
            for key, value in options:
                if key == "ovs_ports":
                    ports.update((port, iface.name) for port in value.split())
    if not ports:
        return
    kept = []
    for line in network.global_lines:
        word, *names = line.text.split()
        bridge = word.removeprefix("allow-")
        if word.startswith("allow-") and any(ports.get(n) == bridge for n in names):
            names = [n for n in names if ports.get(n) != bridge]
            if not names:
                continue
            line = GlobalLine(" ".join([word, *names]), line.position)
        kept.append(line)
    network.global_lines = kept
    for iface in network.interfaces:
        if iface.name in ports and iface.kind == Kind.NIC:
            _make_ovs_port(iface, ports[iface.name])


def _make_ovs_port(nic: Interface, bridge: str) -> None:
    nic.kind = Kind.OTHER
    first = nic.inet or nic.inet6 or Family()
    nic.inet = nic.inet if nic.inet is not None or nic.inet6 is not None else first
    first.options[:0] = [("ovs_type", "OVSPort"), ("ovs_bridge", bridge)]
    if nic.mtu is not None:
        first.options.append(("ovs_mtu", str(nic.mtu)))
        nic.mtu = None


# Options whose values name other interfaces of the host.
_NAMING_KEYS = frozenset(
    {"bond-slaves", "bond-ports", "slaves", "bridge-ports", "vlan-raw-device", "ovs-ports", "ovs-bonds"}
)


def add_named_nics(network: HostNetwork, physical: frozenset[str]) -> None:
    """Give a stanza to every NIC the file names but does not define.

    `bridge-ports enp2s0` without `iface enp2s0` is normal: the NIC exists on the host, and
    Proxmox, which lists every NIC the kernel has, writes `iface enp2s0 inet manual` for
    it. A file alone cannot show that the NIC exists, so a name that looks like a NIC is
    assumed to; `network.assumed_nics` lets the rules say so.

    Except where the file defines a spare NIC, one that nothing uses and that is bare
    (`iface NIC inet manual` and nothing else): Proxmox's installer and GUI write such
    stanzas for the NICs a host has, so the file is then taken as the list of them, and a
    name missing from it is more likely a typo for a spare one (a bridge without its port
    takes the host off the network) than a NIC. The rules report that as an error, as
    Proxmox's writer would refuse it on a host without the NIC.
    """
    named: list[str] = []
    for iface in network.interfaces:
        named += iface.bond.slaves if iface.bond else []
        named += iface.bridge.ports if iface.bridge else []
        named += [iface.vlan.raw_device] if iface.vlan else []
        for family in iface.families:
            named += [n for k, v in family.options if k.replace("_", "-") in _NAMING_KEYS for n in v.split()]
    known = {iface.name for iface in network.interfaces}
    spare = [i.name for i in network.interfaces if i.kind == Kind.NIC and i.name not in named and _bare(i)]
    if spare:
        return
    for name in dict.fromkeys(named):
        if name not in known and (name in physical or syn.PHYSICAL_NIC.fullmatch(name)):
            network.interfaces.append(Interface(name, Kind.NIC, inet=Family("manual")))
            network.assumed_nics.append(name)
            known.add(name)


def _bare(nic: Interface) -> bool:
    """`iface NIC inet manual` and nothing else, as the installer and Proxmox write a NIC
    that nothing uses."""
    return nic.mtu is None and all(f.method == "manual" and not f.address and not f.options for f in nic.families)
