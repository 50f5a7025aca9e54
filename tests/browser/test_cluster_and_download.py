import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from netwizard.inventory import services
from netwizard.network.interfaces_file import parse
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NODE = """auto lo
iface lo inet loopback

iface eno1 inet manual

iface eno2 inet manual

iface eno3 inet manual

auto eno4
iface eno4 inet static
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
VMBR1 = """
auto vmbr1
iface vmbr1 inet manual
	bridge-ports eno3
	bridge-stp off
	bridge-fd 0
"""


def log_in(page, live_server, role="viewer"):
    factories.user("erin", role, password="a long test password")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill("erin")
    page.get_by_label("Password").fill("a long test password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Hosts")).to_be_visible()


def test_the_cluster_view_shows_a_node_without_vmbr1(live_server, page, screenshot):
    for n, name in enumerate(["pve1", "pve2", "pve3"], start=11):
        text = NODE.format(n=n) + ("" if name == "pve3" else VMBR1)
        services.host_import_interfaces(name=name, network=parse(text), cluster="prod", text=text)
    log_in(page, live_server)
    page.goto(live_server.url + "/clusters/prod/")
    expect(page.get_by_role("heading", name="Cluster prod")).to_be_visible()
    finding = page.locator(".finding").filter(has_text="CLUSTER-02")
    expect(finding).to_contain_text("pve3")
    expect(finding).to_contain_text("vmbr1")
    expect(page.locator("td.differs").filter(has_text="missing")).to_have_count(1)
    screenshot("cluster-prod-bridge-mismatch")


def test_the_download_page_has_the_plan_and_the_switch_checklist(live_server, page, screenshot):
    call_command("loaddemo")
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve2/")
    page.get_by_role("link", name="Apply plan & switch checklist").click()
    expect(page.get_by_role("heading", name="Safe apply plan")).to_be_visible()
    expect(page.get_by_label("apply plan for pve2")).to_contain_text("systemd-run")
    expect(page.locator(".checklist")).to_have_count(1)
    expect(page.locator(".checklist")).to_contain_text("port-channel")
    expect(page.locator(".lockout")).to_contain_text("vmbr0")
    screenshot("download-pve2")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download interfaces").click()
    assert download.value.suggested_filename == "interfaces"
    page.goto(live_server.url + "/hosts/pve2/")
    expect(page.locator(".history")).to_contain_text("downloaded the file")
    screenshot("host-pve2-history")
