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
    # Each disabled mode says why, in terms of corosync (pvecm.adoc "Corosync Over Bonds").
    assert "Not allowed: Carries the cluster (corosync) network:" in text(response)
    assert "supports only active-backup" not in text(response)
    assert "The switch supports LACP" not in text(response)
    assert 'name="primary"' in page and 'type="hidden" name="xmit_hash_policy"' in page


def mode_card(page: str, mode: str) -> str:
    """The text of one mode card, as the reader sees it."""
    cards = re.split(r'<div class="mode-card', page)
    (card,) = [c for c in cards if f'value="{mode}"' in c]
    return " ".join(re.sub(r"<[^>]+>", " ", card).split())


def test_the_mode_cards_say_where_traffic_goes_not_that_nothing_is_sent(editor, host):
    page = editor.get("/hosts/pve1/wizard/bond/").content.decode()
    active_backup = mode_card(page, "active-backup")
    assert "Outgoing traffic Not spread: all of it leaves on the active member." in active_backup
    assert "Incoming traffic Not spread: all of it arrives on the active member." in active_backup
    for mode in ("active-backup", "broadcast", "balance-tlb", "balance-rr", "802.3ad"):
        card = mode_card(page, mode)
        assert "Sends None" not in card and "Receives None" not in card, card
        assert "Outgoing traffic" in card and "Incoming traffic" in card


def test_the_802_3ad_card_does_not_claim_90_seconds_for_a_lost_link(editor, host):
    page = editor.get("/hosts/pve1/wizard/bond/").content.decode()
    card = mode_card(page, "802.3ad")
    assert "a dead link can take about 90 seconds" not in card
    assert "stay out of the bond" not in card
    assert "while its link stays up" in card and "loses its link leaves within the MII monitor interval" in card
    assert "uses only one, so the bond runs on a single link" in card
    # "When to avoid it" gives reasons, not a tip on how to set the mode up.
    assert "Set a primary member" not in mode_card(page, "active-backup")


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


def test_a_hash_policy_chosen_before_switching_to_active_backup_is_said_not_to_be_written(editor, host):
    response = refresh(
        editor, "mode", members=["eno1", "eno2"], mode="active-backup", xmit_hash_policy="layer3+4", lacp_rate="fast"
    )
    words = text(response)
    assert (
        "Hash policy layer3+4 is not written for active-backup: the kernel hashes only in balance-xor and 802.3ad."
        in words
    )
    assert "LACP rate fast is not written for active-backup: only 802.3ad exchanges LACP messages" in words
    # Kept in the form (hidden), so choosing 802.3ad again brings it back.
    assert 'type="hidden" name="xmit_hash_policy" value="layer3+4"' in response.content.decode()
    # The default nobody chose is no news.
    quiet = text(refresh(editor, "mode", members=["eno1", "eno2"], mode="active-backup", xmit_hash_policy="layer2+3"))
    assert "is not written" not in quiet


@pytest.mark.parametrize("mode", ["balance-tlb", "balance-alb"])
def test_balance_tlb_and_alb_offer_no_primary_because_proxmox_does_not_write_it(editor, host, mode):
    response = refresh(editor, "mode", members=["eno1", "eno2"], mode=mode, primary="eno1")
    page = response.content.decode()
    assert 'type="hidden" name="primary" value="eno1"' in page and '<select name="primary"' not in page
    assert f"Primary member eno1 is not written for {mode}: Proxmox writes bond-primary only for active-backup" in (
        text(response)
    )
    save(editor, mode=mode, primary="eno1")
    assert Interface.objects.get(host=host, name="bond0").bond_primary is None


def test_a_primary_picked_before_its_member_is_ticked_stays_and_says_why_it_cannot_be_saved(editor, host):
    response = refresh(editor, "members", members=["eno1", "eno2"], mode="active-backup", primary="eno3")
    page = response.content.decode()
    assert re.search(r'<option value="eno3"\s+selected>', page)
    assert "The primary eno3 is not one of the members you picked: tick it, or choose another primary." in text(
        response
    )
    assert field_errors(save(editor, primary="eno3"), "primary") == [
        "The primary must be one of the members you picked."
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"members": []}, "members", "Pick at least one NIC"),
        ({"name": "storage"}, "name", "bonds named bondN"),
        (
            {"mode": "802.3ad", "carries_cluster": "yes"},
            "mode",
            "not allowed here: Carries the cluster (corosync) network",
        ),
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


