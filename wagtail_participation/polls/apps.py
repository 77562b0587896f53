"""Polls and option analyses: one question or several options, one ballot per participant."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "wagtail_participation.polls"
    label = "participation_polls"
    verbose_name = _("Polls")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_participation import manifests
        from wagtail_participation.polls import manifest

        manifests.register(manifest.build())
