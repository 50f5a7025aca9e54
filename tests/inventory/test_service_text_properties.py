"""Hypothesis over every service argument that carries text, without a form in front.

The admin and the commands call the services with whatever their own forms or files
give, so the services must hold on their own: for hostile text in any argument, either
the service raises ValidationError (nothing else: a database error would be a crash on
PostgreSQL), or the value is stored as given, the host's file reads back as the stored
network with no extra line, option or stanza, and its diagram is inert SVG.

Every example runs in a savepoint that is rolled back. 1,000 examples per property in CI
(NETWIZARD_REQUIRE_ORACLES=1), 100 otherwise; each prints how its examples ended.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from netwizard.inventory import constants, selectors, services
from netwizard.inventory.models import Host, Interface, Switch
from netwizard.inventory.services import Addresses
from tests import factories
from tests.injection import PROPERTY, Outcomes, assert_file_exact, assert_svg_inert, value_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def host() -> Host:
    return factories.host_with_network("pve1", switch=factories.switch("sw1"))


def rows() -> dict[str, Interface]:
    """The host's rows as a new request loads them (a refused save may have changed objects in memory)."""
    return {r.name: r for r in selectors.host_rows(host=Host.objects.get(name="pve1"))}


@cache
def _subsets(names: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(names), min_size=1, unique=True)


