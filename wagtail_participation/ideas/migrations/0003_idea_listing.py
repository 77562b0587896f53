"""The idea listing rows (``IdeaListing``): a topic's or an area's ideas with the listing's sort
keys, in indexes per order, kept by triggers on SQLite and PostgreSQL in the statement that changes
what they copy (a link added or removed, an area set, a counter or the visibility changed), and
filled here from the ideas there are. MariaDB: the table only (no triggers there, see core
``0002_vote_counter_triggers``; the board does not read it on MariaDB)."""

import django.db.models.deletion
from django.db import migrations, models


CONTRIBUTIONS = "wagtail_participation_contribution"
IDEAS = "participation_ideas_idea"
LINKS = "participation_ideas_idea_topics"
LISTING = "participation_ideas_idealisting"
COPIED = ("record_id", "visibility", "status", "trending", "score", "comment_count", "created_at")
COLUMNS = "idea_id, facet, term_id, area_id, " + ", ".join(COPIED) + ", shuffle_a, shuffle_b"
FROM_CONTRIBUTION = ", ".join(f"c.{column}" for column in COPIED) + ", c.shuffle_a, c.shuffle_b"


def _insert(facet: str, term: str, area: str, idea: str) -> str:
    """INSERT the listing row of idea ``idea`` (an SQL expression) for ``facet``/``term``."""
    return (
        f"INSERT INTO {LISTING} ({COLUMNS}) SELECT i.contribution_ptr_id, '{facet}', {term}, {area}, "
        f"{FROM_CONTRIBUTION} FROM {IDEAS} i JOIN {CONTRIBUTIONS} c ON c.id = i.contribution_ptr_id "
        f"WHERE i.contribution_ptr_id = {idea}"
    )


def _changed(old: str, new: str, columns) -> str:
    return " OR ".join(f"{old}.{column} IS DISTINCT FROM {new}.{column}" for column in columns)


GENERATIONS = "participation_ideas_ideaboardgeneration"
COUNTED = ("record_id", "visibility", "status")


def _bump(record: str, where: str = "", table: str = "") -> str:
    """Bump the listing generation of record ``record`` (an SQL expression over ``table``)."""
    source = f" FROM {table} WHERE {where}" if table else " WHERE 1 = 1"
    return (
        f"INSERT INTO {GENERATIONS} (record_id, generation) SELECT {record}, 1{source} "
        f"ON CONFLICT (record_id) DO UPDATE SET generation = {GENERATIONS}.generation + 1"
    )


def _bump_idea(idea: str) -> str:
    return _bump("c.record_id", f"c.id = {idea}", f"{CONTRIBUTIONS} c")


COPY_SET = ", ".join(f"{column} = NEW.{column}" for column in COPIED)

SQLITE = [
    f"""CREATE TRIGGER wp_idea_topic_listed AFTER INSERT ON {LINKS} BEGIN
        {_insert("t", "NEW.topic_id", "i.area_id", "NEW.idea_id")};
    END""",
    f"""CREATE TRIGGER wp_idea_topic_unlisted AFTER DELETE ON {LINKS} BEGIN
        DELETE FROM {LISTING} WHERE idea_id = OLD.idea_id AND facet = 't' AND term_id = OLD.topic_id;
    END""",
    f"""CREATE TRIGGER wp_idea_area_listed AFTER INSERT ON {IDEAS} WHEN NEW.area_id IS NOT NULL BEGIN
        {_insert("a", "NEW.area_id", "NEW.area_id", "NEW.contribution_ptr_id")};
    END""",
    f"""CREATE TRIGGER wp_idea_area_changed AFTER UPDATE OF area_id ON {IDEAS}
        WHEN OLD.area_id IS NOT NEW.area_id BEGIN
        UPDATE {LISTING} SET area_id = NEW.area_id WHERE idea_id = NEW.contribution_ptr_id AND facet = 't';
        DELETE FROM {LISTING} WHERE idea_id = NEW.contribution_ptr_id AND facet = 'a';
        {_insert("a", "NEW.area_id", "NEW.area_id", "NEW.contribution_ptr_id")} AND NEW.area_id IS NOT NULL;
    END""",
    f"""CREATE TRIGGER wp_idea_listing_copied AFTER UPDATE OF {", ".join(COPIED)} ON {CONTRIBUTIONS}
        WHEN {_changed("OLD", "NEW", COPIED).replace("IS DISTINCT FROM", "IS NOT")} BEGIN
        UPDATE {LISTING} SET {COPY_SET} WHERE idea_id = NEW.id;
    END""",
]
SQLITE += [
    f"""CREATE TRIGGER wp_idea_counted_link_added AFTER INSERT ON {LINKS} BEGIN
        {_bump_idea("NEW.idea_id")};
    END""",
    f"""CREATE TRIGGER wp_idea_counted_link_removed AFTER DELETE ON {LINKS} BEGIN
        {_bump_idea("OLD.idea_id")};
    END""",
    f"""CREATE TRIGGER wp_idea_counted_added AFTER INSERT ON {IDEAS} BEGIN
        {_bump_idea("NEW.contribution_ptr_id")};
    END""",
    f"""CREATE TRIGGER wp_idea_counted_removed AFTER DELETE ON {IDEAS} BEGIN
        {_bump_idea("OLD.contribution_ptr_id")};
    END""",
    f"""CREATE TRIGGER wp_idea_counted_area AFTER UPDATE OF area_id ON {IDEAS}
        WHEN OLD.area_id IS NOT NEW.area_id BEGIN
        {_bump_idea("NEW.contribution_ptr_id")};
    END""",
    f"""CREATE TRIGGER wp_idea_counted_changed AFTER UPDATE OF {", ".join(COUNTED)} ON {CONTRIBUTIONS}
        WHEN {_changed("OLD", "NEW", COUNTED).replace("IS DISTINCT FROM", "IS NOT")} BEGIN
        {_bump("OLD.record_id")};
        {_bump("NEW.record_id")};
    END""",
    f"""CREATE TRIGGER wp_idea_counted_deleted AFTER DELETE ON {CONTRIBUTIONS} BEGIN
        {_bump("OLD.record_id")};
    END""",
]
SQLITE_TRIGGERS = (
    "wp_idea_topic_listed",
    "wp_idea_topic_unlisted",
    "wp_idea_area_listed",
    "wp_idea_area_changed",
    "wp_idea_listing_copied",
    "wp_idea_counted_link_added",
    "wp_idea_counted_link_removed",
    "wp_idea_counted_added",
    "wp_idea_counted_removed",
    "wp_idea_counted_area",
    "wp_idea_counted_changed",
    "wp_idea_counted_deleted",
)
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]

