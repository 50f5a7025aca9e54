"""The name grammars as portable SQL (TRIM, LENGTH, LIKE) instead of REGEXP, which only
Django's own SQLite connections define: the sqlite3 tool can then check and restore the
database."""

import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inventory", "0007_download_storage")]

    operations = [
        migrations.RemoveConstraint(
            model_name="host",
            name="host_name_grammar",
        ),
        migrations.RemoveConstraint(
            model_name="interface",
            name="interface_name_grammar",
        ),
        migrations.AddConstraint(
            model_name="host",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.Exact(
                        models.Func(
                            models.F("name"),
                            models.Value("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"),
                            function="TRIM",
                        ),
                        models.Value(""),
                    ),
                    django.db.models.lookups.GreaterThanOrEqual(django.db.models.functions.text.Length("name"), 1),
                    django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length("name"), 63),
                    models.Q(("name__startswith", "-"), _negated=True),
                    models.Q(("name__endswith", "-"), _negated=True),
                ),
                name="host_name_grammar",
                violation_error_message=(
                    "A Proxmox node name is one DNS label: letters, digits and inner hyphens, at most 63 characters."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="interface",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.Exact(
                        models.Func(
                            models.F("name"),
                            models.Value("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:+-"),
                            function="TRIM",
                        ),
                        models.Value(""),
                    ),
                    django.db.models.lookups.GreaterThanOrEqual(django.db.models.functions.text.Length("name"), 1),
                    django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length("name"), 15),
                    models.Q(("name__startswith", "."), _negated=True),
                    models.Q(("name__startswith", ":"), _negated=True),
                    models.Q(("name__startswith", "+"), _negated=True),
                    models.Q(("name__startswith", "-"), _negated=True),
                ),
                name="interface_name_grammar",
                violation_error_message=(
                    "Use at most 15 letters, digits and _ . : + - (no spaces, slashes, backslashes or '#')."
                ),
            ),
        ),
    ]
