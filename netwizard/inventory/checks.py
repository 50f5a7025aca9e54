"""System checks: fail loudly when the database is not set up the way netwizard relies on."""

from django.core.checks import Error, register
from django.db import connections

MIN_BUSY_TIMEOUT_MS = 5000


@register("database")
def check_sqlite_pragmas(app_configs=None, databases=None, **kwargs):
    """SQLite must run in WAL mode with a busy timeout and IMMEDIATE transactions.

    Without them concurrent writers fail with "database is locked" at once; a misplaced
    OPTIONS dict in the settings silently turns all three off.
    """
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "sqlite":
            continue
        with connection.cursor() as cursor:
            journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            timeout = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
        name = connection.settings_dict["NAME"]
        in_memory = connection.is_in_memory_db()
        if journal.lower() != "wal" and not in_memory:
            errors.append(
                Error(
                    f"SQLite database {name} runs in journal mode {journal!r}, not WAL.",
                    hint="Keep OPTIONS['init_command'] with PRAGMA journal_mode=WAL inside DATABASES['default'].",
                    id="netwizard.E001",
                )
            )
        if timeout < MIN_BUSY_TIMEOUT_MS:
            errors.append(
                Error(
                    f"SQLite busy timeout is {timeout} ms; writers would fail instead of waiting.",
                    hint="Set OPTIONS['timeout'] to 5 (seconds) or more.",
                    id="netwizard.E002",
                )
            )
        if getattr(connection, "transaction_mode", None) != "IMMEDIATE":
            errors.append(
                Error(
                    "SQLite transactions are not IMMEDIATE; a read-then-write transaction fails at once under load.",
                    hint="Set OPTIONS['transaction_mode'] = 'IMMEDIATE'.",
                    id="netwizard.E003",
                )
            )
    return errors
