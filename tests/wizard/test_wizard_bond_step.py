"""Step 3: the bond, the questions behind its mode, the seven modes and their options."""

import re

import pytest

from netwizard.inventory import services
from netwizard.inventory.models import Interface
from tests import factories
from tests.wizard.helpers import HTMX, field_errors, text, version

pytestmark = pytest.mark.django_db

ANSWERS = {"switch_lacp": "unknown", "topology": "unknown", "carries_cluster": "no"}


@pytest.fixture
def host():
    host = services.host_create(name="pve1")
    for name in ("eno1", "eno2", "eno3"):
        services.nic_create(host=host, name=name, speed_mbps=10000)
    return host


def checked_mode(page: str) -> str:
    return re.search(r'name="mode"[^>]*value="([^"]+)"[^>]*\schecked', page).group(1)


def disabled_modes(page: str) -> set[str]:
    return set(re.findall(r'name="mode"[^>]*value="([^"]+)"[^>]*\sdisabled', page))


def refresh(client, changed: str, url="/hosts/pve1/wizard/bond/", **data):
    values = {"refresh": "1", "_changed": changed, "name": "bond0", "miimon": "100", **ANSWERS, **data}
    values.setdefault("expected_version", version("pve1"))
    return client.get(url, values, headers=HTMX)


def save(client, url="/hosts/pve1/wizard/bond/", headers=None, **data):
    values = {"name": "bond0", "members": ["eno1", "eno2"], "mode": "active-backup", "miimon": "100", **ANSWERS}
    values.update(data)
    values.setdefault("expected_version", version("pve1"))
    return client.post(url, values, headers=headers or {})


