"""What the insights app stores: one vector per text and model, never who wrote it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TextEmbedding(models.Model):
    """A sentence embedding of one resident's text (an idea, a proposal, a comment) by one model.

    ``key`` is the text source's key (``"idea:42"``). Where the text is a contribution, the row
    hangs on it and is deleted with it; texts of other kinds lose their row at the next
    ``participation_tick`` once their source no longer hands them out (removed or hidden).
    ``text_hash`` tells an edited text from the one encoded; ``model_name`` and ``model_version``
    tell a vector from an older model's, which is recomputed. No author, no personal data: a vector
    of the published words only."""

    key = models.CharField(_("text"), max_length=64)
    contribution = models.ForeignKey(
        "wagtail_participation.Contribution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contribution"),
    )
    model_name = models.CharField(_("model"), max_length=64)
    model_version = models.CharField(_("model version"), max_length=32)
    text_hash = models.CharField(_("text digest"), max_length=64)
    vector = models.BinaryField(_("vector"))  # float32, little-endian, L2-normalised
    created_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("text embedding")
        verbose_name_plural = _("text embeddings")
        constraints = [models.UniqueConstraint(fields=["key", "model_name"], name="wp_insights_one_per_model")]
        indexes = [models.Index(fields=["model_name", "contribution"], name="wp_insights_by_contribution")]

    def __str__(self):
        return f"{self.key} ({self.model_name} {self.model_version})"