def draw_values(data, fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Hostile or valid text for some of the arguments, valid values for the others."""
    attacked = set(data.draw(_subsets(tuple(sorted(fields))), label="attacked"))
    return {
        field: data.draw(value_for(valid) if field in attacked else st.sampled_from(valid), label=field)
        for field, valid in fields.items()
    }


def attempt(outcomes: Outcomes, save, check) -> None:
    with transaction.atomic():
        try:
            saved = save()
        except ValidationError:
            outcomes["refused"] += 1
        else:
            check(saved)
            outcomes["stored"] += 1
        transaction.set_rollback(True)


def run(name: str, prop) -> None:
    outcomes = Outcomes()
    PROPERTY(prop(outcomes))()
    outcomes.report(name)
    outcomes.assert_both()


ADDRESSES = {
    "ipv4_method": ("static", "manual", "dhcp"),
    "ipv4_address": ("192.0.2.10/24", "198.51.100.7/25"),
    "ipv4_gateway": ("", "192.0.2.1"),
    "ipv6_method": ("", "static", "auto"),
    "ipv6_address": ("2001:db8:5::2/64",),
    "ipv6_gateway": ("", "2001:db8:5::1"),
}


def addresses_of(values: dict) -> Addresses:
    return Addresses(**{key: values[key] for key in ADDRESSES})


def assert_addresses_stored(row: Interface, values: dict) -> tuple[str, ...]:
    """What `Addresses.apply` promises: methods as given, address and gateway (stripped) only when static."""
    shown = []
    for family in ("ipv4", "ipv6"):
        method = values[f"{family}_method"]
        assert getattr(row, f"{family}_method") == method
        static = method == "static"
        assert getattr(row, f"{family}_address") == (values[f"{family}_address"].strip() if static else "")
        assert getattr(row, f"{family}_gateway") == (values[f"{family}_gateway"].strip() if static else "")
        if static:
            shown.append(getattr(row, f"{family}_address"))
    return tuple(shown)


# Hosts and switches ---------------------------------------------------------------------


def test_host_services(host):
    """host_create and host_save (the admin's host page)."""

    def prop(outcomes):
        @given(st.data())
        def example(data):
            fields = {"name": ("pve7", "node-2"), "cluster": ("", "lab"), "description": ("", "Rack 4")}
            values = draw_values(data, fields)
            create = data.draw(st.booleans(), label="create")

            def save():
                if create:
                    return services.host_create(**values)
                existing = Host.objects.get(name="pve1")
                existing.name, existing.cluster, existing.description = values.values()
                return services.host_save(host=existing)

            def check(saved):
                stored = Host.objects.get(pk=saved.pk)
                assert (stored.name, stored.cluster, stored.description) == tuple(values.values())
                assert_file_exact(stored)
                assert_svg_inert(stored, shown=(stored.name,))

            attempt(outcomes, save, check)

        return example

    run("host services (name, cluster, description)", prop)


def test_switch_services(host):
    def prop(outcomes):
        @given(st.data())
        def example(data):
            values = draw_values(data, {"name": ("sw2", "core-a"), "stack": ("", "stack1"), "notes": ("", "Row 3")})

            def save():
                switch = services.switch_create(lacp=True, **values)
                nic = rows()["eno4"]
                services.nic_update(nic=nic, name="eno4", speed_mbps=None, mac="", switch=switch, switch_port="9")
                return switch

            def check(switch):
                stored = Switch.objects.get(pk=switch.pk)
                assert (stored.name, stored.stack, stored.notes) == tuple(values.values())
                assert_file_exact(Host.objects.get(name="pve1"))
                assert_svg_inert(Host.objects.get(name="pve1"), shown=(f"cabled to {stored.name} port 9",))

            attempt(outcomes, save, check)

        return example

    run("switch services (name, stack, notes)", prop)


# Interfaces through the wizard's services ------------------------------------------------


def test_nic_services(host):
    def prop(outcomes):
        @given(st.data())
        def example(data):
            fields = {"name": ("eno5", "enp3s0f0"), "mac": ("", "3c:ec:ef:12:34:56"), "switch_port": ("", "1/5")}
            values = draw_values(data, fields)
            switch = Switch.objects.get(name="sw1") if data.draw(st.booleans(), label="cabled") else None

            def save():
                return services.nic_create(host=Host.objects.get(name="pve1"), switch=switch, **values)

            def check(nic):
                nic.refresh_from_db()
                assert (nic.name, nic.switch_port) == (values["name"], values["switch_port"].strip())
                assert nic.mac == values["mac"].strip().lower().replace("-", ":")
                assert_file_exact(nic.host)
                cabled = (f"{nic.name} is cabled to sw1 port {nic.switch_port}",) if switch and nic.switch_port else ()
                assert_svg_inert(nic.host, shown=(nic.name, *cabled))

            attempt(outcomes, save, check)

        return example

    run("NIC services (name, MAC, switch port)", prop)


def test_bond_services(host):
    def prop(outcomes):
        @given(st.data())
        def example(data):
            fields = {
                "name": ("bond1", "bond7"),
                "mode": ("802.3ad", "active-backup", "balance-xor"),
                "xmit_hash_policy": ("", "layer2+3", "layer3+4"),
                "lacp_rate": ("", "fast"),
            }
            values = draw_values(data, fields)

            def save():
                current = rows()
                return services.bond_create(host=current["eno4"].host, members=[current["eno4"]], **values)

            def check(bond):
                bond.refresh_from_db()
                assert (bond.name, bond.bond_mode) == (values["name"], values["mode"])
                assert_file_exact(bond.host)
                assert_svg_inert(bond.host, shown=(bond.name,))

            attempt(outcomes, save, check)

        return example

    run("bond services (name, mode, hash policy, LACP rate)", prop)


def test_bridge_services(host):
    def prop(outcomes):
        @given(st.data())
        def example(data):
            values = draw_values(data, {"name": ("vmbr2", "vmbr9"), "vids": ("2-4094", "10,20 30-39"), **ADDRESSES})
            vlan_aware = data.draw(st.booleans(), label="vlan_aware")

            def save():
                current = rows()
                return services.bridge_create(
                    host=current["eno4"].host,
                    name=values["name"],
                    ports=[current["eno4"]],
                    vlan_aware=vlan_aware,
                    vids=values["vids"],
                    addresses=addresses_of(values),
                )

            def check(bridge):
                bridge.refresh_from_db()
                assert bridge.name == values["name"]
                expected_vids = " ".join(values["vids"].replace(",", " ").split()) if vlan_aware else ""
                assert bridge.bridge_vids == expected_vids
                shown = assert_addresses_stored(bridge, values)
                assert_file_exact(bridge.host)
                assert_svg_inert(bridge.host, shown=(bridge.name, *shown))

            attempt(outcomes, save, check)

        return example

    run("bridge services (name, VLAN IDs, address methods, addresses, gateways)", prop)


def test_vlan_services(host):
    def prop(outcomes):
        @given(st.data())
        def example(data):
            values = draw_values(data, {"name": ("", "net60", "mgmt"), **ADDRESSES})
            vlan_id = data.draw(st.sampled_from([60, 4094]), label="vlan_id")

            def save():
                current = rows()
                return services.vlan_create(
                    host=current["eno4"].host,
                    raw_device=current["eno4"],
                    vlan_id=vlan_id,
                    name=values["name"],
                    addresses=addresses_of(values),
                )

            def check(vlan):
                vlan.refresh_from_db()
                assert vlan.name == (values["name"] or f"eno4.{vlan_id}")
                shown = assert_addresses_stored(vlan, values)
                assert_file_exact(vlan.host)
                assert_svg_inert(vlan.host, shown=(vlan.name, *shown))

            attempt(outcomes, save, check)

        return example

    run("VLAN services (name, address methods, addresses, gateways)", prop)


def test_address_service(host):
    def prop(outcomes):
        @given(st.data())
        def example(data):
            values = draw_values(data, ADDRESSES)

            def save():
                return services.interface_addresses_set(
                    interface=rows()["eno4"], addresses=addresses_of(values), mtu=None
                )

            def check(nic):
                nic.refresh_from_db()
                shown = assert_addresses_stored(nic, values)
                assert_file_exact(nic.host)
                assert_svg_inert(nic.host, shown=shown)

            attempt(outcomes, save, check)

        return example

    run("address service (methods, addresses, gateways)", prop)


# Any field, as the admin's interface pages save it ----------------------------------------

# Field -> (the rows it is edited on, valid values). The admin saves a row's fields as typed.
ADMIN_FIELDS = {
    "name": (("eno4", "vmbr1", "bond0.50"), ("eno9", "uplink")),
    "comment": (("eno4", "vmbr0", "bond0"), ("", "Storage network", "two\nlines", "100 Mbit/s spare")),
    "ipv4_address": (("vmbr1", "bond0.50"), ("10.77.0.2/24",)),
    "ipv4_gateway": (("bond0.50",), ("", "10.50.0.1")),
    "ipv6_address": (("vmbr1",), ("", "2001:db8:7::2/64")),
    "bridge_vids": (("vmbr0",), ("2-4094", "10 20 100-200")),
    "mac": (("eno4",), ("", "3c:ec:ef:12:34:56")),
    "switch_port": (("eno4", "eno1"), ("", "1/5", "Gi1/0/5")),
}


def test_interface_save_with_any_field_as_the_admin_edits_it(host):
    def prop(outcomes):
        @given(st.data())
        def example(data):
            field = data.draw(st.sampled_from(sorted(ADMIN_FIELDS)), label="field")
            names, valid = ADMIN_FIELDS[field]
            name = data.draw(st.sampled_from(names), label="row")
            value = data.draw(value_for(valid), label="value")

            def save():
                row = rows()[name]
                if field in ("ipv4_address", "ipv4_gateway", "ipv6_address"):
                    row.ipv4_method = "static" if field.startswith("ipv4") else row.ipv4_method
                    row.ipv6_method = "static" if field.startswith("ipv6") else row.ipv6_method
                setattr(row, field, value)
                return services.interface_save(interface=row)

            def check(row):
                stored = Interface.objects.get(pk=row.pk)
                normal = {"comment": value.replace("\r\n", "\n"), "mac": value.strip().lower().replace("-", ":")}
                assert getattr(stored, field) == normal.get(field, value)
                # Fields that never reach the file still keep their grammar.
                assert not stored.mac or re.fullmatch(constants.MAC_REGEX, stored.mac)
                assert "\n" not in stored.switch_port
                assert_file_exact(stored.host)
                shown = (value,) if field in ("name", "ipv4_address", "ipv6_address") and value else ()
                assert_svg_inert(stored.host, shown=shown)

            attempt(outcomes, save, check)

        return example

    run("interface_save as the admin edits it (any text field)", prop)
