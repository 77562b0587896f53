"""Surveys at city scale. Measures, in one run and against baselines in the same run:

* submit throughput: 300 complete two-step responses (10 questions: scale, ranking, matrix,
  choice with "other", conditions...) POSTed by distinct new visitors through the survey page,
  against a bare Django view that inserts the same rows (participant, "has answered", response).
  Both get ``RequestFactory`` requests built the same way and are resolved like any request.
* the admin summary (counts, charts, averages, free text) with 1,000 and with 10,000 responses:
  p50 of 5 requests, query count, and the ratio (one pass over the answers: about linear).
* exports of 25,000 responses x 10 questions (250,000 answers): rows per second and peak RSS of
  the streamed CSV and the write-only XLSX, against whole-file-in-memory baselines (the CSV built
  in one string, a normal openpyxl workbook), each at 5,000 and 25,000 responses so growth shows.
  Each export runs in a forked child; its peak RSS is reported above a child that does nothing.

SQLite (throwaway file). Run: ``.venv/bin/python bench/surveys.py``.
"""

import csv
import io
import os
import random
import resource
import statistics
import sys
import time
import uuid

import _django

_django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.contrib.messages.storage.fallback import FallbackStorage  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import resolve, reverse  # noqa: E402
from django.utils import translation  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from tests.builders import (  # noqa: E402
    PARK_QUESTIONS,
    ensure_site,  # noqa: E402
    full_answers,
    make_survey,
)
from wagtail_participation import clock  # noqa: E402
from wagtail_participation.exports import safe_cell  # noqa: E402
from wagtail_participation.models import Participant  # noqa: E402
from wagtail_participation.surveys import exports as survey_exports
from wagtail_participation.surveys.engine import questions as engine  # noqa: E402
from wagtail_participation.surveys.models import SurveyParticipation, SurveyResponse

RNG = random.Random(5)
SUBMITS = 300
ROUNDS = 3
FACTORY = RequestFactory()


# The test park survey plus two questions: 10 questions per response, as in the export target.
QUESTIONS = PARK_QUESTIONS + [
    dict(
        field_type="dropdown",
        label="Where do you live?",
        code="district",
        choices="Noord\nZuid\nElsewhere",
        option_codes="noord\nzuid\nelsewhere",
    ),
    dict(field_type="singleline", label="Anything else?", code="remarks", required=False),
]


def post_request(path, data, index):
    """A first visit from a distinct address: no cookie, an anonymous user, a new session."""
    request = FACTORY.post(path, data, REMOTE_ADDR=f"10.{index // 65536}.{index // 256 % 256}.{index % 256}")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # what MessageMiddleware attaches
    return request


def bare_submit(request, record_id):
    """The baseline: the same three rows, nothing else (no form, no checks)."""
    now = clock.now()
    answers = {key: value for key, value in request.POST.items() if key not in {"action", "step"}}
    with transaction.atomic():
        participant = Participant.objects.create(token=uuid.uuid4())
        SurveyParticipation.objects.create(record_id=record_id, participant=participant, answered_on=now.date())
        SurveyResponse.objects.create(
            record_id=record_id, participant=participant, language="en", submitted_at=now, answers=answers
        )
    return HttpResponse(status=204)


