"""Whole-database backups: one JSON document that `restore` loads back, on SQLite or PostgreSQL.

Kept: every inventory table (hosts, interfaces, switches, history, stored files, whatever the
app adds later), users, groups with their permissions, and the admin's log. Content types
and permissions are named by natural key (app label, model, codename) because migrate
creates them with ids of its own; groups too, as the roles migration creates them. Every
other row keeps its id, so a restored database is the same database.

Not kept: sessions (everyone logs in again) and django-axes' failed logins and lockouts:
they are short-lived by design (AXES_COOLOFF_TIME), not data anyone restores.
"""

import datetime
import json
import os
import tempfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

FORMAT = "netwizard-backup"
VERSION = 1

_SKIPPED_APPS = {"contenttypes", "sessions", "axes"}
_SKIPPED_MODELS = {"auth.permission"}
# Rows migrate itself creates: matched by natural key, and not "data" a restore would overwrite.
_NATURAL_PK_MODELS = {"auth.group"}


class BackupError(Exception):
    """A backup that cannot be written, or a file that cannot be restored (nothing changed)."""


class _Encoder(DjangoJSONEncoder):
    # DjangoJSONEncoder cuts times to milliseconds (as JavaScript does); a backup keeps them whole.
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def backup_models() -> list[type[models.Model]]:
    """The models a backup holds, each after the models its natural keys refer to."""
    app_list = {}
    for app_config in apps.get_app_configs():
        if app_config.label in _SKIPPED_APPS:
            continue
        chosen = [
            model
            for model in app_config.get_models()
            if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in _SKIPPED_MODELS
        ]
        if chosen:
            app_list[app_config] = chosen
    return serializers.sort_dependencies(app_list.items(), allow_cycles=True)


def _applied_migrations() -> list[list[str]]:
    executor = MigrationExecutor(connection)
    return sorted([app, name] for app, name in executor.loader.applied_migrations)


def _migrated_check() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise BackupError(
            f"the database lacks {len(pending)} migrations of this netwizard version: run "
            "python manage.py migrate first (or use the version that last migrated it)"
        )
    return executor


def backup_document() -> dict:
    """Every kept row, read in one transaction so the rows agree with each other."""
    _migrated_check()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every table: READ COMMITTED would let a concurrent edit show in some.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        objects = []
        counts = {}
        for model in backup_models():
            rows = serializers.serialize(
                "python",
                model._base_manager.order_by("pk").iterator(),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=model._meta.label_lower in _NATURAL_PK_MODELS,
            )
            objects.extend(rows)
            counts[model._meta.label_lower] = len(rows)
        migrations = _applied_migrations()
    return {
        "format": FORMAT,
        "version": VERSION,
        "created": timezone.now().isoformat(),
        "migrations": migrations,
        "counts": counts,
        "objects": objects,
    }


def backup_write(path: Path) -> dict[str, int]:
    """Write the backup next to `path` and rename it into place, so `path` is never half
    written. The file holds password hashes: it is created readable by its owner only."""
    document = backup_document()
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(document, file, cls=_Encoder, ensure_ascii=False, indent=1)
            file.write("\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise BackupError(f"cannot write {path}: {error.strerror or error}") from error
    return document["counts"]


def backup_read(path: Path) -> dict:
    """The backup in `path`, refused whole when it is not one this netwizard wrote."""
    try:
        with path.open(encoding="utf-8") as file:
            document = json.load(file)
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror or error}") from error
    except ValueError as error:  # bad JSON or bad UTF-8: a file cut short or damaged
        raise BackupError(f"{path} is damaged or incomplete ({error}); nothing was restored") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path} is not a netwizard backup (made with python manage.py backup)")
    if document.get("version") != VERSION:
        raise BackupError(
            f"{path} has backup format version {document.get('version')!r}; this netwizard reads version {VERSION}"
        )
    objects, counts, migrations = document.get("objects"), document.get("counts"), document.get("migrations")
    if (
        not isinstance(objects, list)
        or not isinstance(counts, dict)
        or not all(isinstance(count, int) for count in counts.values())
        or not isinstance(migrations, list)
        or not all(isinstance(row, dict) for row in objects)
        or not all(isinstance(pair, list) and len(pair) == 2 for pair in migrations)
    ):
        raise BackupError(f"{path} is damaged (its parts are not where a backup has them); nothing was restored")
    found = Counter(row.get("model") for row in objects)
    if found != Counter(counts):
        raise BackupError(
            f"{path} is damaged or incomplete: it holds {found.total()} rows where its header lists "
            f"{sum(counts.values())}; nothing was restored"
        )
    return document


