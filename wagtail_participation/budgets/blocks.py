"""Participatory budgets inside any page: live (the budgets and the way into their booths) and
as results (the outcome).

The core's generic blocks call these through the app's manifest (docs/blocks.md):

- :func:`render_live` (``manifest.embed``): each budget (city-wide, each district) with its
  amount and projects, whether this visitor voted or why they cannot, and a button into its
  booth. The booth itself stays on the budget's page: choosing projects against the money,
  updating the basket and checking the ballot before submitting is a page of its own, and a
  resident expects that room. The button carries the way back: once the ballot is stored, the
  booth returns to the embedding page (decision 1). No JavaScript.
- :func:`render_results` (``manifest.results``): the outcome once voting has closed.
"""

from __future__ import annotations

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail_participation.blocks import render_embed
from wagtail_participation.published_results import SNAPSHOT
from wagtail_participation.results_block_rendering import ResultsRenderer, placeholder_context


def anchor(page) -> str:
    return f"budgets-{page.participation_record.pk}"


def render_live(request, page, value, context=None) -> str:
    """The budgets and their booths, live (``page`` is live, visible and in the visitor's language)."""
    from wagtail_participation import identity, permissions
    from wagtail_participation.budgets import views as budget_views
    from wagtail_participation.phases import VOTE

    participant = identity.participant_for(request)
    decision = permissions.can(participant, VOTE, page)
    entries = budget_views.budget_entries(request, page, participant, decision)
    back = urlencode({"next": request.get_full_path() + "#" + anchor(page)})
    for entry in entries:
        entry["booth_url"] = entry["url"] + "?" + back  # the booth returns here once the ballot is stored
    return render_embed(
        "wagtail_participation/budgets/blocks/budget_block.html",
        request,
        value,
        context,
        budget_page=page,
        budgets_anchor=anchor(page),
        decision=decision,
        entries=entries,
        closed=page.participation_record.is_closed(),
    )


class BudgetOutcome(ResultsRenderer):
    """A participatory budget's outcome once voting has closed: per budget (city-wide, each
    district) the winners, the money spent against the budget, the rule and why each project won
    (for the Method of Equal Shares: what it cost its supporters), the supporters per project as a
    chart, and optionally what “most votes first” would have funded.

    Uses the generic block's ``codes`` (budget slugs; empty: every budget) and ``details``."""

    template = "wagtail_participation/budgets/blocks/results/budget_outcome.html"

    def accepts(self, published, value):
        return published.state == SNAPSHOT  # the outcome exists once voting closed

    def get_context(self, request, page, value, parent_context=None):
        context = super().get_context(request, page, value, parent_context)
        published = context.get("published")
        if published is not None and published.is_live:
            # decided by state: whether it is open is what a results page's kept body is keyed by
            return placeholder_context(
                context, _("Voting is still open. The outcome is shown here once it has closed."), decided_by_state=True
            )
        if not context.get("unavailable") and not context.get("entries"):
            return placeholder_context(context, _("None of the chosen budgets is on this page."))
        return context

    def get_results_context(self, published, value, request):
        from wagtail_participation.budgets.method_results import outcome_rows
        from wagtail_participation.budgets.views import budget_chart

        page = published.method
        projects = {project.code: project for project in page.budget_projects.all()}
        titles = {budget.code: budget.title for budget in page.budgets.all()}
        wanted = [slug.strip() for slug in (value.get("codes") or "").split(",") if slug.strip()]
        stored = published.results.specifics.budgets
        chosen = [b for slug in wanted for b in stored if b.slug == slug] if wanted else stored
        entries = []
        base = page.url or ""
        for outcome in chosen:
            entry = {
                "outcome": outcome,
                "title": titles.get(outcome.code, outcome.title),
                "spec": {"slug": outcome.slug},
                "projects": [projects[code] for code in outcome.costs if code in projects],
                "export_url": base + page.reverse_subpage("export", args=(outcome.slug,)),
                "result_rows": outcome_rows(outcome, projects),
            }
            entry["winners"] = [row for row in entry["result_rows"] if row.funded]
            entry["chart"] = budget_chart(entry["result_rows"], outcome.ballots)
            entry["spent_percent"] = outcome.spent_percent
            entries.append(entry)
        return {"entries": entries}


render_results = BudgetOutcome().render
