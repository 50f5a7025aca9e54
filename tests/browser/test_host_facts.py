"""Issue 17 in Chromium: the demo host pve1 uses eno3; the node reports eno3's MAC as enp2s0f0.
Upload the facts, see NIC-01 name both, rename with one click, pin the names, and read the
.link files and the reboot plan on the download page.
Screenshots: host-facts-renamed, host-facts-pinnable, download-pinned."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from netwizard.inventory.demo import demo_load
from tests.browser.conftest import answered, save_screenshot
from tests.browser.test_wizard import log_in
from tests.inventory.test_facts import ENO3_MAC, renamed_node

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_renamed_nic_is_found_renamed_and_the_names_pinned(live_server, page, tmp_path):
    demo_load()
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve1/")
    # The command is there to copy, before any facts exist.
    expect(page.locator("#collect-command")).to_contain_text('"netwizard_facts": 1')
    page.get_by_role("button", name="Copy command").click()
    expect(page.locator("#copy-status")).not_to_be_empty()

    facts = tmp_path / "pve1-facts.json"
    facts.write_text(renamed_node())
    page.get_by_label("Facts document").set_input_files(str(facts))
    page.get_by_role("button", name="Import facts").click()
    expect(page.get_by_text("Imported the facts of pve1: 2 NICs updated, 0 added.")).to_be_visible()
    alert = page.get_by_role("alert").filter(has_text="is now enp2s0f0")
    expect(alert).to_contain_text(f"eno3 is now enp2s0f0 (same MAC {ENO3_MAC})")
    expect(page.locator(".findings, #findings-heading + *").first).to_be_visible()
    expect(page.get_by_text("NIC-01").first).to_be_visible()
    save_screenshot(page, "host-facts-renamed")

    page.get_by_role("button", name="Rename eno3 to enp2s0f0 everywhere").click()
    expect(page.get_by_text("Renamed eno3 to enp2s0f0 everywhere the file names it.")).to_be_visible()
    expect(page.locator(".interfaces-file")).to_contain_text("bridge-ports enp2s0f0")
    expect(page.get_by_text("NIC-01")).to_have_count(0)
    expect(page.get_by_text("NIC-02").first).to_be_visible()  # vmbr0 now stands on an unpinned kernel name
    save_screenshot(page, "host-facts-pinnable")

    page.get_by_role("button", name="Pin NIC names").click()
    expect(page.get_by_text("Pinned 3 NIC names (eno1 → nic0, eno2 → nic1, enp2s0f0 → nic2)")).to_be_visible()
    expect(page.get_by_role("heading", name="Pinned NIC names: 3 .link files")).to_be_visible()
    expect(page.locator(".link-file").nth(2)).to_have_text(
        f"[Match]\nMACAddress={ENO3_MAC}\nType=ether\n\n[Link]\nName=nic2\n"
    )
    expect(page.locator("#apply-plan")).to_contain_text("netwizard-pin-revert.timer")
    save_screenshot(page, "download-pinned")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download 50-pve-nic2.link").click()
    saved = tmp_path / "nic2.link"
    download.value.save_as(saved)
    assert saved.read_text() == f"[Match]\nMACAddress={ENO3_MAC}\nType=ether\n\n[Link]\nName=nic2\n"
    answered(page)
