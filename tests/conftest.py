import os
import shutil

import pytest


def require_tool(available: bool, what: str) -> None:
    """Skip when a system tool is missing, unless CI demands every oracle run."""
    if available:
        return
    if os.environ.get("NETWIZARD_REQUIRE_ORACLES") == "1":
        pytest.fail(f"{what} is required (NETWIZARD_REQUIRE_ORACLES=1) but is not installed")
    pytest.skip(f"{what} is not installed")


def chromium_path() -> str | None:
    return shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None
