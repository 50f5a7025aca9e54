"""Approval of root-command lines (issue 13, item 1): who last changed a host's lines that
run commands as root, who approved which version of them, the permission to approve, and
the history action that records an approval. Hosts get their row on their next write;
until then the author of their lines is unknown, which any approver may approve."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0005_text_fields_one_line"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
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
                    ("approve", "approved the root-command lines"),
                ],
                max_length=8,
            ),
        ),
        migrations.CreateModel(
            name="RootCommandReview",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("lines_sha256", models.CharField(max_length=64, verbose_name="SHA-256 of the lines")),
                (
                    "changed_by_name",
                    models.CharField(blank=True, help_text="Empty for the command line.", max_length=150),
                ),
                ("changed_at", models.DateTimeField()),
                (
                    "approved_sha256",
                    models.CharField(blank=True, max_length=64, verbose_name="SHA-256 of the approved lines"),
                ),
                ("approved_by_name", models.CharField(blank=True, max_length=150)),
                ("approved_at", models.DateTimeField(blank=True, null=True)),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "changed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "host",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="root_command_review",
                        to="inventory.host",
                    ),
                ),
            ],
            options={
                "verbose_name": "root-command review",
                "permissions": [("approve_root_commands", "Can approve root commands")],
                "default_permissions": (),
            },
        ),
    ]
