"""The plan that pins NIC names: `.link` files, a staged interfaces file and a revert that survives the reboot.

Like the apply plan it is shell code a root user pastes, so it is checked with `bash -n`
and run end to end against stand-in commands (systemctl, hostname, ... that only log
their arguments), with /etc/ and the .link folder pointed at a temporary tree.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from netwizard.network.interfaces_file import render
from netwizard.network.model import HostNetwork
from netwizard.network.plans.pin_apply import pin_apply_plan
from tests.network.test_rules import bond, bridge, host, nic

BASH = shutil.which("bash")
OLD_FILE = "auto lo\niface lo inet loopback\n"
LINK_DIR = "/usr/local/lib/systemd/network"


def pinned() -> HostNetwork:
    """A two-NIC host whose file already uses the pinned names."""
    network = host(
        nic("nic0"),
        nic("nic1"),
        bond("bond0", ["nic0", "nic1"], "active-backup", primary="nic0"),
        bridge("vmbr0", ["bond0"], address="192.168.1.11/24", gateway="192.168.1.1"),
    )
    network.hostname = "pve1"
    return network


def link(name: str, mac: str) -> tuple[str, str]:
    return f"{LINK_DIR}/50-pve-{name}.link", f"[Match]\nMACAddress={mac}\nType=ether\n\n[Link]\nName={name}\n"


LINKS = [link("nic0", "3c:ec:ef:12:34:56"), link("nic1", "3c:ec:ef:12:34:57")]


def plan(**kwargs) -> str:
    return pin_apply_plan(pinned(), **{"hostname": "pve1", "link_files": LINKS, **kwargs})


# The plan's content -------------------------------------------------------------------------


def test_the_plan_installs_stages_arms_and_reboots_in_order():
    text = plan()
    steps = [
        "cp -p /etc/network/interfaces /etc/network/interfaces.netwizard-before-pinning",
        f"mkdir -p {LINK_DIR}",
        f"cat > {LINK_DIR}/50-pve-nic0.link <<'NETWIZARD_LINK_EOF'",
        f"chmod 644 {LINK_DIR}/50-pve-nic0.link",
        f"cat > {LINK_DIR}/50-pve-nic1.link <<'NETWIZARD_LINK_EOF'",
        "cat > /etc/network/interfaces.new <<'NETWIZARD_EOF_",
        "diff -u /etc/network/interfaces /etc/network/interfaces.new",
        "Type apply",
        "cat > /etc/systemd/system/netwizard-pin-revert.service <<'NETWIZARD_UNIT_EOF'",
        "cat > /etc/systemd/system/netwizard-pin-revert.timer <<'NETWIZARD_UNIT_EOF'",
        "systemctl daemon-reload && systemctl enable netwizard-pin-revert.timer",
        "systemctl disable --now netwizard-pin-revert.timer && rm -f /etc/systemd/system/netwizard-pin-revert.service "
        "/etc/systemd/system/netwizard-pin-revert.timer && systemctl daemon-reload",
        "Type reboot",
        "    systemctl reboot",
    ]
    positions = [text.index(step) for step in steps]
    assert positions == sorted(positions)
    commands = [line for line in text.splitlines() if not line.lstrip().startswith(("#", "echo"))]
    assert not any(re.search(r"\b(ifreload|ifup|ifdown)\b", line) for line in commands)


def test_the_preamble_says_reboot_console_and_revert():
    preamble = "\n".join(line for line in plan(revert_minutes=15).splitlines() if line.startswith("#"))
    assert "reboot applies both" in preamble and "IPMI, iDRAC/iLO" in preamble
    assert "The revert survives the reboot: 15 minutes after the next boot" in preamble


def test_the_plan_is_valid_bash(tmp_path):
    assert BASH, "bash is part of every Debian system"
    path = tmp_path / "plan.sh"
    path.write_text(plan())
    result = subprocess.run([BASH, "-n", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# Validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link_files",
    [
        pytest.param([], id="none"),
        pytest.param([link("nic 0", "3c:ec:ef:12:34:56")], id="name with a space"),
        pytest.param([link("nic0;reboot", "3c:ec:ef:12:34:56")], id="name with a semicolon"),
        pytest.param([link("a" * 16, "3c:ec:ef:12:34:56")], id="name too long"),
        pytest.param([link("nic0", "3C:EC:EF:12:34:56")], id="upper-case MAC"),
        pytest.param([link("nic0", "3c-ec-ef-12-34-56")], id="MAC with dashes"),
        pytest.param([link("nic0", "3c:ec:ef:12:34")], id="short MAC"),
        pytest.param([(LINKS[0][0], LINKS[0][1].replace("Type=ether\n", ""))], id="no Type line"),
        pytest.param([(LINKS[0][0], LINKS[0][1] + "MTUBytes=9000\n")], id="extra line"),
        pytest.param([(LINKS[0][0], LINKS[0][1].rstrip("\n"))], id="no final newline"),
        pytest.param([(LINKS[0][0], LINKS[1][1])], id="name differs from the path"),
        pytest.param([("/etc/systemd/network/50-pve-nic0.link", LINKS[0][1])], id="other folder"),
        pytest.param([(f"{LINK_DIR}/nic0.link", LINKS[0][1])], id="no 50-pve- prefix"),
        pytest.param([(f"{LINK_DIR}/../50-pve-nic0.link", LINKS[0][1])], id="dot dot"),
        pytest.param([LINKS[0], LINKS[0]], id="same path twice"),
        pytest.param([LINKS[0], link("nic1", "3c:ec:ef:12:34:56")], id="same MAC twice"),
    ],
)
def test_link_files_outside_the_grammar_are_refused(link_files):
    with pytest.raises(ValueError):
        plan(link_files=link_files)


@pytest.mark.parametrize("minutes", [4, 121, 0, "10", 10.0, True])
def test_revert_minutes_outside_5_to_120_are_refused(minutes):
    with pytest.raises(ValueError, match="revert_minutes"):
        plan(revert_minutes=minutes)


@pytest.mark.parametrize("hostname", ["", "pve1; reboot", "$(reboot)", "pve 1", "-pve1"])
def test_a_host_name_outside_the_grammar_is_refused(hostname):
    with pytest.raises(ValueError, match="host name"):
        plan(hostname=hostname)


# Running the plan against stand-in commands --------------------------------------------------

STUBS = {
    "hostname": 'echo pve1; echo "hostname $*" >> "$LOG"',
    # nothing armed: is-enabled and is-active say no
    "systemctl": 'echo "systemctl $*" >> "$LOG"; case "$1" in is-*) exit 1;; esac; exit 0',
    "ifreload": 'echo "ifreload $*" >> "$LOG"',
    "ifup": 'echo "ifup $*" >> "$LOG"',
}


def tree(tmp_path: Path) -> Path:
    """The host's /etc as the plan finds it; the .link folder does not exist yet."""
    root = tmp_path / "root"
    (root / "etc" / "network").mkdir(parents=True)
    (root / "etc" / "systemd" / "system").mkdir(parents=True)
    (root / "etc" / "network" / "interfaces").write_text(OLD_FILE)
    return root


