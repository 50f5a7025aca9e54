"""Physical NICs, as the wizard's NIC step creates and changes them."""

from __future__ import annotations

from ..choices import AddressMethod, InterfaceKind
from ..models import Host, Interface, Switch
from .interfaces import KEEP, Keep, interface_save, mac_normalize


def nic_create(
    *,
    host: Host,
    name: str,
    speed_mbps: int | None = None,
    mac: str = "",
    switch: Switch | None = None,
    switch_port: str = "",
    mtu: int | None = None,
    expected_version: int | None = None,
) -> Interface:
    """A physical NIC, written as Proxmox does: `iface NAME inet manual`, started by its bond or bridge."""
    nic = Interface(host=host, kind=InterfaceKind.NIC, autostart=False, ipv4_method=AddressMethod.MANUAL)
    return nic_update(
        nic=nic,
        name=name,
        speed_mbps=speed_mbps,
        mac=mac,
        switch=switch,
        switch_port=switch_port,
        mtu=mtu,
        expected_version=expected_version,
    )


def nic_update(
    *,
    nic: Interface,
    name: str,
    speed_mbps: int | None,
    mac: str,
    switch: Switch | None,
    switch_port: str,
    mtu: int | Keep | None = KEEP,
    expected_version: int | None = None,
) -> Interface:
    """Change a NIC's name, its MTU and what the inventory knows about it (speed, MAC, cabling).

    `mtu` None writes no MTU line; KEEP (the default) leaves the MTU as it is.
    """
    nic.name = name
    nic.speed_mbps = speed_mbps
    nic.mac = mac_normalize(mac)
    nic.switch = switch
    nic.switch_port = switch_port.strip()
    if mtu is not KEEP:
        nic.mtu = mtu
    return interface_save(interface=nic, expected_version=expected_version)
