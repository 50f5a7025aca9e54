"""Step 2: NIC rows added, edited and removed in place; names checked as they are typed."""

import pytest

from netwizard.inventory import services
from netwizard.inventory.choices import InterfaceKind
from netwizard.inventory.models import Host, Interface, Switch
from tests import factories
from tests.wizard.helpers import HTMX, text, version

FROM_ROWS = {**HTMX, "HX-Target": "nic-section"}  # what htmx sends for a Remove button in the NIC rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    return services.host_create(name="pve1")


def add(client, headers=None, **data):
    fields = {"name": "eno1", "speed": "10000", "mac": "", "switch": "", "switch_port": ""}
    fields["expected_version"] = version("pve1")
    return client.post("/hosts/pve1/wizard/nic/", {**fields, **data}, headers=headers or {})


def nic_errors(response) -> dict:
    forms = [response.context["add_form"], *(i["form"] for i in response.context["items"] if i["form"])]
    return {k: v for form in forms for k, v in form.errors.items()}


def test_the_nic_step_lists_the_nics_with_their_facts(editor):
    sw = factories.switch("sw-a")
    factories.host_with_network("pve1", switch=sw)
    page = text(editor.get("/hosts/pve1/wizard/nics/"))
    assert "eno1 10 Gbit/s — — sw-a LACP 1" in page  # no MTU, no MAC
    assert "member of bond0" in page and "port of vmbr1" in page
    assert "Name of the new NIC" in page


def test_adding_a_nic_with_htmx_returns_the_section_and_the_changed_preview(editor, host):
    sw = factories.switch("sw-a")
    response = add(editor, headers=HTMX, mac="3C-EC-EF-00-00-01", switch=str(sw.pk), switch_port="1/7")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith('<div id="nic-section"')
    assert 'id="wizard-preview" class="wizard-preview" hx-swap-oob="true"' in page
    assert '<span class="line changed">iface eno1 inet manual</span>' in page
    nic = Interface.objects.get(host=host, name="eno1")
    assert (nic.speed_mbps, nic.mac, nic.switch, nic.switch_port) == (10000, "3c:ec:ef:00:00:01", sw, "1/7")
    # The row for the next NIC is ready, with the next name as a hint under it (not as a
    # placeholder, which would read as a name already filled in).
    assert "placeholder" not in page and "autofocus" in page
    assert "for example eno2, the next free eno name" in text(response)


def test_adding_a_nic_without_htmx_redirects_back_to_the_step(editor, host):
    response = add(editor)
    assert response.status_code == 302 and response["Location"] == "/hosts/pve1/wizard/nics/"
    assert host.interfaces.nics().count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "vmbr0"}, "name", "Proxmox only reads names like"),
        ({"name": "eno1.50"}, "name", "Proxmox only reads names like"),
        ({"name": "eno1\npost-up x"}, "name", "at most 15 letters"),
        ({"name": "enp129s0f1np1xx"}, "name", ""),  # 15 characters: allowed
        ({"mac": "3c:ec:ef:00:00"}, "mac", "six pairs of hex digits"),
        ({"switch": "999"}, "switch", "valid choice"),
        ({"speed": "7"}, "speed", "valid choice"),
    ],
)
def test_invalid_nic_input_is_shown_at_its_field(editor, host, data, field, message):
    response = add(editor, headers=HTMX, **data)
    errors = nic_errors(response)
    if not message:
        assert errors == {} and Interface.objects.filter(name=data["name"]).exists()
        return
    assert any(message in e for e in errors.get(field, [])), errors
    assert host.interfaces.count() == 0
    assert f'id="nic-new-{field}' in response.content.decode()


def test_a_taken_name_is_refused_and_shown_under_the_name(editor, host):
    add(editor)
    response = add(editor, headers=HTMX)
    assert nic_errors(response)["name"] == ["pve1 already has an interface named eno1."]
    assert 'id="nic-new-name-feedback"' in response.content.decode()
    assert host.interfaces.count() == 1


