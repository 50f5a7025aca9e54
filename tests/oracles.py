"""Debian's ifupdown2 as an oracle: what `ifup -a -s -i FILE` says about a file."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import time
from pathlib import Path

from tests.conftest import require_tool

IFUP = shutil.which("ifup") or "/usr/sbin/ifup"
IFQUERY = shutil.which("ifquery") or "/usr/sbin/ifquery"
# ifupdown2 3.0 reports these two Proxmox-normal lines although they work at run time
# (bonding-rules.md Appendix B).
FALSE_POSITIVES = ('bridge-ports: invalid value "none"', "bridge inherits mtu from its ports")
# ifup takes a lock in this directory; the package's tmpfiles entry creates it at boot,
# which a container never has. Without it every ifup says "Another instance ... running".
LOCK_DIRECTORY = Path("/run/network")
# Both pass when asked again: a netlink hiccup, and another ifup holding the global lock.
TRANSIENT = ("recv() error", "Another instance of this program is already running")
ATTEMPTS = 20
# Test workers running in parallel (pytest -n) take turns on this lock instead of racing
# for ifup's own, which answers a second caller with an error rather than waiting.
TURN_LOCK = Path("/tmp/netwizard-ifup.lock")


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def ifup_check(path: Path) -> subprocess.CompletedProcess:
    """`ifup -a -s -i path`, asked again while it fails for a transient reason."""
    require_tool(Path(IFUP).exists(), "ifupdown2 (ifup)")
    LOCK_DIRECTORY.mkdir(parents=True, exist_ok=True)
    with TURN_LOCK.open("a") as turn:
        fcntl.flock(turn, fcntl.LOCK_EX)
        for attempt in range(ATTEMPTS):
            result = run(IFUP, "-a", "-s", "-i", str(path))
            if not any(t in result.stderr for t in TRANSIENT):
                return result
            time.sleep(0.05 * (attempt + 1))
    return result


def ifup_complaints(path: Path) -> list[str]:
    """What ifupdown2 reports about the file, its known false positives left out."""
    result = ifup_check(path)
    complaints = [m for m in result.stderr.splitlines() if m.strip() and not any(f in m for f in FALSE_POSITIVES)]
    if result.returncode != 0 and not complaints:
        # A failure must come with a message we recognise, or the oracle did not judge the file.
        assert all(any(f in m for f in FALSE_POSITIVES) for m in result.stderr.splitlines() if m.strip())
    return complaints
