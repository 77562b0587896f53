"""Clean-up that falls due as time passes; called by ``participation_tick``."""

from __future__ import annotations

from datetime import timedelta

from wagtail_participation import clock, conf
from wagtail_participation.models.exports import BackgroundExport


def export_models() -> list[type[BackgroundExport]]:
    """Every concrete export model (idea, survey, ... exports all derive from BackgroundExport)."""
    found, pending = [], list(BackgroundExport.__subclasses__())
    while pending:
        model = pending.pop()
        pending += model.__subclasses__()
        if not model._meta.abstract:
            found.append(model)
    return found


def purge_expired_exports() -> int:
    """Delete prepared exports (rows and files) older than ``EXPORT_RETENTION_DAYS``.

    Exports hold participants' contributions and answers; keeping them forever in the media
    folder would outlive what the privacy notice promises. Returns how many were deleted.
    """
    cutoff = clock.now() - timedelta(days=conf.get("EXPORT_RETENTION_DAYS"))
    deleted = 0
    for model in export_models():
        for export in model.objects.filter(created_at__lt=cutoff):
            if export.file:
                export.file.delete(save=False)
            export.delete()
            deleted += 1
    return deleted
