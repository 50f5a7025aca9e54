"""Linux bridges, as the wizard's bridge step creates and changes them."""

from __future__ import annotations

from ..choices import InterfaceKind
from ..models import Host, Interface
from .interfaces import Addresses, interface_save


def bridge_create(
    *,
    host: Host,
    name: str,
    ports: list[Interface],
    vlan_aware: bool = False,
    vids: str = "",
    addresses: Addresses | None = None,
    mtu: int | None = None,
    expected_version: int | None = None,
) -> Interface:
    """A Linux Bridge with Proxmox's defaults: no STP, no forward delay."""
    bridge = Interface(host=host, kind=InterfaceKind.BRIDGE, autostart=True, bridge_stp=False, bridge_fd=0)
    return bridge_update(
        bridge=bridge,
        name=name,
        ports=ports,
        vlan_aware=vlan_aware,
        vids=vids,
        addresses=addresses or Addresses(),
        mtu=mtu,
        expected_version=expected_version,
    )


def bridge_update(
    *,
    bridge: Interface,
    name: str,
    ports: list[Interface],
    vlan_aware: bool,
    vids: str,
    addresses: Addresses,
    mtu: int | None,
    expected_version: int | None = None,
) -> Interface:
    """Set a bridge's ports, VLAN awareness and addresses; what the wizard does not show is kept."""
    bridge_fields_set(bridge=bridge, name=name, vlan_aware=vlan_aware, vids=vids, addresses=addresses, mtu=mtu)
    return interface_save(interface=bridge, members=list(ports), expected_version=expected_version)


def bridge_fields_set(
    *, bridge: Interface, name: str, vlan_aware: bool, vids: str, addresses: Addresses, mtu: int | None
) -> None:
    """Set a bridge's fields as `bridge_update` stores them, without saving."""
    bridge.name = name
    # An explicit `bridge-vlan-aware no` from an imported file stays as written.
    bridge.bridge_vlan_aware = True if vlan_aware else (False if bridge.bridge_vlan_aware is False else None)
    bridge.bridge_vids = " ".join(vids.replace(",", " ").split()) if vlan_aware else ""
    addresses.apply(bridge)
    bridge.mtu = mtu
