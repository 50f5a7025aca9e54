"""An admin page opened before an editor's change cannot save over it (issue 13 §4), and a
comment typed on several lines in the admin is kept with its lines."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from netwizard.inventory import services
from netwizard.inventory.models import Host, Interface
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server):
    get_user_model().objects.create_superuser("root", password="admin password 1")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill("root")
    page.get_by_label("Password").fill("admin password 1")
    page.get_by_role("button", name="Log in").click()


def test_a_stale_admin_page_is_refused_and_a_fresh_one_saves(live_server, page, screenshot):
    factories.host_with_network("pve00")
    host = Host.objects.get()
    eno4 = Interface.objects.get(host=host, name="eno4")
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/inventory/nic/{eno4.pk}/change/")
    # Meanwhile an editor gives eno4 jumbo frames in the wizard.
    services.interface_addresses_set(
        interface=eno4, addresses=services.Addresses(), mtu=9000, expected_version=host.version
    )
    page.locator("#id_comment").fill("to the core switch\nport 48")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed by someone else since you loaded the page")).to_be_visible()
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    screenshot("admin-stale-nic")
    eno4.refresh_from_db()
    assert (eno4.mtu, eno4.comment) == (9000, "")

    # Loaded again, the page shows the editor's MTU and saves the comment with its two lines.
    page.goto(f"{live_server.url}/admin/inventory/nic/{eno4.pk}/change/")
    expect(page.locator("#id_mtu")).to_have_value("9000")
    page.locator("#id_comment").fill("to the core switch\nport 48")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    eno4.refresh_from_db()
    assert (eno4.mtu, eno4.comment) == (9000, "to the core switch\nport 48")
    assert Host.objects.get().version > host.version


def test_a_description_typed_on_two_lines_in_the_admin_shows_on_two_lines(live_server, page, screenshot):
    factories.host_with_network("pve00")
    host = Host.objects.get()
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/inventory/host/{host.pk}/change/")
    page.locator("#id_description").fill("Rack 4, row B\nsecond power supply on PDU 2")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    assert Host.objects.get().description == "Rack 4, row B\nsecond power supply on PDU 2"
    page.goto(f"{live_server.url}/hosts/pve00/")
    description = page.locator("p", has_text="Rack 4, row B")
    expect(description).to_contain_text("second power supply on PDU 2")
    assert description.inner_text().splitlines() == ["Rack 4, row B", "second power supply on PDU 2"]
    screenshot("host-two-line-description")
