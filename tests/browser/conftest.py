"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def page(page):
    """A page that fails the test on any JavaScript error or console error (CSP reports included)."""
    problems = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    yield page
    assert not problems, problems


def save_screenshot(page, name: str) -> Path:
    """A full-page PNG under test-artifacts/screenshots, to look at as a user would.
    The caret is left alone (see test_wizard.screenshot for why)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, caret="initial")
    return path


@pytest.fixture
def screenshot(page):
    return lambda name: save_screenshot(page, name)
