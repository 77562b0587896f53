"""Citizen proposals: residents start proposals; supports, thresholds and the city's answer."""

from django.utils.translation import gettext_lazy as _

from wagtail_participation import method_apps


class ProposalsConfig(method_apps.MethodAppConfig):
    name = "wagtail_participation.proposals"
    label = "participation_proposals"
    verbose_name = _("Citizen proposals")
