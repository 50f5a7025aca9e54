"""Linux VLANs, as the wizard's VLAN step creates and changes them."""

from __future__ import annotations

from ..choices import InterfaceKind
from ..models import Host, Interface
from .interfaces import Addresses, interface_save


def vlan_create(
    *,
    host: Host,
    raw_device: Interface,
    vlan_id: int,
    name: str = "",
    addresses: Addresses | None = None,
    mtu: int | None = None,
    expected_version: int | None = None,
) -> Interface:
    """A Linux VLAN on `raw_device`, named `<raw device>.<id>` unless a name is given."""
    vlan = Interface(host=host, kind=InterfaceKind.VLAN, autostart=True)
    return vlan_update(
        vlan=vlan,
        raw_device=raw_device,
        vlan_id=vlan_id,
        name=name,
        addresses=addresses or Addresses(),
        mtu=mtu,
        expected_version=expected_version,
    )


def vlan_update(
    *,
    vlan: Interface,
    raw_device: Interface,
    vlan_id: int,
    name: str,
    addresses: Addresses,
    mtu: int | None,
    expected_version: int | None = None,
) -> Interface:
    vlan_fields_set(vlan=vlan, raw_device=raw_device, vlan_id=vlan_id, name=name, addresses=addresses, mtu=mtu)
    return interface_save(interface=vlan, expected_version=expected_version)


def vlan_fields_set(
    *, vlan: Interface, raw_device: Interface, vlan_id: int, name: str, addresses: Addresses, mtu: int | None
) -> None:
    """Set a VLAN's fields as `vlan_update` stores them, without saving."""
    vlan.raw_device = raw_device
    vlan.vlan_id = vlan_id
    vlan.name = name or f"{raw_device.name}.{vlan_id}"
    addresses.apply(vlan)
    vlan.mtu = mtu
