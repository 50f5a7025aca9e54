import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_browser_enforces_the_policy_and_the_suite_would_notice(live_server, browser):
    """An inline style slipped into a page is refused by Chromium and shows up as a console
    error, which the `page` fixture of every other browser test turns into a failure."""
    factories.user("val", "viewer")
    page = browser.new_page()
    messages = []
    page.on("console", lambda msg: messages.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + "/accounts/login/")
    page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<div style="color: red">x</div>')""")
    page.wait_for_timeout(200)
    page.close()
    assert any("Content Security Policy" in m for m in messages), messages
