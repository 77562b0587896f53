"""Participatory budgets: the voting booth, ballots and the outcome rules."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "wagtail_participation.budgets"
    label = "participation_budgets"
    verbose_name = _("Participatory budgets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_participation import manifests
        from wagtail_participation.budgets import manifest

        manifests.register(manifest.build())
