"""A survey embedded in another page (issue 14): one step in the page, posting to the survey's answer
route (outside the page tree, issue 19) and coming back once sent; several steps: a button to start
it on its page. No JavaScript."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from home.models import HomePage
from tests.builders import PARK_QUESTIONS, days, make_survey, publish
from tests.builders import SURVEY_OPEN_TO_REGISTERED as OPEN_TO_REGISTERED
from tests.builders import survey_responses as responses
from wagtail_participation import clock

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]

ONE_STEP = [question for question in PARK_QUESTIONS if question.get("code") in ("visits", "satisfaction", "why_rarely")]
ANSWERS = {"visits": "weekly", "satisfaction": "4"}


def embed(home, survey, heading=""):
    page = HomePage(title="News", slug="news", participation=[("method", {"method": survey, "heading": heading})])
    return publish(home.add_child(instance=page))


def answer_url(survey):
    return reverse("wagtail_participation:answer_survey", args=(survey.participation_record.pk,))


def anchor(survey):
    return f"survey-{survey.participation_record.pk}"


@pytest.fixture
def one_step(home, now):
    survey = make_survey(home, questions=ONE_STEP, now=now, title="Quick park check", slug="quick-park-check")
    return embed(home, survey), survey


def test_one_step_survey_shows_its_questions_posting_to_the_answer_route(one_step, client):
    page, survey = one_step
    html = client.get(page.url).content.decode()
    assert "Quick park check" in html and 'name="visits"' in html and 'name="satisfaction"' in html
    assert "Only if you answered “Rarely”" in html  # the condition on the same step, without JavaScript
    assert f'action="{answer_url(survey)}"' in html and 'name="csrfmiddlewaretoken"' in html
    assert f'name="wp-next" value="{page.url}#{anchor(survey)}"' in html
    assert 'value="send"' in html and "Why we ask:" in html  # the privacy notice before sending
    assert "wagtail_participation/css/surveys.css" in html


def test_sent_answers_come_back_to_the_embedding_page(one_step, client):
    page, survey = one_step
    back = f"{page.url}#{anchor(survey)}"
    response = client.post(answer_url(survey), {**ANSWERS, "step": "1", "action": "send", "wp-next": back})
    assert response.status_code == 302 and response.url == back
    assert responses(survey).get().answers == {"visits": "weekly", "satisfaction": 4}
    html = client.get(page.url).content.decode()
    assert "Thank you. Your answers have been sent." in html and "You have answered this survey" in html
    assert 'name="visits"' not in html  # one response per person: no form again
    again = client.post(answer_url(survey), {**ANSWERS, "step": "1", "action": "send", "wp-next": back})
    assert again.status_code == 200 and responses(survey).count() == 1  # the survey's own rule


def test_an_error_shows_the_survey_page_with_answers_kept_and_the_way_back(one_step, client):
    page, survey = one_step
    back = f"{page.url}#{anchor(survey)}"
    response = client.post(answer_url(survey), {"visits": "weekly", "step": "1", "action": "send", "wp-next": back})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some answers need your attention" in html and re.search(r'value="weekly"[^>]*checked', html)
    assert f'name="wp-next" value="{back}"' in html and f'href="{back}"' in html and "Back to where you were" in html
    fixed = client.post(answer_url(survey), {**ANSWERS, "step": "1", "action": "send", "wp-next": back})
    assert fixed.status_code == 302 and fixed.url == back  # corrected, it still returns to the page


def test_only_a_place_on_this_site_is_a_way_back(one_step, client):
    page, survey = one_step
    response = client.post(
        answer_url(survey), {**ANSWERS, "step": "1", "action": "send", "wp-next": "https://elsewhere.example/"}
    )
    assert response.status_code == 302 and response.url == survey.url
    assert "Back to where you were" not in client.get(survey.url).content.decode()


def test_a_survey_page_without_a_way_back_behaves_as_before(home, now, client):
    survey = make_survey(home, questions=ONE_STEP, now=now)
    html = client.get(survey.url + "?step=1").content.decode()
    assert f'name="wp-next" value="{survey.url}"' in html  # its own address: no way back to offer
    assert "Back to where you were" not in html
    response = client.post(answer_url(survey), {**ANSWERS, "step": "1", "action": "send"})
    assert response.status_code == 302 and response.url == survey.url  # no field sent (an older form)
    assert responses(survey).count() == 1


def test_several_steps_show_a_start_button_to_the_survey(home, now, client):
    survey = make_survey(home, now=now)  # two steps
    page = embed(home, survey, heading="Tell us about the park")
    html = client.get(page.url).content.decode()
    assert "Tell us about the park" in html and "2 steps" in html
    assert f'class="wp-button" href="{survey.url}">Start the survey' in html
    assert 'name="visits"' not in html and "<form" not in html.split(anchor(survey))[1].split("</section>")[0]


def test_csrf_and_the_live_method_guard_still_apply(one_step, now):
    page, survey = one_step
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(answer_url(survey), {**ANSWERS, "step": "1", "action": "send"}).status_code == 403
    html = strict.get(page.url).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    sent = strict.post(answer_url(survey), {**ANSWERS, "step": "1", "action": "send", "csrfmiddlewaretoken": token})
    assert sent.status_code == 302 and responses(survey).count() == 1
    survey.unpublish()
    assert "Quick park check" not in Client().get(page.url).content.decode()
    assert Client().post(answer_url(survey), {**ANSWERS, "step": "1", "action": "send"}).status_code == 404


def test_who_may_not_answer_sees_why_instead_of_a_form(home, now, client):
    survey = make_survey(home, questions=ONE_STEP, rules=OPEN_TO_REGISTERED, now=now)
    page = embed(home, survey)
    html = client.get(page.url).content.decode()
    assert 'name="visits"' not in html and "wp-notice--reason" in html and "Log in" in html
    with clock.frozen_at(now + days(40)):  # closed
        assert 'name="visits"' not in client.get(page.url).content.decode()