def test_the_name_is_checked_while_it_is_typed(viewer, host):
    services.nic_create(host=host, name="eno1")
    url = "/hosts/pve1/wizard/nic-name/"
    assert "already has an interface named eno1" in text(viewer.get(url, {"name": "eno1"}, headers=HTMX))
    assert "eno2 is free" in text(viewer.get(url, {"name": "eno2"}, headers=HTMX))
    assert "Proxmox only reads names like" in text(viewer.get(url, {"name": "bond3"}, headers=HTMX))
    # Editing eno1 itself keeps its name free for it.
    assert "eno1 is free" in text(viewer.get(url, {"name": "eno1", "current": "eno1"}, headers=HTMX))
    response = viewer.get(url, {"name": "eno2", "feedback": "nic-7-name-feedback"}, headers=HTMX)
    assert response.content.decode().strip().startswith('<div id="nic-7-name-feedback"')


def test_editing_a_row_opens_its_form_in_place(editor, host):
    nic = services.nic_create(host=host, name="eno1")
    response = editor.get("/hosts/pve1/wizard/nic/eno1/", headers=HTMX)
    page = response.content.decode()
    assert f'id="nic-{nic.pk}-name"' in page and "Name of eno1" in page
    # Without JavaScript the Edit link opens the same form on the step's page.
    response = editor.get("/hosts/pve1/wizard/nic/eno1/")
    assert response.status_code == 302 and response["Location"] == "/hosts/pve1/wizard/nics/?edit=eno1#nic-eno1"
    assert "Name of eno1" in text(editor.get("/hosts/pve1/wizard/nics/?edit=eno1"))


def test_editing_a_nic_saves_it(editor, host):
    services.nic_create(host=host, name="eno1")
    data = {"name": "enp3s0f0", "speed": "25000", "mac": "", "switch": "", "switch_port": ""}
    response = editor.post("/hosts/pve1/wizard/nic/eno1/", {**data, "expected_version": version("pve1")}, headers=HTMX)
    assert response.status_code == 200
    assert host.interfaces.get().name == "enp3s0f0"
    assert '<span class="line changed">iface enp3s0f0 inet manual</span>' in response.content.decode()


def test_a_stale_row_edit_is_refused_and_offers_a_reload(editor, host):
    services.nic_create(host=host, name="eno1")
    stale = version("pve1")
    services.nic_create(host=host, name="eno2")  # another tab added a NIC meanwhile
    data = {"name": "eno9", "speed": "", "mac": "", "switch": "", "switch_port": ""}
    response = editor.post("/hosts/pve1/wizard/nic/eno1/", {**data, "expected_version": stale}, headers=HTMX)
    page = text(response)
    assert "changed by someone else" in page and "Reload the page" in page
    assert not host.interfaces.filter(name="eno9").exists()


def test_removing_a_nic(editor, host):
    services.nic_create(host=host, name="eno1")
    data = {"expected_version": version("pve1"), "step": "nics", "submission": "t1"}
    response = editor.post("/hosts/pve1/wizard/delete/eno1/", data, headers=FROM_ROWS)
    assert response.status_code == 200 and "No NICs yet" in text(response)
    # Clicked twice: the second click finds eno1 gone and shows the rows as they are.
    again = editor.post("/hosts/pve1/wizard/delete/eno1/", data, headers=FROM_ROWS)
    assert again.status_code == 200 and "No NICs yet" in text(again)
    assert host.interfaces.count() == 0


def test_removing_the_last_member_of_a_bond_is_refused_next_to_the_row(editor, host):
    eno1 = services.nic_create(host=host, name="eno1")
    services.bond_create(host=host, name="bond0", members=[eno1], mode="active-backup")
    response = editor.post("/hosts/pve1/wizard/delete/eno1/", {"expected_version": version("pve1")}, headers=FROM_ROWS)
    assert "eno1 was not removed" not in text(response)  # HTMX: the reason sits on the row
    assert "bond0 has no members" in text(response)
    assert host.interfaces.filter(name="eno1").exists()
    # Without HTMX: a message on the step's page.
    response = editor.post("/hosts/pve1/wizard/delete/eno1/", {"expected_version": version("pve1")}, follow=True)
    assert "eno1 was not removed" in text(response)


