"""The proposals' topic listing rows (``ProposalTopicListing``): a topic's proposals with the
listing's sort and filter columns, in an index per order, kept by triggers on SQLite and PostgreSQL
in the statement that changes what they copy (a topic link added or removed, a support, a state,
window, area or publication changed), and filled here from the proposals there are. MariaDB: the
table only (no triggers there, see core ``0002_vote_counter_triggers``; the listing does not read
it on MariaDB)."""

import django.db.models.deletion
from django.db import migrations, models

PROPOSALS = "participation_proposals_proposal"
LINKS = "participation_proposals_proposal_topics"
LISTING = "participation_proposals_proposaltopiclisting"
# listing column: the proposal's column it copies
COPIED = {
    "record_id": "listing_record_id",
    "counted": "counted",
    "published_at": "published_at",
    "window_ends_at": "window_ends_at",
    "phase": "phase",
    "area_id": "area_id",
}
COLUMNS = "proposal_id, topic_id, " + ", ".join(COPIED)
FROM_PROPOSAL = ", ".join(f"p.{source}" for source in COPIED.values())
COPY_SET = ", ".join(f"{column} = NEW.{source}" for column, source in COPIED.items())


def _insert(topic: str, proposal: str) -> str:
    """INSERT the listing row of proposal ``proposal`` for topic ``topic`` (SQL expressions)."""
    return (
        f"INSERT INTO {LISTING} ({COLUMNS}) SELECT p.contribution_ptr_id, {topic}, {FROM_PROPOSAL} "
        f"FROM {PROPOSALS} p WHERE p.contribution_ptr_id = {proposal}"
    )


def _changed(operator: str) -> str:
    return " OR ".join(f"OLD.{source} {operator} NEW.{source}" for source in COPIED.values())


SQLITE = [
    f"""CREATE TRIGGER wp_proposal_topic_listed AFTER INSERT ON {LINKS} BEGIN
        {_insert("NEW.topic_id", "NEW.proposal_id")};
    END""",
    f"""CREATE TRIGGER wp_proposal_topic_unlisted AFTER DELETE ON {LINKS} BEGIN
        DELETE FROM {LISTING} WHERE proposal_id = OLD.proposal_id AND topic_id = OLD.topic_id;
    END""",
    f"""CREATE TRIGGER wp_proposal_topic_copied AFTER UPDATE OF {", ".join(COPIED.values())} ON {PROPOSALS}
        WHEN {_changed("IS NOT")} BEGIN
        UPDATE {LISTING} SET {COPY_SET} WHERE proposal_id = NEW.contribution_ptr_id;
    END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in ("wp_proposal_topic_listed", "wp_proposal_topic_unlisted", "wp_proposal_topic_copied")
]

POSTGRESQL = [
    f"""CREATE FUNCTION wp_proposal_topic_listing() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM {LISTING} WHERE proposal_id = OLD.proposal_id AND topic_id = OLD.topic_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            {_insert("NEW.topic_id", "NEW.proposal_id")};
        END IF;
        RETURN NULL;
    END
    $$""",
    f"""CREATE TRIGGER wp_proposal_topic_listing AFTER INSERT OR DELETE OR UPDATE ON {LINKS}
        FOR EACH ROW EXECUTE FUNCTION wp_proposal_topic_listing()""",
    f"""CREATE FUNCTION wp_proposal_topic_copied() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {LISTING} SET {COPY_SET} WHERE proposal_id = NEW.contribution_ptr_id;
        RETURN NULL;
    END
    $$""",
    f"""CREATE TRIGGER wp_proposal_topic_copied AFTER UPDATE OF {", ".join(COPIED.values())} ON {PROPOSALS}
        FOR EACH ROW WHEN ({_changed("IS DISTINCT FROM")}) EXECUTE FUNCTION wp_proposal_topic_copied()""",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS wp_proposal_topic_listing ON {LINKS}",
    "DROP FUNCTION IF EXISTS wp_proposal_topic_listing()",
    f"DROP TRIGGER IF EXISTS wp_proposal_topic_copied ON {PROPOSALS}",
    "DROP FUNCTION IF EXISTS wp_proposal_topic_copied()",
]

STATEMENTS = {"sqlite": (SQLITE, SQLITE_REVERSE), "postgresql": (POSTGRESQL, POSTGRESQL_REVERSE)}

FILL = (
    f"INSERT INTO {LISTING} ({COLUMNS}) SELECT l.proposal_id, l.topic_id, {FROM_PROPOSAL} "
    f"FROM {LINKS} l JOIN {PROPOSALS} p ON p.contribution_ptr_id = l.proposal_id"
)


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        return  # MariaDB: no triggers, the listing probes the topic links there
    for sql in [FILL, *STATEMENTS[vendor][0]]:
        schema_editor.execute(sql, params=None)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor in STATEMENTS:
        for sql in STATEMENTS[vendor][1]:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("participation_proposals", "0003_listing_copies"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProposalTopicListing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("topic_id", models.BigIntegerField()),
                ("record_id", models.BigIntegerField(null=True)),
                ("counted", models.PositiveIntegerField()),
                ("published_at", models.DateTimeField(null=True)),
                ("window_ends_at", models.DateTimeField(null=True)),
                ("phase", models.CharField(max_length=12)),
                ("area_id", models.BigIntegerField(null=True)),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="participation_proposals.proposal",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=[
                            "record_id",
                            "topic_id",
                            "-counted",
                            "-published_at",
                            "-proposal",
                            "phase",
                            "window_ends_at",
                            "area_id",
                        ],
                        name="wp_proposal_topic_supports",
                    ),
                    models.Index(
                        fields=[
                            "record_id",
                            "topic_id",
                            "-published_at",
                            "-proposal",
                            "phase",
                            "window_ends_at",
                            "area_id",
                        ],
                        name="wp_proposal_topic_newest",
                    ),
                    models.Index(
                        fields=[
                            "record_id",
                            "topic_id",
                            "window_ends_at",
                            "proposal",
                            "phase",
                            "area_id",
                            "published_at",
                        ],
                        name="wp_proposal_topic_ending",
                    ),
                ],
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
