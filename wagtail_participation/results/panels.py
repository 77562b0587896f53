"""Editor panel on a results page: each method's snapshot status, and where to finalise it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from wagtail_participation import clock


class ResultsSnapshotsPanel(Panel):
    """Lists the methods of the results page's project and those its blocks show: open,
    provisional or final, when the snapshot was taken, and a link to review and finalise."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_participation/results/panels/results_snapshots.html"

        def get_context_data(self, parent_context=None):
            from wagtail_participation.models import MethodRecord, ParticipationMethodPage

            context = super().get_context_data(parent_context)
            page = self.instance
            project = page.results_project() if page.pk else None
            if project is None and page.pk is None:
                parent = (parent_context or {}).get("parent_page")
                project = parent.specific if parent is not None else None
            methods = []
            if project is not None and hasattr(project, "participation_methods"):
                methods = list(project.participation_methods())
            if page.pk:
                methods += [m for m in page.referenced_methods() if m not in methods]
            methods = [m for m in methods if isinstance(m, ParticipationMethodPage)]
            keys = [m.translation_key for m in methods]
            records = {
                r.translation_key: r
                for r in MethodRecord.objects.filter(translation_key__in=keys).prefetch_related("snapshots")
            }
            now = clock.now()
            rows = []
            for method in methods:
                record = records.get(method.translation_key)
                snapshots = {s.kind: s for s in record.snapshots.all()} if record else {}
                shown = snapshots.get("final") or snapshots.get("provisional")
                rows.append(
                    {
                        "method": method,
                        "type": method._meta.verbose_name,
                        "record": record,
                        "closed": bool(record and record.is_closed(now)),
                        "closes": record.closes() if record else None,
                        "snapshot": shown,
                        "review_url": reverse("participation_methods:review", args=(record.pk,)) if record else "",
                    }
                )
            context.update({"rows": rows, "empty_label": _("This project has no participation methods yet.")})
            return context
