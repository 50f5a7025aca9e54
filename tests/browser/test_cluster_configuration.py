"""Issue 18 in Chromium: three nodes, corosync.conf puts pve2's link 0 on a balance-xor bond and
pve3's link 1 on an address pve3 lacks. Upload it on the cluster page, see BOND-26 and CLUSTER-10
with the links laid out per node. Screenshots: cluster-corosync, bond-cluster-question."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from netwizard.inventory import services
from netwizard.network.interfaces_file import parse
from tests.browser.conftest import answered, save_screenshot
from tests.browser.test_wizard import log_in
from tests.network.test_cluster_configured import CEPH, DONE_WHEN_FILES, corosync_conf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_cluster_page_checks_the_real_corosync_links(live_server, page, tmp_path):
    for number, text in DONE_WHEN_FILES.items():
        services.host_import_interfaces(name=f"pve{number}", network=parse(text), text=text, cluster="prod")
    log_in(page, live_server)
    page.goto(live_server.url + "/clusters/prod/")
    expect(page.get_by_text("netwizard has no corosync.conf or ceph.conf for prod")).to_be_visible()
    conf = tmp_path / "corosync.conf"
    conf.write_text(corosync_conf({3: "10.20.0.30"}))
    page.get_by_label("/etc/pve/corosync.conf").set_input_files(str(conf))
    page.get_by_label("or paste it").nth(1).fill(CEPH)
    page.get_by_role("button", name="Store configuration").click()
    expect(page.get_by_text("Stored corosync.conf and ceph.conf for cluster prod")).to_be_visible()
    table = page.locator(".roles-table")
    expect(table.locator("thead")).to_contain_text("corosync link 0")
    expect(table.locator("thead")).to_contain_text("Ceph public 10.30.0.0/24")
    pve2 = table.locator("tr", has_text="pve2")
    expect(pve2).to_contain_text("bond0 balance-xor")
    expect(pve2).to_contain_text("BOND-26")
    pve3 = table.locator("tr", has_text="pve3")
    expect(pve3).to_contain_text("10.20.0.30: on no interface")
    findings = page.locator(".findings")
    expect(findings).to_contain_text("pve3's link 1 (ring1_addr 10.20.0.30) is configured on no interface of pve3")
    expect(findings.locator("li", has_text="BOND-26")).to_contain_text("pve2")
    expect(page.locator(".verdict")).to_contain_text("Corosync links")
    save_screenshot(page, "cluster-corosync")

    page.goto(live_server.url + "/hosts/pve2/wizard/bond/bond0/")
    expect(page.get_by_text("corosync.conf runs link 0 (vmbr0 10.10.10.2) over this bond.")).to_be_visible()
    page.locator("input[name=carries_cluster][value=no]").check()
    expect(page.locator(".cluster-disagreement")).to_contain_text("the rules follow corosync.conf")
    save_screenshot(page, "bond-cluster-question")
    answered(page)


def test_the_runbook_goes_node_by_node(live_server, page):
    from tests.network.test_cluster_configured import node_file

    for number in (1, 2, 3):
        text = node_file(number)
        services.host_import_interfaces(name=f"pve{number}", network=parse(text), text=text, cluster="prod")
    services.cluster_configuration_set(cluster="prod", corosync_text=corosync_conf(), ceph_text=CEPH)
    log_in(page, live_server)
    page.goto(live_server.url + "/clusters/prod/")
    page.get_by_role("link", name="Apply, node by node").click()
    runbook = page.get_by_label("runbook for cluster prod")
    expect(runbook).to_contain_text("Node 1 of 3: pve1")
    expect(runbook).to_contain_text("ping -M do -s 1472 -c 3 10.30.0.2")
    page.get_by_role("button", name="Copy runbook").click()
    expect(page.locator("#copy-status")).not_to_be_empty()
    save_screenshot(page, "cluster-runbook", full_page=False)
    answered(page)
