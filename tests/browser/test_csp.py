import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import settle, watch
from tests.browser.test_wizard import arrive, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BROKEN = "auto vmbr0\niface vmbr0 inet static\n\taddress 10.0.0.1/24\n\taddress\n"
INLINE_STYLE = """document.body.insertAdjacentHTML("beforeend", '<div style="color: red">x</div>')"""


def test_the_browser_enforces_the_policy_and_the_suite_would_notice(live_server, browser):
    """An inline style slipped into a page is refused by Chromium, and the watch the `page`
    fixture of every other browser test keeps reports it: as the page's own
    securitypolicyviolation event, and as a console error."""
    factories.user("val", "viewer")
    context = browser.new_context()
    problems = []
    watch(context, problems)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.evaluate(INLINE_STYLE)
    settle(page)
    context.close()
    assert any(p.startswith("CSP violation on ") and "style-src-attr refused inline" in p for p in problems), problems
    assert any(p.startswith("console error: ") and "Content Security Policy" in p for p in problems), problems


def test_htmx_adds_no_style_of_its_own(live_server, page):
    """htmx puts an indicator <style> into the head unless told not to (includeIndicatorStyles)."""
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/new/")
    arrive(page, "New host")
    assert page.evaluate("() => typeof htmx === 'object' && htmx.config.includeIndicatorStyles") is False
    assert page.locator("style").count() == 0


def test_a_swap_over_a_resized_field_breaks_no_policy(live_server, page, screenshot):
    """Issue 12, item 13b. Dragging a textarea's resize handle gives it an inline style (set
    through the CSSOM, which the policy allows). When htmx swapped the form after a refused
    import, it copied that `style` attribute onto the new textarea while settling, which
    the policy refuses: a CSP error on the console of every such swap. The `page` fixture
    fails this test on that error."""
    factories.host_with_network("pve1")
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve1/import/")
    arrive(page, "Import the file pve1 runs")
    box = page.get_by_label("Paste the file")
    box.evaluate("textarea => { textarea.style.height = '20rem'; }")  # what the resize handle does
    box.fill(BROKEN)
    page.get_by_label("Replace the interfaces of pve1 with this file").check()
    page.get_by_role("button", name="Import and review").click()
    expect(page.locator("#form-body")).to_contain_text("line 4: expected 'OPTION VALUE' inside the stanza of vmbr0")
    # The swapped-in textarea is the one the user resized, with what they typed.
    expect(page.get_by_label("Paste the file")).to_have_value(BROKEN)
