"""Citizen proposals: residents start proposals; supports, thresholds and the city's answer."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "wagtail_participation.proposals"
    label = "participation_proposals"
    verbose_name = _("Citizen proposals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_participation import manifests
        from wagtail_participation.proposals import manifest

        manifests.register(manifest.build())