def submit_rates(survey):
    data = {
        **full_answers(),
        "district": "zuid",
        "remarks": "More benches near the pond",
        "action": "send",
        "step": "2",
    }
    match = resolve(survey.url)
    record_id = survey.participation_record.pk
    seconds = {"survey": 0.0, "bare": 0.0}
    index = 0
    for _ in range(ROUNDS):  # interleaved, so both see the same database size and machine load
        for kind in ("survey", "bare"):
            start = time.perf_counter()
            for _ in range(SUBMITS // ROUNDS):
                index += 1
                request = post_request(survey.url, data, index)
                if kind == "survey":
                    response = match.func(request, *match.args, **match.kwargs)
                    assert response.status_code == 302, (response.status_code, response.content[:300])
                else:
                    assert bare_submit(request, record_id).status_code == 204
            seconds[kind] += time.perf_counter() - start
    return {kind: SUBMITS / s for kind, s in seconds.items()}


def generated_answers(n):
    """Plausible complete answers for the test survey (weekly visitors, so no conditional text)."""
    rows = []
    for _ in range(n):
        order = ["trees", "playground", "benches"]
        RNG.shuffle(order)
        rows.append(
            {
                "visits": RNG.choice(["daily", "weekly", "rarely"]),
                "satisfaction": RNG.randint(1, 5),
                "why_rarely": RNG.choice(["Too dark", "Too far", "No benches"]) if RNG.random() < 0.3 else None,
                "priorities": order,
                "importance": {"quiet": RNG.randint(1, 5), "light": RNG.randint(1, 5)},
                "age": RNG.randint(12, 90),
                "transport": RNG.choice(["walk", "bike", {"other": "Bus 4"}]),
                "activities": RNG.sample(["sport", "picnic"], RNG.randint(1, 2)),
                "district": RNG.choice(["noord", "zuid", "elsewhere"]),
                "remarks": "Lights along the path, please" if RNG.random() < 0.2 else None,
            }
        )
    return [{k: v for k, v in row.items() if v is not None} for row in rows]


def add_responses(survey, count):
    record = survey.participation_record
    now = clock.now()
    participants = Participant.objects.bulk_create(
        [Participant(token=uuid.uuid4()) for _ in range(count)], batch_size=5000
    )
    SurveyParticipation.objects.bulk_create(
        [SurveyParticipation(record=record, participant=p, answered_on=now.date()) for p in participants],
        batch_size=5000,
    )
    SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(record=record, participant=p, language=RNG.choice(["en", "nl"]), submitted_at=now, answers=a)
            for p, a in zip(participants, generated_answers(count))
        ],
        batch_size=5000,
    )


def summary_timing(client, url, runs=5):
    client.get(url)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), len(queries)


# -- exports in forked children ------------------------------------------------------------------


def in_child(work):
    """Run ``work()`` in a forked child; return (seconds, peak RSS in MB, rows) as it reports."""
    connections.close_all()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        try:
            start = time.perf_counter()
            rows = work()
            message = f"{time.perf_counter() - start} {rows}"
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            message = f"error {error!r}"
        os.write(write, message.encode())
        os._exit(0)
    os.close(write)
    _pid, _status, usage = os.wait4(pid, 0)
    message = os.read(read, 1000).decode()
    os.close(read)
    if message.startswith("error"):
        sys.exit(message)
    seconds, rows = message.split()
    return float(seconds), usage.ru_maxrss / 1024, int(rows)


class Sink:
    def write(self, value):
        return len(value)


def csv_streamed(survey):
    def work():
        questions, writer, rows = survey.questions(), csv.writer(Sink()), 0
        writer.writerow(survey_exports.header(questions))
        for row in survey_exports.response_rows(survey.participation_record, questions, False):
            writer.writerow([safe_cell(v) for v in row])
            rows += 1
        return rows

    return work


def csv_in_memory(survey):
    def work():
        questions, buffer = survey.questions(), io.StringIO()
        rows = list(survey_exports.response_rows(survey.participation_record, questions, False))
        writer = csv.writer(buffer)
        writer.writerow(survey_exports.header(questions))
        writer.writerows([[safe_cell(v) for v in row] for row in rows])
        buffer.getvalue()
        return len(rows)

    return work


def xlsx_write_only(survey):
    def work():
        survey_exports.write_workbook(survey.participation_record, survey.questions(), False, open(os.devnull, "wb"))
        return SurveyResponse.objects.filter(record=survey.participation_record).count()

    return work


