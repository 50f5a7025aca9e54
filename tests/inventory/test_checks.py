"""The system check catches a SQLite database set up without WAL, timeout or IMMEDIATE."""

import copy

from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from netwizard.inventory import checks


def wrapper(tmp_path, options: dict) -> DatabaseWrapper:
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    settings_dict |= {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "nw.sqlite3"), "OPTIONS": options}
    return DatabaseWrapper(settings_dict, alias="default")


def run_check(monkeypatch, blocker, connection) -> list[str]:
    # A throwaway database file of its own, outside pytest-django's test database.
    monkeypatch.setattr(checks, "connections", {"default": connection})
    try:
        with blocker.unblock():
            return [error.id for error in checks.check_sqlite_pragmas(databases=["default"])]
    finally:
        connection.close()


def test_the_shipped_sqlite_settings_pass(monkeypatch, django_db_blocker, tmp_path):
    from django.conf import settings

    assert run_check(monkeypatch, django_db_blocker, wrapper(tmp_path, dict(settings.SQLITE_OPTIONS))) == []


def test_a_database_without_the_pragmas_fails_loudly(monkeypatch, django_db_blocker, tmp_path):
    assert run_check(monkeypatch, django_db_blocker, wrapper(tmp_path, {"timeout": 0.1})) == [
        "netwizard.E001",
        "netwizard.E002",
        "netwizard.E003",
    ]
