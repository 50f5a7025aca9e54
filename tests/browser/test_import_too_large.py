"""Issue 13, item 2 in Chromium: a pasted file far over the import limit is refused with a
message where the page shows its messages, not a silent click or a "Bad Request" page.
Screenshot: issue13-2-paste-too-large.png."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from netwizard.inventory.models import Host
from tests.browser.conftest import save_screenshot
from tests.browser.test_wizard import arrive, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium reports every 4xx answer on the console; this one is the refusal under test.
REFUSED_RESOURCE = (
    "console error: Failed to load resource: the server responded with a status of 413 (Request Entity Too Large)"
)


@pytest.fixture
def tab(watched_tab):
    """A page whose errors are collected (the shared `page` fixture fails on the expected 413)."""
    return watched_tab


def test_a_paste_too_large_to_read_is_refused_with_a_message(live_server, tab):
    page, problems = tab
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/new/")
    arrive(page, "New host")
    page.get_by_label("Host name").fill("pve9")
    page.get_by_label("Import the file the host runs").check()
    page.get_by_label("Paste the file").fill("#" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    page.get_by_role("button", name="Create host").click()
    alert = page.locator("#messages #too-big")
    expect(alert).to_contain_text("The form sent more than netwizard reads, so nothing was saved.")
    expect(alert).to_contain_text("An interfaces file can be at most 256 KiB")
    # The form is still there, as filled in, to correct.
    expect(page.get_by_label("Host name")).to_have_value("pve9")
    # The window as the user sees it, scrolled to the message: a full-page screenshot resizes
    # the window, and laying out 2.5 MB of pasted text again takes Chromium 10 s of CPU.
    save_screenshot(page, "issue13-2-paste-too-large", full_page=False)
    assert [p for p in problems if p != REFUSED_RESOURCE] == [], problems
    assert not Host.objects.exists()
