"""Each distinct downloaded file is stored once (StoredFile, by SHA-256) and history rows
point to it, instead of every download row carrying its own copy of the file (issue 13,
item 3). Adds the "marked the file as applied" action (item 5), the index the per-user
download limit counts with, and one that finds the baseline past many downloads."""

import hashlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BATCH = 500


def content_to_stored_files(apps, schema_editor):
    """Move every row's copy of the file into one StoredFile per distinct text."""
    HostChange = apps.get_model("inventory", "HostChange")
    StoredFile = apps.get_model("inventory", "StoredFile")
    db = schema_editor.connection.alias
    rows = HostChange.objects.using(db).exclude(content="").only("pk", "content", "sha256")
    ids: dict[str, int] = {}
    for row in rows.iterator(chunk_size=BATCH):
        # Keyed by the text itself, so a row whose recorded checksum were wrong still keeps its file.
        sha256 = hashlib.sha256(row.content.encode("utf-8")).hexdigest()
        if sha256 not in ids:
            stored, _ = StoredFile.objects.using(db).get_or_create(sha256=sha256, defaults={"text": row.content})
            ids[sha256] = stored.pk
        HostChange.objects.using(db).filter(pk=row.pk).update(file_id=ids[sha256], sha256=sha256)


def stored_files_to_content(apps, schema_editor):
    """Give every row its own copy back (rows marking a file as applied stay, as history)."""
    HostChange = apps.get_model("inventory", "HostChange")
    db = schema_editor.connection.alias
    rows = HostChange.objects.using(db).filter(file__isnull=False).select_related("file").only("pk", "file__text")
    for row in rows.iterator(chunk_size=BATCH):
        HostChange.objects.using(db).filter(pk=row.pk).update(content=row.file.text)


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0006_root_command_approval"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StoredFile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sha256", models.CharField(max_length=64, unique=True, verbose_name="SHA-256")),
                ("text", models.TextField()),
            ],
            options={"verbose_name": "stored file"},
        ),
        migrations.AddField(
            model_name="hostchange",
            name="file",
            field=models.ForeignKey(
                blank=True,
                help_text="The file itself.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="inventory.storedfile",
            ),
        ),
        migrations.RunPython(content_to_stored_files, stored_files_to_content),
        migrations.RemoveField(model_name="hostchange", name="content"),
        migrations.AlterField(
            model_name="hostchange",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "created"),
                    ("edit", "edited"),
                    ("import", "imported a file"),
                    ("delete", "deleted"),
                    ("download", "downloaded the file"),
                    ("apply", "marked the file as applied"),
                    ("approve", "approved the root-command lines"),  # from 0006
                ],
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="hostchange",
            name="sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="SHA-256 of the file downloaded or applied"),
        ),
        migrations.AddIndex(
            model_name="hostchange",
            index=models.Index(fields=["user", "action", "at"], name="hostchange_user_action_at"),
        ),
        migrations.AddIndex(
            model_name="hostchange",
            index=models.Index(fields=["host", "action", "at"], name="hostchange_host_action_at"),
        ),
    ]
