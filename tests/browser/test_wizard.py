"""The wizard as a new user walks it, in Debian's Chromium: from login to a downloaded file
that netwizard parses back and ifupdown2 accepts. Screenshots of every step are written to
test-artifacts/screenshots/wizard-*.png."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from netwizard.inventory.models import Host
from netwizard.network.interfaces_file import parse
from tests import factories, samples
from tests.oracles import ifup_complaints

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long editor password"


def log_in(page, live_server, username="erin"):
    factories.user(username, "editor", password=PASSWORD)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Hosts")).to_be_visible()


def arrive(page, heading: str, **kwargs) -> None:
    """A new page is shown and its scripts are running (htmx binds its triggers on load)."""
    expect(page.get_by_role("heading", name=heading, **kwargs)).to_be_visible()
    page.wait_for_load_state("load")


def download_and_check(page, tmp_path: Path, expected: set[str]) -> str:
    with page.expect_download() as download:
        page.get_by_role("link", name="Download", exact=True).click()
    assert download.value.suggested_filename == "interfaces"
    path = tmp_path / "interfaces"
    download.value.save_as(path)
    text = path.read_text()
    network = parse(text)
    assert {i.name for i in network.interfaces} >= expected
    assert ifup_complaints(path) == []
    return text


def question(page, legend: str):
    return page.get_by_role("group", name=legend)


def add_nic(page, name: str, speed: str = "10 Gbit/s"):
    page.get_by_label("Name of the new NIC").fill(name)
    # The name is checked as it is typed; a save sent while that check is being answered
    # would meet it on the in-memory SQLite connection the live server shares.
    expect(page.locator("#nic-new-name-feedback")).to_contain_text(f"{name} is free")
    page.get_by_label("Speed of the new NIC").select_option(label=speed)
    page.get_by_role("button", name="Add NIC").click()
    expect(page.locator(f"#nic-{name}")).to_contain_text(name)
    # The row for the next NIC is ready to type into.
    expect(page.get_by_label("Name of the new NIC")).to_be_focused()


def test_a_new_user_builds_a_host_from_scratch_and_downloads_a_file_ifupdown2_accepts(
    live_server, page, screenshot, tmp_path
):
    log_in(page, live_server)

    # 1 Host
    page.get_by_role("link", name="New host").click()
    page.get_by_label("Host name").fill("pve9")
    page.get_by_label("Cluster").fill("lab")
    page.get_by_label("Description").fill("New node in rack 4")
    expect(page.get_by_label("Empty: I will add the NICs, bonds and bridges")).to_be_checked()
    screenshot("wizard-1-host")
    page.get_by_role("button", name="Create host").click()

    # 2 NICs, with the name checked while it is typed
    arrive(page, "NICs", exact=True)
    page.get_by_label("Name of the new NIC").fill("vmbr9")
    expect(page.locator("#nic-new-name-feedback")).to_contain_text("Proxmox only reads names like")
    for name in ("eno1", "eno2", "eno3"):
        add_nic(page, name)
    page.get_by_label("Name of the new NIC").fill("eno2")
    expect(page.locator("#nic-new-name-feedback")).to_contain_text("pve9 already has an interface named eno2")
    page.get_by_label("Name of the new NIC").fill("eno4")
    expect(page.locator("#nic-new-name-feedback")).to_contain_text("eno4 is free")
    page.get_by_label("Name of the new NIC").fill("")
    expect(page.get_by_label("preview of the interfaces file")).to_contain_text("iface eno3 inet manual")
    screenshot("wizard-2-nics")
    page.get_by_role("link", name="Next: Bond").click()

    # 3 Bond: the recommendation follows the answers
    arrive(page, "New Linux Bond")
    expect(page.get_by_label("Bond name")).to_have_value("bond0")
    preview = page.get_by_label("preview of the interfaces file")
    page.get_by_label("eno1").check()
    page.get_by_label("eno2").check()
    expect(preview).to_contain_text("bond-slaves eno1 eno2")
    question(page, "Do the switch ports support LACP (802.3ad)?").get_by_label("Yes").check()
    recommendation = page.locator(".recommendation")
    expect(recommendation).to_contain_text("LACP (802.3ad)")
    lacp = page.get_by_role("radio", name="LACP (802.3ad)")
    expect(lacp).to_be_checked()
    expect(page.get_by_label("Hash policy")).to_be_visible()
    expect(page.get_by_label("Primary member")).to_be_hidden()
    expect(page.get_by_label("preview of the interfaces file")).to_contain_text("bond-mode 802.3ad")
    screenshot("wizard-3-bond-lacp")

    question(page, "Will this bond carry the cluster (corosync) network?").get_by_label("Yes").check()
    expect(lacp).to_be_disabled()
    lacp_card = page.locator(".mode-card", has=lacp)
    expect(lacp_card).to_contain_text("Not allowed: Carries the cluster (corosync) network")
    expect(page.get_by_role("radio", name="Active-backup")).to_be_checked()
    expect(recommendation).to_contain_text("Active-backup")
    # Active-backup's own option replaces the LACP ones.
    expect(page.get_by_label("Primary member")).to_be_visible()
    expect(page.get_by_label("Hash policy")).to_be_hidden()
    expect(page.get_by_label("preview of the interfaces file")).to_contain_text("bond-mode active-backup")
    screenshot("wizard-3-bond-cluster")
    page.get_by_label("Primary member").select_option("eno1")
    page.get_by_role("button", name="Save bond and continue").click()

    # 4 Bridge on the bond, with the host's address and gateway
    arrive(page, "Bridges and addresses")
    expect(page.locator("#messages")).to_contain_text("Saved bond0 (Active-backup)")
    screenshot("wizard-4-bridges")
    page.get_by_role("link", name="Add bridge vmbr0").click()
    arrive(page, "New Linux Bridge")
    expect(page.get_by_label("Bridge name")).to_have_value("vmbr0")
    expect(page.get_by_label("bond0")).to_be_checked()
    page.get_by_label("IPv4 address/CIDR").fill("10.10.10.9/24")
    page.get_by_label("IPv4 gateway").fill("10.10.10.1")
    expect(page.get_by_label("preview of the interfaces file")).to_contain_text("gateway 10.10.10.1")
    screenshot("wizard-4-bridge-form")
    page.get_by_role("button", name="Save bridge").click()
    expect(page.locator(".iface-item", has_text="vmbr0")).to_contain_text("10.10.10.9/24 via 10.10.10.1")
    page.get_by_role("link", name="Next: Review").click()

    # 5 Review and download
    expect(page.get_by_role("heading", name="Findings")).to_be_visible()
    expect(page.get_by_role("img", name="Network diagram of pve9")).to_be_visible()
    assert page.get_by_role("img", name="Network diagram of pve9").evaluate("img => img.naturalWidth") > 200
    expect(page.get_by_label("apply plan for pve9")).to_contain_text("systemd-run --quiet --unit=netwizard-revert")
    page.get_by_role("button", name="Copy plan").click()
    expect(page.locator("#copy-status")).to_contain_text(re.compile("Copied|Selected"))
    screenshot("wizard-5-review")
    text = download_and_check(page, tmp_path, {"eno1", "eno2", "eno3", "bond0", "vmbr0"})
    assert "bond-mode active-backup" in text and "bond-primary eno1" in text
    assert "bridge-ports bond0" in text and "gateway 10.10.10.1" in text
    assert Host.objects.get(name="pve9").interfaces.count() == 5


def test_an_existing_demo_host_is_edited_from_its_host_page(live_server, page, screenshot, tmp_path):
    call_command("loaddemo")
    log_in(page, live_server)
    page.get_by_role("link", name="pve2").click()
    page.get_by_role("link", name="Edit bond0").click()

    # The answers come from the inventory: sw-core supports LACP and takes both members.
    arrive(page, "Linux Bond bond0")
    expect(question(page, "Do the switch ports support LACP (802.3ad)?").get_by_label("Yes")).to_be_checked()
    expect(question(page, "Where are the members cabled to?").get_by_label("One switch")).to_be_checked()
    expect(page.get_by_role("radio", name="LACP (802.3ad)")).to_be_checked()
    page.get_by_label("LACP rate").select_option("fast")
    expect(page.locator(".preview-file .line.changed")).to_contain_text("bond-lacp-rate fast")
    screenshot("wizard-edit-3-bond")
    page.get_by_role("button", name="Save bond and continue").click()
    arrive(page, "Bridges and addresses")

    page.get_by_role("link", name="Edit vmbr0").click()
    arrive(page, "Linux Bridge vmbr0")
    page.get_by_label("VLAN aware").check()
    expect(page.get_by_label("VLAN IDs")).to_have_value("2-4094")
    page.get_by_role("button", name="Save bridge").click()
    page.get_by_role("link", name="Next: Review").click()
    screenshot("wizard-edit-5-review")
    text = download_and_check(page, tmp_path, {"eno1", "eno2", "bond0", "vmbr0"})
    assert "bond-lacp-rate fast" in text and "bridge-vlan-aware yes" in text


def test_the_seeds_second_layout_from_login_to_a_correct_file(live_server, page, screenshot, tmp_path):
    """Done when: someone who knows Proxmox gets the guide's bond-as-bridge-port file without documentation."""
    factories.switch("sw-core", lacp=True)
    log_in(page, live_server)
    page.get_by_role("link", name="New host").click()
    page.get_by_label("Host name").fill("pve3")
    page.get_by_label("Bridged bond: the bond as the port of vmbr0 (2 NICs)").check()
    expect(page.get_by_label("Switch the NICs are cabled to")).to_be_visible()
    expect(page.get_by_label("Paste the file")).to_be_hidden()
    page.get_by_label("Switch the NICs are cabled to").select_option(label="sw-core")
    screenshot("wizard-layout-1-host")
    page.get_by_role("button", name="Create host").click()
    arrive(page, "NICs", exact=True)
    expect(page.locator("#messages")).to_contain_text("Check that the NIC names match the hardware")
    screenshot("wizard-layout-2-nics")
    page.get_by_role("link", name="Bridges and addresses").click()
    arrive(page, "Bridges and addresses")
    page.get_by_role("link", name="Edit vmbr0").click()
    arrive(page, "Linux Bridge vmbr0")
    page.get_by_label("IPv4 address/CIDR").fill("192.0.2.30/24")
    page.get_by_label("IPv4 gateway").fill("192.0.2.1")
    expect(page.locator(".preview-file .line.changed")).to_have_count(2)
    page.get_by_role("button", name="Save bridge").click()
    arrive(page, "Bridges and addresses")
    page.get_by_role("link", name="Next: Review").click()
    arrive(page, "Findings")
    expect(page.get_by_text("No findings")).to_be_visible()
    screenshot("wizard-layout-5-review")
    text = download_and_check(page, tmp_path, {"eno1", "eno2", "bond0", "vmbr0"})
    expected = parse(
        "auto lo\niface lo inet loopback\n\nauto eno1\niface eno1 inet manual\n\nauto eno2\niface eno2 inet manual\n\n"
        "auto bond0\niface bond0 inet manual\n\tbond-slaves eno1 eno2\n\tbond-miimon 100\n\tbond-mode 802.3ad\n"
        "\tbond-xmit-hash-policy layer2+3\n\nauto vmbr0\niface vmbr0 inet static\n\taddress 192.0.2.30/24\n"
        "\tgateway 192.0.2.1\n\tbridge-ports bond0\n\tbridge-stp off\n\tbridge-fd 0\n"
    )
    assert parse(text).interfaces == expected.interfaces


