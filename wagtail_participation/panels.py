"""Editor panels shown inside the page editor."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from . import clock


class PhaseStatusPanel(Panel):
    """Shows, in the project editor, which phase is active now and what comes next."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_participation/panels/phase_status.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            now = clock.now()
            rows = []
            if page.pk:
                for phase in page.ordered_phases():
                    rows.append({"phase": phase, "status": phase.status_at(now), "type": phase.type_info()})
            context.update({"rows": rows, "now": now, "saved": bool(page.pk), "empty_label": _("No phases yet.")})
            return context
