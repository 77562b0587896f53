"""Joins the migrations of the hardening work (issue 13), which were written side by side."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_participation", "0011_brakes"),
        ("wagtail_participation", "0011_guard"),
        ("wagtail_participation", "0011_mails"),
        ("wagtail_participation", "0011_privacy"),
        ("wagtail_participation", "0011_statement_of_reasons"),
    ]

    operations = []
