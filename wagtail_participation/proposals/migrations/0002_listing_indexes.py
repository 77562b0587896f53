"""Listing indexes: one per order of the proposals listing, and the proposal-topic links by topic,
then proposal (the topic filter reads a topic's proposals from it alone)."""

from django.db import migrations, models

TOPIC_INDEX = "wp_proposal_topics_by_topic"


def create_topic_index(apps, schema_editor):
    table = apps.get_model("participation_proposals", "Proposal").topics.through._meta.db_table
    quote = schema_editor.quote_name
    schema_editor.execute(f"CREATE INDEX {quote(TOPIC_INDEX)} ON {quote(table)} (topic_id, proposal_id)")


def drop_topic_index(apps, schema_editor):
    table = apps.get_model("participation_proposals", "Proposal").topics.through._meta.db_table
    quote = schema_editor.quote_name
    on_table = f" ON {quote(table)}" if schema_editor.connection.vendor == "mysql" else ""
    schema_editor.execute(f"DROP INDEX {quote(TOPIC_INDEX)}{on_table}")


class Migration(migrations.Migration):
    dependencies = [
        ("participation_proposals", "0001_initial"),
        ("wagtail_participation", "0005_listing_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="proposal",
            name="wp_proposal_newest",
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["-published_at", "-contribution_ptr"], name="wp_proposal_newest_id"),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["-counted", "-published_at", "-contribution_ptr"], name="wp_proposal_supports"),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["window_ends_at", "contribution_ptr"], name="wp_proposal_ending"),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["area", "-published_at", "-contribution_ptr"], name="wp_proposal_area_newest"),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                fields=["area", "-counted", "-published_at", "-contribution_ptr"], name="wp_proposal_area_supports"
            ),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["area", "window_ends_at", "contribution_ptr"], name="wp_proposal_area_ending"),
        ),
        # atomic=False: MariaDB cannot roll back DDL, so Django refuses DDL inside a transaction there
        migrations.RunPython(create_topic_index, drop_topic_index, atomic=False),
    ]
