"""Issue 12, items 6 to 8, as an admin meets them in Chromium: jumbo frames on a bond that is
a bridge port, the new-bridge form of the "bond with its own storage address" layout, and the
bond step without JavaScript. Screenshots: test-artifacts/screenshots/issue12-*.png."""

import pytest
from playwright.sync_api import expect

from netwizard.inventory import services
from netwizard.inventory.models import Interface
from netwizard.network.interfaces_file import parse
from tests import factories
from tests.browser.conftest import save_screenshot
from tests.browser.test_wizard import arrive, download_and_check, log_in, question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_jumbo_frames_on_the_nics_the_bond_and_the_bridge_over_it(live_server, page, screenshot, tmp_path):
    host = services.host_create(name="pve6")
    for name in ("eno1", "eno2", "eno3"):
        services.nic_create(host=host, name=name, speed_mbps=10000)
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve6/wizard/nics/")

    # The NICs first, each in its own row.
    for name in ("eno1", "eno2"):
        arrive(page, "NICs", exact=True)
        page.get_by_role("link", name=f"Edit {name}").click()
        page.get_by_label(f"MTU of {name}").fill("9000")
        page.get_by_role("button", name=f"Save {name}").click()
        expect(page.locator(f"#nic-{name}")).to_contain_text("9000")
    expect(page.locator("#nic-mtu-help")).to_contain_text("set the MTU on the bond")
    screenshot("issue12-6-mtu-nics")

    # Then the bond over them.
    page.get_by_role("link", name="Next: Bond").click()
    arrive(page, "New Linux Bond")
    page.get_by_label("eno1").check()
    page.get_by_label("eno2").check()
    preview = page.get_by_label("preview of the interfaces file")
    expect(preview).to_contain_text("bond-slaves eno1 eno2")
    page.get_by_label("MTU", exact=True).fill("9000")
    page.get_by_label("MTU", exact=True).blur()
    expect(page.locator(".preview-file .line.changed", has_text="mtu 9000")).to_have_count(1)
    screenshot("issue12-6-mtu-bond")
    page.get_by_role("button", name="Save bond and continue").click()

    # Then the bridge with the bond as its port.
    arrive(page, "Bridges and addresses")
    page.get_by_role("link", name="Add bridge vmbr0").click()
    arrive(page, "New Linux Bridge")
    expect(page.get_by_label("bond0")).to_be_checked()
    page.get_by_label("IPv4 address/CIDR").fill("10.10.10.9/24")
    page.get_by_label("IPv4 gateway").fill("10.10.10.1")
    page.get_by_label("MTU", exact=True).fill("9000")
    expect(page.get_by_text("raise the port first (the bond or NIC), then the bridge")).to_be_visible()
    expect(preview).to_contain_text("gateway 10.10.10.1")
    expect(page.locator(".preview-file .line.changed", has_text="mtu 9000")).to_have_count(1)
    expect(page.get_by_text("Saving would be refused")).to_have_count(0)
    screenshot("issue12-6-mtu-bond-bridge")
    page.get_by_role("button", name="Save bridge").click()
    arrive(page, "Bridges and addresses")

    page.get_by_role("link", name="Next: Review").click()
    arrive(page, "Findings")
    text = download_and_check(page, tmp_path, {"eno1", "eno2", "bond0", "vmbr0"})
    network = parse(text)
    assert {name: network.get(name).mtu for name in ("eno1", "eno2", "bond0", "vmbr0")} == dict.fromkeys(
        ("eno1", "eno2", "bond0", "vmbr0"), 9000
    )
    assert text.count("\tmtu 9000\n") == 4


def test_the_new_bridge_of_the_storage_layout_opens_without_a_port_saving_would_refuse(live_server, page, screenshot):
    services.host_create_from_layout(name="pve7", layout=services.LAYOUT_BOND_STORAGE)
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve7/wizard/bridges/")
    arrive(page, "Bridges and addresses")
    page.get_by_role("link", name="Add bridge vmbr1").click()
    arrive(page, "New Linux Bridge")
    expect(page.get_by_label("Bridge name")).to_have_value("vmbr1")
    # bond0 carries the storage address: not ticked; eno1-eno3 are in bond0 or vmbr0.
    bond0 = page.get_by_role("checkbox", name="bond0")
    expect(bond0).not_to_be_checked()
    expect(page.locator("label", has=page.locator("text=bond0"))).to_contain_text("has its own address 192.168.1.2/24")
    expect(page.locator("input[name=ports]:checked")).to_have_count(0)
    expect(page.get_by_text("Saving would be refused")).to_have_count(0)
    expect(page.get_by_text("Move the address")).to_have_count(0)
    screenshot("issue12-7-new-bridge-ports")


@pytest.fixture
def nojs_page(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, live_server)
    yield page
    context.close()


def test_without_javascript_the_bond_step_shows_the_answers_it_says_came_from_the_inventory(live_server, nojs_page):
    page = nojs_page
    sw = factories.switch("sw-core", lacp=True)
    host = services.host_create(name="pve8")
    for index, name in enumerate(("eno1", "eno2"), start=1):
        services.nic_create(host=host, name=name, speed_mbps=10000, switch=sw, switch_port=f"1/{index}")
    page.goto(live_server.url + "/hosts/pve8/wizard/bond/")
    expect(page.get_by_role("heading", name="New Linux Bond")).to_be_visible()
    lacp_question = question(page, "Do the switch ports support LACP (802.3ad)?")
    expect(lacp_question.get_by_label("I don't know")).to_be_checked()

    page.get_by_label("eno1").check()
    page.get_by_label("eno2").check()
    page.get_by_role("button", name="Update the recommendation").click()

    expect(page.locator(".switch-hints")).to_contain_text(
        "The answers about the switch were filled in from the inventory: eno1 → sw-core (LACP); eno2 → sw-core (LACP)."
    )
    expect(lacp_question.get_by_label("Yes")).to_be_checked()
    expect(question(page, "Where are the members cabled to?").get_by_label("One switch")).to_be_checked()
    expect(page.locator(".recommendation")).to_contain_text("LACP (802.3ad)")
    expect(page.get_by_role("radio", name="LACP (802.3ad)")).to_be_checked()
    save_screenshot(page, "issue12-8-bond-nojs")

    page.get_by_role("button", name="Save bond and continue").click()
    expect(page.get_by_role("heading", name="Bridges and addresses")).to_be_visible()
    assert Interface.objects.get(host=host, name="bond0").bond_mode == "802.3ad"
