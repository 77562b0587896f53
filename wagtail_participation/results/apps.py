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
        self.connect_page_cache()

    def connect_page_cache(self):
        """Whatever decides a kept results page body starts a new generation (results/page_cache.py);
        page, view restriction and site changes already do through ``live_methods``."""
        from django.db.models.signals import post_delete, post_save

        from wagtail_participation import signals
        from wagtail_participation.models import MethodRecord, Milestone, PolicyDecision, ProjectPhase
        from wagtail_participation.models.snapshots import ResultSnapshot
        from wagtail_participation.results.page_cache import forget

        signals.results_inputs_changed.connect(forget, dispatch_uid="participation_results.forget.inputs")
        for model in (ResultSnapshot, MethodRecord, ProjectPhase, PolicyDecision, Milestone):
            for signal, name in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    forget, sender=model, dispatch_uid=f"participation_results.forget.{name}.{model.__name__}"
                )
