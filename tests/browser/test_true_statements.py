"""Issue 12: what the pages say is computed from the file they serve, seen in Chromium.

Each test builds the situation a user reported, checks every sentence against the data,
and leaves a screenshot (issue12-*) to look at."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from netwizard.inventory import services
from netwizard.network.file_changes import file_changes
from netwizard.network.interfaces_file import parse, render
from tests.browser.test_wizard import log_in, question
from tests.conftest import seed_example

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("title", "shot"),
    [
        ("Example: Use a bond as bridge port", "issue12-1-download-seed-bond-bridge"),
        ("Example: Use bond with fixed IP address", "issue12-1-download-seed-bond-address"),
    ],
)
def test_a_seed_file_imported_and_downloaded_at_once_warns_of_nothing_and_lists_the_auto_lines(
    live_server, page, screenshot, tmp_path, title, shot
):
    path = Path(tmp_path) / "interfaces"
    path.write_text(seed_example(title))
    call_command("importinterfaces", str(path), "--host", "pve7")
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve7/download/")
    expect(page.get_by_role("heading", name="Before you apply")).to_be_visible()
    # No lock-out warning: adding auto lines to bond members cannot cut the host off.
    expect(page.locator(".lockout")).to_have_count(0)
    expect(page.locator(".lockout-none")).to_contain_text("changes no line that could take down")
    # The changes: exactly the members' auto lines, with Proxmox's reason, none marked as a risk.
    changes = page.locator(".host-changes")
    expect(changes.locator(".change")).to_have_count(1)
    expect(changes.locator(".change-member-auto")).to_contain_text("eno1 auto added; eno2 auto added")
    expect(changes).to_contain_text("Proxmox starts every bond member at boot and writes an auto line for it.")
    expect(changes.get_by_text("can cut connectivity")).to_have_count(0)
    expect(changes.get_by_text("No changes")).to_have_count(0)
    screenshot(shot)


def test_a_host_built_in_the_wizard_and_applied_has_no_changes_and_no_warning(live_server, page, screenshot):
    services.host_create_from_layout(name="pve8", layout=services.LAYOUT_BOND_BRIDGE)
    log_in(page, live_server)
    assert page.request.get(live_server.url + "/hosts/pve8/interfaces").ok  # the file the host gets
    page.goto(live_server.url + "/hosts/pve8/download/")
    # A download is not an apply: the host runs the file once someone says so.
    page.get_by_role("button", name="I have applied this file on pve8").click()
    expect(page.locator(".lockout")).to_have_count(0)
    expect(page.locator(".host-changes .changes-none")).to_have_text("No changes: the download is that file.")
    screenshot("issue12-1-download-wizard-host")


RUNNING = """auto lo
iface lo inet loopback

# the storage NICs
iface eno1 inet manual

iface eno2 inet manual

auto bond0
iface bond0 inet static
    address 192.168.1.2
    netmask 255.255.255.0
    bond-slaves eno2 eno1
    bond-mode active-backup
    bond-xmit-hash-policy layer3+4

auto vmbr0
iface vmbr0 inet static
    address 10.10.10.2/24
    gateway 10.10.10.1
    bridge-ports eno3
    bridge-stp off
    bridge-fd 0

