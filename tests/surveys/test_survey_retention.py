"""The surveys app's retention rule (declared in its manifest): e-mail addresses given in a survey
are removed once it has been closed for the period; every count and the results stay the same."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.builders import add_survey_response, days, make_survey, survey_responses
from wagtail_participation.models import ResultSnapshot
from wagtail_participation.surveys.retention import REMOVED

pytestmark = pytest.mark.django_db

QUESTIONS = [
    dict(field_type="radio", label="How often?", code="visits", choices="Weekly\nNever", option_codes="weekly\nnever"),
    dict(field_type="email", label="Your e-mail address, to hear the outcome", code="contact", required=False),
]


def closed_survey(home, now, closed_days_ago, slug):
    return make_survey(
        home,
        questions=QUESTIONS,
        slug=slug,
        title=f"Survey {slug}",
        opens_at=now - days(closed_days_ago + 30),
        closes_at=now - days(closed_days_ago),
    )


def answer(survey, *answers):
    for visits, contact in answers:
        add_survey_response(survey, {"visits": visits, "contact": contact})


def tick() -> str:
    out = io.StringIO()
    call_command("participation_tick", stdout=out)
    return next(line for line in out.getvalue().splitlines() if "retention survey_email_answers:" in line)


def test_addresses_go_after_the_period_and_the_results_stay(home, now):
    old = closed_survey(home, now, 181, "old")
    recent = closed_survey(home, now, 170, "recent")
    answer(old, ("weekly", "ann@example.be"), ("never", ""), ("weekly", "bob@example.be"))
    answer(recent, ("weekly", "cem@example.be"))
    results_before = old.get_results().to_dict()

    assert tick() == "participation_tick: retention survey_email_answers: 2 deleted (older than 180 day(s))"

    assert sorted(r.answers["contact"] for r in survey_responses(old)) == ["", REMOVED, REMOVED]
    assert sorted(r.answers["visits"] for r in survey_responses(old)) == ["never", "weekly", "weekly"]
    assert [r.answers["contact"] for r in survey_responses(recent)] == ["cem@example.be"]
    assert old.get_results().to_dict() == results_before  # 2 answered the e-mail question, before and after
    contact = next(q for q in old.get_results().specifics.questions if q.code == "contact")
    assert (contact.answered, contact.text_count) == (2, 2)
    assert tick() == "participation_tick: retention survey_email_answers: 0 deleted (older than 180 day(s))"


def test_the_results_snapshot_never_holds_an_address(home, now):
    survey = closed_survey(home, now, 1, "snap")
    answer(survey, ("weekly", "ann@example.be"))
    tick()  # takes the provisional snapshot of the closed survey
    snapshot = ResultSnapshot.objects.get(record=survey.participation_record)
    assert "ann@example.be" not in json.dumps(snapshot.data)
    assert [r.answers["contact"] for r in survey_responses(survey)] == ["ann@example.be"]  # kept for 180 days


def test_the_sites_period_for_survey_addresses_wins(home, now):
    survey = closed_survey(home, now, 20, "short")
    answer(survey, ("weekly", "ann@example.be"))
    with override_settings(WAGTAILPARTICIPATION_RETENTION={"survey_email_answers": 14}):
        assert tick().endswith("survey_email_answers: 1 deleted (older than 14 day(s))")
    assert [r.answers["contact"] for r in survey_responses(survey)] == [REMOVED]
