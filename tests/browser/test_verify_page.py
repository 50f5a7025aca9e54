"""Issue 19 in Chromium: the seed's "bond as bridge port" host, whose LACP did not negotiate, then did.
Screenshot: verify-lacp-failed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from netwizard.inventory import services
from netwizard.network.interfaces_file import parse
from tests.browser.conftest import answered, save_screenshot
from tests.browser.test_wizard import log_in
from tests.network.test_verify_compare import NO_PARTNER, SEED, bonding_text, document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_verify_page_names_lacp_and_links_the_checklist(live_server, page, tmp_path):
    services.host_import_interfaces(name="pve1", network=parse(SEED), text=SEED)
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve1/")
    page.get_by_role("link", name="Verify").click()
    expect(page.get_by_text("pve1 has not been verified yet.")).to_be_visible()
    facts = tmp_path / "facts.json"
    facts.write_text(document(bonding={"bond0": bonding_text(partner=NO_PARTNER, aggregators={"eno2": 2})}))
    page.get_by_label("Facts document collected after the apply").set_input_files(str(facts))
    page.get_by_role("button", name="Verify").click()
    failed = page.locator(".verify-fail", has_text="LACP did not negotiate on bond0")
    expect(failed).to_contain_text("the switch ports are not in an LACP port-channel (partner MAC 00:00:00:00:00:00)")
    failed.get_by_text("Evidence").click()
    expect(failed.locator(".verify-evidence")).to_contain_text("Partner Mac Address: 00:00:00:00:00:00")
    save_screenshot(page, "verify-lacp-failed")
    failed.get_by_role("link", name="Switch-side checklist for bond0").click()
    expect(page.locator("#checklist-bond0")).to_be_visible()
    answered(page)