iface eno3 inet manual
"""


def test_the_host_page_and_review_list_every_change_the_download_makes(live_server, page, screenshot):
    services.host_import_interfaces(name="pve9", network=parse(RUNNING), text=RUNNING)
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve9/")
    changes = page.locator(".host-changes")
    expect(changes).to_contain_text("Compared with the file imported on")
    # Each kind of change, with its reason; none of them is a risk.
    for kind, text in [
        ("member-auto", "eno1 auto added; eno2 auto added"),
        ("members-order", "bond-slaves eno2 eno1 -> eno1 eno2"),
        ("members-order", "may use eno1's MAC instead of eno2's"),
        ("netmask", "netmask and broadcast folded into the address"),
        ("default", "bond-miimon 100 written out"),
        ("not-for-mode", "bond-xmit-hash-policy layer3+4 left out"),
        ("top-comment", "1 comment line outside the stanzas"),
    ]:
        expect(changes.locator(f".change-{kind}").first).to_contain_text(text)
    expect(changes.get_by_text("can cut connectivity")).to_have_count(0)
    # The same comparison, computed here from the two files, names the same kinds.
    expected = {c.kind for c in file_changes(RUNNING, render(parse(RUNNING))).content_changes}
    shown = {
        cls.split("change-")[1]
        for cls in changes.locator(".change").evaluate_all(
            "items => items.map(i => [...i.classList].find(c => c.startsWith('change-')))"
        )
    }
    assert shown == expected
    # What the running file gets wrong, and the download fixes, is said there, not as an error.
    expect(page.locator(".finding-error")).to_have_count(0)
    expect(changes.locator(".changes-fixed")).to_contain_text("BOND-08")
    changes.locator("summary").click()
    expect(changes.locator(".diff-del").first).to_be_visible()
    screenshot("issue12-2-host-page-changes")

    page.goto(live_server.url + "/hosts/pve9/wizard/review/")
    expect(page.locator(".host-changes .change-member-auto")).to_contain_text("eno1 auto added; eno2 auto added")
    screenshot("issue12-2-review-changes")
    # Item 3: no finding about a line the download does not have; the download is not blocked.
    expect(page.locator(".finding-error")).to_have_count(0)
    expect(page.locator(".findings").get_by_text("bond0 sets no bond-miimon")).to_have_count(0)
    expect(page.get_by_role("link", name="Download", exact=True)).to_be_visible()
    expect(page.locator(".host-changes .changes-fixed")).to_contain_text("BOND-13")
    page.locator(".host-changes").scroll_into_view_if_needed()
    screenshot("issue12-3-findings-about-the-download")


def test_values_the_file_cannot_carry_say_why_next_to_their_field(live_server, page, screenshot):
    host = services.host_create(name="pve5")
    for name in ("eno1", "eno2"):
        services.nic_create(host=host, name=name)
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve5/wizard/bond/")
    preview = page.get_by_label("preview of the interfaces file")
    # A primary picked before its member is ticked stays, with the reason it cannot be saved so.
    page.get_by_label("eno1").check()
    expect(preview).to_contain_text("bond-slaves eno1")
    page.get_by_label("Primary member").select_option("eno2")
    options = page.locator("#bond-options")
    expect(options).to_contain_text("The primary eno2 is not one of the members you picked")
    expect(page.get_by_label("Primary member")).to_have_value("eno2")
    screenshot("issue12-5-bond-primary-not-ticked")
    page.get_by_label("eno2").check()
    expect(preview).to_contain_text("bond-primary eno2")
    expect(page.get_by_label("Primary member")).to_have_value("eno2")
    expect(options).not_to_contain_text("is not one of the members")

    # A hash policy chosen for 802.3ad, then active-backup: kept on the page, said not to be written.
    question(page, "Do the switch ports support LACP (802.3ad)?").get_by_label("Yes").check()
    expect(page.get_by_role("radio", name="LACP (802.3ad)")).to_be_checked()
    page.get_by_label("Hash policy").select_option("layer3+4")
    expect(preview).to_contain_text("bond-xmit-hash-policy layer3+4")
    page.get_by_role("radio", name="Active-backup").check()
    expect(page.locator(".option-not-written")).to_contain_text(
        "Hash policy layer3+4 is not written for active-backup: the kernel hashes only in balance-xor and 802.3ad."
    )
    expect(preview).not_to_contain_text("bond-xmit-hash-policy")
    screenshot("issue12-5-bond-not-written")

    # balance-tlb: the kernel would use a primary, Proxmox does not write one: not offered, and said.
    page.get_by_role("radio", name="Adaptive transmit load balancing (balance-tlb)").check()
    expect(page.get_by_label("Primary member")).to_have_count(0)
    expect(page.locator("#bond-options")).to_contain_text(
        "Primary member eno2 is not written for balance-tlb: Proxmox writes bond-primary only for active-backup"
    )
    screenshot("issue12-5-bond-tlb-primary")


def test_an_over_long_bridge_name_is_not_cut_while_typing(live_server, page, screenshot):
    host = services.host_create(name="pve6")
    services.nic_create(host=host, name="eno1")
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve6/wizard/bridge/")
    name = page.get_by_label("Bridge name")
    name.fill("")
    name.press_sequentially("vmbr-storage-net")
    expect(name).to_have_value("vmbr-storage-net")  # all 16 characters, as typed
    page.get_by_role("button", name="Save bridge").click()
    expect(page.locator("#id_name_error")).to_contain_text("At most 15 characters, and this has 16.")
    expect(page.get_by_label("Bridge name")).to_have_value("vmbr-storage-net")
    screenshot("issue12-5-bridge-name-length")
