"""Step 4: bridges with their ports, VLAN interfaces, and addresses on a bond or NIC."""

import pytest

from netwizard.inventory import services
from netwizard.inventory.models import Interface
from tests import factories
from tests.wizard.helpers import HTMX, field_errors, text, version

pytestmark = pytest.mark.django_db

NO_ADDRESS = {"ipv4_method": "manual", "ipv4_address": "", "ipv4_gateway": "", "ipv6_method": "", "mtu": ""}


@pytest.fixture
def host():
    host = services.host_create(name="pve1")
    nics = [services.nic_create(host=host, name=f"eno{i}") for i in (1, 2, 3)]
    services.bond_create(host=host, name="bond0", members=nics[:2], mode="active-backup")
    return host


def post(client, url, headers=None, **data):
    data.setdefault("expected_version", version("pve1"))
    return client.post(url, data, headers=headers or {})


def bridge(client, headers=None, **data):
    """Save a new bridge; by default vmbr0 on bond0 with the host's address and gateway."""
    values = {**NO_ADDRESS, "name": "vmbr0", "ports": ["bond0"], "vids": "2-4094"}
    if "ipv4_method" not in data:
        values.update(ipv4_method="static", ipv4_address="10.10.10.2/24", ipv4_gateway="10.10.10.1")
    return post(client, "/hosts/pve1/wizard/bridge/", headers=headers, **{**values, **data})


def test_the_step_lists_bridges_vlans_and_addressable_interfaces(editor):
    factories.host_with_network("pve1")
    page = text(editor.get("/hosts/pve1/wizard/bridges/"))
    assert "vmbr0 VLAN aware 2-4094 ports bond0 10.0.0.2/24 via 10.0.0.1" in page
    assert "bond0.50 VLAN 50 on bond0 10.50.0.2/24" in page
    assert "Add bridge vmbr2" in page  # the first free vmbrN
    assert "eno4 Network Device no IPv4 address" in page


def test_a_new_bridge_suggests_vmbr0_with_the_free_bond_as_its_port(editor, host):
    response = editor.get("/hosts/pve1/wizard/bridge/")
    form = response.context["form"]
    assert form["name"].value() == "vmbr0" and form["ports"].value() == ["bond0"]
    assert [p["name"] for p in form.port_options()] == ["bond0", "eno3"]
    assert "Not available: eno1 (in bond0), eno2 (in bond0)." in text(response)


def test_a_bridge_on_the_bond_with_an_address_and_gateway(editor, host):
    response = bridge(editor)
    assert response.status_code == 302 and response["Location"] == "/hosts/pve1/wizard/bridges/"
    vmbr0 = Interface.objects.get(host=host, name="vmbr0")
    assert [m.name for m in vmbr0.members.all()] == ["bond0"]
    assert (vmbr0.ipv4_method, vmbr0.ipv4_address, vmbr0.ipv4_gateway) == ("static", "10.10.10.2/24", "10.10.10.1")
    assert (vmbr0.bridge_stp, vmbr0.bridge_fd, vmbr0.bridge_vlan_aware) == (False, 0, None)


