"""Results blocks of the methods: polls, option analyses, surveys, budgets and citizen proposals.

Each is a small :class:`~wagtail_participation.results.blocks.MethodResultsBlock`: the base decides
what may be shown (snapshot, live numbers while open, the method's own visibility), says
provisional/final and renders placeholders; these narrow the chooser, say which states they show
and add the method's own context. Labels stored in a snapshot are in the language of the moment
it was taken, so every block relabels rows by their stable codes from the method page in the
visitor's language.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from wagtail_participation.engine.results import ResultRow, Results
from wagtail_participation.results.blocks import MethodChooserBlock, MethodResultsBlock

SNAPSHOT = "snapshot"  # published_results.SNAPSHOT (not imported: it imports the models, which import these blocks)


class CodesBlock(blocks.CharBlock):
    """Codes or slugs separated by commas: the same in every language, so wagtail-localize keeps
    them out of translation (a translator cannot break the reference by translating a code)."""

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


def relabel(results: Results, labels: dict) -> Results:
    """The same rows with labels from ``labels`` (by code) where the visitor's language has one."""
    return replace(results, rows=tuple(replace(row, label=labels.get(row.code) or row.label) for row in results.rows))


class BallotResultsBlock(MethodResultsBlock):
    """Base of the poll and option-analysis blocks: rows exist for every option even before anyone
    voted, so "nobody has voted" is told from the number of voters, not from the rows."""

    def get_context(self, value, parent_context=None):
        from wagtail_participation.results.published import REASONS

        context = super().get_context(value, parent_context)
        published = context.get("published")
        if not context.get("unavailable") and published is not None and not published.results.participants:
            return self.placeholder_context(context, str(REASONS["empty"]))
        return context


class PollResultsBlock(BallotResultsBlock):
    """A poll's answers as a chart: its snapshot once closed; before that only where the poll's
    “show results” setting lets this visitor see them (always, after voting, after close, staff only)."""

    method = MethodChooserBlock(page_type="participation_polls.PollPage", label=_("Poll"))
    excluded_types = ()

    class Meta:
        icon = "list-ul"
        label = _("Poll results")
        template = "wagtail_participation/polls/blocks/results/poll_results.html"

    def get_results_context(self, published, value, request):
        labels = {**published.results.extra.get("labels", {}), **published.method.labels()}
        labels["other"] = str(_("Other"))  # in the visitor's language, not the snapshot's
        shown = relabel(published.results, labels)
        winners = [labels.get(code, code) for code in published.results.extra.get("winners", [])]
        return {
            "chart_results": shown,
            "winners": winners if shown.total else [],
            "other_answers": published.results.extra.get("other_answers", 0),
        }


class OptionAnalysisResultsBlock(BallotResultsBlock):
    """An option analysis: Borda points as a chart, and the instant-runoff round by round (a
    table with one column per round and a chart of the last round); plain counts for “pick one”."""

    method = MethodChooserBlock(page_type="participation_polls.OptionAnalysisPage", label=_("Option analysis"))
    excluded_types = ()

    class Meta:
        icon = "list-ol"
        label = _("Option analysis results")
        template = "wagtail_participation/polls/blocks/results/option_analysis_results.html"

    def get_results_context(self, published, value, request):
        found = published.results
        labels = {**found.extra.get("labels", {}), **published.method.labels()}
        context = {"chart_results": relabel(found, labels), "labels": labels}
        irv = found.extra.get("irv")
        if not irv:
            context["winners"] = (
                [labels.get(code, code) for code in found.extra.get("winners", [])] if found.total else []
            )
            return context
        rounds = irv.get("rounds", [])
        codes = [row.code for row in found.rows]
        context.update(
            {
                "borda_winners": [labels.get(code, code) for code in found.extra.get("borda_winners", [])]
                if found.total
                else [],
                "irv_winner": labels.get(irv.get("winner") or "", ""),
                "rounds": rounds,
                # one row per option, one cell per round; None once it dropped out
                "round_table": [
                    {
                        "label": labels.get(code, code),
                        "winner": code == irv.get("winner"),
                        "cells": [round_["counts"].get(code) for round_ in rounds],
                    }
                    for code in codes
                ],
                "exhausted": [round_.get("exhausted", 0) for round_ in rounds],
                "eliminated": [labels.get(round_.get("eliminated") or "", "") for round_ in rounds],
            }
        )
        if rounds:
            last = rounds[-1]["counts"]
            context["last_round"] = Results(
                rule="irv", rows=tuple(ResultRow(code, labels.get(code, code), votes) for code, votes in last.items())
            )
        return context


