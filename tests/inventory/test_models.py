"""The database itself refuses rows that break a single-row rule, whoever writes them."""

import re

import pytest
from django.db import DataError, IntegrityError, connection, transaction
from hypothesis import assume, given
from hypothesis import strategies as st

from netwizard.inventory import constants
from netwizard.inventory.choices import BondMode, InterfaceKind
from netwizard.inventory.models import NIC, VLAN, Bond, Bridge, Host, Interface
from tests.injection import PROPERTY

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    return Host.objects.create(name="pve1")


# SQLite reports an over-long value as a failed CHECK; PostgreSQL as a DataError.
REFUSED = (IntegrityError, DataError)


def assert_refused(**fields):
    with pytest.raises(REFUSED), transaction.atomic():
        Interface.objects.create(**fields)


def test_names_are_unique_per_host(host):
    Interface.objects.create(host=host, name="eno1", kind=InterfaceKind.NIC)
    assert_refused(host=host, name="eno1", kind=InterfaceKind.NIC)
    other = Host.objects.create(name="pve2")
    Interface.objects.create(host=other, name="eno1", kind=InterfaceKind.NIC)


@pytest.mark.parametrize(
    "name",
    ["eno1\n", "eno1\n\tpost-up reboot", "a" * 65, "eth0\\", "vmbr 0", "bond#0", "br$1", "-x", "a/b", ""],
)
def test_interface_names_outside_the_grammar_are_refused(host, name):
    assert_refused(host=host, name=name, kind=InterfaceKind.NIC)


@pytest.mark.parametrize("name", ["pve1\n", "pve 1", "-pve", "pve_1", "a" * 64])
def test_host_names_must_be_a_dns_label(name):
    with pytest.raises(REFUSED), transaction.atomic():
        Host.objects.create(name=name)


# The grammars are portable SQL now (no REGEXP): letters beyond ASCII, invisible characters
# and a leading or trailing sign are refused as the regular expressions refused them.
@pytest.mark.parametrize("name", ["enoé", "eno\u00a01", "eno\u200b1", "eno1\x00", ".x", ":x", "+x", "Eno1\t"])
def test_interface_names_beyond_ascii_or_starting_with_a_sign_are_refused(host, name):
    assert_refused(host=host, name=name, kind=InterfaceKind.NIC)


@pytest.mark.parametrize("name", ["pvé", "pve-", "pve\u00a01", "-"])
def test_host_names_beyond_ascii_or_ending_with_a_hyphen_are_refused(name):
    with pytest.raises(REFUSED), transaction.atomic():
        Host.objects.create(name=name)


def test_every_name_in_the_grammars_is_accepted(host):
    # Longer than the kernel's 15 too: an imported file may name such an interface (the
    # host runs that file); the rules flag it and keep every other write from adding one.
    for name in ["e", "_x", "A" * 15, "bond0.100", "eth0:1", "x+y", "Z-9_", "enp129s0f1np1.100", "B" * 64]:
        Interface.objects.create(host=host, name=name, kind=InterfaceKind.NIC)
    for name in ["p", "PVE-1", "1pve", "a" * 63]:
        Host.objects.create(name=name)


@pytest.mark.parametrize("vlan_id, ok", [(0, False), (1, True), (4094, True), (4095, False)])
def test_vlan_ids_are_1_to_4094(host, vlan_id, ok):
    parent = Interface.objects.create(host=host, name="eno1", kind=InterfaceKind.NIC)
    fields = dict(host=host, name=f"eno1.{vlan_id}", kind=InterfaceKind.VLAN, raw_device=parent, vlan_id=vlan_id)
    if ok:
        Interface.objects.create(**fields)
    else:
        assert_refused(**fields)


@pytest.mark.parametrize("mtu, ok", [(551, False), (552, True), (9000, True), (65520, True), (65521, False)])
def test_mtu_range(host, mtu, ok):
    fields = dict(host=host, name="eno1", kind=InterfaceKind.NIC, mtu=mtu)
    if ok:
        Interface.objects.create(**fields)
    else:
        assert_refused(**fields)