def test_the_bond_step_opens_the_form_for_the_first_bond(editor, host):
    response = editor.get("/hosts/pve1/wizard/bonds/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="name" value="bond0"' in page  # the first free bondN
    for label in ("Round-robin (balance-rr)", "Active-backup", "XOR (balance-xor)", "Broadcast", "LACP (802.3ad)"):
        assert label in page
    assert page.count('type="radio" name="mode"') == 7
    # With nothing known about the switch, the safe mode is recommended and chosen.
    assert checked_mode(page) == "active-backup"
    assert "Without knowing whether the switch supports LACP" in text(response)


def test_answering_lacp_yes_recommends_and_selects_802_3ad(editor, host):
    response = refresh(editor, "answers", members=["eno1", "eno2"], switch_lacp="yes")
    page = response.content.decode()
    assert "<html" not in page and 'id="bond-modes" hx-swap-oob="true"' in page
    assert checked_mode(page) == "802.3ad"
    assert "The switch supports LACP, so 802.3ad" in text(response)
    # The options of 802.3ad are shown, the primary (active-backup only) is not.
    assert 'name="xmit_hash_policy"' in page and 'type="hidden" name="primary"' in page
    assert "bond-mode 802.3ad" in text(response) and 'class="line changed"' in page


def test_the_cluster_network_disables_every_mode_but_active_backup_with_the_reason(editor, host):
    response = refresh(editor, "answers", members=["eno1", "eno2"], switch_lacp="yes", carries_cluster="yes")
    page = response.content.decode()
    assert checked_mode(page) == "active-backup"
    assert disabled_modes(page) == {"802.3ad", "balance-rr", "balance-xor", "broadcast", "balance-tlb", "balance-alb"}
    assert "Not allowed: Carries the cluster network, where Proxmox supports only active-backup." in text(response)
    assert 'name="primary"' in page and 'type="hidden" name="xmit_hash_policy"' in page


def test_a_switch_without_lacp_disables_802_3ad(editor, host):
    page = refresh(editor, "answers", members=["eno1"], switch_lacp="no").content.decode()
    assert disabled_modes(page) == {"802.3ad"} and checked_mode(page) == "active-backup"


def test_choosing_a_mode_keeps_it_and_swaps_in_its_options(editor, host):
    response = refresh(editor, "mode", members=["eno1", "eno2"], mode="balance-xor")
    page = response.content.decode()
    assert 'id="bond-modes"' not in page  # the mode list the user is working in stays as it is
    assert 'id="bond-options" hx-swap-oob="true"' in page
    assert "Options for XOR (balance-xor)" in text(response) and 'name="xmit_hash_policy" class' in page
    assert "bond-mode balance-xor" in text(response)


def test_picking_members_fills_in_what_the_inventory_knows_about_their_switches(editor, host):
    a = factories.switch("sw-a", lacp=True, stack="core")
    b = factories.switch("sw-b", lacp=True, stack="core")
    eno1, eno2 = host.interfaces.get(name="eno1"), host.interfaces.get(name="eno2")
    services.nic_update(nic=eno1, name="eno1", speed_mbps=10000, mac="", switch=a, switch_port="1")
    services.nic_update(nic=eno2, name="eno2", speed_mbps=10000, mac="", switch=b, switch_port="1")
    response = refresh(editor, "members", members=["eno1", "eno2"])
    page = response.content.decode()
    assert 'id="bond-questions" hx-swap-oob="true"' in page
    assert re.search(r'value="yes"[^>]*id="id_switch_lacp_0"[^>]*checked', page)
    assert re.search(r'value="stack"[^>]*checked', page)
    assert checked_mode(page) == "802.3ad"
    assert "eno1 → sw-a (LACP, stack core)" in text(response)


def test_saving_a_bond_stores_it_with_its_answers_and_moves_on(editor, host):
    response = save(editor, mode="active-backup", primary="eno2", carries_cluster="yes", carries=["storage"])
    assert response.status_code == 302 and response["Location"] == "/hosts/pve1/wizard/bridges/"
    bond = Interface.objects.get(host=host, name="bond0")
    assert sorted(bond.members.values_list("name", flat=True)) == ["eno1", "eno2"]
    assert (bond.bond_mode, bond.bond_primary.name, bond.bond_miimon, bond.carries_cluster) == (
        "active-backup",
        "eno2",
        100,
        True,
    )
    assert bond.wizard_answers == {
        "switch_lacp": "unknown",
        "topology": "unknown",
        "carries_cluster": "yes",
        "carries": ["storage"],
    }


def test_with_htmx_a_saved_bond_is_a_client_redirect(editor, host):
    response = save(editor, headers=HTMX)
    assert response["HX-Redirect"] == "/hosts/pve1/wizard/bridges/"


def test_options_that_do_not_apply_to_the_mode_are_not_stored(editor, host):
    save(editor, mode="802.3ad", switch_lacp="yes", xmit_hash_policy="layer3+4", lacp_rate="fast", primary="eno1")
    bond = Interface.objects.get(host=host, name="bond0")
    assert (bond.bond_xmit_hash_policy, bond.bond_lacp_rate, bond.bond_primary) == ("layer3+4", "fast", None)
    save(editor, url="/hosts/pve1/wizard/bond/bond0/", mode="active-backup", xmit_hash_policy="layer3+4")
    bond.refresh_from_db()
    assert (bond.bond_mode, bond.bond_xmit_hash_policy, bond.bond_lacp_rate) == ("active-backup", "", "")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"members": []}, "members", "Pick at least one NIC"),
        ({"name": "storage"}, "name", "bonds named bondN"),
        ({"mode": "802.3ad", "carries_cluster": "yes"}, "mode", "not allowed here: Carries the cluster network"),
        ({"mode": "802.3ad", "switch_lacp": "no"}, "mode", "The switch does not support LACP"),
        ({"mode": "fastest"}, "mode", "valid choice"),
        ({"miimon": "0"}, "miimon", "greater than or equal to 1"),
        ({"miimon": "1000"}, "miimon", "less than or equal to 255"),
        ({"primary": "eno3"}, "primary", "one of the members"),
    ],
)
def test_each_invalid_bond_is_refused_at_its_field(editor, host, data, field, message):
    response = save(editor, **data)
    assert response.status_code == 200
    assert any(message in e for e in field_errors(response, field)), field_errors(response, field)
    assert not Interface.objects.filter(host=host, kind="bond").exists()
    assert f"{field}" in response.content.decode()