def test_a_vlan_aware_bridge_keeps_its_vlan_ids(editor, host):
    bridge(editor, vlan_aware="on", vids="10, 20 30-39")
    vmbr0 = Interface.objects.get(host=host, name="vmbr0")
    assert (vmbr0.bridge_vlan_aware, vmbr0.bridge_vids) == (True, "10 20 30-39")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "vmbr0.5"}, "name", "without dots"),
        ({"name": "eno3"}, "name", "already has an interface named eno3"),
        ({"vlan_aware": "on", "vids": "2-4094;reboot"}, "vids", "separated by spaces"),
        ({"ipv4_method": "static", "ipv4_address": ""}, "ipv4_address", "needs the address"),
        ({"ipv4_method": "static", "ipv4_address": "10.10.10.2"}, "ipv4_address", "prefix length"),
        ({"ipv4_method": "static", "ipv4_address": "2001:db8::2/64"}, "ipv4_address", "IPv6 field"),
        (
            {"ipv4_method": "static", "ipv4_address": "10.10.10.2/24", "ipv4_gateway": "10.10.10.1/24"},
            "ipv4_gateway",
            "without a prefix",
        ),
        # The rules (IP-03) answer this one, through the service.
        (
            {"ipv4_method": "static", "ipv4_address": "10.10.10.2/24", "ipv4_gateway": "192.168.9.1"},
            "ipv4_gateway",
            "outside every subnet",
        ),
        ({"ipv4_method": "static", "ipv4_address": "10.10.10.0/24"}, "ipv4_address", "network address"),
        ({"ipv4_method": "manual", "mtu": "100000"}, "mtu", "less than or equal to 9216"),
    ],
)
def test_each_invalid_bridge_is_refused_at_its_field(editor, host, data, field, message):
    response = bridge(editor, **data)
    assert response.status_code == 200
    assert any(message in e for e in field_errors(response, field)), response.context["form"].errors
    assert not Interface.objects.filter(host=host, kind="bridge").exists()


def test_an_over_long_bridge_name_is_kept_as_typed_and_refused_with_the_limit(editor, host):
    page = editor.get("/hosts/pve1/wizard/bridge/").content.decode()
    # The browser would cut the name while typing, without a word: no maxlength on any input.
    assert "maxlength" not in page
    response = bridge(editor, name="vmbr-storage-net")  # 16 characters
    assert "At most 15 characters, and this has 16." in field_errors(response, "name")
    assert 'value="vmbr-storage-net"' in response.content.decode()
    assert not Interface.objects.filter(host=host, kind="bridge").exists()


def test_the_preview_follows_the_form_without_saving(editor, host):
    query = {
        **NO_ADDRESS,
        "refresh": "1",
        "name": "vmbr0",
        "ports": "bond0",
        "ipv4_method": "static",
        "ipv4_address": "10.10.10.2/24",
        "expected_version": version("pve1"),
    }
    response = editor.get("/hosts/pve1/wizard/bridge/", query, headers=HTMX)
    page = response.content.decode()
    assert page.strip().startswith('<section id="wizard-preview"')
    assert '<span class="line changed"><span class="tab">&#9;</span>bridge-ports bond0</span>' in page
    assert "What saving this form would write" in text(response)
    assert not Interface.objects.filter(host=host, kind="bridge").exists()


def test_a_bridge_name_being_corrected_previews_as_the_next_free_name_not_as_a_clash(editor):
    factories.host_with_network("pve1")  # has vmbr0 and vmbr1
    query = {**NO_ADDRESS, "refresh": "1", "name": "eth9 post-up id", "ports": "eno4", "vids": "2-4094"}
    response = editor.get("/hosts/pve1/wizard/bridge/", {**query, "expected_version": version("pve1")}, headers=HTMX)
    page = text(response)
    assert "iface vmbr2 inet manual" in page
    assert "defined more than once" not in page and "refuse to write" not in page


def test_a_port_already_in_a_bond_is_refused_by_the_rules(editor, host):
    response = bridge(editor, ports=["eno1"])
    assert response.status_code == 200
    assert "valid choice" in " ".join(field_errors(response, "ports"))  # not even offered


def test_editing_a_bridge_keeps_what_the_wizard_does_not_show(editor):
    host = factories.host_with_network("pve1")
    vmbr1 = host.interfaces.get(name="vmbr1")
    vmbr1.bridge_stp, vmbr1.bridge_fd = True, 15
    services.interface_save(interface=vmbr1)
    response = post(editor, "/hosts/pve1/wizard/bridge/vmbr1/", **NO_ADDRESS, name="vmbr1", ports=["eno3"], vids="")
    assert response.status_code == 302
    vmbr1.refresh_from_db()
    assert (vmbr1.bridge_stp, vmbr1.bridge_fd) == (True, 15)


