"""Surveys: questionnaires with stable question codes, steps and conditions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "wagtail_participation.surveys"
    label = "participation_surveys"
    verbose_name = _("Surveys")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_participation import manifests
        from wagtail_participation.surveys import manifest

        manifests.register(manifest.build())
