"""The budget page's editor panel: ballots so far, which rules are locked and why, admin links."""

from django.urls import reverse
from wagtail.admin.panels import Panel


class BudgetStatusPanel(Panel):
    """Shows, on the Participation tab, how many ballots are in and whether the rules are locked."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_participation/budgets/panels/budget_status.html"

        def get_context_data(self, parent_context=None):
            from wagtail_participation.budgets.services import lock_of
            from wagtail_participation.models import MethodRecord

            context = super().get_context_data(parent_context)
            page = self.instance
            record = MethodRecord.objects.filter(translation_key=page.translation_key).first() if page.pk else None
            context.update(
                {
                    "saved": bool(page.pk),
                    "lock": lock_of(record),
                    "import_url": reverse("participation_budgets:import", args=(page.pk,)) if page.pk else "",
                    "outcome_url": reverse("participation_budgets:outcome", args=(page.pk,)) if page.pk else "",
                    "paper_url": reverse("participation_budgets:paper", args=(page.pk,)) if page.pk else "",
                }
            )
            return context