def test_a_vlan_on_the_bond_is_named_after_it(editor, host):
    response = post(
        editor,
        "/hosts/pve1/wizard/vlan/",
        raw_device="bond0",
        vlan_id="50",
        name="",
        **{**NO_ADDRESS, "ipv4_method": "static", "ipv4_address": "10.50.0.2/24"},
    )
    assert response.status_code == 302
    vlan = Interface.objects.get(host=host, kind="vlan")
    assert (vlan.name, vlan.raw_device.name, vlan.vlan_id, vlan.ipv4_address) == (
        "bond0.50",
        "bond0",
        50,
        "10.50.0.2/24",
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"vlan_id": "4095"}, "vlan_id", "less than or equal to 4094"),
        ({"vlan_id": "0"}, "vlan_id", "greater than or equal to 1"),
        ({"name": "eno1.60"}, "name", "the parent's name, a dot and the VLAN ID (bond0.50)"),
        ({"name": "vlan60"}, "name", "must carry the VLAN ID (vlan50)"),
        ({"raw_device": "vmbr9"}, "raw_device", "valid choice"),
    ],
)
def test_each_invalid_vlan_is_refused_at_its_field(editor, host, data, field, message):
    values = {**NO_ADDRESS, "raw_device": "bond0", "vlan_id": "50", "name": "", **data}
    response = post(editor, "/hosts/pve1/wizard/vlan/", **values)
    assert any(message in e for e in field_errors(response, field)), response.context["form"].errors
    assert not Interface.objects.filter(host=host, kind="vlan").exists()


def test_a_vlan_on_a_bond_member_is_refused_by_the_rules(editor, host):
    values = {**NO_ADDRESS, "raw_device": "eno1", "vlan_id": "50", "name": ""}
    response = post(editor, "/hosts/pve1/wizard/vlan/", **values)
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["raw_device"]] == ["VLAN-04"]


def test_the_address_on_the_bond_itself(editor, host):
    values = {**NO_ADDRESS, "ipv4_method": "static", "ipv4_address": "192.168.1.2/24", "mtu": "9000"}
    response = post(editor, "/hosts/pve1/wizard/address/bond0/", **values)
    assert response.status_code == 302
    bond = Interface.objects.get(host=host, name="bond0")
    assert (bond.ipv4_method, bond.ipv4_address, bond.mtu) == ("static", "192.168.1.2/24", 9000)


def test_an_address_on_a_bond_that_became_a_bridge_port_is_refused(editor, host):
    bridge(editor, ipv4_method="manual")
    values = {**NO_ADDRESS, "ipv4_method": "static", "ipv4_address": "192.168.1.2/24"}
    response = post(editor, "/hosts/pve1/wizard/address/bond0/", **values)
    assert response.status_code == 200
    codes = {e.code for errors in response.context["form"].errors.as_data().values() for e in errors}
    assert codes & {"BOND-34", "BR-03"}
    assert Interface.objects.get(host=host, name="bond0").ipv4_address == ""


def test_removing_a_bridge(editor, host):
    bridge(editor)
    response = post(editor, "/hosts/pve1/wizard/delete/vmbr0/")
    assert response.status_code == 302 and response["Location"] == "/hosts/pve1/wizard/bridges/"
    assert not Interface.objects.filter(host=host, name="vmbr0").exists()


def test_removing_a_bond_with_vlans_is_refused_with_their_names(editor, host):
    services.vlan_create(host=host, raw_device=host.interfaces.get(name="bond0"), vlan_id=50)
    response = post(editor, "/hosts/pve1/wizard/delete/bond0/")
    assert response["Location"] == "/hosts/pve1/wizard/bonds/"
    follow = editor.get(response["Location"])
    assert "bond0 was not removed: Delete the VLANs on bond0 first: bond0.50." in text(follow)
    assert Interface.objects.filter(host=host, name="bond0").exists()


