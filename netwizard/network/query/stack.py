"""What an interface stands on: the bonds and NICs below it, through bridges, VLANs and bonds.

    below(net, name) -> Below(bonds, nics)

`vmbr0.50` stands on `vmbr0`, its ports, a bond among them and the bond's members; an
implicit `X.N` port stands on X. A name the file does not define counts as a NIC (the
installer's files list every NIC, but a hand-written one may not).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Kind
from .index import DOTTED, Net


@dataclass(frozen=True)
class Below:
    bonds: tuple[str, ...]
    nics: tuple[str, ...]

    def shares(self, other: Below) -> tuple[str, ...]:
        """The bonds and NICs both stand on: one failure there takes down both."""
        return tuple(n for n in (*self.bonds, *self.nics) if n in (*other.bonds, *other.nics))


def below(net: Net, name: str) -> Below:
    bonds: list[str] = []
    nics: list[str] = []
    todo, seen = [name], set()
    while todo:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.add(current)
        iface = net.by_name.get(current)
        if iface is None:
            m = DOTTED.fullmatch(current)
            if m:
                todo.append(m.group(1))
            else:
                nics.append(current)
        elif iface.kind == Kind.NIC:
            nics.append(current)
        elif iface.kind == Kind.BOND and iface.bond:
            bonds.append(current)
            todo.extend(iface.bond.slaves)
        elif iface.kind == Kind.BRIDGE and iface.bridge:
            todo.extend(p for p in iface.bridge.ports if p != "none")
        elif iface.kind == Kind.VLAN and iface.vlan:
            todo.append(iface.vlan.raw_device)
    return Below(bonds=tuple(bonds), nics=tuple(nics))
