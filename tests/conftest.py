import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from tests.examples import CI, examples

ROOT = Path(__file__).resolve().parents[1]

# Playwright's sync API (browser tests, and the diagram test in tests/network) keeps an
# event loop running in this thread for the whole session; the ORM calls the tests make
# are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _shared_folder() -> Path:
    """The team's shared folder: Proxmox's own fixtures and the seed text live there, never
    in this repository. NETWIZARD_SHARED overrides; otherwise ../shared beside the checkout."""
    if os.environ.get("NETWIZARD_SHARED"):
        return Path(os.environ["NETWIZARD_SHARED"])
    for candidate in (ROOT.parent / "shared", Path("/work/shared")):
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared"


# Properties that name no count of their own draw Hypothesis's 100 in CI, fewer locally.
settings.register_profile("netwizard", max_examples=examples(100))
settings.load_profile("netwizard")

SHARED = _shared_folder()
PVE_CORPUS = SHARED / "reference" / "pve-interfaces"
SEED_TEXT = SHARED / "seed" / "proxmox-network-bonding.txt"


def seed_example(title: str) -> str:
    """One of the seed's example files, from the line after its title to the picture's name
    (or the end of the text)."""
    text = SEED_TEXT.read_text()
    body = text[text.index(title) :].split("\n", 2)[2]
    picture = body.find(".svg")
    return body[: body.rfind("\n", 0, picture) + 1] if picture != -1 else body


def require_tool(available: bool, what: str) -> None:
    """Skip when a system tool is missing, unless CI demands every oracle run."""
    if available:
        return
    if CI:
        pytest.fail(f"{what} is required (NETWIZARD_REQUIRE_ORACLES=1) but is not installed")
    pytest.skip(f"{what} is not installed")


def chromium_path() -> str | None:
    return shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None


CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium; Playwright's own download is not available."""
    path = chromium_path()
    require_tool(path is not None, "Chromium (Debian package chromium)")
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}}


def pytest_configure(config):
    """Django's default password hasher is slow on purpose (about half a second a password
    here, a third of the suite's time); the tests check who may log in, not the hash."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _uses_database(item) -> bool:
    """Whether pytest-django gives `item` a database, by the same signs it looks for."""
    from django.test import TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return True
    fixtures = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(
        fixtures & {"db", "transactional_db", "live_server"}
    )


def pytest_collection_modifyitems(items):
    """Tests without a database first, then pytest-django's order (TestCase-style, then the
    transactional ones, which empty the database when they end).

    pytest-django puts the database-free tests last; with the work shared among processes
    (make test hands them out four at a time, in this order), the slowest of them (the
    ifupdown2 oracle, 20 s) would start near the end and hold one process while the others
    wait. Moving them to the front keeps the order that matters: each process still runs its
    tests in this order, so none that expects the migrated data runs after a flush."""
    items.sort(key=_uses_database)
