"""Linux bonds, as the wizard's bond step creates and changes them."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from netwizard.network import bonding

from ..choices import InterfaceKind
from ..models import Host, Interface
from .interfaces import KEEP, Addresses, Keep, interface_save

PRIMARY_NOT_MEMBER = "The primary member must be one of the bond's members."


def bond_create(
    *,
    host: Host,
    name: str,
    members: list[Interface],
    mode: str,
    miimon: int = bonding.DEFAULT_MIIMON,
    xmit_hash_policy: str = "",
    lacp_rate: str = "",
    primary: Interface | None = None,
    carries_cluster: bool = False,
    answers: dict | None = None,
    addresses: Addresses | None = None,
    mtu: int | None = None,
    expected_version: int | None = None,
) -> Interface:
    """A Linux Bond over `members`; without addresses it is `inet manual`, as a bridge port would be."""
    bond = Interface(host=host, kind=InterfaceKind.BOND, autostart=True)
    (addresses or Addresses()).apply(bond)
    return bond_update(
        bond=bond,
        name=name,
        members=members,
        mode=mode,
        miimon=miimon,
        xmit_hash_policy=xmit_hash_policy,
        lacp_rate=lacp_rate,
        primary=primary,
        carries_cluster=carries_cluster,
        answers=answers,
        mtu=mtu,
        expected_version=expected_version,
    )


def bond_update(
    *,
    bond: Interface,
    name: str,
    members: list[Interface],
    mode: str,
    miimon: int | None,
    xmit_hash_policy: str = "",
    lacp_rate: str = "",
    primary: Interface | None = None,
    carries_cluster: bool | None = None,
    answers: dict | None = None,
    mtu: int | Keep | None = KEEP,
    expected_version: int | None = None,
) -> Interface:
    """Set a bond's members, mode, options and MTU; options that do not apply to the mode are dropped.

    The hash policy defaults to layer2+3 where it applies. `answers` are the wizard's
    answers to its bond questions, kept so the wizard can ask them again. `mtu` None
    writes no MTU line; KEEP (the default) leaves the MTU as it is.
    """
    takes_primary = bonding.offered(mode, bonding.PRIMARY)
    if primary is not None and takes_primary and all(primary.pk != m.pk for m in members):
        raise ValidationError({"bond_primary": PRIMARY_NOT_MEMBER})
    bond_fields_set(
        bond=bond,
        name=name,
        mode=mode,
        miimon=miimon,
        xmit_hash_policy=xmit_hash_policy,
        lacp_rate=lacp_rate,
        primary=primary,
        carries_cluster=carries_cluster,
    )
    if mtu is not KEEP:
        bond.mtu = mtu
    if answers is not None:
        bond.wizard_answers = dict(answers)
    return interface_save(interface=bond, members=list(members), expected_version=expected_version)


def bond_fields_set(
    *,
    bond: Interface,
    name: str,
    mode: str,
    miimon: int | None,
    xmit_hash_policy: str,
    lacp_rate: str,
    primary: Interface | None,
    carries_cluster: bool | None,
) -> None:
    """Set a bond's fields as `bond_update` stores them, without saving (the wizard previews with it).

    `carries_cluster` None keeps what the bond has.
    """

    def applies(option: str) -> bool:  # used in this mode and written: the file holds nothing else
        return bonding.offered(mode, option)

    bond.name = name
    bond.bond_mode = mode
    bond.bond_miimon = miimon
    hash_policy = xmit_hash_policy or bonding.DEFAULT_HASH_POLICY
    bond.bond_xmit_hash_policy = hash_policy if applies(bonding.HASH_POLICY) else ""
    bond.bond_lacp_rate = lacp_rate if applies(bonding.LACP_RATE) else ""
    bond.bond_primary = primary if applies(bonding.PRIMARY) else None
    if carries_cluster is not None:
        bond.carries_cluster = carries_cluster