def test_a_double_submitted_nic_is_added_once(editor, host):
    response = add(editor, submission="token-1", headers=HTMX)
    again = add(editor, submission="token-1", headers=HTMX)
    assert response.status_code == again.status_code == 200
    assert host.interfaces.count() == 1
    assert "already has an interface" not in text(again)


def test_a_switch_is_added_from_the_nic_step(editor, host):
    response = editor.post(
        "/hosts/pve1/wizard/switch/",
        {"name": "sw-b", "lacp": "on", "stack": "core", "expected_version": version("pve1")},
        headers=HTMX,
    )
    assert response.status_code == 200
    switch = Switch.objects.get(name="sw-b")
    assert (switch.lacp, switch.stack) == (True, "core")
    assert f'<option value="{switch.pk}">sw-b</option>' in response.content.decode()
    response = editor.post("/hosts/pve1/wizard/switch/", {"name": "sw-b", "expected_version": 1}, headers=HTMX)
    assert "A switch named sw-b already exists." in text(response)


def test_nic_rows_are_only_nics(editor):
    factories.host_with_network("pve1")
    response = editor.get("/hosts/pve1/wizard/nics/")
    names = [item["nic"].name for item in response.context["items"]]
    assert names == ["eno1", "eno2", "eno3", "eno4"]
    assert all(i.kind == InterfaceKind.NIC for i in Host.objects.get(name="pve1").interfaces.filter(name__in=names))


def test_a_nic_gets_its_mtu_in_its_row(editor, host):
    """Issue 12, item 6: a NIC's MTU is set where the NIC is edited, and reaches the file."""
    services.nic_create(host=host, name="eno1")
    page = text(editor.get("/hosts/pve1/wizard/nics/?edit=eno1"))
    assert "MTU of eno1" in page and "raise the NIC or bond first, then the bridge or VLAN on it" in page
    data = {"name": "eno1", "speed": "", "mac": "", "switch": "", "switch_port": "", "mtu": "9000"}
    response = editor.post("/hosts/pve1/wizard/nic/eno1/", {**data, "expected_version": version("pve1")}, headers=HTMX)
    assert response.status_code == 200
    assert host.interfaces.get(name="eno1").mtu == 9000
    assert '<span class="line changed"><span class="tab">&#9;</span>mtu 9000</span>' in response.content.decode()
    # Emptied again: no mtu line.
    data["mtu"] = ""
    editor.post("/hosts/pve1/wizard/nic/eno1/", {**data, "expected_version": version("pve1")}, headers=HTMX)
    assert host.interfaces.get(name="eno1").mtu is None


def test_a_new_nic_can_have_an_mtu_and_an_out_of_range_one_is_refused(editor, host):
    response = add(editor, name="eno1", mtu="100000")
    assert "less than or equal to 9216" in " ".join(nic_errors(response)["mtu"])
    add(editor, name="eno1", mtu="9000")
    assert host.interfaces.get(name="eno1").mtu == 9000


def test_a_bond_members_mtu_against_the_bonds_is_refused_with_the_order_that_works(editor, host):
    eno1, eno2 = (services.nic_create(host=host, name=n) for n in ("eno1", "eno2"))
    services.bond_create(host=host, name="bond0", members=[eno1, eno2], mode="active-backup", mtu=1500)
    data = {"name": "eno1", "speed": "", "mac": "", "switch": "", "switch_port": "", "mtu": "9000"}
    response = editor.post("/hosts/pve1/wizard/nic/eno1/", {**data, "expected_version": version("pve1")}, headers=HTMX)
    errors = " ".join(nic_errors(response)["mtu"])
    assert "eno1 has MTU 9000 but its bond bond0 has MTU 1500" in errors
    assert "empty eno1's first, then change bond0's" in errors
    assert host.interfaces.get(name="eno1").mtu is None
