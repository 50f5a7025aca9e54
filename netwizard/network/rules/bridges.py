"""BR-*: Linux bridges, their ports and the bridge options anywhere in the file."""

from __future__ import annotations

from ..model import BridgeSettings, Interface, Kind
from ..query import options as opts
from ..query.index import Net
from ..query.vids import parse_vids, vlan_aware
from .findings import Findings

_STP_VALUES = ("on", "off", "yes", "no")
# Port settings Proxmox allows only on an interface that is a bridge port.
_PORT_ONLY = ("bridge-learning", "bridge-arp-nd-suppress", "bridge-unicast-flood", "bridge-multicast-flood")


def check(net: Net, ctx_stock_ifupdown2: bool, out: Findings, *, judged_by_facts: bool = False) -> None:
    aware_bridges: list[str] = []
    for iface in net.interfaces:
        if iface.kind == Kind.BRIDGE and iface.bridge and not net.is_ovs(iface):
            _check_bridge(net, out, iface, iface.bridge, judged_by_facts)
            if vlan_aware(net, iface):
                aware_bridges.append(iface.name)
        _check_bridge_options(net, out, iface)
    if ctx_stock_ifupdown2:
        _vlan_aware_bridges_beyond_the_first(out, sorted(aware_bridges))


def _vlan_aware_bridges_beyond_the_first(out: Findings, aware_bridges: list[str]) -> None:
    """BR-12: only Debian's stock ifupdown2 ignores every VLAN-aware bridge after the first."""
    for name in aware_bridges[1:]:
        out.warning(
            "BR-12",
            name,
            f"Stock ifupdown2 ignores {name}: it allows one VLAN-aware bridge only ({aware_bridges[0]}); "
            "Proxmox's build allows several.",
            "Use Proxmox's ifupdown2, set multiple_vlan_aware_bridge_support=1, or keep one VLAN-aware bridge.",
        )


def _check_bridge(net: Net, out: Findings, bridge: Interface, settings: BridgeSettings, judged_by_facts: bool) -> None:
    aware = vlan_aware(net, bridge)
    for port in dict.fromkeys(settings.ports):
        if port == "none":
            continue
        member = net.by_name.get(port)
        # With the node's facts, a port the file does not define is NIC-01's to judge.
        if member is None and judged_by_facts and port != bridge.name:
            continue
        if _port_unusable(net, out, bridge.name, port, member) or member is None:
            continue
        _port_with_address(net, out, bridge.name, member)
        if aware:
            _vlan_port_on_vlan_aware_bridge(out, bridge.name, member)
    stp_values = [settings.stp] if settings.stp else []
    stp_option = net.option(bridge, "bridge-stp")
    if stp_option is not None:
        stp_values.append(stp_option)
    _switch_value_invalid(net, out, bridge, stp_values)
    _stp_timers_out_of_range(net, out, bridge, settings, stp_on=any(v in ("on", "yes") for v in stp_values))
    if settings.vids:
        _check_vids(out, bridge.name, settings.vids)
    _bridge_mtu_line(out, bridge)


def _port_unusable(net: Net, out: Findings, name: str, port: str, member: Interface | None) -> bool:
    """BR-01: a port that is the bridge itself, undefined, or a bridge or loopback.

    True when reported: the port's own rules do not apply then."""
    if port == name:
        out.error("BR-01", name, f"{name} lists itself as a port.", f"Remove {name} from its bridge-ports.")
    elif not net.exists(port):
        out.error(
            "BR-01",
            name,
            f"Port {port} of {name} is not defined in this file; Proxmox lists every NIC the host has.",
            f"Correct the port name, or add 'iface {port} inet manual' if the NIC really exists.",
        )
    elif member is not None and member.kind in (Kind.BRIDGE, Kind.LOOPBACK):
        out.error(
            "BR-01",
            name,
            f"Port {port} of {name} is a {member.kind.value}; a bridge cannot be plugged into another bridge.",
            f"Remove {port} from {name}, or connect the two through a VLAN or a veth pair.",
        )
    else:
        return False
    return True