def cable(host, switch, *names):
    for name in names:
        nic = host.interfaces.get(name=name)
        services.nic_update(nic=nic, name=name, speed_mbps=10000, mac="", switch=switch, switch_port="")


def checked_answer(page: str, field: str) -> str:
    return re.search(rf'name="{field}" value="([^"]+)"[^>]*\schecked', page).group(1)


def test_without_javascript_the_answers_said_to_come_from_the_inventory_are_the_ones_shown(editor, host):
    """Issue 12, item 8: members ticked and the noscript button pressed, as a plain POST (no HX headers)."""
    cable(host, factories.switch("sw-core", lacp=True), "eno1", "eno2")
    shown = editor.get("/hosts/pve1/wizard/bond/").content.decode()
    assert checked_answer(shown, "switch_lacp") == "unknown"
    # The page as the browser posts it: the fields it showed, with the two members ticked.
    hidden = dict(re.findall(r'<input type="hidden" name="(_shown[^"]*)" value="([^"]*)"', shown))
    response = save(editor, _preview="answers", mode="active-backup", **hidden)
    page = response.content.decode()
    assert "filled in from the inventory: eno1 → sw-core (LACP); eno2 → sw-core (LACP)" in text(response)
    assert checked_answer(page, "switch_lacp") == "yes" and checked_answer(page, "topology") == "single"
    assert "Recommended LACP (802.3ad)" in text(response) and checked_mode(page) == "802.3ad"
    assert not Interface.objects.filter(host=host, kind="bond").exists()


def test_without_javascript_an_answer_changed_with_the_members_is_kept(editor, host):
    cable(host, factories.switch("sw-core", lacp=True), "eno1", "eno2")
    shown = editor.get("/hosts/pve1/wizard/bond/").content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="(_shown[^"]*)" value="([^"]*)"', shown))
    response = save(editor, _preview="answers", mode="active-backup", topology="stack", **hidden)
    page = response.content.decode()
    assert checked_answer(page, "switch_lacp") == "yes" and checked_answer(page, "topology") == "stack"
    assert "filled in from the inventory" not in text(response)
    assert "Your answers differ from it" in text(response)


def test_the_inventory_is_named_as_the_source_only_of_answers_that_match_it(editor, host):
    """With HTMX too: the user overrides what the inventory filled in; the text stops claiming it."""
    cable(host, factories.switch("sw-core", lacp=True), "eno1", "eno2")
    filled = refresh(editor, "members", members=["eno1", "eno2"])
    assert "filled in from the inventory" in text(filled)
    overridden = refresh(editor, "answers", members=["eno1", "eno2"], switch_lacp="no", topology="single")
    assert "filled in from the inventory" not in text(overridden)
    assert "The inventory records: eno1 → sw-core (LACP); eno2 → sw-core (LACP). Your answers differ" in text(
        overridden
    )


def test_a_bond_gets_its_mtu_on_its_own_form(editor, host):
    """Issue 12, item 6: the bond's MTU is set on the bond form, and the help says the order."""
    page = text(editor.get("/hosts/pve1/wizard/bond/"))
    assert "The bond gives its NICs its MTU" in page and "raise the bond first, then the bridge or VLAN on it" in page
    preview = refresh(editor, "options", members=["eno1", "eno2"], mode="active-backup", mtu="9000")
    assert '<span class="line changed"><span class="tab">&#9;</span>mtu 9000</span>' in preview.content.decode()
    assert save(editor, mtu="9000").status_code == 302
    assert Interface.objects.get(host=host, name="bond0").mtu == 9000
    # Shown again when the bond is edited, and kept when the form is saved unchanged.
    response = editor.get("/hosts/pve1/wizard/bond/bond0/")
    assert response.context["form"]["mtu"].value() == 9000
    save(editor, url="/hosts/pve1/wizard/bond/bond0/", mtu="9000")
    assert Interface.objects.get(host=host, name="bond0").mtu == 9000


def test_a_bond_mtu_its_nics_contradict_is_refused_at_the_mtu(editor, host):
    eno1 = host.interfaces.get(name="eno1")
    services.nic_update(nic=eno1, name="eno1", speed_mbps=10000, mac="", switch=None, switch_port="", mtu=1500)
    response = save(editor, mtu="9000")
    errors = " ".join(field_errors(response, "mtu"))
    assert "eno1 has MTU 1500 but its bond bond0 has MTU 9000" in errors and "empty eno1's first" in errors
    assert not Interface.objects.filter(host=host, kind="bond").exists()
