"""Settings come from the environment; production refuses to run with the development key."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "netwizard.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base | env, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env={"NETWIZARD_DEBUG": "0", "NETWIZARD_ALLOWED_HOSTS": "nw.example.org"})
    assert result.returncode != 0
    assert "NETWIZARD_SECRET_KEY is required" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", env={"NETWIZARD_DEBUG": "0", "NETWIZARD_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    db = tmp_path / "nw.sqlite3"
    script = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], c.execute('PRAGMA busy_timeout').fetchone()[0])\n"
        "print(connection.transaction_mode)\n"
    )
    result = manage("shell", "-v", "0", "-c", script, env={"NETWIZARD_SQLITE_PATH": str(db)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "30000", "IMMEDIATE"]


def test_production_settings_pass_the_deployment_checklist():
    key = "k" * 20 + "Q7-x_91zZ" * 5  # long and varied, as check --deploy wants
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={"NETWIZARD_DEBUG": "0", "NETWIZARD_SECRET_KEY": key, "NETWIZARD_ALLOWED_HOSTS": "nw.example.org"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