POSTGRESQL = [
    f"""CREATE FUNCTION wp_idea_topic_listing() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM {LISTING} WHERE idea_id = OLD.idea_id AND facet = 't' AND term_id = OLD.topic_id;
            {_bump_idea("OLD.idea_id")};
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            {_insert("t", "NEW.topic_id", "i.area_id", "NEW.idea_id")};
            {_bump_idea("NEW.idea_id")};
        END IF;
        RETURN NULL;
    END
    $$""",
    f"""CREATE TRIGGER wp_idea_topic_listing AFTER INSERT OR DELETE OR UPDATE ON {LINKS}
        FOR EACH ROW EXECUTE FUNCTION wp_idea_topic_listing()""",
    f"""CREATE FUNCTION wp_idea_area_listing() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF OLD.area_id IS NOT DISTINCT FROM NEW.area_id THEN
                RETURN NULL;
            END IF;
            UPDATE {LISTING} SET area_id = NEW.area_id WHERE idea_id = NEW.contribution_ptr_id AND facet = 't';
            DELETE FROM {LISTING} WHERE idea_id = NEW.contribution_ptr_id AND facet = 'a';
        END IF;
        {_bump_idea("NEW.contribution_ptr_id")};
        IF NEW.area_id IS NOT NULL THEN
            {_insert("a", "NEW.area_id", "NEW.area_id", "NEW.contribution_ptr_id")};
        END IF;
        RETURN NULL;
    END
    $$""",
    f"""CREATE TRIGGER wp_idea_area_listing AFTER INSERT OR UPDATE OF area_id ON {IDEAS}
        FOR EACH ROW EXECUTE FUNCTION wp_idea_area_listing()""",
    f"""CREATE FUNCTION wp_idea_listing_copied() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {LISTING} SET {COPY_SET} WHERE idea_id = NEW.id;
        RETURN NULL;
    END
    $$""",
    f"""CREATE TRIGGER wp_idea_listing_copied AFTER UPDATE OF {", ".join(COPIED)} ON {CONTRIBUTIONS}
        FOR EACH ROW WHEN ({_changed("OLD", "NEW", COPIED)}) EXECUTE FUNCTION wp_idea_listing_copied()""",
]
POSTGRESQL += [
    f"""CREATE FUNCTION wp_idea_counted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = '{IDEAS}' THEN
            {_bump_idea("OLD.contribution_ptr_id")};
        ELSE
            {_bump("OLD.record_id")};
            IF TG_OP = 'UPDATE' THEN
                {_bump("NEW.record_id")};
            END IF;
        END IF;
        RETURN NULL;
    END
    $$""",
    f"""CREATE TRIGGER wp_idea_counted_removed AFTER DELETE ON {IDEAS}
        FOR EACH ROW EXECUTE FUNCTION wp_idea_counted()""",
    f"""CREATE TRIGGER wp_idea_counted_deleted AFTER DELETE ON {CONTRIBUTIONS}
        FOR EACH ROW EXECUTE FUNCTION wp_idea_counted()""",
    f"""CREATE TRIGGER wp_idea_counted_changed AFTER UPDATE OF {", ".join(COUNTED)} ON {CONTRIBUTIONS}
        FOR EACH ROW WHEN ({_changed("OLD", "NEW", COUNTED)}) EXECUTE FUNCTION wp_idea_counted()""",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS wp_idea_counted_removed ON {IDEAS}",
    f"DROP TRIGGER IF EXISTS wp_idea_counted_deleted ON {CONTRIBUTIONS}",
    f"DROP TRIGGER IF EXISTS wp_idea_counted_changed ON {CONTRIBUTIONS}",
    "DROP FUNCTION IF EXISTS wp_idea_counted()",
    f"DROP TRIGGER IF EXISTS wp_idea_topic_listing ON {LINKS}",
    "DROP FUNCTION IF EXISTS wp_idea_topic_listing()",
    f"DROP TRIGGER IF EXISTS wp_idea_area_listing ON {IDEAS}",
    "DROP FUNCTION IF EXISTS wp_idea_area_listing()",
    f"DROP TRIGGER IF EXISTS wp_idea_listing_copied ON {CONTRIBUTIONS}",
    "DROP FUNCTION IF EXISTS wp_idea_listing_copied()",
]

