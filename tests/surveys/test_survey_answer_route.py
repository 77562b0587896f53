"""The survey's answer route outside the page tree (issue 19): ``surveys/<record>/answer/``.

The last step's form posts there; a form error shows the survey again with every answer kept
(the earlier steps' as hidden inputs) and the error; a refusal says why; CSRF and the live-method
guard apply; a POST to the page itself (a bookmarked or older form) still stores the answers."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.builders import SURVEY_OPEN_TO_REGISTERED as OPEN_TO_REGISTERED
from tests.builders import VALID_STEP_1, full_answers, make_survey
from tests.builders import survey_responses as responses

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


def answer_url(survey):
    return reverse("wagtail_participation:answer_survey", args=(survey.participation_record.pk,))


def test_the_last_step_posts_to_the_answer_route_and_the_steps_before_to_the_page(client, survey):
    first = client.get(survey.url).content.decode()
    assert f'action="{survey.url}"' in first and answer_url(survey) not in first
    last = client.get(survey.url, {"step": "2"}).content.decode()
    assert f'action="{answer_url(survey)}"' in last and f'name="wp-next" value="{survey.url}"' in last


def test_answers_sent_to_the_route_are_stored_and_the_person_returns_to_the_survey(client, survey):
    response = client.post(answer_url(survey), {**full_answers(), "action": "send", "step": "2", "wp-next": survey.url})
    assert response.status_code == 302 and response.url == survey.url
    assert responses(survey).get().answers["visits"] == "weekly"
    html = client.get(survey.url).content.decode()
    assert "Thank you. Your answers have been sent." in html


def test_an_error_shows_the_survey_again_with_every_answer_kept(client, survey):
    data = {**VALID_STEP_1, "priorities__0": "1", "priorities__1": "1", "action": "send", "step": "2"}
    response = client.post(answer_url(survey), {**data, "wp-next": survey.url})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some answers need your attention. Everything you typed is kept." in html
    assert '<input type="hidden" name="visits" value="weekly">' in html  # the first step's answers
    assert '<input type="hidden" name="satisfaction" value="4">' in html
    assert re.search(r'name="priorities__1".*?<option value="1" selected>', html)  # this step's, as typed
    assert f'action="{answer_url(survey)}"' in html and "Back to where you were" not in html
    assert not responses(survey).exists()


def test_back_from_the_last_step_posted_to_the_route_shows_the_first_step(client, survey):
    response = client.post(answer_url(survey), {**VALID_STEP_1, "priorities__0": "1", "action": "back", "step": "2"})
    html = response.content.decode()
    assert response.status_code == 200 and "Step 1 of 2" in html
    assert '<input type="hidden" name="priorities__0" value="1">' in html and "wp-field-error" not in html


def test_a_second_response_is_refused_with_the_reason(client, survey):
    assert client.post(answer_url(survey), {**full_answers(), "action": "send", "step": "2"}).status_code == 302
    again = client.post(answer_url(survey), {**full_answers(), "visits": "daily", "action": "send", "step": "2"})
    assert again.status_code == 200  # the thank-you page, as the survey's page shows then, and why
    assert "You have already answered this survey. Only your first response counts." in again.content.decode()
    assert responses(survey).count() == 1


def test_refused_without_permission(home, now, client):
    survey = make_survey(home, now=now, rules=OPEN_TO_REGISTERED)
    response = client.post(answer_url(survey), {**full_answers(), "action": "send", "step": "2"})
    assert response.status_code == 403
    assert "Log in" in response.content.decode() or "log in" in response.content.decode()
    assert not responses(survey).exists()


def test_csrf_get_and_the_live_method_guard(survey):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(answer_url(survey), {**full_answers(), "action": "send", "step": "2"}).status_code == 403
    assert Client().get(answer_url(survey)).status_code == 405
    survey.unpublish()
    assert Client().post(answer_url(survey), {**full_answers(), "action": "send", "step": "2"}).status_code == 404
    missing = reverse("wagtail_participation:answer_survey", args=(survey.participation_record.pk + 999,))
    assert Client().post(missing, {**full_answers(), "action": "send", "step": "2"}).status_code == 404
    assert not responses(survey).exists()


def test_a_post_to_the_page_itself_still_stores_the_answers(client, survey):
    response = client.post(survey.url, {**full_answers(), "action": "send", "step": "2"})
    assert response.status_code == 302 and response.url == survey.url
    assert responses(survey).count() == 1


def test_the_route_keeps_the_questions_and_reads_an_edited_survey_again(survey):
    """The page and its questions are kept with the live-method facts (no query per answer); a
    published edit of a question starts a new generation, so the next answer meets the new rule."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wagtail_participation.surveys.models import SurveyPage, SurveyQuestion

    data = {**full_answers(), "action": "send", "step": "2", "wp-next": survey.url}
    assert Client().post(answer_url(survey), data).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert Client().post(answer_url(survey), data).status_code == 302
    assert not [q for q in queries.captured_queries if "surveyquestion" in q["sql"]]
    SurveyQuestion.objects.filter(page=survey, code="age").update(maximum=30)  # the answers say 41
    SurveyPage.objects.get(pk=survey.pk).save_revision().publish()
    assert SurveyQuestion.objects.get(page=survey, code="age").maximum == 30
    assert Client().post(answer_url(survey), data).status_code == 400
