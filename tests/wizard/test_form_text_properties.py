"""Hypothesis over every wizard form field a user types into.

Each example fills the form with valid values, except the fields under attack, which
get hostile text (line breaks of every kind, backslashes, NUL, U+0085, U+2028, `%`,
`${…}`, quotes, `<script>`...), valid text, or valid text with hostile text around it.
Then either

- the form refuses, with an error on an attacked field, or the service it calls refuses
  (a ValidationError the form shows), or
- the value is stored exactly as cleaned, the host's file reads back as the stored
  network with no extra line, option or stanza, and its diagram is inert SVG that
  shows the value as text.

Every example runs in a savepoint that is rolled back. 1,000 examples per property in CI
(NETWIZARD_REQUIRE_ORACLES=1), 100 otherwise; each property prints how its examples ended
and fails unless some were refused and some stored.
"""

from __future__ import annotations

from functools import cache

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from netwizard.inventory import selectors, services
from netwizard.inventory.choices import InterfaceKind
from netwizard.inventory.models import Host, Switch
from netwizard.wizard.forms import (
    AddressForm,
    BondForm,
    BridgeForm,
    HostCreateForm,
    HostEditForm,
    HostImportForm,
    NicForm,
    SwitchForm,
    VlanForm,
)
from netwizard.wizard.preview import rendered
from tests import factories
from tests.injection import PROPERTY, Outcomes, assert_file_exact, assert_svg_inert, hostile, value_for

pytestmark = pytest.mark.django_db

HOST_NAMES = ("pve7", "node-2", "x1")
CLUSTERS = ("", "lab", "prod_2")
DESCRIPTIONS = ("", "Rack 4, left", "Node 5: 2x10G, 100% Ceph")
NIC_NAMES = ("eno5", "enp3s0f0", "eth7", "ens18")
MACS = ("", "3c:ec:ef:12:34:56", "3C-EC-EF-12-34-5A")
PORTS = ("", "1/5", "Gi1/0/5", "xe-0/0/1")
SWITCH_NAMES = ("sw2", "core-a", "tor_1")
STACKS = ("", "stack1", "mlag-a")
IPV4 = ("192.0.2.10/24", "198.51.100.7/25")
IPV4_GATEWAYS = ("", "192.0.2.1")
IPV6 = ("2001:db8:5::2/64", "fd00:9::10/64")
IPV6_GATEWAYS = ("", "2001:db8:5::1")
MTUS = ("", "1500", "9000")
VIDS = ("2-4094", "10 20 30-39", "100")


@pytest.fixture
def host() -> Host:
    return factories.host_with_network("pve1", switch=factories.switch("sw1"))


def fresh(name: str = "pve1") -> tuple[Host, list]:
    """The host and its rows as a new request loads them (a refused save may have changed objects in memory)."""
    host = Host.objects.get(name=name)
    return host, selectors.host_rows(host=host)


