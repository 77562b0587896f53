"""Two stored random keys per contribution (the random listing order read from an index, issue 19).

Existing contributions get keys computed from their id (spread, not random, but fixed); new ones a
random key (``shuffle_key``)."""

from django.db import migrations, models

import wagtail_participation.models.contributions


def add_columns(apps, schema_editor):
    table = schema_editor.quote_name("wagtail_participation_contribution")
    for name in ("shuffle_a", "shuffle_b"):
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN {name} integer DEFAULT 0 NOT NULL", params=None)


def drop_columns(apps, schema_editor):
    table = schema_editor.quote_name("wagtail_participation_contribution")
    for name in ("shuffle_a", "shuffle_b"):
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {name}", params=None)


def fill_keys(apps, schema_editor):
    table = schema_editor.quote_name("wagtail_participation_contribution")
    schema_editor.execute(
        f"UPDATE {table} SET shuffle_a = (id * 7919 + 17) % 1000003, shuffle_b = (id * 104729 + 3) % 999983",
        params=None,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_participation", "0005_listing_indexes"),
    ]

    operations = [
        # The columns by plain ALTER TABLE ... ADD COLUMN: Django's AddField on SQLite would rebuild
        # the contributions table, which the vote counter triggers name (their tables must exist).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="contribution",
                    name=name,
                    field=models.IntegerField(
                        default=wagtail_participation.models.contributions.shuffle_key, editable=False
                    ),
                )
                for name in ("shuffle_a", "shuffle_b")
            ],
            database_operations=[migrations.RunPython(add_columns, drop_columns, atomic=False)],
        ),
        # atomic=False: MariaDB cannot roll back DDL, so Django refuses DDL inside a transaction there
        migrations.RunPython(fill_keys, migrations.RunPython.noop, atomic=False),
    ] + [
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(fields=[*prefix, key, "id"], name=f"wp_contrib_{key}{suffix}"),
        )
        for key in ("shuffle_a", "shuffle_b")
        for suffix, prefix in (("", ["record", "visibility"]), ("_st", ["record", "visibility", "status"]))
    ]
