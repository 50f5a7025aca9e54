"""IP-*: addresses and gateways, per interface and across the host."""

from __future__ import annotations

import ipaddress

from ..model import Interface
from ..query.index import Net, families, is_unspecified
from .findings import Findings

_LINK_LOCAL_V6 = ipaddress.ip_network("fe80::/10")
_IPInterface = ipaddress.IPv4Interface | ipaddress.IPv6Interface
# address -> interfaces, subnet -> interfaces: what IP-05 compares across the host
_ByIP = dict[ipaddress.IPv4Address | ipaddress.IPv6Address, set[str]]
_BySubnet = dict[ipaddress.IPv4Network | ipaddress.IPv6Network, set[str]]


def check(net: Net, out: Findings) -> None:
    gateways: dict[int, list[tuple[str, str]]] = {4: [], 6: []}  # version -> (interface, gateway)
    by_ip: _ByIP = {}
    by_subnet: _BySubnet = {}
    for iface in net.interfaces:
        _check_addresses(net, out, iface, by_ip, by_subnet)
        _check_gateways(net, out, iface, gateways)
    # The cross-interface rules name interfaces in sorted order, so the findings depend
    # on the network, not on the order its interfaces are listed in.
    _second_default_gateway(out, gateways)
    _address_or_subnet_shared(out, by_ip, by_subnet)


def _second_default_gateway(out: Findings, gateways: dict[int, list[tuple[str, str]]]) -> None:
    """IP-04: Proxmox's API allows one default gateway per family; a second one makes
    ifupdown2 fail to add the route (or leaves two competing ones)."""
    for version, found in gateways.items():
        if len(found) < 2:
            continue
        (first_iface, first_gw), *others = sorted(found)
        for iface_name, gw in others:
            out.error(
                "IP-04",
                iface_name,
                f"{iface_name} sets IPv{version} gateway {gw}, and {first_iface} sets {first_gw}; a host has one "
                f"IPv{version} default gateway.",
                "Keep the gateway on the interface the default route should use and remove the other one.",
            )


def _address_or_subnet_shared(out: Findings, by_ip: _ByIP, by_subnet: _BySubnet) -> None:
    """IP-05: one address on two interfaces (error), or one subnet on two (warning)."""
    duplicated: set[str] = set()  # a duplicate address is also a shared subnet: report the error only
    for ip, names in by_ip.items():
        first, *others = sorted(names)
        for name in others:
            duplicated.add(name)
            out.error(
                "IP-05", name, f"{ip} is configured on both {first} and {name}.", "Give each interface its own address."
            )
    for subnet, names in by_subnet.items():
        first, *others = sorted(names)
        for name in others:
            if name in duplicated:
                continue
            out.warning(
                "IP-05",
                name,
                f"{name} and {first} are both in {subnet}, which leads to asymmetric routing.",
                "Use one interface per subnet, or different subnets.",
            )


def _check_addresses(net: Net, out: Findings, iface: Interface, by_ip: _ByIP, by_subnet: _BySubnet) -> None:
    """IP-01, IP-06 and IP-02 for each address, collecting the usable ones for IP-05."""
    name = iface.name
    for addr in net.addresses(iface):
        ip = addr.ip
        if _address_unusable(out, name, addr.text, ip) or ip is None:
            continue
        _address_in_the_other_family(out, iface, addr.text, addr.family, ip)
        if _network_or_broadcast_address(out, name, addr.text, ip):
            continue
        by_ip.setdefault(ip.ip, set()).add(name)
        if ip.network.num_addresses > 1:
            by_subnet.setdefault(ip.network, set()).add(name)


def _address_unusable(out: Findings, name: str, text: str, ip: _IPInterface | None) -> bool:
    """IP-01: an unspecified address, one without a prefix length, an unreadable one or
    prefix length 0. True when reported (the other address rules skip it then)."""
    if is_unspecified(text):
        out.error(
            "IP-01",
            name,
            f"{text} on {name} is not an address a host can use; it only served old scripts to bring a link up.",
            f"Remove the address line and use 'iface {name} inet manual'.",
        )
    elif "/" not in text:
        out.error(
            "IP-01",
            name,
            f"The address {text} of {name} has no prefix length.",
            f"Write it in CIDR form, for example {text}/24.",
        )
    elif ip is None:
        out.error(
            "IP-01",
            name,
            f"'{text}' on {name} is not a valid address with a prefix length (IPv4 /1-/32, IPv6 /1-/128).",
            "Correct the address, for example 192.168.1.10/24.",
        )
    elif ip.network.prefixlen == 0:
        out.error("IP-01", name, f"The prefix length of {text} on {name} is 0.", "Use the subnet's real prefix.")
    else:
        return False
    return True


def _address_in_the_other_family(out: Findings, iface: Interface, text: str, family: str, ip: _IPInterface) -> None:
    """IP-06: an IPv4 address in an inet6 stanza or the reverse (a typeless stanza holds
    both families, ifupdown2 sorts them by their form)."""
    name = iface.name
    if not iface.typeless and (family == "inet6") != (ip.version == 6):
        out.error(
            "IP-06",
            name,
            f"{text} is an IPv{ip.version} address but sits in the {family} stanza of {name}.",
            f"Move it to 'iface {name} {'inet6' if ip.version == 6 else 'inet'} static'.",
        )


def _network_or_broadcast_address(out: Findings, name: str, text: str, ip: _IPInterface) -> bool:
    """IP-02: an IPv4 subnet's network or broadcast address as the host's. True when reported."""
    if (
        ip.version == 4
        and ip.network.prefixlen <= 30
        and ip.ip in (ip.network.network_address, ip.network.broadcast_address)
    ):
        which = "network" if ip.ip == ip.network.network_address else "broadcast"
        out.error(
            "IP-02",
            name,
            f"{text} on {name} is the {which} address of {ip.network}, not a usable host address.",
            f"Pick a host address inside {ip.network}.",
        )
        return True
    return False


def _check_gateways(net: Net, out: Findings, iface: Interface, gateways: dict[int, list[tuple[str, str]]]) -> None:
    """IP-03: a gateway that is no plain address, in the other family's stanza, the
    interface's own address or outside its subnets. Collects the gateways for IP-04."""
    name = iface.name
    for fam_name, fam in families(iface):
        extra = [v for k, v in fam.options if k == "gateway"]  # a second gateway line the parser kept aside
        for gw_text in [g for g in (fam.gateway, *extra) if g]:
            problem = ""
            try:
                gw = ipaddress.ip_address(gw_text)
            except ValueError:
                gw = None
                problem = "has a prefix length; a gateway is a plain address" if "/" in gw_text else "is no address"
            if gw is not None:
                gateways[gw.version].append((name, gw_text))
                own = [a.ip for a in net.addresses(iface) if a.ip is not None and a.ip.version == gw.version]
                if not iface.typeless and (fam_name == "inet6") != (gw.version == 6):
                    problem = f"is an IPv{gw.version} address in the {fam_name} stanza"
                elif any(gw == a.ip for a in own):
                    problem = f"is {name}'s own address"
                elif not (gw.version == 6 and gw in _LINK_LOCAL_V6) and not any(gw in a.network for a in own):
                    problem = f"lies outside every subnet configured on {name}"
            if problem:
                out.error(
                    "IP-03",
                    name,
                    f"The gateway {gw_text} of {name} {problem}.",
                    "Use the router's plain address inside this interface's subnet.",
                )
