from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_participation", "0004_mariadb_conditional_unique"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="contribution",
            name="wp_contrib_listing",
        ),
        migrations.RemoveIndex(
            model_name="contribution",
            name="wp_contrib_trending",
        ),
        migrations.RemoveIndex(
            model_name="contribution",
            name="wp_contrib_votes",
        ),
        migrations.RemoveIndex(
            model_name="contribution",
            name="wp_contrib_discussed",
        ),
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(fields=["record", "visibility", "-created_at", "-id"], name="wp_contrib_newest"),
        ),
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(
                fields=["record", "visibility", "-trending", "-created_at", "-id"], name="wp_contrib_trend"
            ),
        ),
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(
                fields=["record", "visibility", "-score", "-created_at", "-id"], name="wp_contrib_score"
            ),
        ),
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(
                fields=["record", "visibility", "-comment_count", "-created_at", "-id"], name="wp_contrib_talk"
            ),
        ),
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(
                fields=["record", "visibility", "status", "-created_at", "-id"], name="wp_contrib_newest_st"
            ),
        ),
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(
                fields=["record", "visibility", "status", "-trending", "-created_at", "-id"], name="wp_contrib_trend_st"
            ),
        ),
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(
                fields=["record", "visibility", "status", "-score", "-created_at", "-id"], name="wp_contrib_score_st"
            ),
        ),
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(
                fields=["record", "visibility", "status", "-comment_count", "-created_at", "-id"],
                name="wp_contrib_talk_st",
            ),
        ),
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(fields=["id", "record", "visibility"], name="wp_contrib_id_record"),
        ),
    ]
