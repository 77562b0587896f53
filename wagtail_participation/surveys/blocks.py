"""Surveys inside any page: live (the first step, or a start button) and as results (a summary).

The core's generic blocks call these through the app's manifest (docs/blocks.md):

- :func:`render_live` (``manifest.embed``): a survey of one step shows its questions in the
  page; the form posts to the survey's answer route (``surveys.views.answer``, which enforces
  CSRF, the live-method guard and one response per person) and, once sent, comes back to the embedding page; an error is shown
  on the survey's page with every answer kept and the way back. A survey of several steps shows
  what it is about and a button to start it on its own page, where the steps and their
  conditions work as usual. No JavaScript.
- :func:`render_results` (``manifest.results``): the published summary, once the survey has closed.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from wagtail_participation.blocks import render_embed
from wagtail_participation.published_results import SNAPSHOT
from wagtail_participation.results_block_rendering import ResultsRenderer, placeholder_context


def anchor(page) -> str:
    return f"survey-{page.participation_record.pk}"


def render_live(request, page, value, context=None) -> str:
    """The survey, live (``page`` is live, visible and in the visitor's language)."""
    from wagtail_participation import identity, permissions
    from wagtail_participation.phases import SUBMIT
    from wagtail_participation.surveys import views as survey_views

    participant = identity.participant_for(request)
    state = {
        "survey": page,
        "survey_anchor": anchor(page),
        "decision": permissions.can(participant, SUBMIT, page),
        "answered": survey_views.has_answered(page, participant),
        "anonymous": page.is_anonymous(),
    }
    steps = survey_views.split_steps(page)
    state["steps"] = steps
    if len(steps) == 1 and state["decision"] and not state["answered"]:
        form = page.get_form(page=page, user=request.user)
        state.update(
            {
                "form": form,
                "items": survey_views.question_views(page, form, steps[0], {}, steps[0].codes),
                # where the person returns once the answers are sent: this page, at this block
                "next_url": request.get_full_path() + "#" + anchor(page),
                "answer_url": survey_views.answer_url(page),
            }
        )
    return render_embed("wagtail_participation/surveys/blocks/survey_block.html", request, value, context, **state)


class SurveySummary(ResultsRenderer):
    """A survey's published summary: per closed question the counts as a chart (choices, yes/no,
    rankings' first places, scales and numbers), averages and matrix tables. Only once the survey
    has closed (its snapshot). Written answers are never shown unless the editor confirms that the
    ones shown were moderated; then the first few of the snapshot are listed.

    Uses the generic block's ``codes`` (question codes, in order; empty: every question with
    choices or numbers) and ``show_texts``."""

    template = "wagtail_participation/surveys/blocks/results/survey_summary.html"
    max_texts = 10
    #: A question answered by fewer people is left out, so nobody's answer can be singled out.
    min_answers = 5

    def accepts(self, published, value):
        return published.state == SNAPSHOT  # never live: answers while it is open would steer later ones

    def get_context(self, request, page, value, parent_context=None):
        context = super().get_context(request, page, value, parent_context)
        published = context.get("published")
        if published is not None and published.is_live:
            # decided by state: whether it is open is what a results page's kept body is keyed by
            return placeholder_context(
                context,
                _("The survey is still open. Its summary is shown here once it has closed."),
                decided_by_state=True,
            )
        if not context.get("unavailable") and not context.get("items"):
            return placeholder_context(
                context,
                _(
                    "None of the chosen questions has answers with choices or numbers to show. Questions with fewer than "
                    "%(count)s answers are left out, so nobody's answer can be singled out."
                )
                % {"count": self.min_answers},
            )
        return context

    def get_results_context(self, published, value, request):
        from wagtail_participation.surveys import method_results as survey_results
        from wagtail_participation.surveys.engine import questions as engine

        summary = published.results.specifics
        local = {q.code: q for q in published.method.questions()}
        wanted = [code.strip() for code in (value.get("codes") or "").split(",") if code.strip()]
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


render_results = SurveySummary().render
