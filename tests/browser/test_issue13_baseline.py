"""Issue 13, item 5 in Chromium: a viewer's download does not become what the host runs; an
editor says so with "I have applied this file" on the download page, and the pages then
compare with that file. Screenshots: issue13-5-before-marking.png, issue13-5-marked-applied.png."""

import pytest
from playwright.sync_api import expect

from netwizard.inventory import services
from netwizard.inventory.audit import acting_as
from netwizard.inventory.models import HostChange, Interface
from netwizard.network.interfaces_file import parse
from tests import factories
from tests.browser.test_wizard import arrive, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IMPORTED = """auto lo
iface lo inet loopback

iface eno1 inet manual

iface eno2 inet manual

auto vmbr0
iface vmbr0 inet static
	address 10.0.0.11/24
	gateway 10.0.0.1
	bridge-ports eno1
	bridge-stp off
	bridge-fd 0

"""


def test_an_editor_marks_the_downloaded_file_as_applied(live_server, page, screenshot):
    host = services.host_import_interfaces(name="pve1", network=parse(IMPORTED), text=IMPORTED)
    eno2 = Interface.objects.get(host=host, name="eno2")
    eno2.mtu = 9000
    services.interface_save(interface=eno2)
    with acting_as(factories.user("demo-viewer", "viewer")):
        services.host_download_record(host=host, text="whatever the viewer took\n")
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve1/download/")
    arrive(page, "Once the file runs on pve1")
    # The viewer's download changed nothing: the editor's change still shows, against the import.
    changes = page.locator(".host-changes")
    expect(changes).to_contain_text("Compared with the file imported on")
    expect(changes.locator(".changes-list")).to_contain_text("mtu none -> 9000")
    page.get_by_role("heading", name="Once the file runs on pve1").scroll_into_view_if_needed()
    screenshot("issue13-5-before-marking")
    page.get_by_role("button", name="I have applied this file on pve1").click()
    arrive(page, "Once the file runs on pve1")
    expect(page.locator("#messages")).to_contain_text("Noted: pve1 runs this file.")
    expect(changes).to_contain_text("Compared with the file marked as applied by erin on")
    expect(page.locator(".changes-none")).to_have_text("No changes: the download is that file.")
    expect(page.locator(".applied-already")).to_contain_text("the file marked as applied by erin on")
    expect(page.get_by_role("button", name="I have applied this file on pve1")).to_have_count(0)
    page.get_by_role("heading", name="Safe apply plan").scroll_into_view_if_needed()
    screenshot("issue13-5-marked-applied")
    assert HostChange.objects.filter(action=HostChange.APPLY, username="erin").count() == 1
    # The host page says the same, and its history names the apply.
    page.goto(live_server.url + "/hosts/pve1/")
    expect(page.locator(".host-changes")).to_contain_text("Compared with the file marked as applied by erin on")
    expect(page.locator(".history")).to_contain_text("marked the file as applied")