def test_an_imported_file_is_fixed_in_the_wizard_and_the_changes_show_it(live_server, page, screenshot, tmp_path):
    log_in(page, live_server)
    page.get_by_role("link", name="New host").click()
    page.get_by_label("Host name").fill("pve4")
    page.get_by_label("Import the file the host runs").check()
    page.get_by_label("Paste the file").fill(IMPORTED)
    screenshot("wizard-import-1-host")
    page.get_by_role("button", name="Create host").click()

    # The host runs its bond without link monitoring. The download writes bond-miimon 100, so
    # that is no error about the download: it is a change, with its reason, and a fix.
    arrive(page, "Findings")
    expect(page.locator("#messages")).to_contain_text("Imported 5 interfaces into pve4: 0 errors")
    expect(page.locator(".finding-error")).to_have_count(0)
    expect(page.get_by_role("link", name="Download", exact=True)).to_be_visible()
    changes = page.locator(".host-changes")
    expect(changes.locator(".change-default")).to_contain_text("bond-miimon 100 written out")
    expect(changes.locator(".change-default")).to_contain_text("Without the line ifupdown2 sets no link monitoring")
    expect(changes.locator(".changes-fixed")).to_contain_text("BOND-08")
    screenshot("wizard-import-5-review")

    # The cluster network runs over this bond, so its mode has to change.
    page.goto(live_server.url + "/hosts/pve4/wizard/bond/bond0/")
    arrive(page, "Linux Bond bond0")
    expect(page.get_by_label("MII monitor interval (ms)")).to_have_value("100")
    question(page, "Will this bond carry the cluster (corosync) network?").get_by_label("Yes").check()
    expect(page.get_by_role("radio", name="Active-backup")).to_be_checked()
    page.get_by_role("button", name="Save bond and continue").click()
    arrive(page, "Bridges and addresses")
    page.get_by_role("link", name="Next: Review").click()
    arrive(page, "Findings")
    risky = page.locator(".host-changes .change-edited")
    expect(risky).to_contain_text("bond-mode 802.3ad -> active-backup")
    expect(risky).to_contain_text("can cut connectivity")
    page.locator(".host-changes summary").click()
    diff = page.get_by_label("differences between the file the host runs and the download")
    expect(diff.locator(".diff-del")).to_contain_text(["-\tbond-mode 802.3ad"])
    expect(diff.locator(".diff-add")).to_contain_text(["+\tbond-mode active-backup"])
    screenshot("wizard-import-5-review-diff")
    text = download_and_check(page, tmp_path, {"eno1", "eno2", "bond0", "vmbr0"})
    assert "bridge-mcsnoop 0" in text and "#guests and management" in text  # kept as imported


