"""Frozen results: what a results page shows never drifts after it was published."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail_participation.engine.method_results import MethodResults


class ResultSnapshot(models.Model):
    """A method's results at one moment: provisional at close, final once an editor confirms."""

    PROVISIONAL = "provisional"
    FINAL = "final"
    KIND_CHOICES = [(PROVISIONAL, _("Provisional")), (FINAL, _("Final"))]

    record = models.ForeignKey(
        "wagtail_participation.MethodRecord",
        on_delete=models.PROTECT,
        related_name="snapshots",
        verbose_name=_("participation method"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    rule = models.CharField(_("rule"), max_length=200)
    data = models.JSONField(_("results"))
    taken_at = models.DateTimeField(_("taken at"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("For example: paper ballots from the town hall included.")
    )

    class Meta:
        verbose_name = _("result snapshot")
        verbose_name_plural = _("result snapshots")
        ordering = ["-taken_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["record"], condition=Q(kind="provisional"), name="wp_one_provisional_snapshot"
            ),
            models.UniqueConstraint(fields=["record"], condition=Q(kind="final"), name="wp_one_final_snapshot"),
        ]

    def __str__(self):
        return f"{self.record} – {self.get_kind_display()} ({self.taken_at:%Y-%m-%d %H:%M})"

    @property
    def is_final(self) -> bool:
        return self.kind == self.FINAL

    def results(self) -> MethodResults:
        """The stored method results, with the method's own values typed again."""
        from wagtail_participation.frozen import page_class_of

        page_class = page_class_of(self.record)
        return MethodResults.from_dict(self.data, getattr(page_class, "results_specifics", None))
