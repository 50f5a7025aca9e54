"""A netwizard SQLite file is an ordinary SQLite database: the sqlite3 tool (here the same
engine through Python's sqlite3 module, with none of the SQL functions Django adds to its
own connections, such as REGEXP) can check it, write to it and dump it."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PVE1_ENO1 = "name = 'eno1' AND host_id = (SELECT id FROM inventory_host WHERE name = 'pve1')"


def manage(database: Path, *args: str, ok: bool = True) -> str:
    """Run manage.py on a SQLite file, whatever database the test run itself uses; its
    output, or its error when `ok` is False."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["NETWIZARD_SQLITE_PATH"] = str(database)
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert (result.returncode == 0) == ok, result.stderr
    return result.stdout if ok else result.stderr


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    database = tmp_path_factory.mktemp("sqlite") / "migrated.sqlite3"
    manage(database, "migrate", "-v", "0")
    return database


def copy_of(database: Path, path: Path) -> Path:
    with sqlite3.connect(database) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return path


@pytest.fixture(scope="module")
def demo_file(migrated, tmp_path_factory) -> Path:
    database = copy_of(migrated, tmp_path_factory.mktemp("sqlite") / "netwizard.sqlite3")
    manage(database, "loaddemo")
    return database


def plain(database: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def copy_row(connection: sqlite3.Connection, table: str, where: str, **changes) -> None:
    """Insert a copy of one row with some columns changed (the id is left to SQLite)."""
    columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})") if row[1] != "id"]
    values = [f":{column}" if column in changes else f'"{column}"' for column in columns]
    names = ", ".join(f'"{column}"' for column in columns)
    connection.execute(f"INSERT INTO {table} ({names}) SELECT {', '.join(values)} FROM {table} WHERE {where}", changes)


def test_the_sqlite3_tool_finds_the_database_intact(demo_file):
    with plain(demo_file) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_sqlite3_tool_can_write_rows_and_the_grammar_still_holds(demo_file):
    with plain(demo_file) as connection:
        copy_row(connection, "inventory_host", "name = 'pve1'", name="pve7")
        copy_row(connection, "inventory_interface", PVE1_ENO1, name="eno9")
        for name in ["eno1; reboot", "eno1\npost-up x", "-x", "é", "a" * 65, ""]:
            with pytest.raises(sqlite3.IntegrityError, match="interface_name_grammar"):
                copy_row(connection, "inventory_interface", PVE1_ENO1, name=name)
        for name in ["pve_7", "pve7-", "a" * 64]:
            with pytest.raises(sqlite3.IntegrityError, match="host_name_grammar"):
                copy_row(connection, "inventory_host", "name = 'pve1'", name=name)
        connection.rollback()


def test_a_dump_of_the_database_restores_every_host(demo_file, tmp_path):
    """What `sqlite3 netwizard.sqlite3 .dump | sqlite3 copy.sqlite3` does."""
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    with plain(demo_file) as connection:
        hosts = connection.execute("SELECT name FROM inventory_host ORDER BY name").fetchall()
        copy.executescript("\n".join(connection.iterdump()))
    assert copy.execute("SELECT name FROM inventory_host ORDER BY name").fetchall() == hosts == [("pve1",), ("pve2",)]
    assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_backup_and_restore_move_a_database_to_a_new_file(migrated, demo_file, tmp_path):
    backup = tmp_path / "netwizard.json"
    manage(demo_file, "backup", str(backup))
    fresh = copy_of(migrated, tmp_path / "fresh.sqlite3")
    out = manage(fresh, "restore", str(backup))
    assert "2 hosts" in out
    query = "SELECT h.name, i.name, i.kind FROM inventory_interface i JOIN inventory_host h ON h.id = i.host_id"
    with plain(demo_file) as old, plain(fresh) as new:
        assert sorted(new.execute(query)) == sorted(old.execute(query))
        assert new.execute("PRAGMA foreign_key_check").fetchall() == []


def test_backup_and_restore_refuse_a_database_that_is_not_migrated(demo_file, tmp_path):
    backup = tmp_path / "netwizard.json"
    manage(demo_file, "backup", str(backup))
    unmigrated = tmp_path / "unmigrated.sqlite3"
    for command in ("backup", "restore"):
        error = manage(unmigrated, command, str(backup), ok=False)
        assert "run python manage.py migrate first" in error and "Traceback" not in error
