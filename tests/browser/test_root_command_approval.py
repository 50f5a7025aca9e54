"""Issue 13 §1 in the browser: an editor imports a file with lines that run commands as
root; the download waits until a second person, allowed to approve, approves them."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACT = Path(__file__).resolve().parents[2] / "test-artifacts" / "issue13-1-root-commands-approved.png"
PASSWORD = "a long test password"
PWNED = "ovs_extra set bridge vmbr9 other-config:x=1; touch /tmp/PWNED"
IMPORTED = f"""source /tmp/*

auto lo
iface lo inet loopback

auto eno1
iface eno1 inet manual
\tovs_type OVSPort
\tovs_bridge vmbr9

auto vmbr9
iface vmbr9 inet static
\taddress 10.0.0.9/24
\tovs_type OVSBridge
\tovs_ports eno1
\t{PWNED}
"""


def log_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Hosts")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_root_command_lines_wait_for_a_second_persons_approval(live_server, page):
    factories.user("ed", "editor", password=PASSWORD)
    alice = factories.user("alice", "editor", password=PASSWORD)
    alice.user_permissions.add(Permission.objects.get(codename="approve_root_commands"))

    log_in(page, live_server, "ed")
    page.get_by_role("link", name="New host").click()
    page.get_by_label("Host name").fill("pve9")
    page.get_by_label("Import the file the host runs").check()
    page.get_by_label("Paste the file").fill(IMPORTED)
    page.get_by_role("button", name="Create host").click()
    expect(page.get_by_role("heading", name="Findings")).to_be_visible()
    expect(page.locator("#download-blocked")).to_contain_text("approves the lines that run commands as root")

    page.goto(live_server.url + "/hosts/pve9/download/")
    lines = page.locator(".root-commands").first.locator("tr.root-command")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("source /tmp/*")
    expect(lines.nth(1)).to_contain_text("touch /tmp/PWNED")
    expect(page.locator("#root-commands-waiting")).to_contain_text("Awaiting approval. Last changed by ed")
    expect(page.get_by_role("button", name="Download interfaces")).to_be_disabled()
    expect(page.get_by_role("button", name="Approve these lines")).to_have_count(0)  # not by their author
    page.screenshot(path=str(ARTIFACT.with_name("issue13-1-root-commands-waiting.png")), full_page=True)
    assert page.request.get(live_server.url + "/hosts/pve9/interfaces").status == 409
    log_out(page)

    log_in(page, live_server, "alice")
    page.goto(live_server.url + "/hosts/pve9/download/")
    page.get_by_role("button", name="Approve these lines").click()
    expect(page.locator("#messages")).to_contain_text("Approved the lines of pve9 that run commands as root")
    expect(page.locator(".root-approval.approved")).to_contain_text("Approved by alice on")
    expect(page.get_by_role("link", name="Download interfaces")).to_be_visible()
    expect(page.locator("#apply-plan")).to_contain_text("touch /tmp/PWNED")
    expect(page.locator(".root-commands").nth(1)).to_contain_text("approved by alice")
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACT), full_page=True)
    served = page.request.get(live_server.url + "/hosts/pve9/interfaces")
    assert served.status == 200 and PWNED in served.text()