def test_a_bond_needs_one_of_the_seven_modes(host):
    assert_refused(host=host, name="bond0", kind=InterfaceKind.BOND, bond_mode="")
    assert_refused(host=host, name="bond0", kind=InterfaceKind.BOND, bond_mode="802.3adx")
    for mode in BondMode.values:
        bond = Interface.objects.create(host=host, name="bond0", kind=InterfaceKind.BOND, bond_mode=mode)
        bond.delete()


@pytest.mark.parametrize(
    "kind, fields",
    [
        (InterfaceKind.NIC, {"bond_mode": BondMode.LACP}),
        (InterfaceKind.BRIDGE, {"bond_miimon": 100}),
        (InterfaceKind.NIC, {"bridge_vlan_aware": True}),
        (InterfaceKind.BOND, {"bond_mode": BondMode.LACP, "bridge_vids": "2-4094"}),
        (InterfaceKind.NIC, {"vlan_id": 5}),
        (InterfaceKind.BRIDGE, {"speed_mbps": 1000}),
        (InterfaceKind.VLAN, {"mac": "52:54:00:00:00:01"}),
    ],
)
def test_kind_specific_fields_stay_empty_on_other_kinds(host, kind, fields):
    assert_refused(host=host, name="x0", kind=kind, **fields)


def test_a_vlan_needs_an_id(host):
    parent = Interface.objects.create(host=host, name="eno1", kind=InterfaceKind.NIC)
    assert_refused(host=host, name="eno1.5", kind=InterfaceKind.VLAN, raw_device=parent)


def test_an_interface_cannot_be_its_own_master(host):
    bond = Interface.objects.create(host=host, name="bond0", kind=InterfaceKind.BOND, bond_mode=BondMode.LACP)
    bond.master = bond
    with pytest.raises(IntegrityError), transaction.atomic():
        bond.save()


def test_unknown_kinds_are_refused(host):
    assert_refused(host=host, name="ovs0", kind="ovs")


def test_proxy_models_list_one_kind_each(host):
    Interface.objects.create(host=host, name="eno1", kind=InterfaceKind.NIC)
    Interface.objects.create(host=host, name="bond0", kind=InterfaceKind.BOND, bond_mode=BondMode.ACTIVE_BACKUP)
    Interface.objects.create(host=host, name="vmbr0", kind=InterfaceKind.BRIDGE)
    parent = Interface.objects.get(name="eno1")
    Interface.objects.create(host=host, name="eno1.7", kind=InterfaceKind.VLAN, raw_device=parent, vlan_id=7)
    assert [i.name for i in NIC.objects.all()] == ["eno1"]
    assert [i.name for i in Bond.objects.all()] == ["bond0"]
    assert [i.name for i in Bridge.objects.all()] == ["vmbr0"]
    assert [i.name for i in VLAN.objects.all()] == ["eno1.7"]


def test_deleting_a_host_removes_its_vlans_and_their_parents(host):
    parent = Interface.objects.create(host=host, name="eno1", kind=InterfaceKind.NIC)
    outer = Interface.objects.create(
        host=host, name="eno1.100", kind=InterfaceKind.VLAN, raw_device=parent, vlan_id=100
    )
    Interface.objects.create(host=host, name="eno1.100.10", kind=InterfaceKind.VLAN, raw_device=outer, vlan_id=10)
    host.delete()
    assert Interface.objects.count() == 0


def _grammar(model, name: str):
    return next(c for c in model._meta.constraints if c.name == name).condition


# Mostly the characters the grammars are about, sometimes anything at all.
_NAME_TEXT = st.text(alphabet=st.sampled_from("aZ09_.:+-- é\u00a0\t\n\\#/"), max_size=70) | st.text(max_size=20)


@PROPERTY
@given(name=_NAME_TEXT)
def test_the_database_grammars_are_the_regular_expressions(name):
    """The portable SQL refuses exactly what the validators' regular expressions refuse."""
    if connection.vendor == "postgresql":
        assume("\x00" not in name)  # PostgreSQL refuses NUL in any text before any check
    checks = [
        (Interface, "interface_name_grammar", constants.IFNAME_STORED_REGEX),
        (Host, "host_name_grammar", constants.HOSTNAME_REGEX),
    ]
    for model, constraint, regex in checks:
        assert _grammar(model, constraint).check({"name": name}) == bool(re.match(regex, name)), (constraint, name)
