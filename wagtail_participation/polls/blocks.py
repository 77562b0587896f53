"""Polls and option analyses inside any page: live (the ballot) and as results.

The core's generic blocks call these through the app's manifest (docs/blocks.md):

- :func:`render_live` (``manifest.embed``): a poll's question and answers, or an option
  analysis's options with its ranking or choice form, and the results where the method's
  settings let this visitor see them. The form posts to the vote route outside the page tree
  (``wagtail_participation:vote_poll``) and comes back to the page it was on; on an error the
  method's own page shows it with the choices kept and a link back (decision 1). No JavaScript.
- :func:`render_results` (``manifest.results``): the snapshot (or live numbers while open) as a
  chart; an option analysis also with its instant-runoff rounds.

Labels stored in a snapshot are in the language of the moment it was taken, so the results
relabel rows by their stable codes from the method page in the visitor's language.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from wagtail_participation.blocks import render_embed
from wagtail_participation.engine.method_results import MethodResults, ResultRow
from wagtail_participation.results_block_rendering import ResultsRenderer, placeholder_context

# -- live ---------------------------------------------------------------------------------------------


def render_live(request, page, value, context=None) -> str:
    """The poll or option analysis, live (``page`` is live, visible and in the visitor's language)."""
    from wagtail_participation.polls import services as polls
    from wagtail_participation.polls import views as poll_views
    from wagtail_participation.polls.models import OptionAnalysisPage

    state = poll_views.ballot_state(request, page)
    if not isinstance(page, OptionAnalysisPage):
        return render_embed("wagtail_participation/polls/blocks/poll_block.html", request, value, context, **state)
    counts = polls.option_comment_counts(page.participation_record)
    options = [(option, counts.get(option.code, 0)) for option in page.localized_options()]
    return render_embed(
        "wagtail_participation/polls/blocks/option_analysis_block.html",
        request,
        value,
        context,
        **state,
        **poll_views.runoff_state(state["results"]),
        options=options,
    )


# -- results ------------------------------------------------------------------------------------------


def relabel(results: MethodResults, labels: dict) -> MethodResults:
    """The same rows with labels from ``labels`` (by code) where the visitor's language has one."""
    return replace(results, rows=tuple(replace(row, label=labels.get(row.code) or row.label) for row in results.rows))


class BallotResults(ResultsRenderer):
    """Base of the poll and option-analysis results: rows exist for every option even before
    anyone voted, so "nobody has voted" is told from the number of voters, not from the rows."""

    def get_context(self, request, page, value, parent_context=None):
        from wagtail_participation.published_results import REASONS

        context = super().get_context(request, page, value, parent_context)
        published = context.get("published")
        if not context.get("unavailable") and published is not None and not published.results.participants:
            return placeholder_context(context, REASONS["empty"])
        return context


class PollResults(BallotResults):
    """A poll's answers as a chart: its snapshot once closed; before that only where the poll's
    “show results” setting lets this visitor see them (always, after voting, after close, staff only)."""

    template = "wagtail_participation/polls/blocks/results/poll_results.html"

    def get_results_context(self, published, value, request):
        found = published.results.specifics
        labels = {**found.labels, **published.method.labels()}
        labels["other"] = str(_("Other"))  # in the visitor's language, not the snapshot's
        shown = relabel(published.results, labels)
        winners = [labels.get(code, code) for code in found.winners]
        return {
            "chart_results": shown,
            "winners": winners if shown.total else [],
            "other_answers": found.other_answers,
        }


class OptionAnalysisResults(BallotResults):
    """An option analysis: Borda points as a chart, and the instant-runoff round by round (a
    table with one column per round and a chart of the last round); plain counts for “pick one”."""

    template = "wagtail_participation/polls/blocks/results/option_analysis_results.html"

    def get_results_context(self, published, value, request):
        found = published.results
        counted = found.specifics
        labels = {**counted.labels, **published.method.labels()}
        context = {"chart_results": relabel(found, labels), "labels": labels}
        runoff = counted.runoff
        if not runoff:
            context["winners"] = [labels.get(code, code) for code in counted.winners] if found.total else []
            return context
        rounds = runoff.rounds
        codes = [row.code for row in found.rows]
        context.update(
            {
                "borda_winners": [labels.get(code, code) for code in counted.borda_winners] if found.total else [],
                "irv_winner": labels.get(runoff.winner or "", ""),
                "rounds": rounds,
                # one row per option, one cell per round; None once it dropped out
                "round_table": [
                    {
                        "label": labels.get(code, code),
                        "winner": code == runoff.winner,
                        "cells": [round_.counts.get(code) for round_ in rounds],
                    }
                    for code in codes
                ],
                "exhausted": [round_.exhausted for round_ in rounds],
                "eliminated": [labels.get(round_.eliminated or "", "") for round_ in rounds],
            }
        )
        if rounds:
            last = rounds[-1].counts
            context["last_round"] = MethodResults(
                rule="irv", rows=tuple(ResultRow(code, labels.get(code, code), votes) for code, votes in last.items())
            )
        return context


_poll_results = PollResults()
_analysis_results = OptionAnalysisResults()


def render_results(request, page, value, context=None) -> str:
    """A poll's or an option analysis's results block."""
    from wagtail_participation.polls.models import OptionAnalysisPage

    renderer = _analysis_results if isinstance(page, OptionAnalysisPage) else _poll_results
    return renderer.render(request, page, value, context)
