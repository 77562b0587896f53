"""MariaDB enforces the core's conditional unique rules (one open review request per item, one
current census claim per participant, one open refusal, one provisional and one final snapshot):
Django leaves them out there, silently (``databases.EnforceConditionalUnique``). Nothing happens
on SQLite and PostgreSQL, where migration 0001 created them as partial indexes."""

from django.db import migrations

from wagtail_participation.databases import EnforceConditionalUnique


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_participation", "0003_site_name_from_wagtail_site"),
    ]

    operations = [
        EnforceConditionalUnique("reviewrequest", "wp_one_open_review_per_contribution"),
        EnforceConditionalUnique("reviewrequest", "wp_one_open_review_per_comment"),
        EnforceConditionalUnique("censusentry", "wp_one_current_census_claim"),
        EnforceConditionalUnique("censusclaimrefusal", "wp_one_open_refusal"),
        EnforceConditionalUnique("resultsnapshot", "wp_one_provisional_snapshot"),
        EnforceConditionalUnique("resultsnapshot", "wp_one_final_snapshot"),
    ]
