"""`manage.py formatinterfaces FILE`: canonical form on stdout, exit 2 with a message that
names the line when the file cannot be read, parsed or written safely; no database."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "network" / "golden"


def manage(*args: str) -> subprocess.CompletedProcess:
    """Run the command as a user does; the database points nowhere usable, so any query
    would fail loudly."""
    env = {**os.environ, "DATABASE_URL": "sqlite:////nonexistent-dir/netwizard.sqlite3"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_prints_the_canonical_form_without_touching_the_database():
    # No django_db mark: pytest-django refuses any query this command might make.
    out = StringIO()
    call_command("formatinterfaces", str(GOLDEN / "seed-bond-fixed-ip.input.interfaces"), stdout=out)
    assert out.getvalue() == (GOLDEN / "seed-bond-fixed-ip.expected.interfaces").read_text()


def test_as_a_process_it_exits_0_and_prints_exactly_the_file(tmp_path):
    result = manage("formatinterfaces", str(GOLDEN / "bonds.input.interfaces"))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (GOLDEN / "bonds.expected.interfaces").read_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"auto lo\n\taddress 10.0.0.1/24\n", "line 2: expected 'iface'"),
        (b"iface eno1 inet manual\n\tmtu nine\n", "mtu: 'nine' is not a valid value"),
        (b"auto lo\n# caf\xe9\n", "line 2: the file is not valid UTF-8"),
        (b"iface eno1 inet manual\n# 50% of the link\n", "cannot be written safely"),
    ],
)
def test_a_file_it_cannot_handle_exits_2_with_a_message_and_no_traceback(tmp_path, content, message):
    path = tmp_path / "interfaces"
    path.write_bytes(content)
    result = manage("formatinterfaces", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_exits_2(tmp_path):
    result = manage("formatinterfaces", str(tmp_path / "absent"))
    assert result.returncode == 2
    assert "cannot read the file" in result.stderr and "Traceback" not in result.stderr


def test_called_from_python_it_raises_command_error_with_status_2(tmp_path):
    path = tmp_path / "interfaces"
    path.write_text("iface eno1 inet manual\n    foobar\n")
    with pytest.raises(CommandError) as caught:
        call_command("formatinterfaces", str(path), stdout=StringIO())
    assert caught.value.returncode == 2
    assert "line 2" in str(caught.value)
