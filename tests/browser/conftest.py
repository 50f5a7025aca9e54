"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
import weakref
from pathlib import Path

import pytest
from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# Two cores running three test workers, Chromium and the live server: a page can take
# longer than Playwright's 5 s default to show what a test waits for, without anything
# being wrong. A failing expectation still fails, only later.
expect.set_options(timeout=15_000)

# Every Content-Security-Policy violation, reported by the page itself. Chromium also logs
# most of them on the console, but the event is the one signal every violation raises,
# whatever the console makes of it, and its fields say which directive refused what.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const text = `${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
    + ` (${event.sample || "no sample"}) at ${event.sourceFile || document.URL}:${event.lineNumber}`;
  if (typeof window.netwizardCspViolation === "function") {
    window.netwizardCspViolation(text);
  } else {
    console.error("CSP violation: " + text);
  }
}, true);
"""


def watch_csp(context, problems: list[str]) -> None:
    """Append every CSP violation of every page of `context` (open now or later) to `problems`."""
    context.expose_binding(
        "netwizardCspViolation", lambda source, text: problems.append(f"CSP violation on {source['page'].url}: {text}")
    )
    context.add_init_script(CSP_LISTENER)


def watch(context, problems: list[str]) -> None:
    """Append every JavaScript error, console error and CSP violation of every page of `context`."""
    watch_csp(context, problems)

    def attach(page) -> None:
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on(
            "console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        )

    for page in context.pages:
        attach(page)
    context.on("page", attach)


def settle(page) -> None:
    """A moment for what the last action set off (htmx settles a swap after 20 ms) to report."""
    if not page.is_closed():
        page.wait_for_timeout(100)


class InFlight:
    """The requests of a browser context still waiting for their answer."""

    def __init__(self, context) -> None:
        self.waiting: set = set()
        context.on("request", lambda request: self.waiting.add(request))
        context.on("requestfinished", lambda request: self.waiting.discard(request))
        context.on("requestfailed", lambda request: self.waiting.discard(request))

    def wait(self, page, seconds: float = 10) -> None:
        for _ in range(int(seconds * 100)):
            if not self.waiting or page.is_closed():
                return
            page.wait_for_timeout(10)


_IN_FLIGHT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def answered(page) -> None:
    """Wait until the server has answered every request the page's context has sent.

    Quicker than Playwright's "networkidle", which always waits half a second more. A test
    that ends while an htmx request it set off is still being served would otherwise have
    pytest-django empty the database under the live server's feet ("database table is
    locked" on SQLite)."""
    _IN_FLIGHT[page.context].wait(page)


@pytest.fixture
def page(page):
    """A page that fails the test on any JavaScript error, console error or CSP violation,
    in it or in any other tab the test opens in its context."""
    problems = []
    watch(page.context, problems)
    _IN_FLIGHT[page.context] = InFlight(page.context)
    yield page
    settle(page)
    answered(page)
    assert not problems, problems


@pytest.fixture
def watched_tab(browser):
    """A page and the list its errors are collected in (as `watch` reports them), for tests
    where Chromium's report of an expected refusal (403, 413…) must not fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems: list[str] = []
    watch(context, problems)
    yield page, problems
    context.close()


def save_screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """A PNG under test-artifacts/screenshots, to look at as a user would: the whole page,
    or with `full_page=False` what the window shows.

    Playwright hides the text caret by giving inputs an inline style, as a browser
    extension or a resized textarea would; htmx must not copy such styles when it
    settles a swap (templates/base.html), so screenshots between swaps stay harmless."""
    path = SCREENSHOTS / f"{name}.png"
    if os.environ.get("NETWIZARD_SCREENSHOTS") == "0":
        return path  # CI's second database pass: the same pages, already taken in the first
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture
def screenshot(page):
    return lambda name: save_screenshot(page, name)
