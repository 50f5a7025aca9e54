"""Example switch configurations for a bond: Cisco NX-OS, Arista EOS and Juniper Junos.

Nothing the user typed reaches a snippet unless it fits a strict grammar (SAFE_TOKEN):
a port or host name with any other character becomes a placeholder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...bonding import SwitchNeed
from ...query.context import INDEPENDENT
from ...query.mtu import DEFAULT_MTU
from .facts import JUMBO, Facts, MemberPort

# What may appear in a snippet as a name; anything else becomes a placeholder.
SAFE_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./:-]{0,63}")


@dataclass(frozen=True)
class Snippet:
    family: str  # "Cisco NX-OS", "Arista EOS", "Juniper Junos"
    text: str


def snippets(f: Facts) -> tuple[Snippet, ...]:
    """One example per switch family, in the order the page shows them."""
    return (_nxos(f), _eos(f), _junos(f))


def _safe(text: str) -> str:
    return text if SAFE_TOKEN.fullmatch(text or "") else ""


def _port(p: MemberPort) -> str:
    return _safe(p.port) or f"<port of {_safe(p.nic) or 'member'}>"


def _description(f: Facts, name: str) -> str:
    parts = [_safe(f.host), _safe(name)]
    return " ".join(p for p in parts if p) or "proxmox host"


def _channel(f: Facts) -> int:
    m = re.fullmatch(r"bond(\d+)", f.bond)
    return int(m.group(1)) + 1 if m and int(m.group(1)) < 4000 else 1


def _by_switch(f: Facts) -> list[tuple[str, list[MemberPort]]]:
    groups: dict[str, list[MemberPort]] = {}
    for p in f.ports:
        groups.setdefault(_safe(p.switch), []).append(p)
    return list(groups.items()) or [("", [])]


def _header(f: Facts, family: str, comment: str) -> list[str]:
    return [
        f"{comment} {family} example for {_description(f, f.bond)} ({f.mode.name}).",
        f"{comment} Adapt port names, the channel number and <placeholders> to your switch before use.",
    ]


def _nxos(f: Facts) -> Snippet:
    ch = _channel(f)
    lines = _header(f, "Cisco NX-OS", "!")
    if f.mode.switch == SwitchNeed.LACP:
        lines.append("feature lacp")
    if f.needs_stack and f.topology != INDEPENDENT:
        lines.append("! the two switches must already be vPC peers; repeat this on both")

    def l2(indent: str) -> list[str]:
        out = [f"{indent}switchport"]
        if f.trunk:
            out.append(f"{indent}switchport mode trunk")
            if f.vlans.untagged:
                out.append(f"{indent}switchport trunk native vlan <untagged-vlan>")
            out.append(f"{indent}switchport trunk allowed vlan {f.vlan_list}")
            out.append(f"{indent}spanning-tree port type edge trunk")
        else:
            out.append(f"{indent}switchport mode access")
            out.append(f"{indent}switchport access vlan <untagged-vlan>")
            out.append(f"{indent}spanning-tree port type edge")
        if f.mtu > DEFAULT_MTU:
            out.append(f"{indent}mtu {JUMBO}")
        return out

    for switch, ports in _by_switch(f):
        if switch and len(f.switches) > 1:
            lines.append(f"! on {switch}")
        if f.aggregated:
            lines += [f"interface port-channel{ch}", f"  description {_description(f, f.bond)}", *l2("  ")]
            if f.needs_stack and f.topology != INDEPENDENT:
                lines.append(f"  vpc {ch}")
        for p in ports:
            lines += [f"interface {_port(p)}", f"  description {_description(f, p.nic)}"]
            if f.aggregated:
                if f.mtu > DEFAULT_MTU:
                    lines.append(f"  mtu {JUMBO}")
                lines.append(f"  channel-group {ch} mode {'active' if f.mode.switch == SwitchNeed.LACP else 'on'}")
                if f.lacp_rate == "fast":
                    lines.append("  lacp rate fast")
            else:
                lines += l2("  ")
            lines.append("  no shutdown")
    return Snippet("Cisco NX-OS", "\n".join(lines))


def _eos(f: Facts) -> Snippet:
    ch = _channel(f)
    lines = _header(f, "Arista EOS", "!")
    if f.needs_stack and f.topology != INDEPENDENT:
        lines.append("! the two switches must already be an MLAG pair; repeat this on both")
    if f.mtu > DEFAULT_MTU:
        lines.append(
            f"! EOS applies 'mtu' to routed packets; check that your platform switches frames of {f.frame} bytes"
        )

    def l2(indent: str) -> list[str]:
        if f.trunk:
            out = [f"{indent}switchport mode trunk"]
            if f.vlans.untagged:
                out.append(f"{indent}switchport trunk native vlan <untagged-vlan>")
            out.append(f"{indent}switchport trunk allowed vlan {f.vlan_list}")
        else:
            out = [f"{indent}switchport access vlan <untagged-vlan>"]
        out.append(f"{indent}spanning-tree portfast")
        return out

    for switch, ports in _by_switch(f):
        if switch and len(f.switches) > 1:
            lines.append(f"! on {switch}")
        if f.aggregated:
            lines += [f"interface Port-Channel{ch}", f"   description {_description(f, f.bond)}", *l2("   ")]
            if f.needs_stack and f.topology != INDEPENDENT:
                lines.append(f"   mlag {ch}")
        for p in ports:
            lines += [f"interface {_port(p)}", f"   description {_description(f, p.nic)}"]
            if f.aggregated:
                lines.append(f"   channel-group {ch} mode {'active' if f.mode.switch == SwitchNeed.LACP else 'on'}")
                if f.lacp_rate == "fast":
                    lines.append("   lacp timer fast")
            else:
                lines += l2("   ")
            lines.append("   no shutdown")
    return Snippet("Arista EOS", "\n".join(lines))


def _junos(f: Facts) -> Snippet:
    ae = f"ae{_channel(f) - 1}"
    lines = _header(f, "Juniper Junos (EX/QFX, ELS)", "#")
    if f.needs_stack and f.topology != INDEPENDENT:
        lines.append("# members on two switches: a Virtual Chassis takes this as is; MC-LAG needs its mc-ae settings")
    target = ae if f.aggregated else None

    def l2(name: str) -> list[str]:
        unit = f"set interfaces {name} unit 0 family ethernet-switching"
        if f.trunk:
            out = [f"{unit} interface-mode trunk", f"{unit} vlan members [ {f.tagged_text} ]"]
            if f.vlans.untagged:
                out.insert(0, f"set interfaces {name} native-vlan-id <untagged-vlan>")
                out.append(f"{unit} vlan members <untagged-vlan>")
        else:
            out = [f"{unit} interface-mode access", f"{unit} vlan members <untagged-vlan>"]
        if f.mtu > DEFAULT_MTU:
            out.insert(0, f"set interfaces {name} mtu {JUMBO}")
        out.append(f"set protocols rstp interface {name} edge")
        return out

    if target:
        lines.append("set chassis aggregated-devices ethernet device-count <number of ae interfaces>")
        lines.append(f'set interfaces {ae} description "{_description(f, f.bond)}"')
        if f.mode.switch == SwitchNeed.LACP:
            lines.append(f"set interfaces {ae} aggregated-ether-options lacp active")
            if f.lacp_rate == "fast":
                lines.append(f"set interfaces {ae} aggregated-ether-options lacp periodic fast")
        lines += l2(ae)
    for switch, ports in _by_switch(f):
        if switch and len(f.switches) > 1:
            lines.append(f"# on {switch}")
        for p in ports:
            lines.append(f'set interfaces {_port(p)} description "{_description(f, p.nic)}"')
            if target:
                lines.append(f"set interfaces {_port(p)} ether-options 802.3ad {ae}")
            else:
                lines += l2(_port(p))
    return Snippet("Juniper Junos", "\n".join(lines))