STATEMENTS = {"sqlite": (SQLITE, SQLITE_REVERSE), "postgresql": (POSTGRESQL, POSTGRESQL_REVERSE)}

FILL = [
    f"INSERT INTO {LISTING} ({COLUMNS}) SELECT l.idea_id, 't', l.topic_id, i.area_id, {FROM_CONTRIBUTION} "
    f"FROM {LINKS} l JOIN {IDEAS} i ON i.contribution_ptr_id = l.idea_id JOIN {CONTRIBUTIONS} c ON c.id = l.idea_id",
    f"INSERT INTO {LISTING} ({COLUMNS}) SELECT i.contribution_ptr_id, 'a', i.area_id, i.area_id, {FROM_CONTRIBUTION} "
    f"FROM {IDEAS} i JOIN {CONTRIBUTIONS} c ON c.id = i.contribution_ptr_id WHERE i.area_id IS NOT NULL",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        return  # MariaDB: no triggers, the board reads the contributions there
    for sql in FILL + STATEMENTS[vendor][0]:
        schema_editor.execute(sql, params=None)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor in STATEMENTS:
        for sql in STATEMENTS[vendor][1]:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("participation_ideas", "0002_listing_indexes"),
        ("wagtail_participation", "0006_shuffle_keys"),
    ]

    operations = [
        migrations.CreateModel(
            name="IdeaBoardGeneration",
            fields=[
                ("record_id", models.IntegerField(primary_key=True, serialize=False)),
                ("generation", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="IdeaListing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("facet", models.CharField(max_length=1)),
                ("term_id", models.IntegerField()),
                ("area_id", models.IntegerField(null=True)),
                ("record_id", models.IntegerField()),
                ("visibility", models.CharField(max_length=20)),
                ("status", models.CharField(max_length=40)),
                ("trending", models.FloatField()),
                ("score", models.IntegerField()),
                ("comment_count", models.IntegerField()),
                ("created_at", models.DateTimeField()),
                ("shuffle_a", models.IntegerField()),
                ("shuffle_b", models.IntegerField()),
                (
                    "idea",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="participation_ideas.idea"
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["record_id", "facet", "term_id", "visibility", "-created_at", "-idea"],
                        name="wp_idea_listing_newest",
                    ),
                    models.Index(
                        fields=["record_id", "facet", "term_id", "visibility", "-trending", "-created_at", "-idea"],
                        name="wp_idea_listing_trend",
                    ),
                    models.Index(
                        fields=["record_id", "facet", "term_id", "visibility", "-score", "-created_at", "-idea"],
                        name="wp_idea_listing_score",
                    ),
                    models.Index(
                        fields=[
                            "record_id",
                            "facet",
                            "term_id",
                            "visibility",
                            "-comment_count",
                            "-created_at",
                            "-idea",
                        ],
                        name="wp_idea_listing_talk",
                    ),
                    models.Index(
                        fields=["record_id", "facet", "term_id", "visibility", "shuffle_a", "idea"],
                        name="wp_idea_listing_shuf_a",
                    ),
                    models.Index(
                        fields=["record_id", "facet", "term_id", "visibility", "shuffle_b", "idea"],
                        name="wp_idea_listing_shuf_b",
                    ),
                ],
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
