"""The idea board inside any page: live (top ideas with vote buttons) and as results (top ideas).

The core's generic blocks call these through the app's manifest (docs/blocks.md):

- :func:`render_live` (``manifest.embed``): the board's top ideas, live. Their vote forms post to
  the board's own route and come back to the page they were on; on an error the board page
  shows it (decision 1). A link leads to sharing an idea.
- :func:`render_results` (``manifest.results``): the top ideas by votes (from the frozen snapshot
  once the board has closed, so later votes never change it), or by the city's answer.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail_participation import statuses
from wagtail_participation.blocks import render_embed
from wagtail_participation.results_block_rendering import ResultsRenderer, placeholder_context

#: The generic block's ``sort`` option, in this board's terms; empty means trending.
LIVE_SORTS = {"trending": "trending", "votes": "votes", "newest": "newest"}


def render_live(request, board, value, context=None) -> str:
    """The board's top ideas, live (``board`` is live, visible and in the visitor's language)."""
    from wagtail_participation.ideas import views as idea_views

    sort = LIVE_SORTS.get(value.get("sort") or "", "trending")
    state = idea_views.embedded(request, board, sort, value.get("count") or 3)
    return render_embed(
        "wagtail_participation/ideas/blocks/idea_board_block.html", request, value, context, board=board, **state
    )


class TopIdeasResults(ResultsRenderer):
    """An idea board's top ideas: by votes (from the frozen snapshot once the board has closed,
    so later votes never change it), or by the city's answer (status, kept current).

    Uses the generic block's ``which`` (``top``: by votes; ``answered``: by status), ``statuses``
    and ``count`` (5 when empty, at most 20)."""

    template = "wagtail_participation/ideas/blocks/results/top_ideas.html"
    default_count, max_count = 5, 20

    @staticmethod
    def by_status(value) -> bool:
        return value.get("which") == "answered"

    def accepts(self, published, value):
        # Statuses are the city's follow-up, not votes: shown whenever the board is public.
        if self.by_status(value):
            return published.available or published.state in ("not_yet", "empty")
        return published.available

    def get_results_context(self, published, value, request):
        from wagtail_participation.ideas.models import Idea
        from wagtail_participation.models import Visibility

        record = published.record
        count = min(value.get("count") or self.default_count, self.max_count)
        visible = Idea.objects.filter(record=record, visibility=Visibility.VISIBLE)
        frozen = {row.code: row.value for row in published.results.rows} if published.results else {}
        if self.by_status(value):
            chosen = list(value.get("statuses") or [statuses.ACCEPTED, statuses.IMPLEMENTED])
            ideas = list(visible.filter(status__in=chosen).order_by("-score", "created_at")[:count])
        else:
            codes = [row.code for row in published.results.rows if row.code.isdigit()]
            by_pk = visible.in_bulk([int(code) for code in codes[: count * 2]])  # spare rows for hidden ideas
            ideas = [by_pk[int(code)] for code in codes if code.isdigit() and int(code) in by_pk][:count]
        for idea in ideas:
            idea.shown_score = frozen.get(str(idea.pk), idea.score) if published.state == "snapshot" else idea.score
        return {"ideas": ideas, "board": published.method, "by_status": self.by_status(value)}

    def get_context(self, request, page, value, parent_context=None):
        context = super().get_context(request, page, value, parent_context)
        if not context.get("unavailable") and not context.get("ideas"):
            reason = _("No idea has one of the chosen statuses yet.") if self.by_status(value) else _("No ideas yet.")
            return placeholder_context(context, reason)
        return context


render_results = TopIdeasResults().render
