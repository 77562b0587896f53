"""Surveys: questionnaires with stable question codes, steps and conditions."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation import method_apps


class SurveysConfig(method_apps.MethodAppConfig):
    name = "wagtail_participation.surveys"
    label = "participation_surveys"
    verbose_name = _("Surveys")
