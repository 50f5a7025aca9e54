"""One pass over a host's network that every rule family reads from.

Building these maps once keeps `check` linear in the number of interfaces: no rule
searches the interface list.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from ..model import Family, HostNetwork, Interface, Kind
from .options import normalise_key

DOTTED = re.compile(r"(.+)\.(\d+)")
BOND_NAME = re.compile(r"bond\d+")


@dataclass(frozen=True)
class Option:
    key: str  # normalised: hyphens, aliases folded
    raw_key: str
    value: str
    family: str  # "inet" or "inet6"


@dataclass(frozen=True)
class Address:
    family: str  # the stanza it sits in: "inet" or "inet6"
    text: str
    ip: ipaddress.IPv4Interface | ipaddress.IPv6Interface | None  # None when it does not parse


def parse_address(text: str) -> ipaddress.IPv4Interface | ipaddress.IPv6Interface | None:
    if "/" not in text:
        return None
    try:
        return ipaddress.ip_interface(text)
    except ValueError:
        return None


def is_unspecified(text: str) -> bool:
    return text.split("/", 1)[0] in ("0.0.0.0", "::")


class Net:
    def __init__(self, network: HostNetwork):
        self.network = network
        self.interfaces = network.interfaces
        self.order: dict[str, int] = {}
        self.by_name: dict[str, Interface] = {}
        self.duplicates: list[tuple[Interface, Interface]] = []  # (first, repeated)
        for i, iface in enumerate(self.interfaces):
            if iface.name in self.by_name:
                self.duplicates.append((self.by_name[iface.name], iface))
            else:
                self.by_name[iface.name] = iface
                self.order[iface.name] = i

        self._options: dict[int, list[Option]] = {}
        self._addresses: dict[int, list[Address]] = {}
        # member name -> the bonds / bridges / OVS objects that claim it, in file order
        self.masters: dict[str, list[tuple[Interface, str]]] = {}
        self.vlans_on: dict[str, list[Interface]] = {}
        for iface in self.interfaces:
            opts: list[Option] = []
            for fam_name, fam in _families(iface):
                opts.extend(Option(normalise_key(k), k, v.strip(" "), fam_name) for k, v in fam.options)
            self._options[id(iface)] = opts
            self._addresses[id(iface)] = [
                Address(fam_name, fam.address, parse_address(fam.address))
                for fam_name, fam in _families(iface)
                if fam.address
            ]
            if iface.kind == Kind.BOND and iface.bond:
                for slave in dict.fromkeys(iface.bond.slaves):
                    self.masters.setdefault(slave, []).append((iface, "bond"))
            if iface.kind == Kind.BRIDGE and iface.bridge:
                for port in dict.fromkeys(iface.bridge.ports):
                    self.masters.setdefault(port, []).append((iface, "bridge"))
            if iface.kind == Kind.VLAN and iface.vlan:
                self.vlans_on.setdefault(iface.vlan.raw_device, []).append(iface)
            # Proxmox counts OVS ports and OVS bond members when it checks that a port is
            # used only once, so do we.
            for opt in opts:
                if opt.key in ("ovs-ports", "ovs-bonds"):
                    for name in dict.fromkeys(opt.value.split()):
                        self.masters.setdefault(name, []).append((iface, "ovs"))

    # Per interface ----------------------------------------------------------------

    def options(self, iface: Interface) -> list[Option]:
        return self._options[id(iface)]

    def option(self, iface: Interface, key: str) -> str | None:
        for opt in self._options[id(iface)]:
            if opt.key == key:
                return opt.value
        return None

    def addresses(self, iface: Interface) -> list[Address]:
        return self._addresses[id(iface)]

    def ips(self, iface: Interface) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        return [a.ip.ip for a in self._addresses[id(iface)] if a.ip is not None]

    def has_ip_config(self, iface: Interface) -> bool:
        """An address, a gateway or DHCP: anything that makes it a layer-3 interface.

        0.0.0.0 and :: do not count: Proxmox accepts them on ports as "no address"
        (an old way to bring a link up), and IP-01 reports them on their own."""
        return any(
            (f.address and not is_unspecified(f.address)) or f.gateway or f.method == "dhcp"
            for _, f in _families(iface)
        )

    def master_of(self, name: str) -> tuple[Interface, str] | None:
        claims = self.masters.get(name)
        return claims[0] if claims else None

    def bridge_of(self, name: str) -> Interface | None:
        for master, role in self.masters.get(name, ()):
            if role == "bridge":
                return master
        return None

    def bond_of(self, name: str) -> Interface | None:
        for master, role in self.masters.get(name, ()):
            if role == "bond":
                return master
        return None

    def where_unread(self, name: str, key: str) -> str:
        """'Line N: ' when the reader could not take `key` of `name` (a value that fits no
        value of its field, kept as written), else "": the start of the finding about it."""
        for iface, unread_key, _, line, _ in self.network.unread_values:
            if iface == name and unread_key == key:
                return f"Line {line}: "
        return ""

    def exists(self, name: str) -> bool:
        """Defined in the file, or an `X.N` VLAN that ifupdown2 and Proxmox create on
        their own when it is only named as a bridge port."""
        if name in self.by_name:
            return True
        m = DOTTED.fullmatch(name)
        return m is not None and self.exists(m.group(1))

    def is_ovs(self, iface: Interface) -> bool:
        """An Open vSwitch object: Proxmox names OVS bonds bondN and OVS bridges vmbrN too,
        but neither is a Linux bond or bridge, and netwizard does not judge them."""
        return any(o.key.startswith("ovs-") for o in self._options[id(iface)])

    def linux_bonds(self) -> list[Interface]:
        """The bonds netwizard judges, in file order: Linux bonds, not Open vSwitch ones."""
        return [i for i in self.interfaces if i.kind == Kind.BOND and not self.is_ovs(i)]

    def bond_mode(self, bond: Interface) -> str:
        mode = bond.bond.mode if bond.bond else ""
        return mode or (self.option(bond, "bond-mode") or "")


def _families(iface: Interface) -> list[tuple[str, Family]]:
    out = []
    if iface.inet is not None:
        out.append(("inet", iface.inet))
    if iface.inet6 is not None:
        out.append(("inet6", iface.inet6))
    return out


families = _families