def _port_with_address(net: Net, out: Findings, name: str, member: Interface) -> None:
    """BR-03: a bridge port with its own IP configuration (a bond gets BOND-34 instead)."""
    port = member.name
    if member.kind != Kind.BOND and net.has_ip_config(member):
        out.error(
            "BR-03",
            port,
            f"{port} is a port of {name} but has its own IP configuration, which is ignored on a bridge port.",
            f"Move the address and gateway from {port} to {name}; or, if {port} needs an address of its "
            f"own (a storage network, say), give {name} another port instead.",
        )


def _vlan_port_on_vlan_aware_bridge(out: Findings, name: str, member: Interface) -> None:
    """BR-11: a VLAN interface as the port of a VLAN-aware bridge stacks two tags."""
    port = member.name
    if member.kind == Kind.VLAN:
        out.warning(
            "BR-11",
            name,
            f"VLAN interface {port} is a port of the VLAN-aware bridge {name}: this stacks two tags "
            "(QinQ). Proxmox allows it, upstream ifupdown2 refuses it.",
            f"Make sure double tagging is intended; otherwise use {port.rsplit('.', 1)[0]} as the port and "
            "let the bridge handle the VLAN.",
        )


def _switch_value_invalid(net: Net, out: Findings, bridge: Interface, stp_values: list[str]) -> None:
    """BR-05: bridge-stp or bridge-vlan-aware with a value that is not on/off or yes/no."""
    name = bridge.name
    for value in stp_values:
        if value not in _STP_VALUES:
            out.error("BR-05", name, f"bridge-stp '{value}' on {name} is not on, off, yes or no.", "Use on or off.")
    aware_option = net.option(bridge, "bridge-vlan-aware")
    if aware_option is not None and aware_option not in ("yes", "no"):
        out.error(
            "BR-05",
            name,
            f"{net.where_unread(name, 'bridge-vlan-aware')}bridge-vlan-aware '{aware_option}' on {name} is not yes "
            "or no.",
            "Use bridge-vlan-aware yes, or leave the line out.",
        )


def _stp_timers_out_of_range(
    net: Net, out: Findings, bridge: Interface, settings: BridgeSettings, stp_on: bool
) -> None:
    """BR-06: a forward delay, hello time or max age the kernel refuses (with STP on or off)."""
    name = bridge.name
    fd_text = str(settings.fd) if settings.fd is not None else net.option(bridge, "bridge-fd")
    if fd_text is not None:
        fd = opts.parse_int(fd_text)
        if stp_on and (fd is None or not 2 <= fd <= 30):
            out.error(
                "BR-06",
                name,
                f"With STP on, the kernel needs a forward delay of 2-30 s; {name} has bridge-fd {fd_text}.",
                "Set bridge-fd 15 (or remove it), or turn STP off with bridge-stp off and bridge-fd 0.",
            )
        elif not stp_on and (fd is None or fd > 255):
            out.error("BR-06", name, f"bridge-fd {fd_text} on {name} is not 0-255.", "Use bridge-fd 0 with STP off.")
    if not stp_on:
        return
    for key, low, high in (("bridge-hello", 1, 10), ("bridge-maxage", 6, 40)):
        value = net.option(bridge, key)
        n = opts.parse_int(value) if value is not None else None
        if value is not None and (n is None or not low <= n <= high):
            out.error(
                "BR-06",
                name,
                f"With STP on, the kernel needs {key} {low}-{high}; {name} has {value}.",
                f"Set {key} within {low}-{high}, or remove the line.",
            )


def _bridge_mtu_line(out: Findings, bridge: Interface) -> None:
    """BR-13 (info, not a warning): ifupdown2's syntax check reports a bridge's mtu line.

    It says "bridge inherits mtu from its ports", but at run time ifupdown2 applies the
    line, and sets a bridge without one to its default 1500 (addons/address.py,
    _process_mtu_config_mtu_none): for jumbo frames the line is needed, so advising to
    move it to the ports would be wrong."""
    name = bridge.name
    if bridge.mtu is not None:
        out.info(
            "BR-13",
            name,
            f"ifupdown2's syntax check (ifreload -a -s) reports the mtu line of {name} with \"bridge inherits "
            'mtu from its ports"; ifupdown2 applies it all the same.',
            f"Keep it: without it ifupdown2 sets {name} to 1500. It may not be above the MTU of its ports.",
        )


