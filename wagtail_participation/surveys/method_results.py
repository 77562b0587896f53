"""Survey method results: responses -> engine summary -> ``MethodResults`` and per-question charts.

One pass over the responses' answer dicts (streamed from the database), counted by codes, so
responses on every translation of the survey add up.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from wagtail_participation.engine.method_results import MethodResults, ResultRow
from wagtail_participation.levels import LEVEL_NAMES
from wagtail_participation.phases import SUBMIT
from wagtail_participation.surveys.engine import questions as engine

RULE = "survey"


def responses_of(record):
    from wagtail_participation.surveys.models import SurveyResponse

    return SurveyResponse.objects.filter(record=record)


def summarize(record, questions, text_limit: int = 200) -> engine.SurveySummary:
    answers = responses_of(record).order_by().values_list("answers", flat=True).iterator(chunk_size=2000)
    return engine.summarize(questions, answers, text_limit=text_limit)


def results_for(page) -> MethodResults:
    """Rows: how many answered each question; ``specifics``: the whole summary, worded as on the
    source-language page."""
    record = page.participation_record
    summary = summarize(record, page.source_questions())
    rows = []
    for question in summary.questions:
        detail = ""
        if question.numbers and question.numbers.average is not None:
            detail = f"average {question.numbers.average:.2f}"
        rows.append(ResultRow(code=question.code, label=question.label, value=question.answered, detail=detail))
    level = record.action_rules(SUBMIT).level
    notes = ("anonymous responses",) if page.is_anonymous() else ()
    return MethodResults(
        rule=RULE,
        rows=tuple(rows),
        participants=summary.responses,
        assurance=LEVEL_NAMES.get(level, ""),
        notes=notes,
        specifics=summary,
    )


def count_label(question, count) -> str:
    if count.code == engine.OTHER and not count.label:
        return _("Other")
    if question.kind == "checkbox":
        return _("Yes") if count.code == "yes" else _("No")
    return count.label


def chart_of(question: engine.QuestionSummary) -> MethodResults | None:
    """What the core's ``bar_chart`` draws for a question: option counts, first places of a
    ranking, or the distribution of numeric answers. ``None`` for text and matrices (tables)."""
    if question.counts:
        rows = [ResultRow(c.code, count_label(question, c), c.count) for c in question.counts]
    elif question.numbers and question.numbers.distribution:
        rows = [ResultRow(c.code, c.label, c.count) for c in question.numbers.distribution]
    else:
        return None
    return MethodResults(rule=RULE, rows=tuple(rows), participants=question.answered)
