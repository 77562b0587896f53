"""MariaDB enforces one survey response per participant: Django leaves the conditional constraint
out there, silently (``wagtail_participation.databases.EnforceConditionalUnique``). Nothing happens
on SQLite and PostgreSQL, where 0001 created it as a partial index."""

from django.db import migrations

from wagtail_participation.databases import EnforceConditionalUnique


class Migration(migrations.Migration):
    dependencies = [
        ("participation_surveys", "0001_initial"),
    ]

    operations = [
        EnforceConditionalUnique("surveyresponse", "wp_one_survey_response"),
    ]