def _schema_check(document: dict) -> None:
    executor = _migrated_check()
    unknown = sorted({tuple(pair) for pair in document["migrations"]} - set(executor.loader.applied_migrations))
    if unknown:
        app, name = unknown[0]
        raise BackupError(
            f"the backup was made by a newer netwizard (its database has migration {app}.{name}, "
            "unknown here): upgrade netwizard first"
        )


def _rows_held(chosen: list[type[models.Model]]) -> dict[type[models.Model], int]:
    held = {}
    for model in chosen:
        if model._meta.label_lower not in _NATURAL_PK_MODELS:
            count = model._base_manager.count()
            if count:
                held[model] = count
    return held


def _tables(chosen: list[type[models.Model]]) -> list[str]:
    """The chosen models' tables, their many-to-many tables and the sessions (logins of
    users who may no longer exist once the backup replaces them)."""
    tables = {model._meta.db_table for model in chosen}
    for model in chosen:
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.add(field.remote_field.through._meta.db_table)
    if apps.is_installed("django.contrib.sessions"):
        tables.add(apps.get_model("sessions", "Session")._meta.db_table)
    return sorted(tables)


def counts_text(counts: dict[str, int]) -> str:
    """ "2 hosts, 14 interfaces, 1 user" from {"inventory.host": 2, ...}."""
    parts = []
    # The inventory first: it is what a reader looks for.
    for label, count in sorted(counts.items(), key=lambda item: not item[0].startswith("inventory.")):
        if count:
            meta = apps.get_model(label)._meta
            parts.append(f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}")
    return ", ".join(parts) or "nothing"


def backup_restore(document: dict, *, replace: bool = False) -> dict[str, int]:
    """Load a backup read by `backup_read` in one transaction: on any error nothing changes.

    Without `replace` the database must hold no data yet (only what migrate creates):
    loading into one that does would overwrite the rows that share an id and mix two
    histories. With `replace` everything a backup holds is deleted first."""
    _schema_check(document)
    chosen = backup_models()
    labels = {model._meta.label_lower for model in chosen}
    foreign = sorted(set(document["counts"]) - labels)
    if foreign:
        raise BackupError(f"the backup holds rows of {', '.join(foreign)}, which netwizard does not back up")
    with transaction.atomic():
        held = _rows_held(chosen)
        if held and not replace:
            raise BackupError(
                f"the database already holds {counts_text({m._meta.label_lower: n for m, n in held.items()})}: "
                "restore into a freshly migrated database, or add --force to replace all of it with the backup"
            )
        if replace:
            # DELETE, not TRUNCATE: PostgreSQL refuses to truncate a table this transaction
            # already wrote to while foreign keys are deferred; both engines check them at commit.
            with connection.cursor() as cursor:
                for table in _tables(chosen):
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        restored = Counter()
        try:
            with connection.constraint_checks_disabled():
                deferred = []
                for row in serializers.deserialize("python", document["objects"], handle_forward_references=True):
                    # Every row is new (the tables are empty), so no UPDATE is tried first;
                    # groups are matched to the ones migrate made.
                    row.save(force_insert=row.object._meta.label_lower not in _NATURAL_PK_MODELS)
                    if row.deferred_fields:
                        deferred.append(row)
                    restored[row.object._meta.label_lower] += 1
                for row in deferred:
                    row.save_deferred_fields()
            connection.check_constraints(table_names=[model._meta.db_table for model in chosen])
        except Exception as error:  # any refusal, from the serializer or the database, undoes the restore
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise BackupError(f"the backup cannot be loaded ({reason}); nothing was changed") from error
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), chosen):
                cursor.execute(statement)
    return {label: restored[label] for label in document["counts"] if restored[label]}
