"""Issue 15 in Chromium: a file as admins really run it is imported and its findings are
true: Proxmox's NAT example pasted with a blank line, a NIC named but not defined, and an
Open vSwitch bridge. Screenshot: issue15-real-file-host-page.png."""

import pytest
from playwright.sync_api import expect

from netwizard.inventory.models import Host
from tests.browser.conftest import save_screenshot
from tests.browser.test_wizard import arrive, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REAL_FILE = """\
auto lo
iface lo inet loopback

auto vmbr0
iface vmbr0 inet static
\taddress 192.0.2.10/24
\tgateway 192.0.2.1
\tbridge-ports enp2s0
\tbridge-stp off
\tbridge-fd 0

auto vmbr1
iface vmbr1 inet static
\taddress 10.10.10.1/24
\tbridge-ports none
\tbridge-stp off
\tbridge-fd 0

\tpost-up echo 1 > /proc/sys/net/ipv4/ip_forward

auto vmbr2
iface vmbr2 inet manual
\tovs_type OVSBridge
\tovs_ports vlan50

allow-vmbr2 vlan50
iface vlan50 inet static
\taddress 10.50.0.2/24
\tovs_type OVSIntPort
\tovs_bridge vmbr2
\tovs_options tag=50
"""


def import_as_new_host(page, live_server, name: str, text: str) -> None:
    """Log in, paste `text` on the new-host page and wait for the host's review."""
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/new/")
    arrive(page, "New host")
    page.get_by_label("Host name").fill(name)
    page.get_by_label("Import the file the host runs").check()
    page.get_by_label("Paste the file").fill(text)
    page.get_by_role("button", name="Create host").click()
    arrive(page, name, exact=True)


def test_a_real_file_is_imported_with_true_findings(live_server, page):
    import_as_new_host(page, live_server, "pve7", REAL_FILE)
    host = Host.objects.get(name="pve7")
    names = set(host.interfaces.values_list("name", flat=True))
    # The NIC the bridge names is taken as present; the hook stays with vmbr1.
    assert {"enp2s0", "vmbr0", "vmbr1", "vmbr2", "vlan50"} <= names
    body = page.locator("main")
    expect(body).to_contain_text("enp2s0 is used in this file but has no stanza of its own")
    expect(body).to_contain_text("Line 19 follows a blank line inside the stanza of vmbr1")
    # No false alarm: an OVS internal port named vlanN is not a VLAN without its device.
    expect(body).not_to_contain_text("looks like a VLAN but has no vlan-raw-device")
    expect(page.locator(".finding-error")).to_have_count(0)
    # What Proxmox itself completes (the NIC's stanza, auto for the OVS port) cuts nothing off.
    expect(page.get_by_text("can cut connectivity")).to_have_count(0)
    save_screenshot(page, "issue15-real-file-host-page")


TWICE_AND_LONG = """\
auto lo
iface lo inet loopback

iface enp3s0 inet manual

auto vmbr0
iface vmbr0 inet static
\taddress 192.0.2.10/24
\tgateway 192.0.2.1
\tbridge-ports enp3s0
\tbridge-stp off
\tbridge-fd 0

iface enp3s0 inet manual

iface enp129s0f0np0 inet manual

auto enp129s0f0np0.100
iface enp129s0f0np0.100 inet static
\taddress 10.10.0.2/24
"""


def test_a_file_with_a_stanza_twice_and_a_long_name_is_imported_and_flagged(live_server, page):
    # Items 10, 13 and 16 of issue 15: the host runs this file, so the import takes it.
    import_as_new_host(page, live_server, "pve8", TWICE_AND_LONG)
    row = Host.objects.get(name="pve8").interfaces.get(name="enp3s0")
    assert row.stanza_families == "inet inet"
    body = page.locator("main")
    expect(body).to_contain_text("The stanza of enp3s0 on line 10 repeats an earlier one word for word.")
    expect(body).to_contain_text("The interface name 'enp129s0f0np0.100' is 17 bytes long (the kernel allows 15).")
    expect(page.locator(".finding-error")).to_have_count(1)
    save_screenshot(page, "issue15-stanza-twice-long-name")
