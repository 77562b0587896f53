"""Exports prepared in the background (a large board's workbook takes longer than a request)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BackgroundExport(models.Model):
    """A requested file built by a task, which moves ``status`` and ``progress`` along so a
    status page can show where it is. Concrete exports add the ``record`` they export."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    STATUS_CHOICES = [
        (PENDING, _("Waiting")),
        (RUNNING, _("Being prepared")),
        (DONE, _("Ready")),
        (FAILED, _("Failed")),
    ]

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Served through a permission-checked admin view, never linked from public pages.
    file = models.FileField(_("file"), upload_to="participation/exports/", blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.record} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else str(self.record)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)
