import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_shows_the_demo_inventory(live_server, page, screenshot):
    call_command("loaddemo")
    get_user_model().objects.create_superuser("root", password="admin password 1")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill("root")
    page.get_by_label("Password").fill("admin password 1")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Admin").click()
    expect(page.get_by_role("link", name="Bonds")).to_be_visible()
    screenshot("admin-index")

    page.get_by_role("link", name="Hosts", exact=True).click()
    expect(page.get_by_role("link", name="pve1")).to_be_visible()
    screenshot("admin-hosts")

    page.get_by_role("link", name="pve1").click()
    expect(page.locator("#interfaces-group").get_by_text("bond0").first).to_be_visible()
    screenshot("admin-host-pve1")

    page.goto(live_server.url + "/admin/inventory/bond/")
    expect(page.get_by_text("LACP (802.3ad)").first).to_be_visible()
    screenshot("admin-bonds")
