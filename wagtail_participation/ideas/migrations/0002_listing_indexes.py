"""Listing indexes of the idea board: an area's ideas, and the idea-topic links by topic, then idea
(the topic filter reads a topic's ideas from it alone; the link table has one by idea, then topic)."""

from django.db import migrations, models

TOPIC_INDEX = "wp_idea_topics_by_topic"


def create_topic_index(apps, schema_editor):
    table = apps.get_model("participation_ideas", "Idea").topics.through._meta.db_table
    quote = schema_editor.quote_name
    schema_editor.execute(f"CREATE INDEX {quote(TOPIC_INDEX)} ON {quote(table)} (topic_id, idea_id)")


def drop_topic_index(apps, schema_editor):
    table = apps.get_model("participation_ideas", "Idea").topics.through._meta.db_table
    quote = schema_editor.quote_name
    on_table = f" ON {quote(table)}" if schema_editor.connection.vendor == "mysql" else ""
    schema_editor.execute(f"DROP INDEX {quote(TOPIC_INDEX)}{on_table}")


class Migration(migrations.Migration):
    dependencies = [
        ("participation_ideas", "0001_initial"),
        ("wagtail_participation", "0005_listing_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="idea",
            index=models.Index(fields=["area", "contribution_ptr"], name="wp_idea_area"),
        ),
        # atomic=False: MariaDB cannot roll back DDL, so Django refuses DDL inside a transaction there
        migrations.RunPython(create_topic_index, drop_topic_index, atomic=False),
    ]
