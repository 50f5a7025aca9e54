"""The option lines of one interface, paired between the two files and each one left over explained."""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .. import bonding
from ..interfaces_file import syntax as syn
from ..interfaces_file.unmodelled import same_option_value
from .changes import DEFAULT, EDITED, MEMBERS_ORDER, MODE_NAME, NETMASK, NOT_FOR_MODE, PVE_DROPS, REASONS, SPELLING

if TYPE_CHECKING:
    from .compare import Comparison, OptionLine


# --- Options of one interface ------------------------------------------------------------


_TRUTH = {"yes": "yes", "on": "yes", "1": "yes", "no": "no", "off": "no", "0": "no"}
_LIST_KEYS = ("bond-slaves", "bridge-ports")


class OptionDiff:
    """Pairs the option lines of one interface and explains each one left over."""

    def __init__(self, comparison: Comparison, name: str, old: list[OptionLine], new: list[OptionLine]):
        self.c = comparison
        self.name = name
        self.old = old
        self.new = new
        new_iface = comparison.new_net.get(name)
        self.new_bond = new_iface.bond if new_iface is not None else None
        self.new_bridge = new_iface.bridge if new_iface is not None else None

    def run(self) -> None:
        lists = [ln for ln in self.old + self.new if ln.canonical in _LIST_KEYS]
        for key in dict.fromkeys(ln.canonical for ln in lists):
            self._members(key)
        self._addresses()
        old = [ln for ln in self.old if ln.canonical not in _LIST_KEYS and ln.family == ""]
        new = [ln for ln in self.new if ln.canonical not in _LIST_KEYS and ln.family == ""]
        unmatched = Counter(ln.match_key for ln in old) - Counter(ln.match_key for ln in new)
        extra = Counter(ln.match_key for ln in new) - Counter(ln.match_key for ln in old)
        old_left = _take(old, unmatched)
        new_left = _take(new, extra)
        for key in dict.fromkeys([ln.canonical for ln in old_left + new_left]):
            self._option(
                key, [ln for ln in old_left if ln.canonical == key], [ln for ln in new_left if ln.canonical == key]
            )

    def add(
        self, kind: str, detail: str, before: Iterable[OptionLine], after: Iterable[OptionLine], reason: str = ""
    ) -> None:
        self.c.add(kind, self.name, detail, [ln.text for ln in before], [ln.text for ln in after], reason)

    def _members(self, key: str) -> None:
        old = [ln for ln in self.old if ln.canonical == key]
        new = [ln for ln in self.new if ln.canonical == key]
        if [ln.text for ln in old] == [ln.text for ln in new]:
            return
        old_names = [n for ln in old for n in ln.value.split() if n != "none"]
        new_names = [n for ln in new for n in ln.value.split() if n != "none"]
        shown_old, shown_new = " ".join(old_names) or "none", " ".join(new_names) or "none"
        if Counter(old_names) != Counter(new_names):
            self.add(EDITED, f"{key} {shown_old} -> {shown_new}", old, new)
        elif old_names != new_names:
            reason = REASONS[MEMBERS_ORDER]
            if key == "bond-slaves" and new_names and old_names and new_names[0] != old_names[0]:
                reason += (
                    f" A bond takes its MAC address from its first member when it is created, so after a reboot "
                    f"{self.name} may use {new_names[0]}'s MAC instead of {old_names[0]}'s."
                )
            self.add(MEMBERS_ORDER, f"{key} {shown_old} -> {shown_new}", old, new, reason)
        else:
            self.add(SPELLING, f"{' / '.join(dict.fromkeys(ln.key for ln in old))} -> {key}", old, new)

    def _addresses(self) -> None:
        for family in ("inet", "inet6"):
            old = [ln for ln in self.old if ln.family == family]
            new = [ln for ln in self.new if ln.family == family]
            if Counter(ln.text for ln in old) == Counter(ln.text for ln in new):
                continue
            self._gateways(family, old, new)
            old_addr = [ln for ln in old if ln.key in ("address", "netmask", "broadcast")]
            new_addr = [ln for ln in new if ln.key in ("address", "netmask", "broadcast")]
            if Counter(ln.text for ln in old_addr) == Counter(ln.text for ln in new_addr):
                continue
            before, after = _effective_addresses(old_addr), _effective_addresses(new_addr)
            if before == after and before is not None:
                self.add(NETMASK, "netmask and broadcast folded into the address", old_addr, new_addr)
            else:
                shown = [" ".join(a or ["none"]) if a is not None else "unreadable" for a in (before, after)]
                self.add(EDITED, f"{_prefix(family)}address {shown[0]} -> {shown[1]}", old_addr, new_addr)

    def _gateways(self, family: str, old: list[OptionLine], new: list[OptionLine]) -> None:
        old_gw = [ln for ln in old if ln.key == "gateway"]
        new_gw = [ln for ln in new if ln.key == "gateway"]
        if [ln.value for ln in old_gw] != [ln.value for ln in new_gw]:
            shown = [" ".join(ln.value for ln in lines) or "none" for lines in (old_gw, new_gw)]
            self.add(EDITED, f"{_prefix(family)}gateway {shown[0]} -> {shown[1]}", old_gw, new_gw)

    def _option(self, key: str, old: list[OptionLine], new: list[OptionLine]) -> None:
        old_values = [ln.value for ln in old]
        new_values = [ln.value for ln in new]
        if old and new:
            if len(old) == len(new) and all(map(same_option_value, [key] * len(old), old_values, new_values)):
                return  # ovs_options words in another order: the same settings, no change
            if [self._meaning(key, v) for v in old_values] == [self._meaning(key, v) for v in new_values]:
                kind = MODE_NAME if key == "bond-mode" and old_values != new_values else SPELLING
                self.add(kind, f"{old[0].text} -> {new[0].text}", old, new)
            else:
                self.add(EDITED, f"{key} {' '.join(old_values)} -> {' '.join(new_values)}", old, new)
            return
        if new:
            default = self._default(key, new_values)
            if default:
                self.add(DEFAULT, f"{new[0].text} written out", (), new, default)
            else:
                self.add(EDITED, f"{key} none -> {' '.join(new_values)}", (), new)
            return
        dropped = self._dropped(key, old_values)
        if dropped:
            kind, reason = dropped
            self.add(kind, f"{old[0].text} left out", old, (), reason)
        else:
            self.add(EDITED, f"{key} {' '.join(old_values)} -> none", old, ())

    def _meaning(self, key: str, value: str) -> str:
        if key == "bond-mode":
            return syn.BOND_MODE_NUMBERS.get(value, value)
        if key in ("bridge-stp", "bridge-vlan-aware"):
            return _TRUTH.get(value.lower(), value)
        return value

    def _default(self, key: str, values: list[str]) -> str:
        """Why the writer added this line although nobody set it; "" when that is not the case."""
        value = values[0] if len(values) == 1 else None
        if key == "bond-miimon" and value == str(syn.DEFAULT_MIIMON):
            return (
                f"Proxmox always writes bond-miimon: each member's link is checked every {value} ms. Without the line "
                "ifupdown2 sets no link monitoring (0), so a member that loses its link stays in the bond."
            )
        if key == "bond-mode" and value == syn.DEFAULT_BOND_MODE:
            return f"Proxmox always writes bond-mode; {value} is also what the kernel uses when the line is missing."
        if key == "bridge-stp" and value == "off":
            return "Proxmox always writes bridge-stp; off is also ifupdown2's default."
        if key == "bridge-fd" and value == "0" and self.new_bridge is not None and self.new_bridge.stp == "off":
            return "Proxmox writes bridge-fd 0 on a bridge without STP, where the forward delay is not used."
        if key == "bridge-vids" and value == syn.DEFAULT_VIDS and self.new_bridge and self.new_bridge.vlan_aware:
            return "Proxmox writes bridge-vids 2-4094 on a VLAN-aware bridge that lists no VLANs."
        return ""

    def _dropped(self, key: str, values: list[str]) -> tuple[str, str] | None:
        """(kind, reason) when the writer leaves this line out on purpose, else None."""
        bond = self.new_bond
        if key in bonding.WRITTEN_ONLY_FOR and bond is not None and not bonding.written(bond.mode, key):
            return NOT_FOR_MODE, _sentence(bonding.unwritten_reason(bond.mode, key))
        if key == "bridge-fd" and self.new_bridge is not None and self.new_bridge.stp == "on":
            return PVE_DROPS, "With STP on the kernel takes a forward delay of 2 to 30 seconds; Proxmox drops others."
        return None


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _take(lines: list[OptionLine], wanted: Counter[tuple[str, str, str]]) -> list[OptionLine]:
    budget = Counter(wanted)
    out = []
    for ln in lines:
        if budget[ln.match_key] > 0:
            budget[ln.match_key] -= 1
            out.append(ln)
    return out


def _prefix(family: str) -> str:
    return "IPv6 " if family == "inet6" else ""


def _effective_addresses(lines: list[OptionLine]) -> list[str] | None:
    """The addresses the lines configure, netmask folded in; None when they do not read as addresses."""
    addresses = [ln.value for ln in lines if ln.key == "address"]
    masks = [ln.value for ln in lines if ln.key == "netmask"]
    out = []
    for index, address in enumerate(addresses):
        if "/" not in address and index == 0 and masks:
            address = f"{address}/{masks[0]}"
        try:
            out.append(str(ipaddress.ip_interface(address)))
        except ValueError:
            return None
    return out
