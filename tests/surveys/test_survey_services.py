"""The survey write service called directly (no test client): refusal codes and statuses."""

import pytest

from tests.builders import full_answers, make_actor, make_survey, survey_responses
from wagtail_participation import writes
from wagtail_participation.models import Participant
from wagtail_participation.surveys import services as surveys

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


def cleaned(survey, data):
    form = survey.get_form(data, page=survey, user=None)
    assert form.is_valid(), form.errors
    return form.answers()


def test_answers_are_stored_once_per_person(home, now):
    survey = make_survey(home, now=now)
    person = Participant.new_anonymous()
    answers = cleaned(survey, full_answers())
    sent = surveys.send_answers(make_actor(person), survey, answers)
    assert sent.ok and sent.changed.answers == answers
    again = surveys.send_answers(make_actor(person), survey, answers)
    assert (again.ok, again.code, again.status) == (False, surveys.ALREADY_ANSWERED, 409)
    assert survey_responses(survey).count() == 1


def test_refused_and_impossible_answers_are_not_stored(home, now):
    closed = make_survey(home, now=now, rules={"actions": {"submit": {"level": 1, "phases": []}}})
    assert surveys.send_answers(make_actor(), closed, cleaned(closed, full_answers())).status == 403
    survey = make_survey(home, now=now, slug="open")
    assert surveys.send_answers(make_actor(), survey, None).code == writes.INVALID
    impossible = surveys.send_answers(make_actor(), survey, {**cleaned(survey, full_answers()), "visits": "hourly"})
    assert (impossible.code, impossible.status) == (writes.INVALID, 400) and "not possible" in impossible.message
    assert not survey_responses(survey).exists() and not Participant.objects.exists()
