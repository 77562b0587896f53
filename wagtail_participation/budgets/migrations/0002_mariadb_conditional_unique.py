"""MariaDB enforces the budget ballots' conditional unique rules (one ballot per participant and
budget, one district ballot per participant, one entry per paper ballot): Django leaves them out
there, silently (``wagtail_participation.databases.EnforceConditionalUnique``). Nothing happens on
SQLite and PostgreSQL, where 0001 created them as partial indexes."""

from django.db import migrations

from wagtail_participation.databases import EnforceConditionalUnique


class Migration(migrations.Migration):
    dependencies = [
        ("participation_budgets", "0001_initial"),
    ]

    operations = [
        EnforceConditionalUnique("budgetballot", "wp_one_budget_ballot_per_participant"),
        EnforceConditionalUnique("budgetballot", "wp_one_district_ballot_per_participant"),
        EnforceConditionalUnique("budgetballot", "wp_one_entry_per_paper_ballot"),
    ]
