"""Clean-up that falls due as time passes; called by ``participation_tick``."""

from __future__ import annotations

from datetime import timedelta

from . import clock, conf
from .models import IdeaExport, SurveyExport


def purge_expired_exports() -> int:
    """Delete prepared exports (rows and files) older than ``EXPORT_RETENTION_DAYS``.

    Exports hold participants' contributions; keeping them forever in the media folder would
    outlive what the privacy notice promises. Returns how many were deleted.
    """
    cutoff = clock.now() - timedelta(days=conf.get("EXPORT_RETENTION_DAYS"))
    expired = [export for model in (IdeaExport, SurveyExport) for export in model.objects.filter(created_at__lt=cutoff)]
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        export.delete()
    return len(expired)