# A host whose bond has no link monitoring (BOND-08 in the file it runs) and an option netwizard does not manage.
IMPORTED = samples.LACP_BOND.replace("\tbond-miimon 100\n", "") + (
    """
auto vmbr0
iface vmbr0 inet static
\taddress 10.10.10.5/24
\tgateway 10.10.10.1
\tbridge-ports bond0
\tbridge-stp off
\tbridge-fd 0
\tbridge-mcsnoop 0
#guests and management
"""
)


def test_errors_appear_next_to_their_fields_on_every_form(live_server, page, screenshot):
    call_command("loaddemo")
    log_in(page, live_server)
    page.get_by_role("link", name="pve1").click()
    expect(page.get_by_role("link", name="Edit in wizard")).to_be_visible()
    screenshot("wizard-host-page")

    # A NIC row edited in place: a wrong MAC is refused under the row, nothing is saved.
    page.get_by_role("link", name="Edit eno3").click()
    arrive(page, "NICs", exact=True)
    page.get_by_label("MAC address of eno3").fill("3c:ec:ef:12")
    page.get_by_role("button", name="Save eno3").click()
    error = page.locator(".nic-form .invalid-feedback")
    expect(error).to_contain_text("six pairs of hex digits")
    expect(page.get_by_label("MAC address of eno3")).to_have_attribute("aria-invalid", "true")
    screenshot("wizard-2-nic-error")

    # The bond step of a host that has a bond lists it.
    page.get_by_role("link", name="Next: Bond").click()
    arrive(page, "Bond", exact=True)
    expect(page.locator(".bond-list")).to_contain_text("members eno1 eno2")
    screenshot("wizard-3-bond-list")

    # A VLAN whose ID is out of range, then a gateway outside the subnet (the rules' IP-03).
    page.goto(live_server.url + "/hosts/pve1/wizard/vlan/")
    arrive(page, "New Linux VLAN")
    page.get_by_label("On interface").select_option("bond0")
    page.get_by_label("VLAN ID").fill("4095")
    expect(page.locator("#id_ipv4_method")).to_have_value("static")  # a new VLAN is for an address
    page.get_by_label("IPv4 address/CIDR").fill("10.50.0.2/24")
    page.get_by_label("IPv4 gateway").fill("10.60.0.1")
    page.get_by_role("button", name="Save VLAN").click()
    expect(page.locator("#id_vlan_id_error")).to_contain_text("less than or equal to 4094")
    page.get_by_label("VLAN ID").fill("50")
    page.get_by_role("button", name="Save VLAN").click()
    expect(page.locator("#id_ipv4_gateway_error")).to_contain_text("lies outside every subnet configured on bond0.50")
    # The error is announced with the field: it is part of its description.
    expect(page.get_by_label("IPv4 gateway")).to_have_attribute("aria-describedby", re.compile("id_ipv4_gateway_error"))
    screenshot("wizard-4-vlan-error")
    page.get_by_label("IPv4 gateway").fill("")
    page.get_by_role("button", name="Save VLAN").click()
    arrive(page, "Bridges and addresses")
    expect(page.locator(".iface-item", has_text="bond0.50")).to_contain_text("VLAN 50 on bond0")

    # The storage bond's own address (the first layout of the guide).
    page.get_by_role("link", name="Set address of bond0").click()
    arrive(page, "Linux Bond bond0: addresses")
    expect(page.get_by_label("IPv4 address/CIDR")).to_have_value("192.168.1.2/24")
    page.get_by_label("MTU").fill("9000")
    expect(page.locator(".preview-file .line.changed")).to_contain_text(["mtu 9000"])
    screenshot("wizard-4-address")

    page.goto(live_server.url + "/hosts/pve1/import/")
    expect(page.get_by_role("heading", name="Import the file pve1 runs")).to_be_visible()
    page.get_by_label("Paste the file").fill("auto bond0\niface bond0 inet manual\n\tbond-slaves eno1 \\\n")
    page.get_by_label("Replace the interfaces of pve1 with this file").check()
    page.get_by_role("button", name="Import and review").click()
    expect(page.locator("#id_text_error")).to_contain_text("line")
    screenshot("wizard-import-error")
