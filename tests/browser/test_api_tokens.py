"""The API tokens page in Chromium: make a token, see its key once, use it against the
live server's API, revoke it. Screenshot: api-tokens."""

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot
from tests.browser.test_wizard import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILE = b"auto vmbr0\niface vmbr0 inet static\n\taddress 192.0.2.10/24\n\tbridge-ports none\n"


def lint(live_server, key: str) -> int:
    request = urllib.request.Request(
        live_server.url + "/api/lint/",
        data=FILE,
        headers={"Authorization": f"Token {key}", "Content-Type": "text/plain"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_token_is_made_used_and_revoked(live_server, page):
    log_in(page, live_server)
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    page.get_by_label("What it is for").fill("CI lint of the pve nodes")
    page.get_by_role("button", name="Make token").click()
    key = page.get_by_label("Key").input_value()
    assert key.startswith("nwt_")
    expect(page.locator(".tokens")).to_contain_text("CI lint of the pve nodes")
    expect(page.locator(".tokens")).to_contain_text("read-only")
    assert lint(live_server, key) == 200
    page.get_by_label("What it is for").fill("provisioning")
    page.get_by_label("May change data").check()
    page.get_by_label("Expires after (days)").fill("")
    save_screenshot(page, "api-tokens")
    page.get_by_role("button", name=f"Revoke {key[:10]}…").click()
    expect(page.get_by_text(f"Token {key[:10]}… is revoked")).to_be_visible()
    expect(page.get_by_label("Key")).to_have_count(0)  # shown once, never again
    assert lint(live_server, key) == 401
