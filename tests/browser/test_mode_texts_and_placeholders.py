"""Issue 12, items 10 and 11, as an admin sees them in Chromium: the bonding mode cards say
what the kernel and Proxmox really do, and no empty field shows a grey value.

Screenshots: test-artifacts/screenshots/issue12-10-mode-texts.png (the bond step with the
802.3ad and active-backup cards opened), issue12-10-cluster-lock.png (the same bond when it
carries the cluster network) and issue12-11-placeholders.png (an address form refusing a
static address left empty).
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.test_wizard import arrive, log_in, question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_PLACEHOLDERS = "() => [...document.querySelectorAll('[placeholder]')].map(e => e.name + '=' + e.placeholder)"


def test_the_mode_cards_and_the_cluster_lock_say_what_really_happens(live_server, page, screenshot):
    call_command("loaddemo")
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve1/wizard/bond/bond0/")
    arrive(page, "Linux Bond bond0")

    lacp = page.locator(".mode-card", has=page.get_by_role("radio", name="LACP (802.3ad)"))
    backup = page.locator(".mode-card", has=page.get_by_role("radio", name="Active-backup"))
    for card in (lacp, backup):
        card.locator("summary").click()
    # Where the traffic goes, never "Sends: None".
    expect(backup.locator(".mode-facts")).to_contain_text("Outgoing traffic")
    expect(backup.locator(".mode-facts")).to_contain_text("Not spread: all of it leaves on the active member.")
    expect(backup.locator(".mode-facts")).not_to_contain_text("None")
    # 802.3ad: the 90 seconds belong to a member whose link stays up; a lost link leaves at once.
    reasons = lacp.locator("details")
    expect(reasons).to_contain_text("while its link stays up")
    expect(reasons).to_contain_text("loses its link leaves within the MII monitor interval")
    expect(reasons).to_contain_text("uses only one, so the bond runs on a single link")
    expect(reasons).not_to_contain_text("stay out of the bond")
    expect(backup.locator("details")).not_to_contain_text("Set a primary member")
    lacp.scroll_into_view_if_needed()
    screenshot("issue12-10-mode-texts")

    # The cluster lock says why, in terms of corosync.
    question(page, "Will this bond carry the cluster (corosync) network?").get_by_label("Yes").check()
    expect(page.get_by_role("radio", name="LACP (802.3ad)")).to_be_disabled()
    expect(page.locator(".recommendation")).to_contain_text("Corosync needs every node to reach every other one")
    expect(lacp).to_contain_text("Not allowed: Carries the cluster (corosync) network:")
    expect(lacp).to_contain_text("about 90 seconds at the default rate")
    expect(page.locator("#bond-modes")).not_to_contain_text("supports only active-backup")
    page.locator(".recommendation").scroll_into_view_if_needed()
    screenshot("issue12-10-cluster-lock")


def test_an_empty_address_field_shows_no_grey_value_next_to_its_error(live_server, page, screenshot):
    call_command("loaddemo")
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve1/wizard/address/bond0/")
    arrive(page, "Linux Bond bond0: addresses")
    assert page.evaluate(NO_PLACEHOLDERS) == []
    page.get_by_label("IPv4 address/CIDR").fill("")
    page.get_by_label("IPv6", exact=True).select_option("static")
    page.get_by_role("button", name="Save addresses").click()
    expect(page.locator("#id_ipv4_address_error")).to_contain_text("A static address needs the address itself")
    # The field is empty and looks empty; the example is in the help text under it.
    expect(page.get_by_label("IPv4 address/CIDR")).to_have_value("")
    expect(page.get_by_label("IPv4 address/CIDR")).not_to_have_attribute("placeholder", "10.10.10.2/24")
    expect(page.locator(".addresses")).to_contain_text("For example 10.10.10.2/24")
    expect(page.locator(".addresses")).to_contain_text("For example 2001:db8::2/64")
    assert page.evaluate(NO_PLACEHOLDERS) == []
    page.locator(".addresses").scroll_into_view_if_needed()
    screenshot("issue12-11-placeholders")

    # The NIC rows: the next free name is a hint under the new row, not a grey name in it.
    page.goto(live_server.url + "/hosts/pve1/wizard/nics/")
    arrive(page, "NICs", exact=True)
    expect(page.locator("#nic-new-hint")).to_contain_text("for example eno4, the next free eno name")
    assert page.evaluate(NO_PLACEHOLDERS) == []
    screenshot("issue12-11-placeholders-nics")
