"""The services and selectors the wizard writes and previews through."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netwizard.inventory import selectors, services
from netwizard.inventory.models import Host, Interface
from netwizard.network.interfaces_file import parse, render
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    host = services.host_create(name="pve1")
    for name in ("eno1", "eno2", "eno3"):
        services.nic_create(host=host, name=name)
    return host


def nics(host, *names):
    return [host.interfaces.get(name=n) for n in names]


@pytest.mark.parametrize("layout", list(services.SEED_LAYOUTS))
def test_a_host_from_a_layout_renders_like_the_guides_example(layout):
    # The guide's 802.3ad, on a switch that supports LACP (without one: test_layout_bond_mode).
    switch = factories.switch("sw-x", lacp=True)
    host = services.host_create_from_layout(name="pve9", layout=layout, switch=switch)
    text = render(selectors.host_network(host=host))
    assert "bond-mode 802.3ad" in text and "bond-xmit-hash-policy layer2+3" in text
    assert ("address 192.168.1.2/24" in text) == (layout == services.LAYOUT_BOND_STORAGE)
    assert ("bridge-ports bond0" in text) == (layout == services.LAYOUT_BOND_BRIDGE)
    assert not selectors.host_review(host=host).errors
    assert host.version == Host.objects.get(pk=host.pk).version


def test_an_unknown_layout_is_refused():
    with pytest.raises(ValidationError, match="Unknown layout"):
        services.host_create_from_layout(name="pve9", layout="mesh")
    assert not Host.objects.exists()


def test_a_nic_is_written_as_proxmox_writes_it_and_its_mac_normalised(host):
    nic = services.nic_create(host=host, name="eno4", mac="3C-EC-EF-0A-0B-0C", speed_mbps=25000)
    assert (nic.autostart, nic.ipv4_method, nic.mac) == (False, "manual", "3c:ec:ef:0a:0b:0c")
    with pytest.raises(ValidationError, match="six pairs"):
        services.nic_create(host=host, name="eno5", mac="3c:ec:ef")
    assert not host.interfaces.filter(name="eno5").exists()


def test_a_bond_keeps_only_the_options_its_mode_uses(host):
    eno1, eno2 = nics(host, "eno1", "eno2")
    bond = services.bond_create(
        host=host, name="bond0", members=[eno1, eno2], mode="802.3ad", lacp_rate="fast", primary=eno1
    )
    assert (bond.bond_xmit_hash_policy, bond.bond_lacp_rate, bond.bond_primary) == ("layer2+3", "fast", None)
    bond = services.bond_update(
        bond=bond, name="bond0", members=[eno1, eno2], mode="active-backup", miimon=100, primary=eno2
    )
    bond.refresh_from_db()
    assert (bond.bond_xmit_hash_policy, bond.bond_lacp_rate, bond.bond_primary) == ("", "", eno2)


def test_a_bonds_primary_must_be_a_member(host):
    eno1, eno2, eno3 = nics(host, "eno1", "eno2", "eno3")
    with pytest.raises(ValidationError, match="one of the bond's members"):
        services.bond_create(host=host, name="bond0", members=[eno1, eno2], mode="active-backup", primary=eno3)
    assert not host.interfaces.filter(name="bond0").exists()


def test_the_cluster_network_on_a_new_bond_refuses_lacp(host):
    eno1, eno2 = nics(host, "eno1", "eno2")
    with pytest.raises(services.RulesRefused) as refused:
        services.bond_create(host=host, name="bond0", members=[eno1, eno2], mode="802.3ad", carries_cluster=True)
    assert "BOND-26" in {f.code for f in refused.value.findings}


def test_a_bridge_and_a_vlan_with_addresses(host):
    eno1, eno2, eno3 = nics(host, "eno1", "eno2", "eno3")
    bond = services.bond_create(host=host, name="bond0", members=[eno1, eno2], mode="active-backup")
    address = services.Addresses("static", " 10.0.0.2/24 ", "10.0.0.1", "static", "2001:db8::2/64", "")
    bridge = services.bridge_create(
        host=host, name="vmbr0", ports=[bond], vlan_aware=True, vids="10,20  30-39", addresses=address
    )
    assert (bridge.bridge_vids, bridge.ipv4_address, bridge.ipv6_address) == (
        "10 20 30-39",
        "10.0.0.2/24",
        "2001:db8::2/64",
    )
    vlan = services.vlan_create(host=host, raw_device=eno3, vlan_id=50)
    assert (vlan.name, vlan.ipv4_method) == ("eno3.50", "manual")
    # A method other than static keeps no address.
    services.interface_addresses_set(interface=bridge, addresses=services.Addresses("dhcp", "10.0.0.2/24"), mtu=None)
    bridge.refresh_from_db()
    assert (bridge.ipv4_method, bridge.ipv4_address, bridge.ipv4_gateway) == ("dhcp", "", "")


def test_interface_delete_refuses_a_stale_page(host):
    eno3 = host.interfaces.get(name="eno3")
    stale = Host.objects.get(pk=host.pk).version - 1
    with pytest.raises(ValidationError, match="changed by someone else"):
        services.interface_delete(interface=eno3, expected_version=stale)
    services.interface_delete(interface=eno3, expected_version=stale + 1)
    assert not host.interfaces.filter(name="eno3").exists()


def test_the_import_keeps_the_file_it_read():
    text = "auto lo\niface lo inet loopback\n\niface eno1 inet manual\n"
    host = services.host_import_interfaces(name="pve1", network=parse(text), text=text)
    assert host.imported_text == text
    # Without the text (the management command), the network's own rendering is kept.
    again = services.host_import_interfaces(name="pve1", network=parse(text), replace=True)
    assert parse(again.imported_text).get("eno1") is not None


def test_a_stale_reimport_is_refused(host):
    with pytest.raises(ValidationError, match="changed by someone else"):
        services.host_reimport(host=host, network=parse("iface eno9 inet manual\n"), text="", expected_version=1)
    assert host.interfaces.count() == 3


def test_the_canonical_imported_file_matches_the_stored_network():
    text = (
        "auto lo\niface lo inet loopback\n\niface eno2 inet manual\niface eno1 inet manual\n\n"
        "auto vmbr0\niface vmbr0 inet static\n  address 10.0.0.2/24\n  bridge-ports eno1\n"
    )
    host = services.host_import_interfaces(name="pve1", network=parse(text), text=text)
    imported = parse(host.imported_text)
    imported.hostname = host.name
    assert render(imported) == render(selectors.host_network(host=host))


def test_a_candidate_review_previews_without_writing_or_querying(host):
    rows = selectors.host_rows(host=host)
    bond = Interface(host=host, name="bond0", kind="bond", bond_mode="802.3ad", bond_miimon=100, autostart=True)
    bond.ipv4_method = "manual"
    members = [r for r in rows if r.name in ("eno1", "eno2")]
    with CaptureQueriesContext(connection) as queries:
        review = selectors.host_review_candidate(host=host, rows=rows, interface=bond, members=members)
    assert len(queries) == 0
    assert review.network.get("bond0").bond.slaves == ["eno1", "eno2"]
    assert not host.interfaces.filter(name="bond0").exists()
    assert all(r.master_id is None for r in rows)  # the rows given were not changed


def test_the_first_free_name_follows_proxmox_conventions():
    assert selectors.interface_name_suggest(taken=["bond0", "bond2"], prefix="bond") == "bond1"
    assert selectors.interface_name_suggest(taken=[], prefix="vmbr") == "vmbr0"


def test_a_layout_on_a_known_switch_keeps_the_answers_for_the_wizard():
    sw = factories.switch("sw-x", lacp=True)
    host = services.host_create_from_layout(name="pve9", layout=services.LAYOUT_BOND_BRIDGE, switch=sw)
    assert host.interfaces.get(name="bond0").wizard_answers == {
        "switch_lacp": "yes",
        "topology": "single",
        "carries_cluster": "no",
        "carries": ["guest"],
    }
