"""Double submission of a survey under parallel requests, on PostgreSQL and MariaDB (SQLite serialises writers)."""

import threading

import pytest
from django.test import Client

from tests.builders import NOW, full_answers, make_survey, run_in_parallel
from tests.builders import SURVEY_OPEN_TO_REGISTERED as OPEN_TO_REGISTERED
from wagtail_participation import clock
from wagtail_participation.models import Participant
from wagtail_participation.surveys.models import SurveyParticipation, SurveyResponse

pytestmark = [pytest.mark.concurrent_db, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("anonymous", [False, True])
def test_parallel_double_submission_stores_one_response(home, django_user_model, anonymous):
    with clock.frozen_at(NOW):
        survey = make_survey(home, rules=OPEN_TO_REGISTERED, anonymous=anonymous, slug=f"race-{anonymous}")
    user = django_user_model.objects.create_user("ann", password="pw")
    Participant.objects.create(user=user)
    statuses = []
    lock = threading.Lock()

    def send():
        client = Client()
        client.force_login(user)
        with clock.frozen_at(NOW):
            response = client.post(survey.url, {**full_answers(), "action": "send", "step": "2"})
        with lock:
            statuses.append(response.status_code)

    assert run_in_parallel(send) == []
    record = survey.participation_record
    assert SurveyResponse.objects.filter(record=record).count() == 1
    assert SurveyParticipation.objects.filter(record=record).count() == 1
    assert statuses.count(302) == 1
    # The others were told, and nothing of theirs was counted (the thank-you page or a 409).
    assert set(statuses) <= {302, 200, 409}
