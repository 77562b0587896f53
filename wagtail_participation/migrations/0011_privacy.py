"""Issue 13 item 1: public names (Participant.display_name), "show my name" unticked by default
and on comments too, reports about a public name."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_participation", "0010_vote_counter_triggers"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="report",
            name="wp_one_report_per_contribution",
        ),
        migrations.RemoveConstraint(
            model_name="report",
            name="wp_one_report_per_comment",
        ),
        migrations.AddField(
            model_name="comment",
            name="show_author",
            field=models.BooleanField(default=False, verbose_name="show my name"),
        ),
        migrations.AddField(
            model_name="optioncomment",
            name="show_author",
            field=models.BooleanField(default=False, verbose_name="show my name"),
        ),
        migrations.AddField(
            model_name="participant",
            name="display_name",
            field=models.CharField(
                blank=True,
                help_text="Shown with your ideas, proposals and comments when you choose to show your name.",
                max_length=40,
                verbose_name="public name",
            ),
        ),
        migrations.AddField(
            model_name="participant",
            name="display_name_reset_reason",
            field=models.TextField(
                blank=True,
                help_text="Shown to the person until they choose a new name.",
                verbose_name="why a moderator removed the public name",
            ),
        ),
        migrations.AddField(
            model_name="participant",
            name="show_name_by_default",
            field=models.BooleanField(
                default=False,
                help_text="Forms start with “show my name” ticked. You can still untick it each time.",
                verbose_name="tick “show my name” for me",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="about",
            field=models.CharField(
                choices=[("content", "What it says"), ("name", "The name of its author")],
                default="content",
                max_length=10,
                verbose_name="about",
            ),
        ),
        # Only the Python default changes ("show my name" unticked): nothing to do in the database,
        # and SQLite would otherwise rebuild the table under the vote counter triggers (0010).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="contribution",
                    name="show_author",
                    field=models.BooleanField(default=False, verbose_name="show my name"),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                fields=("contribution", "reporter", "about"), name="wp_one_report_per_contribution"
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                fields=("comment", "reporter", "about"), name="wp_one_report_per_comment"
            ),
        ),
    ]
