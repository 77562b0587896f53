"""The budget page's editor form: locks ballot rules after the first ballot and says why.

Imports no models at module level (the page model builds its edit handler with this form).
"""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from wagtail_participation import clock
from wagtail_participation.budgets.engine import ballots as budget_ballots

BUDGET_RULE_FIELDS = (
    "slug",
    "area",
    "amount",
    "ballot_type",
    "min_spend_percent",
    "min_projects",
    "max_projects",
    "points",
    "max_points_per_project",
    "rank_k",
)
PROJECT_RULE_FIELDS = ("budget_slug", "cost")
OUTCOME_FIELDS = ("outcome_rule", "mes_utility", "mes_completion", "mes_greedy_fill")


def budget_page_form(base):
    """Subclass the generated method form ``base`` with the budget rules and their lock."""

    class BudgetPageForm(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            from wagtail_participation.budgets.services import lock_of
            from wagtail_participation.models import MethodRecord

            page = self.instance
            record = MethodRecord.objects.filter(translation_key=page.translation_key).first() if page.pk else None
            self.lock = lock_of(record)
            if self.lock.ballots_locked:
                when = formats.date_format(clock.local(self.lock.first_ballot_at), "DATETIME_FORMAT")
                self.ballot_lock_reason = _(
                    "Locked since the first ballot (%(when)s): changing it would change the rules of ballots already cast."
                ) % {"when": when}
                self._lock_children("budgets", BUDGET_RULE_FIELDS)
                self._lock_children("budget_projects", PROJECT_RULE_FIELDS)
                self._lock(("district_mode",), self.ballot_lock_reason)
            if self.lock.outcome_locked:
                reason = _("Locked since voting opened: the outcome rule must be known before anyone votes.")
                self._lock(OUTCOME_FIELDS, reason)

        def _lock(self, names, reason):
            for name in names:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = reason

        def _lock_children(self, relation, names):
            formset = self.formsets.get(relation)
            if formset is None:
                return
            for form in formset.forms:
                if form.instance.pk:
                    for name in names:
                        if name in form.fields:
                            form.fields[name].disabled = True
                            form.fields[name].help_text = self.ballot_lock_reason

        def clean(self):
            cleaned_data = super().clean()
            budgets_set = self.formsets.get("budgets")
            projects_set = self.formsets.get("budget_projects")
            if budgets_set is None or projects_set is None:
                return cleaned_data
            if self.lock.ballots_locked:
                for formset in (budgets_set, projects_set):
                    for form in formset.forms:
                        if not form.is_valid():
                            continue
                        if form.instance.pk and form.cleaned_data.get("DELETE"):
                            form.add_error(None, self.ballot_lock_reason)
                        elif not form.instance.pk and form.has_changed():
                            form.add_error(None, _("No budget or project can be added after the first ballot."))
            live_budgets = [
                f for f in budgets_set.forms if f.is_valid() and f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            slugs = {}
            for form in live_budgets:
                slug = form.cleaned_data.get("slug")
                if slug in slugs:
                    form.add_error("slug", _("Two budgets have this short name; each needs its own."))
                slugs[slug] = form
                kind = form.cleaned_data.get("ballot_type")
                if kind == budget_ballots.CUMULATIVE and not form.cleaned_data.get("points"):
                    form.add_error("points", _("A points ballot needs the number of points each voter has."))
                if (form.cleaned_data.get("min_spend_percent") or 0) > 100:
                    form.add_error("min_spend_percent", _("Enter a percentage between 0 and 100."))
                if kind != budget_ballots.KNAPSACK and form.cleaned_data.get("min_spend_percent"):
                    form.add_error("min_spend_percent", _("A minimum spend applies to knapsack ballots only."))
                maximum = form.cleaned_data.get("max_projects")
                if (
                    kind == budget_ballots.APPROVAL
                    and maximum
                    and maximum < (form.cleaned_data.get("min_projects") or 0)
                ):
                    form.add_error("max_projects", _("The maximum cannot be below the minimum."))
            if self.cleaned_data.get("outcome_rule") == "mes":
                for form in live_budgets:
                    if form.cleaned_data.get("ballot_type") in (budget_ballots.CUMULATIVE, budget_ballots.RANKED):
                        form.add_error(
                            "ballot_type",
                            _(
                                "The Method of Equal Shares needs knapsack or approval ballots; choose another outcome rule for points or ranked ballots."
                            ),
                        )
            costs_by_slug: dict = {}
            for form in projects_set.forms:
                if not form.is_valid() or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                    continue
                slug = form.cleaned_data.get("budget_slug")
                if slug not in slugs:
                    form.add_error(
                        "budget_slug", _("No budget on this page has the short name “%(slug)s”.") % {"slug": slug}
                    )
                costs_by_slug.setdefault(slug, []).append(form.cleaned_data.get("cost") or 0)
            for slug, form in slugs.items():
                amount = form.cleaned_data.get("amount") or 0
                for cost in costs_by_slug.get(slug, []):
                    if cost > amount:
                        form.add_error("amount", _("A project of this budget costs more than the whole budget."))
                        break
            return cleaned_data

    return BudgetPageForm