def redirected(text: str, root: Path) -> str:
    """`text` with every absolute path the plan writes moved under `root`."""
    places = {"/etc/": f"{root}/etc/", LINK_DIR: f"{root}/links"}
    return re.sub("|".join(map(re.escape, places)), lambda m: places[m.group()], text)


def stubs(tmp_path: Path, **extra: str) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, body in {**STUBS, **extra}.items():
        stub = bin_dir / name
        stub.write_text(f"#!/bin/sh\n{body}\n")
        stub.chmod(0o755)
    (tmp_path / "log").touch()
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "LOG": str(tmp_path / "log")}


def run_plan(tmp_path: Path, answers: str, root: Path | None = None, **extra: str):
    root = root or tree(tmp_path)
    env = stubs(tmp_path, **extra)
    script = redirected(plan(), root)
    result = subprocess.run([BASH, "-c", script], input=answers, capture_output=True, text=True, env=env, timeout=30)
    return result, (tmp_path / "log").read_text().splitlines(), root


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_apply_and_reboot_install_everything_and_arm_the_revert(tmp_path):
    result, log, root = run_plan(tmp_path, "apply\nreboot\n")
    assert result.returncode == 0, result.stderr
    for name, (_, text) in zip(("nic0", "nic1"), LINKS, strict=True):
        installed = root / "links" / f"50-pve-{name}.link"
        assert installed.read_bytes() == text.encode()  # byte for byte
        assert installed.stat().st_mode & 0o777 == 0o644
        assert text in result.stdout  # shown with cat
    assert (root / "etc/network/interfaces.new").read_text() == render(pinned())
    assert (root / "etc/network/interfaces").read_text() == OLD_FILE  # the reboot moves it in place
    assert (root / "etc/network/interfaces.netwizard-before-pinning").read_text() == OLD_FILE
    timer = (root / "etc/systemd/system/netwizard-pin-revert.timer").read_text()
    assert "[Timer]\nOnBootSec=10min\nAccuracySec=1s\n" in timer and "WantedBy=timers.target" in timer
    assert "Type=oneshot" in (root / "etc/systemd/system/netwizard-pin-revert.service").read_text()
    assert log.index("systemctl enable netwizard-pin-revert.timer") < log.index("systemctl reboot") == len(log) - 1
    assert not any(line.startswith(("ifreload", "ifup")) for line in log)
    assert "systemctl disable --now netwizard-pin-revert.timer" in result.stdout


