"""Citizen proposals inside any page: live (proposals collecting supports) and as results.

The core's generic blocks call these through the app's manifest (docs/blocks.md):

- :func:`render_live` (``manifest.embed``): the most supported or latest proposals still
  collecting supports (or waiting for the city's answer), live, with a link to start one
  (decision 1: one count, wherever it is shown).
- :func:`render_results` (``manifest.results``): proposals that reached their threshold and the
  city's answers. Always current: an answer given today shows today.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail_participation.blocks import render_embed
from wagtail_participation.results_block_rendering import ResultsRenderer, placeholder_context


def render_live(request, page, value, context=None) -> str:
    """The page's proposals, live (``page`` is live, visible and in the visitor's language).
    The generic ``sort`` option: ``newest`` shows the latest; anything else the most supported."""
    from wagtail_participation.proposals import views as proposal_views

    sort = "newest" if value.get("sort") == "newest" else "supports"
    state = proposal_views.embedded(request, page, sort, value.get("count") or 3)
    return render_embed(
        "wagtail_participation/proposals/blocks/proposals_block.html",
        request,
        value,
        context,
        proposals_page=page,
        **state,
    )


class ProposalOutcomes(ResultsRenderer):
    """Citizen proposals that reached their threshold and the city's decisions: accepted or
    rejected, with the answer, and whether it came in time (or is overdue).

    Uses the generic block's ``which`` (``answered``: only answered proposals; otherwise every
    one that reached the threshold) and ``count`` (10 when empty)."""

    template = "wagtail_participation/proposals/blocks/results/proposal_outcomes.html"
    default_count = 10

    def accepts(self, published, value):
        return published.available or published.state == "empty"

    def get_context(self, request, page, value, parent_context=None):
        context = super().get_context(request, page, value, parent_context)
        if not context.get("unavailable") and not context.get("proposals"):
            # decided by state: a proposal reaching the threshold tells the results pages
            # (signals.results_inputs_changed), so a page may keep its body meanwhile
            return placeholder_context(context, _("No proposal has reached the threshold yet."), decided_by_state=True)
        return context

    def get_results_context(self, published, value, request):
        from django.db.models import Prefetch

        from wagtail_participation import clock
        from wagtail_participation.models import OfficialUpdate
        from wagtail_participation.proposals import method_results as proposal_results
        from wagtail_participation.proposals.models import STATE_LABELS

        record, now = published.record, clock.now()
        found = proposal_results.outcome_queryset(record)
        if value.get("which") == "answered":
            found = found.exclude(outcome="")
        updates = OfficialUpdate.objects.select_related("department").order_by("-created_at")
        proposals = list(
            found.order_by("-decided_at", "-threshold_reached_at", "-pk").prefetch_related(
                Prefetch("official_updates", queryset=updates, to_attr="answers")
            )[: value.get("count") or self.default_count]
        )
        for proposal in proposals:
            proposal.st = proposal.status_at(now)
            proposal.state_label = STATE_LABELS[proposal.st.state]
            decisive = [u for u in proposal.answers if u.status_after] or proposal.answers
            proposal.answer = decisive[0] if decisive else None
        counts = proposal_results.outcome_counts(record, now)
        return {"proposals": proposals, "counts": counts, "board": published.method}


render_results = ProposalOutcomes().render
