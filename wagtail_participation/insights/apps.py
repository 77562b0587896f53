"""The insights capability app's configuration: its registrations, all from :meth:`ready`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Stored sentence embeddings of residents' texts and, from them, similar ideas by meaning.

    Registers (docs/insights.md): a save handler that queues a contribution's embedding (with a queue
    backend), the ``participation_tick`` step that computes missing and stale embeddings in
    batches, and the core's similar-text finder."""

    name = "wagtail_participation.insights"
    label = "participation_insights"
    verbose_name = _("Insights")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from wagtail_participation import capabilities, housekeeping
        from wagtail_participation.insights import embeddings, similar, tasks

        post_save.connect(tasks.queue_embedding, dispatch_uid="participation_insights.queue_embedding")
        housekeeping.register_job(
            housekeeping.PeriodicJob(
                "insights_embeddings",
                embeddings.compute_missing,
                "%(count)d text embedding(s) computed or removed (insights)",
                order=200,
            )
        )
        capabilities.register(
            capabilities.SimilarTextFinder("embeddings", _("Similar by meaning (sentence embeddings)"), similar.find)
        )