def xlsx_in_memory(survey):
    def work():
        from openpyxl import Workbook

        questions = survey.questions()
        workbook = Workbook()  # a normal workbook keeps every cell until it is saved
        sheet = workbook.active
        sheet.append(survey_exports.header(questions))
        rows = 0
        for row in survey_exports.response_rows(survey.participation_record, questions, False):
            sheet.append([safe_cell(v) for v in row])
            rows += 1
        workbook.save(io.BytesIO())
        return rows

    return work


def main():
    translation.activate("en")
    Locale.objects.get_or_create(language_code="en")
    home = ensure_site().root_page
    now = clock.now()
    survey = make_survey(home, QUESTIONS, now=now, slug="bench")
    rates = submit_rates(survey)

    staff = get_user_model().objects.create_superuser("bench", "bench@example.com", "pw")
    client = Client()
    client.force_login(staff)
    measured = make_survey(home, QUESTIONS, now=now, slug="summary")
    url = reverse("participation_surveys:summary", args=(measured.participation_record.pk,))
    add_responses(measured, 1_000)
    small = summary_timing(client, url)
    add_responses(measured, 9_000)
    large = summary_timing(client, url)
    questions = measured.questions()
    start = time.perf_counter()
    engine.summarize(
        questions,
        SurveyResponse.objects.filter(record=measured.participation_record)
        .values_list("answers", flat=True)
        .iterator(2000),
    )
    engine_ms = (time.perf_counter() - start) * 1000

    exports = {}
    baseline_rss = in_child(lambda: 0)[1]
    add_responses(measured, 15_000)  # 25,000 in all
    counts = {}
    for size in (5_000, 25_000):
        target = measured
        if size == 5_000:
            target = make_survey(home, QUESTIONS, now=now, slug="exports-5k")
            add_responses(target, 5_000)
        counts[size] = SurveyResponse.objects.filter(record=target.participation_record).count()
        for label, build in (
            ("CSV streamed", csv_streamed),
            ("CSV whole file in memory", csv_in_memory),
            ("XLSX write-only", xlsx_write_only),
            ("XLSX normal workbook in memory", xlsx_in_memory),
        ):
            exports[(label, size)] = in_child(build(target))
    answers_per_response = len(questions)

    print(f"\nSurveys on SQLite, Python {sys.version.split()[0]}\n")
    print(f"{'submit (' + str(SUBMITS) + ' complete responses, new visitors)':<52} {'resp/s':>8} {'x bare':>7}")
    print(f"{'bare Django view inserting the same 3 rows':<52} {rates['bare']:>8.0f} {1:>7.2f}")
    print(
        f"{'survey page: validate all steps, conditions, store':<52} {rates['survey']:>8.0f} {rates['survey'] / rates['bare']:>7.2f}"
    )
    print(f"\n{'admin summary':<36} {'p50 ms':>8} {'queries':>8}")
    print(f"{'1,000 responses':<36} {small[0]:>8.0f} {small[1]:>8}")
    print(f"{'10,000 responses':<36} {large[0]:>8.0f} {large[1]:>8}")
    print(f"{'ratio 10,000 / 1,000':<36} {large[0] / small[0]:>8.2f}")
    print(f"{'engine summary alone, 10,000':<36} {engine_ms:>8.0f}")
    print(
        f"\nexports ({answers_per_response} questions per response; peak RSS above an idle child of {baseline_rss:.0f} MB)"
    )
    print(f"{'':<34} {'responses':>9} {'answers':>8} {'rows/s':>8} {'seconds':>8} {'+RSS MB':>8}")
    for (label, size), (seconds, rss, rows) in exports.items():
        assert rows == counts[size], (label, rows, counts[size])
        print(
            f"{label:<34} {rows:>9,} {rows * answers_per_response:>8,} {rows / seconds:>8.0f} {seconds:>8.1f} {rss - baseline_rss:>8.1f}"
        )
    print(
        f"\n(peak RSS of the whole bench process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )


if __name__ == "__main__":
    main()
