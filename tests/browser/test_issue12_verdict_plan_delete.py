"""Issue 12, items 4, 12 and 13 in Chromium: the cluster verdict says what it checked, the
review step shows the safe apply plan, a layout's bond gets the bond step's recommendation,
and editors delete a host after a page naming what goes. Screenshots: issue12-*.png."""

import pytest
from playwright.sync_api import expect

from netwizard.inventory import services
from netwizard.inventory.models import Host, HostChange
from netwizard.network.interfaces_file import parse
from tests import factories
from tests.browser.test_wizard import arrive, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NODE = """auto lo
iface lo inet loopback

iface eno1 inet manual

iface eno2 inet manual

auto eno3
iface eno3 inet static
	address 10.99.0.{n}/24

auto bond0
iface bond0 inet manual
	bond-slaves eno1 eno2
	bond-miimon 100
	bond-mode 802.3ad
	bond-xmit-hash-policy layer2+3

auto vmbr0
iface vmbr0 inet static
	address 10.0.0.{n}/24
	gateway 10.0.0.1
	bridge-ports bond0
	bridge-stp off
	bridge-fd 0
	bridge-vlan-aware yes
	bridge-vids 2-4094
"""


def test_the_cluster_verdict_says_what_it_checked(live_server, page, screenshot):
    """Item 4: pve3 has no interface marked as carrying corosync; the page used to say the
    nodes agree on a consistent cluster network."""
    for n, name in enumerate(["pve1", "pve2", "pve3"], start=11):
        text = NODE.format(n=n)
        network = parse(text)
        for iface in network.interfaces:
            iface.carries_cluster = iface.name == "eno3" and name != "pve3"
        services.host_import_interfaces(name=name, network=network, cluster="prod", text=text)
    log_in(page, live_server)
    page.goto(live_server.url + "/clusters/prod/")
    expect(page.get_by_role("heading", name="Cluster prod")).to_be_visible()
    clauses = page.locator(".verdict-clause")
    expect(clauses).to_have_count(4)
    expect(clauses.filter(has_text="Cluster network")).to_contain_text(
        "not checked — pve3 has no interface marked as carrying the cluster network."
    )
    expect(clauses.filter(has_text="Bridges")).to_contain_text("agree — every node has the same Linux bridges (vmbr0)")
    expect(page.get_by_text("consistent cluster network")).to_have_count(0)
    expect(page.get_by_text("agree on everything")).to_have_count(0)
    screenshot("issue12-4-cluster-verdict")


def test_the_review_step_shows_the_safe_plan(live_server, page, screenshot):
    """Item 12: the review step's apply steps are the download page's plan, revert included."""
    factories.host_with_network("pve1", switch=factories.switch("sw-core"))
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve1/wizard/review/")
    arrive(page, "Findings")
    plan = page.get_by_label("apply plan for pve1")
    expect(plan).to_contain_text("systemd-run --quiet --unit=netwizard-revert")
    expect(page.get_by_text("cp /etc/network/interfaces /etc/network/interfaces.bak")).to_have_count(0)
    review_plan = plan.inner_text()
    page.get_by_role("button", name="Copy plan").click()
    expect(page.locator("#copy-status")).to_contain_text("C")  # Copied, or Selected: press Ctrl+C
    page.get_by_role("heading", name="Safe apply plan").scroll_into_view_if_needed()
    screenshot("issue12-12-review-apply-plan")
    page.locator("section[aria-labelledby=plan-heading]").get_by_role("link", name="the apply page").click()
    expect(page.get_by_role("heading", name="Before you apply")).to_be_visible()
    assert page.get_by_label("apply plan for pve1").inner_text() == review_plan


def test_the_storage_layout_without_a_switch_gets_active_backup(live_server, page, screenshot):
    """Item 13a: with no switch chosen nothing says the switch can do LACP: active-backup,
    as the bond step recommends for the same answers."""
    log_in(page, live_server)
    page.get_by_role("link", name="New host").click()
    page.get_by_label("Host name").fill("pve7")
    page.get_by_label("Storage bond: a bond with its own address, vmbr0 on a separate NIC (3 NICs)").check()
    expect(page.get_by_label("Switch the NICs are cabled to")).to_have_value("")
    page.get_by_role("button", name="Create host").click()
    arrive(page, "NICs", exact=True)
    expect(page.locator("#messages")).to_contain_text(
        "bond0 uses Active-backup. Without knowing whether the switch supports LACP, active-backup is the safe choice"
    )
    screenshot("issue12-13-storage-layout-created")
    page.goto(live_server.url + "/hosts/pve7/wizard/bond/bond0/")
    arrive(page, "Linux Bond bond0")
    expect(page.get_by_role("radio", name="I don't know")).to_be_checked()
    expect(page.locator("#bond-advice")).to_contain_text("Active-backup")
    expect(page.get_by_role("radio", name="Active-backup")).to_be_checked()
    expect(page.get_by_label("preview of the interfaces file")).to_contain_text("bond-mode active-backup")
    screenshot("issue12-13-storage-layout")


def test_an_editor_deletes_a_host_after_seeing_what_goes(live_server, page, screenshot):
    """Item 13c."""
    factories.host_with_network("pve1", switch=factories.switch("sw-core"))
    factories.host_with_network("pve2")
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve1/")
    page.get_by_role("link", name="Delete host…").click()
    expect(page.get_by_role("heading", name="Delete pve1?")).to_be_visible()
    goes = page.locator(".deletion-goes")
    expect(goes).to_contain_text("4 NICs: eno1 eno2 eno3 eno4")
    expect(goes).to_contain_text("1 VLAN: bond0.50")
    expect(page.locator(".deletion-stays")).to_contain_text("stay in the audit log under the name pve1")
    screenshot("issue12-13-delete-host-confirm")
    page.get_by_role("button", name="Delete pve1 and its 8 interfaces").click()
    expect(page.get_by_role("heading", name="Hosts")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("Deleted pve1 and its 8 interfaces.")
    expect(page.get_by_role("link", name="pve1", exact=True)).to_have_count(0)
    assert not Host.objects.filter(name="pve1").exists()
    assert HostChange.objects.filter(host_name="pve1", action=HostChange.DELETE, username="erin").count() == 1
