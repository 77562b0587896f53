"""Survey results: responses -> engine summary -> ``MethodResults`` and per-question charts.

One pass over the responses' answer dicts (streamed from the database), counted by codes, so
responses on every translation of the survey add up.
"""

from __future__ import annotations

from dataclasses import asdict

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
    """Rows: how many answered each question; ``extra["survey"]``: the whole summary (plain data),
    worded as on the source-language page."""
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
        extra={"survey": asdict(summary)},
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


def summary_from_dict(data: dict) -> engine.SurveySummary:
    """Read back ``extra["survey"]`` of a stored snapshot (``asdict`` of the summary)."""

    def numbers(value):
        if not value:
            return None
        return engine.Numbers(
            **{**value, "distribution": tuple(engine.Count(**c) for c in value.get("distribution", ()))}
        )

    def option(value):
        return engine.Option(**value) if isinstance(value, dict) else engine.Option(*value)

    questions = tuple(
        engine.QuestionSummary(
            code=q["code"],
            kind=q["kind"],
            label=q["label"],
            answered=q["answered"],
            counts=tuple(engine.Count(**c) for c in q.get("counts", ())),
            numbers=numbers(q.get("numbers")),
            rows=tuple((option(o), numbers(n)) for o, n in q.get("rows", ())),
            average_place=tuple((option(o), place) for o, place in q.get("average_place", ())),
            texts=tuple(q.get("texts", ())),
            text_count=q.get("text_count", 0),
        )
        for q in data.get("questions", ())
    )
    return engine.SurveySummary(responses=data.get("responses", 0), questions=questions)