class SurveySummaryBlock(MethodResultsBlock):
    """A survey's published summary: per closed question the counts as a chart (choices, yes/no,
    rankings' first places, scales and numbers), averages and matrix tables. Only once the survey
    has closed (its snapshot). Written answers are never shown unless the editor confirms that the
    ones shown were moderated; then the first few of the snapshot are listed."""

    method = MethodChooserBlock(page_type="participation_surveys.SurveyPage", label=_("Survey"))
    excluded_types = ()
    questions = CodesBlock(
        required=False,
        label=_("Questions"),
        help_text=_(
            "Question codes separated by commas, in the order to show them. Empty: every question with choices or numbers."
        ),
    )
    show_texts = blocks.BooleanBlock(
        required=False,
        default=False,
        label=_("Show written answers"),
        help_text=_("Only tick this after reading the written answers: they were moderated and hold no personal data."),
    )
    max_texts = 10
    #: A question answered by fewer people is left out, so nobody's answer can be singled out.
    min_answers = 5

    class Meta:
        icon = "form"
        label = _("Survey summary")
        template = "wagtail_participation/surveys/blocks/results/survey_summary.html"

    def accepts(self, published, value):
        return published.state == SNAPSHOT  # never live: answers while it is open would steer later ones

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        published = context.get("published")
        if published is not None and published.is_live:
            return self.placeholder_context(
                context, str(_("The survey is still open. Its summary is shown here once it has closed."))
            )
        if not context.get("unavailable") and not context.get("items"):
            return self.placeholder_context(
                context,
                str(
                    _(
                        "None of the chosen questions has answers with choices or numbers to show. Questions with fewer than "
                        "%(count)s answers are left out, so nobody's answer can be singled out."
                    )
                    % {"count": self.min_answers}
                ),
            )
        return context

    def get_results_context(self, published, value, request):
        from wagtail_participation.surveys import results as survey_results
        from wagtail_participation.surveys.engine import questions as engine

        summary = survey_results.summary_from_dict(published.results.extra.get("survey", {}))
        local = {q.code: q for q in published.method.questions()}
        wanted = [code.strip() for code in (value.get("questions") or "").split(",") if code.strip()]
        by_code = {q.code: q for q in summary.questions}
        chosen = [by_code[code] for code in wanted if code in by_code] if wanted else list(summary.questions)
        show_texts = bool(value.get("show_texts"))
        items = []
        for question in chosen:
            here = local.get(question.code)
            if here is not None:  # the visitor's language, by code
                question = replace(
                    question,
                    label=here.label or question.label,
                    counts=tuple(
                        replace(c, label=here.option_label(c.code) if c.label else c.label) for c in question.counts
                    ),
                    rows=tuple((replace(o, label=here.option_label(o.code)), n) for o, n in question.rows),
                    average_place=tuple(
                        (replace(o, label=here.option_label(o.code)), p) for o, p in question.average_place
                    ),
                )
            if question.answered < self.min_answers:
                continue
            texts = list(question.texts[: self.max_texts]) if show_texts else []
            is_text = question.kind in engine.TEXT
            if is_text and not texts:
                continue  # free text only with the editor's confirmation
            items.append(
                {
                    "question": question,
                    "chart": None if is_text else survey_results.chart_of(question),
                    "texts": texts,
                    "is_text": is_text,
                }
            )
        return {"items": items, "responses": summary.responses}