def test_anything_but_apply_leaves_no_file_behind(tmp_path):
    result, log, root = run_plan(tmp_path, "no\n")
    assert result.returncode == 1 and "Nothing changed." in result.stdout
    assert files(root) == ["etc/network/interfaces"]
    assert (root / "etc/network/interfaces").read_text() == OLD_FILE
    assert not any(" enable " in line or "reboot" in line for line in log)


def test_anything_but_reboot_leaves_it_staged_and_armed(tmp_path):
    result, log, root = run_plan(tmp_path, "apply\nlater\n")
    assert "systemctl reboot" not in log and "systemctl enable netwizard-pin-revert.timer" in log
    assert (root / "etc/network/interfaces.new").exists() and (root / "links/50-pve-nic0.link").exists()
    assert (
        "revert is armed for the next boot" in result.stdout and "To undo instead: systemctl disable" in result.stdout
    )


def test_the_wrong_host_stops_before_writing_anything(tmp_path):
    result, log, root = run_plan(tmp_path, "apply\nreboot\n", hostname='echo pve2; echo "hostname $*" >> "$LOG"')
    assert result.returncode == 1 and "This plan is for pve1" in result.stderr
    assert files(root) == ["etc/network/interfaces"]
    assert all(line.startswith("hostname") for line in log)


@pytest.mark.parametrize(
    ("existing", "message"),
    [
        ("links/50-pve-nic1.link", "another pin uses that name"),
        ("etc/network/interfaces.new", "already holds pending changes"),
        ("etc/network/interfaces.netwizard-before-pinning", "an earlier pinning is pending"),
    ],
)
def test_a_pending_change_or_an_existing_pin_refuses(tmp_path, existing, message):
    root = tree(tmp_path)
    (root / existing).parent.mkdir(parents=True, exist_ok=True)
    (root / existing).write_text("someone else's\n")
    result, log, _ = run_plan(tmp_path, "apply\nreboot\n", root=root)
    assert result.returncode == 1 and message in result.stderr
    assert files(root) == sorted(["etc/network/interfaces", existing])
    assert (root / existing).read_text() == "someone else's\n"
    assert not any(" enable " in line for line in log)


def test_an_armed_revert_refuses(tmp_path):
    result, _, root = run_plan(tmp_path, "apply\nreboot\n", systemctl='echo "systemctl $*" >> "$LOG"')
    assert result.returncode == 1 and "already armed" in result.stderr
    assert files(root) == ["etc/network/interfaces"]


def test_when_the_revert_cannot_be_armed_everything_is_removed(tmp_path):
    failing = 'echo "systemctl $*" >> "$LOG"; case "$1" in is-*|enable) exit 1;; esac; exit 0'
    result, log, root = run_plan(tmp_path, "apply\nreboot\n", systemctl=failing)
    assert result.returncode == 1
    assert files(root) == ["etc/network/interfaces"] and "systemctl reboot" not in log


@pytest.mark.parametrize("booted", [True, False], ids=["after the reboot", "before it"])
def test_the_revert_unit_undoes_the_pinning_and_reboots(tmp_path, booted):
    run_plan(tmp_path, "apply\nlater\n")
    root = tmp_path / "root"
    if booted:  # what pvenetcommit.service does at boot
        os.replace(root / "etc/network/interfaces.new", root / "etc/network/interfaces")
    service = (root / "etc/systemd/system/netwizard-pin-revert.service").read_text()
    exec_start = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    shell, flag, command = shlex.split(exec_start.removeprefix("ExecStart="))
    assert (shell, flag) == ("/bin/sh", "-c")
    (tmp_path / "log").write_text("")
    subprocess.run(["sh", "-c", command], env=stubs(tmp_path), check=True, timeout=30)
    assert not list((root / "links").iterdir())
    assert (root / "etc/network/interfaces").read_text() == OLD_FILE
    assert not (root / "etc/network/interfaces.new").exists()
    assert (tmp_path / "log").read_text().splitlines() == [
        "systemctl disable netwizard-pin-revert.timer",
        "systemctl reboot",
    ]