def test_unknown_interfaces_are_404(editor, host):
    assert editor.get("/hosts/pve1/wizard/bridge/vmbr7/").status_code == 404
    assert editor.get("/hosts/pve1/wizard/bridge/bond0/").status_code == 404  # not a bridge
    assert editor.get("/hosts/pve1/wizard/address/vmbr7/").status_code == 404


def refused_if_saved(response) -> list[str]:
    """The errors the preview says saving the form as it opened would add."""
    return [f"{f.code} {f.interface}" for f in response.context["preview"].new_errors]


def test_a_new_bridge_does_not_pre_tick_the_storage_bond_that_carries_an_address(editor):
    # Issue 12, item 7: the storage bond has its own address, so it cannot be a port as it is.
    services.host_create_from_layout(name="pve1", layout=services.LAYOUT_BOND_STORAGE)
    response = editor.get("/hosts/pve1/wizard/bridge/")
    form = response.context["form"]
    assert form["name"].value() == "vmbr1"
    assert not form["ports"].value()
    assert [p["name"] for p in form.port_options() if p["checked"]] == []
    assert refused_if_saved(response) == []
    assert "Saving would be refused" not in text(response)
    assert "Move the address" not in text(response)


def test_a_pre_ticked_port_is_one_saving_would_accept(editor, host):
    # The usual case stays: the free bond without an address is offered ticked, and the preview agrees.
    response = editor.get("/hosts/pve1/wizard/bridge/")
    assert response.context["form"]["ports"].value() == ["bond0"]
    assert refused_if_saved(response) == []


def test_jumbo_frames_on_a_bridge_over_a_bond_in_the_order_the_help_gives(editor, host):
    """Issue 12, item 6: NICs, then the bond, then the bridge; each step through its own form."""
    page = text(editor.get("/hosts/pve1/wizard/bridge/"))
    assert "It may not be above a port's MTU: for jumbo frames (9000) raise the port first" in page
    nic = {"speed": "", "mac": "", "switch": "", "switch_port": "", "mtu": "9000"}
    for name in ("eno1", "eno2"):
        assert post(editor, f"/hosts/pve1/wizard/nic/{name}/", name=name, **nic).status_code == 302
    bond = {"name": "bond0", "members": ["eno1", "eno2"], "mode": "active-backup", "miimon": "100"}
    answers = {"switch_lacp": "unknown", "topology": "unknown", "carries_cluster": "no"}
    assert post(editor, "/hosts/pve1/wizard/bond/bond0/", **bond, **answers, mtu="9000").status_code == 302
    assert bridge(editor, mtu="9000").status_code == 302
    assert {i.name: i.mtu for i in host.interfaces.all()} == {
        "eno1": 9000,
        "eno2": 9000,
        "eno3": None,
        "bond0": 9000,
        "vmbr0": 9000,
    }


def test_a_bridge_above_its_port_is_refused_with_what_to_raise_first(editor, host):
    bond0 = host.interfaces.get(name="bond0")
    services.interface_addresses_set(interface=bond0, addresses=services.Addresses(), mtu=1500)
    response = bridge(editor, mtu="9000")
    errors = " ".join(field_errors(response, "mtu"))
    assert "vmbr0 has MTU 9000, more than its port bond0 (1500)" in errors
    assert "Raise bond0 to at least 9000 before vmbr0, or lower vmbr0's first" in errors
    assert not Interface.objects.filter(host=host, kind="bridge").exists()


def test_a_vlan_above_its_parent_is_refused_with_what_to_raise_first(editor, host):
    values = {**NO_ADDRESS, "raw_device": "eno3", "vlan_id": "50", "name": "", "mtu": "9000"}
    response = post(editor, "/hosts/pve1/wizard/vlan/", **values)
    errors = " ".join(field_errors(response, "mtu"))
    assert "more than its parent eno3 (no MTU set, which Proxmox counts as 1500)" in errors
    assert "Raise eno3 to at least 9000 before eno3.50" in errors
    assert "Empty: the VLAN takes the MTU of the interface it is on" in text(response)
