"""Participatory budgets: the voting booth, ballots and the outcome rules."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation import method_apps


class BudgetsConfig(method_apps.MethodAppConfig):
    name = "wagtail_participation.budgets"
    label = "participation_budgets"
    verbose_name = _("Participatory budgets")
