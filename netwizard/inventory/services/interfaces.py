"""Any interface: store, check without storing, delete; members of bonds and bridges;
the shapes the wizard's address and MAC fields give."""

from __future__ import annotations

import copy
import enum
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields

from django.core.exceptions import ValidationError
from django.db import transaction

from netwizard.network import bonding, rules

from .. import macs, selectors
from ..choices import AddressMethod, InterfaceKind
from ..models import Host, Interface
from .guard import RulesRefused, _DryRun, _host_check_version, _rules_guard
from .validation import row_full_clean

VLANS_FIRST = "Delete the VLANs on {interface} first: {names}."
MEMBER_KINDS = "{interface} cannot be a member of {master}: only NICs, bonds, VLANs and verbatim interfaces can."


class Keep(enum.Enum):
    """A service argument left out: the stored value stays (where None means "no value")."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class Addresses:
    """An interface's IPv4 and IPv6 settings as the wizard's address fields give them.

    An address and a gateway only exist with the static method; an empty IPv6 method
    means no inet6 stanza at all.
    """

    ipv4_method: str = AddressMethod.MANUAL
    ipv4_address: str = ""
    ipv4_gateway: str = ""
    ipv6_method: str = ""
    ipv6_address: str = ""
    ipv6_gateway: str = ""

    @classmethod
    def of(cls, interface: Interface) -> Addresses:
        return cls(**{f.name: getattr(interface, f.name) for f in dataclass_fields(cls)})

    def apply(self, interface: Interface) -> None:
        static4 = self.ipv4_method == AddressMethod.STATIC
        static6 = self.ipv6_method == AddressMethod.STATIC
        interface.ipv4_method = self.ipv4_method
        interface.ipv4_address = self.ipv4_address.strip() if static4 else ""
        interface.ipv4_gateway = self.ipv4_gateway.strip() if static4 else ""
        interface.ipv6_method = self.ipv6_method
        interface.ipv6_address = self.ipv6_address.strip() if static6 else ""
        interface.ipv6_gateway = self.ipv6_gateway.strip() if static6 else ""


def mac_normalize(value: str) -> str:
    """`macs.mac_normalize`, its refusal keyed to the `mac` field (the admin shows it there)."""
    try:
        return macs.mac_normalize(value)
    except ValidationError as error:
        raise ValidationError({"mac": error.messages}) from error


def interface_create(
    *, host: Host, name: str, kind: str, members: list[Interface] | None = None, **fields
) -> Interface:
    return interface_save(interface=Interface(host=host, name=name, kind=kind, **fields), members=members)


def interface_save(
    *, interface: Interface, members: list[Interface] | None = None, expected_version: int | None = None
) -> Interface:
    """Validate and store one interface; for a bond or bridge, `members` replaces its members.

    The change is refused when it adds an error finding to the host, so a bond never
    exists without members and a bridge never loses its last port by accident.
    """
    if interface.kind == InterfaceKind.BOND and interface.bond_miimon is None and interface.pk is None:
        interface.bond_miimon = bonding.DEFAULT_MIIMON  # without link monitoring a dead link stays in the bond
    interface.mac = mac_normalize(interface.mac)  # as the wizard stores it, also when the admin saves
    row_full_clean(interface)
    if members is not None:
        _members_validate(interface, members)
    verb = "created" if interface.pk is None else "changed"
    with _rules_guard([interface.host_id], summary=f"{interface.name} {verb}"):
        if expected_version is not None:
            _host_check_version(host=interface.host, expected_version=expected_version)
        interface.save()
        if members is not None:
            _members_set(interface, members)
    return interface


def interface_check(*, interface: Interface, members: list[Interface] | None = None) -> list[rules.Finding]:
    """The error findings `interface_save` would refuse, without storing anything.

    Works on copies, so the caller's objects keep their state (an unsaved interface
    stays unsaved).
    """
    candidate = selectors.interface_copy(interface)
    candidate_members = [copy.copy(member) for member in members] if members is not None else None
    try:
        with transaction.atomic():
            interface_save(interface=candidate, members=candidate_members)
            raise _DryRun
    except RulesRefused as refused:
        return refused.findings
    except _DryRun:
        return []


def _members_validate(master: Interface, members: list[Interface]) -> None:
    for member in members:
        if member.host_id != master.host_id:
            raise ValidationError(f"{member.name} belongs to another host.")
        if member.kind in (InterfaceKind.BRIDGE, InterfaceKind.LOOPBACK) or member.pk == master.pk:
            raise ValidationError(MEMBER_KINDS.format(interface=member.name, master=master.name))


def _members_set(master: Interface, members: list[Interface]) -> None:
    wanted = {member.pk for member in members}
    Interface.objects.filter(master=master).exclude(pk__in=wanted).update(master=None)
    Interface.objects.filter(pk__in=wanted).update(master=master)
    for member in members:
        member.master = master


def interface_delete(*, interface: Interface, expected_version: int | None = None) -> None:
    """Delete an interface; refused from a stale page (with `expected_version`), while VLANs
    sit on it, or when the host would be left with an error."""
    with transaction.atomic():
        if expected_version is not None:
            _host_check_version(host=interface.host, expected_version=expected_version)
        if interface.vlans.exists():
            names = ", ".join(interface.vlans.values_list("name", flat=True))
            raise ValidationError(VLANS_FIRST.format(interface=interface.name, names=names))
        with _rules_guard([interface.host_id], summary=f"{interface.name} deleted"):
            interface.delete()


def interface_addresses_set(
    *, interface: Interface, addresses: Addresses, mtu: int | None, expected_version: int | None = None
) -> Interface:
    """Put addresses (and the MTU) on an interface itself, such as a bond with its own storage address."""
    addresses.apply(interface)
    interface.mtu = mtu
    return interface_save(interface=interface, expected_version=expected_version)
