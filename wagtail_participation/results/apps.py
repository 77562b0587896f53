"""Results pages: what came out of participation, published as ordinary page content."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "wagtail_participation.results"
    label = "participation_results"
    verbose_name = _("Results pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_participation import outcome_listing
        from wagtail_participation.results.models import ResultsPage

        outcome_listing.register_results_page_model(ResultsPage)  # "what happened with your input"
