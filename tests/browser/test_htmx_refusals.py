"""Refusals inside an HTMX page, in Debian's Chromium: a role taken away while a page is
open, and a login that ended. Without netwizard's handling, the first click would do
nothing visible and the second would put the login form inside the page."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from netwizard.inventory.models import Interface
from tests import factories
from tests.browser.conftest import save_screenshot
from tests.browser.test_wizard import PASSWORD, arrive, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium reports every 4xx answer on the console; this one is the refusal under test.
REFUSED_RESOURCE = "console error: Failed to load resource: the server responded with a status of 403 (Forbidden)"


@pytest.fixture
def tab(watched_tab, live_server):
    """A page whose errors are collected (the shared `page` fixture fails on the expected 403)."""
    factories.host_with_network("pve1")
    return watched_tab


def test_a_click_after_the_editor_role_was_taken_away_shows_why_nothing_happened(live_server, tab):
    page, problems = tab
    log_in(page, live_server)
    page.goto(f"{live_server.url}/hosts/pve1/wizard/nics/")
    arrive(page, "NICs", exact=True)
    # An administrator makes erin a viewer while the page is open.
    erin = get_user_model().objects.get(username="erin")
    erin.groups.set([Group.objects.get(name="viewer")])

    page.get_by_label("Name of the new NIC").fill("eno9")
    page.wait_for_load_state("networkidle")  # the name check, which viewers may use
    page.get_by_role("button", name="Add NIC").click()
    alert = page.locator("#messages [role=alert]")
    expect(alert).to_contain_text("This needs the editor role")
    expect(alert).to_contain_text("Nothing was changed.")
    expect(alert).to_be_in_viewport()
    # The page is still the NIC step; the refusal did not replace any part of it.
    expect(page.get_by_role("heading", name="NICs", exact=True)).to_be_visible()
    expect(page.get_by_label("Name of the new NIC")).to_have_value("eno9")
    assert not Interface.objects.filter(host__name="pve1", name="eno9").exists()
    save_screenshot(page, "refused-htmx-role-taken-away")
    assert [p for p in problems if p != REFUSED_RESOURCE] == [], problems

    # Reloaded, the step itself is refused: the whole 403 page names the missing role.
    page.reload()
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    expect(page.locator("#denied")).to_contain_text("This needs the editor role")
    expect(page.locator("#denied")).to_contain_text("You are logged in as erin")
    save_screenshot(page, "refused-403-page")


def test_a_click_after_the_login_ended_goes_to_the_login_page_and_back(live_server, tab):
    page, problems = tab
    log_in(page, live_server)
    page.goto(f"{live_server.url}/hosts/pve1/wizard/nics/")
    arrive(page, "NICs", exact=True)
    page.context.clear_cookies()  # the session ended (expired, or logged out in another tab)

    page.get_by_role("link", name="Edit eno4").click()
    arrive(page, "Log in")
    assert page.url.endswith("/accounts/login/?next=/hosts/pve1/wizard/nics/")
    expect(page.locator("#nic-section")).to_have_count(0)  # a whole page, not a fragment in the old one
    page.get_by_label("User name").fill("erin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    arrive(page, "NICs", exact=True)
    assert page.url == f"{live_server.url}/hosts/pve1/wizard/nics/"
    assert problems == []
