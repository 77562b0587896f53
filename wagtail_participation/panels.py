"""Editor panels shown inside the page editor."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from wagtail_participation import clock


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


class FrozenRulesPanel(Panel):
    """On a method's Participation tab: since when its rules are frozen, what stays editable, and
    the audited actions that still change its closing date."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_participation/panels/frozen_rules.html"

        def get_context_data(self, parent_context=None):
            from django.urls import reverse

            from wagtail_participation.frozen import freeze_of, record_of

            context = super().get_context_data(parent_context)
            record = record_of(self.instance)
            freeze = freeze_of(record) if record else None
            closed = bool(freeze) and record.is_closed()
            context.update(
                {
                    "freeze": freeze,
                    "closes": record.closes() if freeze else None,
                    "source": bool(record) and record.source_locale_id == self.instance.locale_id,
                    "action_url": reverse(
                        "participation_methods:reopen" if closed else "participation_methods:extend", args=(record.pk,)
                    )
                    if freeze
                    else "",
                    "closed": closed,
                }
            )
            return context
