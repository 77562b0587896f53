"""Vote counters kept by the database: a trigger on the vote table updates the contribution's
``up_votes``, ``down_votes``, ``score`` and ``trending`` in the statement that inserts, deletes
or changes a vote.

Why a trigger: the count then lives in the same statement as the row it counts, so a vote is one
INSERT (atomic on its own, no BEGIN/COMMIT round trips) and nothing that adds or removes votes
(a cascade, an erasure, a bulk load) can forget the counter. SQL is written out per database:
SQLite and PostgreSQL get the trigger; MariaDB gets none (creating a trigger there needs the SUPER
privilege when the server keeps a binary log), and ``contributions.py`` applies the same rule in
the transaction that writes the vote instead. On another database the migration stops with a
message rather than leave counters that silently stop counting.
"""

from django.db import migrations

# The rule itself is defined once, in the engine (the Python mirror in contributions.py reads it too).
from wagtail_participation.databases import refuse_unsupported_mysql
from wagtail_participation.engine.vote_counters import set_clause

VOTES = "wagtail_participation_contributionvote"
CONTRIBUTIONS = "wagtail_participation_contribution"


SQLITE = [
    f"""CREATE TRIGGER wp_vote_inserted AFTER INSERT ON {VOTES} BEGIN
        UPDATE {CONTRIBUTIONS} SET {set_clause("+", "NEW")} WHERE id = NEW.contribution_id;
    END""",
    f"""CREATE TRIGGER wp_vote_deleted AFTER DELETE ON {VOTES} BEGIN
        UPDATE {CONTRIBUTIONS} SET {set_clause("-", "OLD")} WHERE id = OLD.contribution_id;
    END""",
    f"""CREATE TRIGGER wp_vote_updated AFTER UPDATE OF contribution_id, value, weight ON {VOTES} BEGIN
        UPDATE {CONTRIBUTIONS} SET {set_clause("-", "OLD")} WHERE id = OLD.contribution_id;
        UPDATE {CONTRIBUTIONS} SET {set_clause("+", "NEW")} WHERE id = NEW.contribution_id;
    END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}" for name in ("wp_vote_inserted", "wp_vote_deleted", "wp_vote_updated")
]

POSTGRESQL = [
    f"""CREATE FUNCTION wp_count_vote() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            UPDATE {CONTRIBUTIONS} SET {set_clause("-", "OLD")} WHERE id = OLD.contribution_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            UPDATE {CONTRIBUTIONS} SET {set_clause("+", "NEW")} WHERE id = NEW.contribution_id;
        END IF;
        RETURN NULL;
    END
    $$""",
    f"""CREATE TRIGGER wp_vote_counted AFTER INSERT OR DELETE OR UPDATE OF contribution_id, value, weight
        ON {VOTES} FOR EACH ROW EXECUTE FUNCTION wp_count_vote()""",
]
POSTGRESQL_REVERSE = [f"DROP TRIGGER IF EXISTS wp_vote_counted ON {VOTES}", "DROP FUNCTION IF EXISTS wp_count_vote()"]

STATEMENTS = {"sqlite": (SQLITE, SQLITE_REVERSE), "postgresql": (POSTGRESQL, POSTGRESQL_REVERSE)}


def _run(schema_editor, forwards: bool):
    vendor = schema_editor.connection.vendor
    if vendor == "mysql":
        refuse_unsupported_mysql(schema_editor.connection)
        # MariaDB: no trigger (CREATE TRIGGER needs SUPER on a server that keeps a binary log);
        # contributions.py applies the same rule in the vote's own statements (docs/concurrency.md).
        return
    if vendor not in STATEMENTS:
        raise RuntimeError(
            f"wagtail_participation keeps vote counters for SQLite, PostgreSQL and MariaDB; "
            f"{vendor!r} is not supported."
        )
    for sql in STATEMENTS[vendor][0 if forwards else 1]:
        schema_editor.execute(sql, params=None)


def install(apps, schema_editor):
    _run(schema_editor, forwards=True)


def uninstall(apps, schema_editor):
    _run(schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_participation", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