def test_the_rules_refusing_a_bond_are_shown_at_the_mode(editor, host):
    """BOND-27 from the inventory: the switch the members reach cannot do LACP, whatever the answer says."""
    sw = factories.switch("sw-old", lacp=False)
    for name in ("eno1", "eno2"):
        nic = host.interfaces.get(name=name)
        services.nic_update(nic=nic, name=name, speed_mbps=10000, mac="", switch=sw, switch_port="")
    response = save(editor, mode="802.3ad", switch_lacp="yes")
    errors = field_errors(response, "mode")
    assert any(e.code == "BOND-27" for e in response.context["form"].errors.as_data()["mode"]), errors
    assert not Interface.objects.filter(host=host, kind="bond").exists()
    assert 'id="id_mode_error"' in response.content.decode()


def test_editing_a_bond_asks_the_stored_answers_again(editor, host):
    save(editor, mode="802.3ad", switch_lacp="yes", topology="stack", carries=["guest"])
    page = editor.get("/hosts/pve1/wizard/bond/bond0/").content.decode()
    assert re.search(r'value="yes"[^>]*id="id_switch_lacp_0"[^>]*checked', page)
    assert re.search(r'value="stack"[^>]*checked', page) and re.search(r'value="guest"[^>]*checked', page)
    assert checked_mode(page) == "802.3ad"


def test_a_demo_bond_gets_its_answers_from_the_inventory(editor):
    from django.core.management import call_command

    call_command("loaddemo")
    response = editor.get("/hosts/pve2/wizard/bond/bond0/")
    page = response.content.decode()
    assert re.search(r'value="yes"[^>]*id="id_switch_lacp_0"[^>]*checked', page)
    assert re.search(r'value="single"[^>]*checked', page) and re.search(r'value="guest"[^>]*checked', page)
    assert "filled in from the inventory" in text(response)


def test_going_back_and_changing_an_answer_changes_the_bond(editor, host):
    save(editor, mode="802.3ad", switch_lacp="yes")
    response = save(editor, url="/hosts/pve1/wizard/bond/bond0/", mode="active-backup", carries_cluster="yes")
    assert response.status_code == 302
    bond = Interface.objects.get(host=host, name="bond0")
    assert (bond.bond_mode, bond.carries_cluster) == ("active-backup", True)
    assert bond.wizard_answers["carries_cluster"] == "yes"


def test_a_stale_bond_edit_is_refused(editor, host):
    stale = version("pve1")
    services.nic_create(host=host, name="eno4")
    response = save(editor, expected_version=stale)
    assert response.context["form"].stale and "changed by someone else" in text(response)
    assert not Interface.objects.filter(host=host, kind="bond").exists()


def test_a_double_submitted_bond_is_created_once(editor, host):
    first = save(editor, submission="tok")
    second = save(editor, submission="tok")
    assert first.status_code == second.status_code == 302
    assert Interface.objects.filter(host=host, kind="bond").count() == 1


def test_the_bond_list_links_to_each_bond(editor):
    factories.host_with_network("pve1")
    page = text(editor.get("/hosts/pve1/wizard/bonds/"))
    assert "bond0 LACP (802.3ad)" in page and "members eno1 eno2" in page and "port of vmbr0" in page


def test_a_nic_in_another_bond_is_not_offered_nor_its_name(editor, host):
    save(editor)
    response = editor.get("/hosts/pve1/wizard/bond/")
    assert 'name="name" value="bond1"' in response.content.decode()
    assert "Not available: eno1 (in bond0), eno2 (in bond0)." in text(response)
    response = save(editor, name="bond0", members=["eno3"])
    assert field_errors(response, "name") == ["pve1 already has an interface named bond0."]


def test_without_javascript_the_recommendation_is_updated_by_posting_the_form(editor, host):
    """The noscript button posts the answers: the page comes back with their recommendation, nothing saved."""
    response = save(editor, _preview="answers", switch_lacp="yes", mode="active-backup")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page
    assert checked_mode(page) == "802.3ad"
    assert "LACP (802.3ad) is now selected" in text(response)
    assert not Interface.objects.filter(host=host, kind="bond").exists()