def form_data(values: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def attempt(outcomes: Outcomes, form, attacked: set[str], save, check) -> None:
    """Validate, save and check one example inside a savepoint that is rolled back.

    `check` may name how a stored example ended; by default it was stored and read back exactly.
    """
    with transaction.atomic():
        if not form.is_valid():
            fields = set(form.errors) - {"__all__"}
            assert fields & attacked, f"refused on {sorted(form.errors)}, not on an attacked field: {form.errors}"
            outcomes["refused by the form"] += 1
        else:
            try:
                saved = save(form.cleaned_data, form)
            except ValidationError as error:
                form.add_service_error(error)
                assert form.errors
                outcomes["refused by the service"] += 1
            else:
                outcomes[check(form.cleaned_data, saved) or "stored"] += 1
        transaction.set_rollback(True)


def run(name: str, prop) -> None:
    outcomes = Outcomes()
    given_prop = PROPERTY(prop(outcomes))
    given_prop()
    outcomes.report(name)
    outcomes.assert_both()


@cache
def _subsets(names: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(names), min_size=1, unique=True)


@cache
def _one_of(valid: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(valid)


def attack(data, fields: dict[str, tuple[str, ...]]) -> tuple[dict, set[str]]:
    """Draw which fields to attack (at least one) and their values; the others stay valid."""
    attacked = set(data.draw(_subsets(tuple(sorted(fields))), label="attacked"))
    values = {}
    for field, valid in fields.items():
        strategy = value_for(valid) if field in attacked else _one_of(valid)
        values[field] = data.draw(strategy, label=field)
    return values, attacked


# Step 1: the host --------------------------------------------------------------------


def test_host_create_form(host):
    def prop(outcomes):
        @given(st.data())
        def check_example(data):
            values, attacked = attack(data, {"name": HOST_NAMES, "cluster": CLUSTERS, "description": DESCRIPTIONS})
            form = HostCreateForm(form_data({**values, "start": "empty"}))

            def save(cleaned, form):
                return services.host_create(
                    name=cleaned["name"], cluster=cleaned["cluster"], description=cleaned["description"]
                )

            def check(cleaned, saved):
                stored = Host.objects.get(pk=saved.pk)
                assert (stored.name, stored.cluster) == (values["name"].strip(), values["cluster"].strip())
                # Line breaks are stored as LF however the browser sent them (CRLF, lone CR).
                typed = values["description"].strip().replace("\r\n", "\n").replace("\r", "\n")
                assert stored.description == cleaned["description"] == typed
                assert_file_exact(stored)
                assert_svg_inert(stored, shown=(stored.name,))

            attempt(outcomes, form, attacked, save, check)

        return check_example

    run("host create form (name, cluster, description)", prop)


def test_host_edit_form(host):
    def prop(outcomes):
        @given(st.data())
        def check_example(data):
            host, _ = fresh()
            fields = {"name": ("pve1", *HOST_NAMES), "cluster": CLUSTERS, "description": DESCRIPTIONS}
            values, attacked = attack(data, fields)
            form = HostEditForm(form_data({**values, "expected_version": str(host.version)}), host=host)

            def save(cleaned, form):
                return services.host_update(
                    host=host,
                    name=cleaned["name"],
                    cluster=cleaned["cluster"],
                    description=cleaned["description"],
                    expected_version=cleaned["expected_version"],
                )

            def check(cleaned, saved):
                stored = Host.objects.get(pk=saved.pk)
                assert (stored.name, stored.cluster, stored.description) == (
                    cleaned["name"],
                    cleaned["cluster"],
                    cleaned["description"],
                )
                assert stored.name == values["name"].strip()
                assert_file_exact(stored)
                assert_svg_inert(stored, shown=(stored.name,))

            attempt(outcomes, form, attacked, save, check)

        return check_example

    run("host edit form (name, cluster, description)", prop)


def test_host_import_form(host):
    """A valid file with hostile text spliced in anywhere: refused as unreadable, or stored.
    A stored file either reads back exactly, or the renderer refuses it and the wizard
    offers no file to download (an imported hook or odd value is kept, never written)."""

    def prop(outcomes):
        @given(st.integers(0, len(IMPORT_FILE)), hostile())
        def check_example(offset, payload):
            host, _ = fresh()
            text = IMPORT_FILE[:offset] + payload + IMPORT_FILE[offset:]
            data = {"text": text, "replace": "on", "expected_version": str(host.version)}
            form = HostImportForm(form_data(data), host=host)

            def save(cleaned, form):
                return services.host_reimport(
                    host=host, network=cleaned["network"], text=cleaned["file_text"], expected_version=host.version
                )

            def check(cleaned, saved):
                stored = Host.objects.get(pk=saved.pk)
                file_text, unsafe = rendered(selectors.host_review(host=stored))
                if unsafe:
                    assert not file_text
                    return "stored, no file offered"
                assert_file_exact(stored)
                assert_svg_inert(stored)
                return "stored"

            attempt(outcomes, form, {"text"}, save, check)

        return check_example

    run("host import form (file text)", prop)


IMPORT_FILE = """auto lo
iface lo inet loopback

iface eno1 inet manual
#uplink to sw1

auto vmbr0
iface vmbr0 inet static
\taddress 192.168.10.2/24
\tgateway 192.168.10.1
\tbridge-ports eno1
\tbridge-stp off
\tbridge-fd 0
#guests
"""


# Step 2: NICs and switches -------------------------------------------------------------


def test_nic_form(host):
    def prop(outcomes):
        @given(st.data())
        def check_example(data):
            host, rows = fresh()
            switches = selectors.switch_list()
            values, attacked = attack(data, {"name": NIC_NAMES, "mac": MACS, "switch_port": PORTS})
            switch = data.draw(st.sampled_from(["", str(switches[0].pk)]), label="switch")
            form = NicForm(
                form_data({**values, "switch": switch, "speed": "10000", "expected_version": str(host.version)}),
                host=host,
                switches=switches,
                taken={r.name for r in rows},
            )

            def save(cleaned, form):
                return services.nic_create(host=host, expected_version=cleaned["expected_version"], **form.values())

            def check(cleaned, nic):
                nic.refresh_from_db()
                assert nic.name == values["name"].strip() and nic.switch_port == values["switch_port"].strip()
                assert nic.mac == values["mac"].strip().lower().replace("-", ":")
                assert_file_exact(host)
                shown = (nic.name, f"port {nic.switch_port}") if switch and nic.switch_port else (nic.name,)
                assert_svg_inert(host, shown=shown)

            attempt(outcomes, form, attacked, save, check)

        return check_example

    run("NIC form (name, MAC, switch port)", prop)


def test_switch_form(host):
    def prop(outcomes):
        @given(st.data())
        def check_example(data):
            host, rows = fresh()
            values, attacked = attack(data, {"name": SWITCH_NAMES, "stack": STACKS})
            form = SwitchForm(form_data({**values, "lacp": "on", "expected_version": str(host.version)}), host=host)

            def save(cleaned, form):
                switch = services.switch_create(name=cleaned["name"], lacp=cleaned["lacp"], stack=cleaned["stack"])
                # Cabled to a NIC, the switch appears in the host's diagram.
                nic = next(r for r in rows if r.name == "eno4")
                services.nic_update(nic=nic, name="eno4", speed_mbps=None, mac="", switch=switch, switch_port="9")
                return switch

            def check(cleaned, switch):
                stored = Switch.objects.get(pk=switch.pk)
                assert (stored.name, stored.stack) == (values["name"].strip(), values["stack"].strip())
                assert_file_exact(host)
                assert_svg_inert(host, shown=(f"cabled to {stored.name} port 9",))

            attempt(outcomes, form, attacked, save, check)

        return check_example

    run("switch form (name, stack)", prop)


# Step 3: bonds -------------------------------------------------------------------------


def test_bond_form(host):
    def prop(outcomes):
        @given(st.data())
        def check_example(data):
            host, rows = fresh()
            values, attacked = attack(data, {"name": ("bond1", "bond7"), "miimon": ("100", "50")})
            fixed = {
                "members": ["eno4"],
                "switch_lacp": "yes",
                "topology": "single",
                "carries_cluster": "no",
                "mode": "802.3ad",
                "xmit_hash_policy": "layer2+3",
                "lacp_rate": "",
                "primary": "",
                "expected_version": str(host.version),
            }
            form = BondForm(form_data({**values, **fixed}), host=host, rows=rows)

            def save(cleaned, form):
                return services.bond_create(
                    host=host, expected_version=cleaned["expected_version"], **form.service_values()
                )

            def check(cleaned, bond):
                bond.refresh_from_db()
                assert bond.name == values["name"].strip() and bond.bond_miimon == int(values["miimon"])
                assert_file_exact(host)
                assert_svg_inert(host, shown=(bond.name,))

            attempt(outcomes, form, attacked, save, check)

        return check_example

    run("bond form (name, MII monitor)", prop)


# Step 4: bridges, VLANs, addresses ------------------------------------------------------

ADDRESS_FIELDS = {
    "ipv4_address": IPV4,
    "ipv4_gateway": IPV4_GATEWAYS,
    "ipv6_address": IPV6,
    "ipv6_gateway": IPV6_GATEWAYS,
    "mtu": MTUS,
}


def address_values(data) -> dict:
    return {
        "ipv4_method": data.draw(st.sampled_from(["static", "manual"]), label="ipv4_method"),
        "ipv6_method": data.draw(st.sampled_from(["static", ""]), label="ipv6_method"),
    }


def check_addresses(row, values: dict) -> tuple[str, ...]:
    """The stored addresses are the typed ones; returns those the diagram shows."""
    shown = []
    for family in ("ipv4", "ipv6"):
        if values[f"{family}_method"] == "static":
            assert getattr(row, f"{family}_address") == values[f"{family}_address"].strip()
            assert getattr(row, f"{family}_gateway") == values[f"{family}_gateway"].strip()
            shown.append(getattr(row, f"{family}_address"))
    return tuple(shown)


def test_bridge_form(host):
    def prop(outcomes):
        @given(st.data())
        def check_example(data):
            host, rows = fresh()
            fields = {"name": ("vmbr2", "vmbr9"), "vids": VIDS, **ADDRESS_FIELDS}
            values, attacked = attack(data, fields)
            values |= address_values(data)
            values["ports"] = data.draw(st.sampled_from([[], ["eno4"]]), label="ports")
            if data.draw(st.booleans(), label="vlan_aware"):
                values["vlan_aware"] = "on"
            form = BridgeForm(form_data({**values, "expected_version": str(host.version)}), host=host, rows=rows)

            def save(cleaned, form):
                return services.bridge_create(
                    host=host, expected_version=cleaned["expected_version"], **form.service_values()
                )

            def check(cleaned, bridge):
                bridge.refresh_from_db()
                assert bridge.name == values["name"].strip()
                if values.get("vlan_aware"):
                    assert bridge.bridge_vids == " ".join(values["vids"].replace(",", " ").split())
                assert_file_exact(host)
                assert_svg_inert(host, shown=(bridge.name, *check_addresses(bridge, values)))

            attempt(outcomes, form, attacked, save, check)

        return check_example

    run("bridge form (name, VLAN IDs, addresses, gateways, MTU)", prop)


def test_vlan_form(host):
    def prop(outcomes):
        @given(st.data())
        def check_example(data):
            host, rows = fresh()
            fields = {"vlan_id": ("60", "4094", "7"), "name": ("", "net60", "mgmt"), "ipv4_address": IPV4}
            values, attacked = attack(data, fields)
            values |= {"ipv4_method": "static", "ipv4_gateway": "", "ipv6_method": "", "mtu": ""}
            values["raw_device"] = data.draw(st.sampled_from(["eno4", "bond0"]), label="raw_device")
            form = VlanForm(form_data({**values, "expected_version": str(host.version)}), host=host, rows=rows)

            def save(cleaned, form):
                return services.vlan_create(
                    host=host, expected_version=cleaned["expected_version"], **form.service_values()
                )

            def check(cleaned, vlan):
                vlan.refresh_from_db()
                vid = int(values["vlan_id"].strip())
                assert vlan.vlan_id == vid
                assert vlan.name == (values["name"].strip() or f"{values['raw_device']}.{vid}")
                assert vlan.ipv4_address == values["ipv4_address"].strip()
                assert_file_exact(host)
                assert_svg_inert(host, shown=(vlan.name, vlan.ipv4_address))

            attempt(outcomes, form, attacked, save, check)

        return check_example

    run("VLAN form (VLAN ID, name, address)", prop)


def test_address_form(host):
    def prop(outcomes):
        @given(st.data())
        def check_example(data):
            host, rows = fresh()
            values, attacked = attack(data, ADDRESS_FIELDS)
            values |= address_values(data)
            nic = next(r for r in rows if r.name == "eno4" and r.kind == InterfaceKind.NIC)
            form = AddressForm(
                form_data({**values, "expected_version": str(host.version)}), host=host, rows=rows, interface=nic
            )

            def save(cleaned, form):
                return services.interface_addresses_set(
                    interface=nic, expected_version=cleaned["expected_version"], **form.service_values()
                )

            def check(cleaned, saved):
                saved.refresh_from_db()
                shown = check_addresses(saved, values)
                assert saved.mtu == (int(values["mtu"]) if values["mtu"].strip() else None)
                assert_file_exact(host)
                assert_svg_inert(host, shown=shown)

            attempt(outcomes, form, attacked, save, check)

        return check_example

    run("address form (addresses, gateways, MTU)", prop)
