"""Idea collection: boards where residents post, vote on and discuss ideas."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "wagtail_participation.ideas"
    label = "participation_ideas"
    verbose_name = _("Ideas")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_participation import manifests
        from wagtail_participation.ideas import manifest

        manifests.register(manifest.build())