def _check_vids(out: Findings, name: str, vids: str) -> None:
    """BR-08: bridge-vids that are not VLAN IDs or ranges within 1-4094."""
    _, problem = parse_vids(vids)
    if problem:
        out.error(
            "BR-08",
            name,
            f"bridge-vids on {name}: {problem}.",
            "List VLAN IDs and ranges between 1 and 4094, low to high, for example '2-4094' or '10 20 100-200'.",
        )


def _check_bridge_options(net: Net, out: Findings, iface: Interface) -> None:
    """Bridge options on any stanza: port settings, waits, VLAN attributes."""
    values: dict[str, str] = {}
    for opt in net.options(iface):
        values.setdefault(opt.key, opt.value)
    if not any(k.startswith("bridge-") for k in values):
        return
    if "bridge-vids" in values:  # on a port of a VLAN-aware bridge, or not modelled
        _check_vids(out, iface.name, values["bridge-vids"])
    _port_vlan_invalid(out, iface.name, values)
    _wait_invalid(out, iface.name, values)
    if iface.kind != Kind.BRIDGE:
        _port_setting_off_a_port(net, out, iface.name, values)


def _port_vlan_invalid(out: Findings, name: str, values: dict[str, str]) -> None:
    """BR-09: bridge-pvid / bridge-access outside 1-4094, or an access port with trunk settings."""
    for key in ("bridge-pvid", "bridge-access"):
        if key in values:
            n = opts.parse_int(values[key])
            if n is None or not 1 <= n <= 4094:
                out.error("BR-09", name, f"{key} {values[key]} on {name} is not 1-4094.", f"Set {key} to 1-4094.")
    if "bridge-access" in values and ("bridge-vids" in values or "bridge-pvid" in values):
        out.error(
            "BR-09",
            name,
            f"{name} combines bridge-access with bridge-vids or bridge-pvid; an access port carries one VLAN only.",
            "Keep bridge-access alone, or drop it and use bridge-vids/bridge-pvid for a trunk port.",
        )


def _wait_invalid(out: Findings, name: str, values: dict[str, str]) -> None:
    """BR-14: bridge-maxwait outside 0-255 s, or bridge-waitport without its seconds."""
    if "bridge-maxwait" in values:
        n = opts.parse_int(values["bridge-maxwait"])
        if n is None or n > 255:
            out.error(
                "BR-14",
                name,
                f"bridge-maxwait {values['bridge-maxwait']} on {name} is not 0-255 seconds.",
                "Set 0-255.",
            )
    if "bridge-waitport" in values:
        first = values["bridge-waitport"].split()[:1]
        if not first or opts.parse_int(first[0]) is None:
            out.error(
                "BR-14",
                name,
                f"bridge-waitport on {name} must start with a number of seconds.",
                "Write it as 'bridge-waitport SECONDS [PORTS…]'.",
            )


def _port_setting_off_a_port(net: Net, out: Findings, name: str, values: dict[str, str]) -> None:
    """BR-15 (netwizard's own, from Proxmox's writer): port settings on an interface that is
    no bridge port, or bridge-access under a bridge that is not VLAN-aware."""
    bridge = net.bridge_of(name)
    port_only = [k for k in (*_PORT_ONLY, "bridge-access") if k in values]
    if port_only and bridge is None:
        out.error(
            "BR-15",
            name,
            f"{name} sets {', '.join(port_only)}, a setting for bridge ports only, but {name} is not a port of any "
            "bridge; Proxmox refuses to save this.",
            f"Add {name} to a bridge's bridge-ports, or remove {', '.join(port_only)}.",
        )
    elif "bridge-access" in values and bridge is not None and not vlan_aware(net, bridge):
        out.error(
            "BR-15",
            name,
            f"{name} sets bridge-access, but its bridge {bridge.name} is not VLAN-aware; Proxmox refuses to save this.",
            f"Make {bridge.name} VLAN-aware (bridge-vlan-aware yes), or remove bridge-access from {name}.",
        )
