"""`backup FILE` and `restore FILE`: a whole database comes back as it was, on SQLite and
PostgreSQL, or not at all."""

import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection

from netwizard.inventory import audit, selectors, services
from netwizard.inventory.models import Host
from netwizard.inventory.roles import EDITOR
from netwizard.network.interfaces_file import render
from tests.factories import user

pytestmark = pytest.mark.django_db

IMPORTED = """auto lo
iface lo inet loopback

iface eno1 inet manual

auto vmbr0
iface vmbr0 inet static
        address 10.20.0.3/24
        gateway 10.20.0.1
        bridge-ports eno1
        bridge-stp off
        bridge-fd 0
# kept as written
"""


def snapshot() -> dict:
    """Everything a user would notice: every inventory row (history and stored files
    included), the accounts and their roles, and each host's file as rendered."""
    inventory = {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_app_config("inventory").get_models()
        if not model._meta.proxy
    }
    return {
        "inventory": inventory,
        "users": list(User.objects.order_by("pk").values()),
        "roles": sorted(User.groups.through.objects.values_list("user__username", "group__name")),
        "groups": {g.name: sorted(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()},
        "files": {h.name: render(selectors.host_review(host=h).network) for h in Host.objects.order_by("name")},
    }


def empty_the_database() -> None:
    """What a freshly migrated database holds: content types, permissions and the roles."""
    kept = {
        ContentType._meta.db_table,
        Permission._meta.db_table,
        Group._meta.db_table,
        Group.permissions.through._meta.db_table,
    }
    emptied = [t for t in connection.introspection.django_table_names(only_existing=True) if t not in kept]
    sequences = [s for s in connection.introspection.sequence_list() if s["table"] in emptied]
    with connection.cursor() as cursor:
        for table in emptied:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        # Ids start again from 1, as in a new database.
        for statement in connection.ops.sequence_reset_by_name_sql(no_style(), sequences):
            cursor.execute(statement)


@pytest.fixture
def populated(tmp_path) -> None:
    """The demo, an imported host, a user's edit and download, and an extra account."""
    call_command("loaddemo", stdout=io.StringIO())
    imported = tmp_path / "pve3.interfaces"
    imported.write_text(IMPORTED)
    call_command("importinterfaces", str(imported), host="pve3", stdout=io.StringIO())
    alice = user("alice", role=EDITOR)
    host = Host.objects.get(name="pve1")
    with audit.acting_as(alice):
        services.host_update(host=host, name="pve1", cluster=host.cluster, description="rack 4, top")
        services.host_download_record(host=host, text=render(selectors.host_review(host=host).network))


def backup(path: Path, capsys) -> str:
    call_command("backup", str(path))
    return capsys.readouterr().out


def test_a_restored_database_is_the_one_backed_up(populated, tmp_path, capsys):
    before = snapshot()
    assert len(before["inventory"]["inventory.HostChange"]) >= 5 and len(before["users"]) == 4
    path = tmp_path / "netwizard.json"
    assert "3 hosts, 12 interfaces" in backup(path, capsys)
    assert path.stat().st_mode & 0o077 == 0  # password hashes: readable by the owner only

    empty_the_database()
    assert not Host.objects.exists() and not User.objects.exists()
    call_command("restore", str(path))

    assert snapshot() == before
    out = capsys.readouterr().out
    assert out.startswith("Restored ") and "3 hosts" in out and "4 users" in out
    # The id sequences continue after the restored rows (PostgreSQL needs them reset).
    services.host_create(name="pve4")
    User.objects.create_user("bob")


def test_restore_refuses_a_database_that_already_holds_hosts(populated, tmp_path, capsys):
    path = tmp_path / "netwizard.json"
    backup(path, capsys)
    services.host_create(name="pve9")
    before = snapshot()
    with pytest.raises(CommandError, match=r"already holds .*4 hosts.*add --force"):
        call_command("restore", str(path))
    assert snapshot() == before


def test_restore_force_replaces_everything_with_the_backup(populated, tmp_path, capsys):
    expected = snapshot()
    path = tmp_path / "netwizard.json"
    backup(path, capsys)
    services.host_create(name="pve9")
    User.objects.filter(username="alice").delete()
    call_command("restore", str(path), force=True)
    assert snapshot() == expected


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda text: text[: len(text) // 2], "damaged or incomplete"),
        (lambda text: "", "damaged or incomplete"),
        (lambda text: text.replace('"netwizard-backup"', '"something-else"'), "not a netwizard backup"),
    ],
)
def test_a_damaged_backup_is_refused_and_nothing_changes(populated, tmp_path, capsys, damage, message):
    path = tmp_path / "netwizard.json"
    backup(path, capsys)
    path.write_text(damage(path.read_text()))
    empty_the_database()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path))
    assert not Host.objects.exists() and not User.objects.exists()


def test_a_row_the_database_refuses_undoes_the_whole_restore(populated, tmp_path, capsys):
    path = tmp_path / "netwizard.json"
    backup(path, capsys)
    document = json.loads(path.read_text())
    interface = next(row for row in document["objects"] if row["model"] == "inventory.interface")
    interface["fields"]["mtu"] = 100  # the database's own range check refuses it
    path.write_text(json.dumps(document))
    empty_the_database()
    with pytest.raises(CommandError, match=r"cannot be loaded .*nothing was changed"):
        call_command("restore", str(path))
    # Users, switches and hosts come before interfaces in the file: none of them stayed.
    assert not Host.objects.exists() and not User.objects.exists()
    assert snapshot()["inventory"]["inventory.Switch"] == []