class BudgetOutcomeBlock(MethodResultsBlock):
    """A participatory budget's outcome once voting has closed: per budget (city-wide, each
    district) the winners, the money spent against the budget, the rule and why each project won
    (for the Method of Equal Shares: what it cost its supporters), the supporters per project as a
    chart, and optionally what “most votes first” would have funded."""

    method = MethodChooserBlock(page_type="participation_budgets.BudgetPage", label=_("Participatory budget"))
    excluded_types = ()
    budgets = CodesBlock(
        required=False,
        label=_("Budgets"),
        help_text=_("Budget slugs separated by commas (for example: city, noord). Empty: every budget."),
    )
    details = blocks.BooleanBlock(
        required=False,
        default=True,
        label=_("Show every project"),
        help_text=_("The full table with votes, cost and the reason per project; otherwise only the winners."),
    )

    class Meta:
        icon = "tag"
        label = _("Budget outcome")
        template = "wagtail_participation/budgets/blocks/results/budget_outcome.html"

    def accepts(self, published, value):
        return published.state == SNAPSHOT  # the outcome exists once voting closed

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        published = context.get("published")
        if published is not None and published.is_live:
            return self.placeholder_context(
                context, str(_("Voting is still open. The outcome is shown here once it has closed."))
            )
        if not context.get("unavailable") and not context.get("entries"):
            return self.placeholder_context(context, str(_("None of the chosen budgets is on this page.")))
        return context

    def get_results_context(self, published, value, request):
        from wagtail_participation.budgets.views import _result_rows, budget_chart

        page = published.method
        projects = {project.code: project for project in page.budget_projects.all()}
        titles = {budget.code: budget.title for budget in page.budgets.all()}
        wanted = [slug.strip() for slug in (value.get("budgets") or "").split(",") if slug.strip()]
        stored = published.results.extra.get("budgets", [])
        chosen = [b for slug in wanted for b in stored if b["slug"] == slug] if wanted else stored
        entries = []
        base = page.url or ""
        for outcome in chosen:
            title = titles.get(outcome["code"], outcome["title"])
            entry = {
                "outcome": outcome,
                "title": title,
                "spec": {"slug": outcome["slug"]},
                "projects": [projects[code] for code in outcome["costs"] if code in projects],
                "export_url": base + page.reverse_subpage("export", args=(outcome["slug"],)),
            }
            entry["result_rows"] = _result_rows(entry)
            entry["winners"] = [row for row in entry["result_rows"] if row["funded"]]
            entry["chart"] = budget_chart(entry["result_rows"], outcome["ballots"])
            amount = outcome.get("amount") or 0
            entry["spent_percent"] = round(100 * outcome["spent"] / amount) if amount else 0
            entries.append(entry)
        return {"entries": entries}


class ProposalOutcomesBlock(MethodResultsBlock):
    """Citizen proposals that reached their threshold and the city's decisions: accepted or
    rejected, with the answer, and whether it came in time (or is overdue). Always current: an
    answer given today shows today."""

    method = MethodChooserBlock(page_type="participation_proposals.ProposalsPage", label=_("Citizen proposals"))
    excluded_types = ()
    which = blocks.ChoiceBlock(
        choices=[
            ("reached", _("Every proposal that reached the threshold")),
            ("answered", _("Only answered proposals")),
        ],
        default="reached",
        label=_("Which proposals"),
    )
    count = blocks.IntegerBlock(default=10, min_value=1, max_value=50, label=_("Number of proposals"))

    class Meta:
        icon = "doc-full"
        label = _("Proposal outcomes")
        template = "wagtail_participation/proposals/blocks/results/proposal_outcomes.html"

    def accepts(self, published, value):
        return published.available or published.state == "empty"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        if not context.get("unavailable") and not context.get("proposals"):
            return self.placeholder_context(context, str(_("No proposal has reached the threshold yet.")))
        return context

    def get_results_context(self, published, value, request):
        from django.db.models import Prefetch

        from wagtail_participation import clock
        from wagtail_participation.models import OfficialUpdate
        from wagtail_participation.proposals import results as proposal_results
        from wagtail_participation.proposals.models import STATE_LABELS

        record, now = published.record, clock.now()
        found = proposal_results.outcome_queryset(record)
        if value.get("which") == "answered":
            found = found.exclude(outcome="")
        updates = OfficialUpdate.objects.select_related("department").order_by("-created_at")
        proposals = list(
            found.order_by("-decided_at", "-threshold_reached_at", "-pk").prefetch_related(
                Prefetch("official_updates", queryset=updates, to_attr="answers")
            )[: value.get("count") or 10]
        )
        for proposal in proposals:
            proposal.st = proposal.status_at(now)
            proposal.state_label = STATE_LABELS[proposal.st.state]
            decisive = [u for u in proposal.answers if u.status_after] or proposal.answers
            proposal.answer = decisive[0] if decisive else None
        counts = proposal_results.outcome_counts(record, now)
        counts["in_time"] = counts["answered"] - counts["late"]
        return {"proposals": proposals, "counts": counts, "board": published.method}


METHOD_RESULTS_BLOCKS = [
    ("poll_results", PollResultsBlock()),
    ("option_analysis_results", OptionAnalysisResultsBlock()),
    ("survey_summary", SurveySummaryBlock()),
    ("budget_outcome", BudgetOutcomeBlock()),
    ("proposal_outcomes", ProposalOutcomesBlock()),
]
