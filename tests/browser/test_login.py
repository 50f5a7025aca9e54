import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_logging_in_through_the_real_login_page_shows_the_hosts(live_server, page, screenshot):
    factories.user("alice", "viewer", password="correct horse battery")
    sw = factories.switch("sw-core")
    factories.host_with_network("pve1", switch=sw)
    factories.host_with_network("pve2", switch=sw)

    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/accounts/login/?next=/")
    screenshot("login")

    page.get_by_label("User name").fill("alice")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("do not match")).to_be_visible()

    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", name="Hosts")).to_be_visible()
    expect(page.get_by_role("cell", name="pve1")).to_be_visible()
    expect(page.get_by_role("cell", name="pve2")).to_be_visible()
    screenshot("host-list")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(live_server.url + "/accounts/login/")


def test_the_locked_out_page_states_both_limits(live_server, browser):
    # A context of its own: Chromium reports the page's 429 status as a console error,
    # which the shared `page` fixture would count as a failure.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    factories.user("alice", "viewer", password="correct horse battery")
    page.goto(live_server.url + "/accounts/login/")
    for _ in range(5):
        page.get_by_label("User name").fill("alice")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Too many failed log-ins")).to_be_visible()
    expect(page.get_by_text("after 5 failures from one address, or 20 from all addresses together")).to_be_visible()
    save_screenshot(page, "login-locked-out")
    context.close()
