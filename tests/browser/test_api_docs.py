"""The API's Swagger UI page in Chromium: served from netwizard's own static files, inside
the strict Content-Security-Policy (the `page` fixture fails on any violation).
Screenshot: api-docs."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot
from tests.browser.test_wizard import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_swagger_page_renders_the_schema_without_a_csp_violation(live_server, page):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    log_in(page, live_server)
    page.goto(live_server.url + "/api/docs/")
    expect(page.get_by_text("netwizard API", exact=False).first).to_be_visible()
    lint = page.locator(".opblock-summary-path", has_text="/api/lint/").first
    expect(lint).to_be_visible()
    lint.click()
    expect(page.get_by_text("Lint an interfaces file").first).to_be_visible()
    # Everything came from this server: no CDN, nothing fetched elsewhere.
    assert requests and all(url.startswith(live_server.url) for url in requests), requests
    save_screenshot(page, "api-docs")
