"""Survey exports: one row per response, one column per answer, headed by stable codes.

The same row generator feeds the streamed CSV download and the XLSX task (openpyxl write-only
mode), so neither holds the responses in memory. The workbook adds a codebook sheet with the
wording of every question and option. Exports hold no participant: only the answers, the
language and the moment (the day, for anonymous surveys).
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from wagtail_participation.exports import fill_export, write_xlsx
from wagtail_participation.surveys.engine import questions as engine

CHUNK = 2000


def columns(questions) -> list[tuple[str, str, callable]]:
    """(header, question code, how to read the cell from an answer) per column."""
    out = []
    for q in questions:
        if q.kind == "matrix":
            for option in q.options:
                out.append(
                    (
                        f"{q.code}.{option.code}",
                        q.code,
                        lambda v, row=option.code: v.get(row) if isinstance(v, dict) else None,
                    )
                )
        elif q.kind == "choice_other":
            out.append((q.code, q.code, lambda v: engine.OTHER if isinstance(v, dict) else v))
            out.append((f"{q.code}.other", q.code, lambda v: v.get(engine.OTHER) if isinstance(v, dict) else None))
        elif q.kind in engine.MULTIPLE_CHOICE:
            out.append((q.code, q.code, lambda v: "; ".join(v) if isinstance(v, list) else v))
        elif q.kind == "ranking":
            out.append((q.code, q.code, lambda v: " > ".join(v) if isinstance(v, list) else v))
        else:
            out.append((q.code, q.code, lambda v: v))
    return out


def header(questions) -> list[str]:
    return ["response", "language", "submitted"] + [name for name, _code, _read in columns(questions)]


def response_rows(record, questions, anonymous: bool):
    """Rows in the order responses came in (the day only, when anonymous)."""
    from wagtail_participation.surveys.models import SurveyResponse

    readers = columns(questions)
    responses = SurveyResponse.objects.filter(record=record).order_by("submitted_at", "id")
    for pk, language, submitted, answers in responses.values_list("id", "language", "submitted_at", "answers").iterator(
        chunk_size=CHUNK
    ):
        moment = timezone.localtime(submitted)
        row = [str(pk), language, moment.date() if anonymous else moment]
        for _name, code, read in readers:
            value = answers.get(code)
            row.append(None if value is None else read(value))
        yield row


def codebook_rows(questions):
    for q in questions:
        yield [
            q.code,
            "",
            q.kind,
            q.label,
            "" if q.condition is None else f"{q.condition.question} in {', '.join(sorted(q.condition.values))}",
        ]
        for option in q.options:
            yield [q.code, option.code, "", option.label, ""]


def write_workbook(record, questions, anonymous, handle, total=0, on_progress=lambda percent: None):
    """Stream the responses to ``handle`` as XLSX (openpyxl write-only: rows are not kept)."""

    def counted_responses():
        for done, row in enumerate(response_rows(record, questions, anonymous), start=1):
            yield row
            if total and done % CHUNK == 0:
                on_progress(min(90, int(90 * done / total)))

    def sheets():
        yield "responses", header(questions), counted_responses()
        yield "codebook", ["question", "option", "type", "wording", "asked when"], codebook_rows(questions)
        on_progress(95)

    write_xlsx(handle, sheets())


@task()
def build_survey_xlsx(export_id: int) -> str:
    """Fill a :class:`SurveyExport` with the survey's workbook, recording progress and failure."""
    from wagtail_participation.surveys.models import SurveyExport, SurveyResponse

    def write(export, handle, on_progress):
        page = export.record.source_page()
        total = SurveyResponse.objects.filter(record=export.record).count()
        write_workbook(
            export.record, page.questions(), page.is_anonymous(), handle, total=total, on_progress=on_progress
        )

    return fill_export(SurveyExport, export_id, "survey", write)
