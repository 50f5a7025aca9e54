"""Migration 0007 moves the copies of the file that download rows carried into one stored
file per distinct text, and gives them back when reversed (issue 13, item 3)."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("inventory", "0006_root_command_approval")]
AFTER = [("inventory", "0007_download_storage")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_each_distinct_copy_becomes_one_stored_file_and_comes_back():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        apps = migrate(BEFORE)
        HostChange = apps.get_model("inventory", "HostChange")
        texts = ["auto lo\n", "auto lo\n", "auto eno1\n"]
        for text in texts:
            HostChange.objects.create(host_name="pve1", action="download", sha256=sha(text), content=text)
        HostChange.objects.create(host_name="pve1", action="edit", diff="-a\n+b\n")

        apps = migrate(AFTER)
        StoredFile = apps.get_model("inventory", "StoredFile")
        HostChange = apps.get_model("inventory", "HostChange")
        assert sorted(StoredFile.objects.values_list("text", flat=True)) == ["auto eno1\n", "auto lo\n"]
        rows = HostChange.objects.order_by("pk")
        assert [r.file.text if r.file_id else None for r in rows] == [*texts, None]
        assert [r.sha256 for r in rows] == [*map(sha, texts), ""]

        apps = migrate(BEFORE)
        HostChange = apps.get_model("inventory", "HostChange")
        assert list(HostChange.objects.order_by("pk").values_list("content", flat=True)) == [*texts, ""]
    finally:
        migrate(leaves)
