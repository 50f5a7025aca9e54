"""netwizard.network.cli: formatinterfaces and lintinterfaces run by manage.py without Django.

The fast way must be invisible: the same bytes on stdout and stderr and the same exit
status as the management commands that Django runs, while Django is never imported.
Command lines with Django's own options still go through Django.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from netwizard.network import cli
from tests import samples

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
BONDS = str(GOLDEN / "bonds.input.interfaces")

LACP_BOND = (
    samples.LACP_BOND
    + """
auto vmbr0
iface vmbr0 inet static
\taddress 192.168.1.2/24
\tbridge-ports bond0
\tbridge-stp off
\tbridge-fd 0
"""
)


@pytest.fixture
def lacp(tmp_path) -> str:
    """A file that passes with an LACP switch and has an error finding (BOND-27) without one."""
    path = tmp_path / "pve1.interfaces"
    path.write_text(LACP_BOND)
    return str(path)


# In process -----------------------------------------------------------------------------


def test_format_prints_the_canonical_form(capsys):
    assert cli.main("formatinterfaces", [BONDS]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ((GOLDEN / "bonds.expected.interfaces").read_text(), "")


def test_lint_exits_1_only_with_an_error_finding(capsys, lacp):
    assert cli.main("lintinterfaces", [lacp, "--switch-lacp", "yes"]) == 0
    assert capsys.readouterr().out == f"{lacp}: no findings\n"
    assert cli.main("lintinterfaces", [lacp, "--switch-lacp=no"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("error: BOND-27 bond0: ") and out.endswith(f"\n{lacp}: 1 error, 0 warnings, 0 infos\n")


def test_a_failure_is_shown_as_django_shows_a_command_error(capsys, tmp_path):
    missing = tmp_path / "absent"
    assert cli.main("formatinterfaces", [str(missing)]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"CommandError: {missing}: cannot read the file (No such file or directory)\n")


@pytest.mark.parametrize("content, line", [(b"auto lo\niface lo inet loopback\n\tbogus\n", 3), (b"auto lo\n\xff\n", 2)])
def test_lint_as_json_prints_json_even_for_a_file_it_cannot_read(capsys, tmp_path, content, line):
    path = tmp_path / "broken.interfaces"
    path.write_bytes(content)
    assert cli.main("lintinterfaces", ["--format", "json", str(path)]) == 2
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["findings"] == [] and err == ""
    assert report["error"]["file"] == str(path) and report["error"]["line"] == line
    assert f"line {line}" in report["error"]["message"]


def test_lint_as_json_reports_a_missing_file_as_json(capsys, tmp_path):
    assert cli.main("lintinterfaces", ["--format=json", str(tmp_path / "absent")]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["line"] is None and "cannot read the file" in error["message"]


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["-h"],
        ["--version"],
        [BONDS, "-v", "2"],
        [BONDS, "--verbosity=0"],
        [BONDS, "--settings", "netwizard.settings"],
        ["--settings=netwizard.settings", BONDS],
        [BONDS, "--pythonpath", "."],
        [BONDS, "--traceback"],
        [BONDS, "--no-color"],
        [BONDS, "--force-color"],
        [BONDS, "--skip-checks"],
        [BONDS, "--form", "json"],  # Django's parser takes abbreviations
        [BONDS, "--format", "xml"],  # usage errors: Django prints its usage text
        [BONDS, "--cluster-network", "10.0.0.300/24"],
        [BONDS, "--cluster=yes"],
        [],
        ["--cluster"],
    ],
)
def test_command_lines_beyond_the_commands_own_options_are_left_to_django(capsys, args):
    assert cli.main("lintinterfaces", args) is None
    assert capsys.readouterr() == ("", "")


def test_format_takes_no_lint_options(capsys):
    assert cli.main("formatinterfaces", [BONDS, "--format", "json"]) is None
    assert cli.main("formatinterfaces", [BONDS, BONDS]) is None
    assert capsys.readouterr() == ("", "")


# manage.py as a process -----------------------------------------------------------------


def run(*args: str, importtime: bool = True) -> tuple[int, str, str, set[str]]:
    """manage.py as a user runs it: exit status, stdout, stderr, and (through -X importtime)
    every module the process imported."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_COLORS", "DJANGO_AUTO_COMPLETE")}
    flags = ["-X", "importtime"] if importtime else []
    done = subprocess.run(
        [sys.executable, *flags, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    imported, stderr = set(), []
    for line in done.stderr.splitlines(keepends=True):
        if line.startswith("import time:"):
            imported.add(line.rsplit("|", 1)[1].strip())
        else:
            stderr.append(line)
    return done.returncode, done.stdout, "".join(stderr), imported


def uses_django(imported: set[str]) -> bool:
    return any(name == "django" or name.startswith("django.") for name in imported)


def test_manage_py_formats_without_importing_django():
    code, out, err, imported = run("formatinterfaces", BONDS)
    assert (code, out, err) == (0, (GOLDEN / "bonds.expected.interfaces").read_text(), "")
    assert "netwizard.network.cli" in imported  # the probe sees the imports...
    assert not uses_django(imported)  # ...and Django is not among them


def test_manage_py_lints_without_importing_django(lacp, tmp_path):
    code, out, err, imported = run("lintinterfaces", lacp, "--switch-lacp", "no", "--format", "json")
    assert (code, err) == (1, "") and '"code": "BOND-27"' in out
    assert "netwizard.network.rules" in imported and not uses_django(imported)

    code, out, err, imported = run("lintinterfaces", "--cluster", lacp, str(tmp_path / "pve2.interfaces"))
    assert (code, out) == (2, "") and err.startswith("CommandError: ") and "pve2.interfaces: cannot read" in err
    assert "netwizard.network.rules" in imported and not uses_django(imported)


UNUSABLE = {
    "broken": b"auto lo\n\tmtu 1500\n",  # an option before any iface
    "not_utf8": b"auto lo\n# caf\xe9\n",
    "unsafe": b"iface eno1 inet manual\n# 50% of the link\n",  # ifupdown2 templates read %
}


def files(tmp_path: Path, lacp: str) -> dict[str, str]:
    paths = {"bonds": BONDS, "lacp": lacp, "absent": str(tmp_path / "absent")}
    for name, content in UNUSABLE.items():
        (tmp_path / name).write_bytes(content)
        paths[name] = str(tmp_path / name)
    return paths


CASES = {
    "format": ["formatinterfaces", "{bonds}"],
    "format, parse error": ["formatinterfaces", "{broken}"],
    "format, not UTF-8": ["formatinterfaces", "{not_utf8}"],
    "format, unsafe": ["formatinterfaces", "{unsafe}"],
    "lint, clean": ["lintinterfaces", "{lacp}", "--switch-lacp", "yes"],
    "lint, errors": ["lintinterfaces", "{lacp}", "--switch-lacp", "no", "--cluster-network", "10.0.0.0/8"],
    "lint, json": ["lintinterfaces", "--format=json", "{lacp}", "--switch-lacp=no"],
    "lint, two files": ["lintinterfaces", "{lacp}", "{bonds}"],
    "cluster": ["lintinterfaces", "--cluster", "{lacp}", "{bonds}", "--cluster-network", "192.168.1.0/24"],
    "cluster, json": ["lintinterfaces", "--cluster", "{bonds}", "{lacp}", "--format", "json"],
    "lint, json, unreadable": ["lintinterfaces", "--format=json", "{broken}"],
    "cluster, unreadable": ["lintinterfaces", "--cluster", "{lacp}", "{absent}", "{broken}", "{not_utf8}"],
    "cluster, one host twice": ["lintinterfaces", "--cluster", "{lacp}", "{lacp}"],
}


@pytest.mark.parametrize("case", CASES)
def test_the_same_bytes_and_exit_status_as_through_django(tmp_path, lacp, case):
    args = [arg.format(**files(tmp_path, lacp)) for arg in CASES[case]]
    *fast, imported = run(*args)
    # --settings is one of Django's options: the same command line, run by Django as before.
    *slow, through_django = run(*args, "--settings", "netwizard.settings")
    assert not uses_django(imported) and uses_django(through_django)
    assert fast == slow


def test_django_options_still_work(tmp_path):
    code, out, err, imported = run("formatinterfaces", BONDS, "-v", "0")
    assert (code, out, err) == (0, (GOLDEN / "bonds.expected.interfaces").read_text(), "")
    assert uses_django(imported)

    code, out, err, _ = run("lintinterfaces", "--help", importtime=False)
    assert code == 0 and "--cluster-network CIDR" in out and "--settings SETTINGS" in out

    code, _, err, _ = run("formatinterfaces", str(tmp_path / "absent"), "--traceback", importtime=False)
    assert code == 1 and "Traceback" in err and "CommandError: " in err


def on_a_terminal(*args: str) -> tuple[int, bytes]:
    """manage.py with stdout and stderr on one pseudo-terminal, as in an interactive shell."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_COLORS", "DJANGO_AUTO_COMPLETE")}
    leader, follower = pty.openpty()
    command = [sys.executable, "manage.py", *args]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is gone once the process has closed it
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=60), b"".join(chunks)


def test_on_a_terminal_a_failure_looks_as_django_shows_it(tmp_path):
    missing = str(tmp_path / "absent")
    fast = on_a_terminal("formatinterfaces", missing)
    assert fast == on_a_terminal("formatinterfaces", missing, "--settings", "netwizard.settings")
    assert fast[0] == 2 and b"\x1b[31;1mCommandError: " in fast[1]  # bold red, as Django has it
