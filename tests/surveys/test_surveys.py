"""Surveys: question types, conditions, steps, one response per participant, anonymity, results."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.demo.surveys import translate_with_localize
from tests.builders import (
    NOW,
    VALID_STEP_1,
    days,
    full_answers,
    make_survey,
)
from tests.builders import SURVEY_OPEN_TO_REGISTERED as OPEN_TO_REGISTERED
from tests.builders import post_to_survey as post
from tests.builders import survey_responses as responses
from wagtail_participation import clock
from wagtail_participation.engine.policy import Level

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


# -- steps, question types, storage by code ------------------------------------------------------


def test_first_step_shows_its_questions_and_progress(client, survey):
    response = client.get(survey.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Step 1 of 2" in html
    assert 'name="visits"' in html and 'name="satisfaction"' in html
    assert 'name="priorities__0"' not in html  # step 2
    # The conditional question's trigger is on this step: shown, with when to answer it.
    assert 'name="why_rarely"' in html and "Only if you answered “Rarely”" in html
    assert 'value="next"' in html and 'value="send"' not in html


def test_next_validates_the_step_and_keeps_answers_as_hidden_inputs(client, survey):
    response = post(client, survey, VALID_STEP_1, action="next", step=1)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Step 2 of 2" in html
    assert 'name="priorities__0"' in html and 'name="importance__1"' in html
    assert '<input type="hidden" name="visits" value="weekly">' in html
    assert '<input type="hidden" name="satisfaction" value="4">' in html
    assert 'value="send"' in html


def test_an_error_on_a_step_keeps_what_was_typed(client, survey):
    response = post(
        client, survey, {"visits": "weekly", "satisfaction": "9", "why_rarely": "Too far"}, action="next", step=1
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose a point from 1 to 5." in html
    assert re.search(r'<input[^>]*value="weekly"[^>]*checked', html)
    assert "Too far" in html


def test_back_keeps_answers_and_shows_no_errors(client, survey):
    data = {**VALID_STEP_1, "priorities__0": "1"}
    response = post(client, survey, data, action="back", step=2)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Step 1 of 2" in html
    assert '<input type="hidden" name="priorities__0" value="1">' in html
    assert "wp-field-error" not in html


def test_full_response_is_stored_by_codes(client, survey):
    response = post(client, survey, full_answers(), step=2)
    assert response.status_code == 302
    stored = responses(survey).get()
    assert stored.answers == {
        "visits": "weekly",
        "satisfaction": 4,
        "priorities": ["playground", "trees", "benches"],
        "importance": {"quiet": 5, "light": 3},
        "age": 41,
        "transport": "bike",
        "activities": ["sport", "picnic"],
    }
    assert stored.language == "en"
    # The person now sees the thank-you page, not the form.
    page = client.get(survey.url)
    assert "You have answered this survey" in page.content.decode()
    assert 'name="visits"' not in page.content.decode()


def test_send_validates_every_step_again_and_goes_to_the_first_error(client, survey):
    data = {**full_answers(), "satisfaction": "0"}  # forged hidden value of step 1
    response = post(client, survey, data, step=2)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Step 1 of 2" in html and "Choose a point from 1 to 5." in html
    # step 2's answers still travel along
    assert '<input type="hidden" name="priorities__1" value="1">' in html
    assert not responses(survey).exists()


def test_conditional_question_is_kept_only_when_its_condition_holds(client, survey, django_user_model):
    post(client, survey, {**full_answers(), "why_rarely": "I would not say"}, step=2)
    assert "why_rarely" not in responses(survey).get().answers  # weekly visitor: not asked

    other = client.__class__()
    post(other, survey, {**full_answers(), "visits": "rarely", "why_rarely": "Too dark in winter"}, step=2)
    answers = responses(survey).exclude(answers__visits="weekly").get().answers
    assert answers["why_rarely"] == "Too dark in winter"


def test_condition_on_an_earlier_step_hides_the_question(home, now, client):
    questions = [
        dict(
            field_type="radio",
            label="Do you have children?",
            code="children",
            choices="Yes\nNo",
            option_codes="yes\nno",
        ),
        dict(field_type="page_break", label="More"),
        dict(
            field_type="scale",
            label="How safe is the playground?",
            code="playground_safety",
            condition_question="children",
            condition_values="yes",
        ),
        dict(field_type="singleline", label="Anything else?", code="else", required=False),
    ]
    survey = make_survey(home, questions=questions, slug="kids")
    html = post(client, survey, {"children": "no"}, action="next", step=1).content.decode()
    assert 'name="playground_safety"' not in html and 'name="else"' in html
    html = post(client, survey, {"children": "yes"}, action="next", step=1).content.decode()
    assert 'name="playground_safety"' in html
    # Not asked, so not required: sending without it works.
    assert post(client, survey, {"children": "no"}, step=2).status_code == 302
    assert responses(survey).get().answers == {"children": "no"}


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"satisfaction": "11"}, "Choose a point from 1 to 5."),
        ({"visits": "hourly"}, "Select a valid choice."),
        ({"priorities__0": "1", "priorities__1": "1", "priorities__2": "2"}, "you used the same place twice"),
        ({"priorities__0": "1", "priorities__1": "", "priorities__2": "2"}, "Give every option a place, from 1 to 3."),
        ({"priorities__0": "1", "priorities__1": "7", "priorities__2": "2"}, "Select a valid choice."),
        ({"importance__0": "6"}, "Choose a point from 1 to 5."),
        ({"importance__1": ""}, "Answer every row."),
        ({"age": "130"}, "Give a number from 0 to 120."),
        ({"age": "many"}, "Enter a number."),
        ({"transport__0": "car"}, "Select a valid choice."),
        ({"transport__0": "other", "transport__1": ""}, "You chose “other”: say what your answer is."),
        ({"activities": ["sport", "swimming"]}, "Select a valid choice."),
    ],
)
def test_bad_input_gets_a_clear_message_keeps_answers_and_stores_nothing(client, survey, bad, message):
    data = {**full_answers(), **bad}
    response = post(client, survey, data, step=2)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Everything you typed is kept." in html
    assert not responses(survey).exists()
    for name, value in data.items():  # every answer is still in the page, visible or hidden
        if isinstance(value, str) and value:
            assert f'name="{name}"' in html


def test_several_choices_between_a_fewest_and_a_most(home, now, client):
    questions = [
        dict(
            field_type="checkboxes",
            label="Pick two or three",
            code="picks",
            minimum=2,
            maximum=3,
            choices="A\nB\nC\nD",
            option_codes="a\nb\nc\nd",
        )
    ]
    survey = make_survey(home, questions=questions, slug="picks")
    too_few = post(client, survey, {"picks": ["a"]})
    assert too_few.status_code == 400 and "Choose at least 2 options." in too_few.content.decode()
    too_many = post(client, survey, {"picks": ["a", "b", "c", "d"]})
    assert too_many.status_code == 400 and "Choose at most 3 options." in too_many.content.decode()
    assert re.search(r'<input[^>]*value="d"[^>]*checked', too_many.content.decode())  # the ticks are kept
    assert post(client, survey, {"picks": ["b", "d"]}).status_code == 302
    assert responses(survey).get().answers == {"picks": ["b", "d"]}


def test_other_answer_is_stored_with_its_text(client, survey):
    post(client, survey, {**full_answers(), "transport__0": "other", "transport__1": "By bus"}, step=2)
    assert responses(survey).get().answers["transport"] == {"other": "By bus"}


def test_text_typed_without_ticking_other_counts_as_other(client, survey):
    post(client, survey, {**full_answers(), "transport__0": "", "transport__1": "Skates"}, step=2)
    assert responses(survey).get().answers["transport"] == {"other": "Skates"}


def test_forged_question_codes_are_ignored(client, survey):
    post(client, survey, {**full_answers(), "forged": "x", "visits__0": "daily", "importance__7": "5"}, step=2)
    answers = responses(survey).get().answers
    assert "forged" not in answers and answers["visits"] == "weekly"
    assert answers["importance"] == {"quiet": 5, "light": 3}


def test_optional_ranking_may_place_only_the_first_few(home, now, client):
    questions = [
        dict(field_type="ranking", label="Rank", code="rank", required=False, choices="A\nB\nC", option_codes="a\nb\nc")
    ]
    survey = make_survey(home, questions=questions, slug="rank")
    assert post(client, survey, {"rank__0": "", "rank__1": "2", "rank__2": ""}).status_code == 400  # a gap
    assert post(client, survey, {"rank__0": "", "rank__1": "1", "rank__2": ""}).status_code == 302
    assert responses(survey).get().answers == {"rank": ["b"]}


# -- one response per participant, permissions, anonymity ----------------------------------------


def test_second_response_is_refused_and_not_counted(client, survey):
    assert post(client, survey, full_answers(), step=2).status_code == 302
    # The same person (same token cookie) sends again, e.g. from a second tab.
    response = client.get(survey.url)
    assert "You have answered this survey" in response.content.decode()
    response = post(client, survey, {**full_answers(), "visits": "daily"}, step=2)
    assert response.status_code == 200  # the thank-you page: nothing was stored
    assert responses(survey).count() == 1 and responses(survey).get().answers["visits"] == "weekly"


def test_race_lost_in_the_database_gets_a_message_and_keeps_answers(client, survey, monkeypatch):
    from wagtail_participation.surveys import views as survey_views

    monkeypatch.setattr(survey_views, "has_answered", lambda page, participant: False)  # both passed the check
    assert post(client, survey, full_answers(), step=2).status_code == 302
    response = post(client, survey, {**full_answers(), "visits": "daily"}, step=2)
    html = response.content.decode()
    assert response.status_code == 409
    assert "You have already answered this survey" in html
    assert '<input type="hidden" name="visits" value="daily">' in html
    assert responses(survey).count() == 1


def test_many_responses_from_one_address_are_slowed_down(client, survey, settings):
    settings.WAGTAILPARTICIPATION_BRAKES = {"survey": {"address_limit": 1}}
    assert post(client, survey, full_answers(), step=2).status_code == 302
    response = post(client.__class__(), survey, full_answers(), step=2)  # another token, same address
    assert response.status_code == 429
    assert "from your network" in response.content.decode()
    assert '<input type="hidden" name="visits" value="weekly">' in response.content.decode()
    assert responses(survey).count() == 1


def test_sending_needs_the_csrf_token(survey):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(survey.url, {**full_answers(), "action": "send", "step": "2"}).status_code == 403
    assert not responses(survey).exists()
    page = strict.get(survey.url).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_step_can_be_opened_directly(client, survey):
    html = client.get(survey.url, {"step": "2"}).content.decode()
    assert "Step 2 of 2" in html and 'name="priorities__0"' in html
    assert "Step 1 of 2" in client.get(survey.url, {"step": "nonsense"}).content.decode()
    assert "Step 2 of 2" in client.get(survey.url, {"step": "99"}).content.decode()


def test_registered_only_survey_asks_to_log_in_and_refuses_a_post(home, now, client):
    survey = make_survey(home, rules=OPEN_TO_REGISTERED, slug="members")
    html = client.get(survey.url).content.decode()
    assert "Log in to submit." in html and 'name="visits"' not in html
    response = post(client, survey, full_answers(), step=2)
    assert response.status_code == 403
    assert not responses(survey).exists()


@pytest.mark.parametrize(
    "start, end, level, allowed, reason",
    [
        (-5, 5, Level.ANYONE, True, ""),
        (-5, 5, Level.REGISTERED, False, "Log in to submit."),
        (-10, -1, Level.ANYONE, False, "Submitting closed on"),
        (2, 10, Level.ANYONE, False, "Submitting opens on"),
    ],
)
def test_permission_and_phase_matrix_inside_a_project(home, now, client, start, end, level, allowed, reason):
    from tests.builders import make_index, make_project

    project = make_project(
        make_index(home, slug="participate"),
        slug="park",
        phases=[("collect", now + days(start), now + days(end), "Survey")],
    )
    phase = project.phases.get()
    rules = {"actions": {"submit": {"level": int(level), "phases": [str(phase.translation_key)]}}}
    survey = make_survey(project, rules=rules, opens_at=None, closes_at=None)
    page = client.get(survey.url).content.decode()
    response = post(client, survey, full_answers(), step=2)
    assert (response.status_code == 302) == allowed
    assert responses(survey).count() == (1 if allowed else 0)
    if reason:
        assert reason in page and 'name="visits"' not in page


def test_closed_survey_refuses(home, now, client):
    survey = make_survey(home, slug="closed", opens_at=now - days(10), closes_at=now - days(1))
    assert post(client, survey, full_answers(), step=2).status_code == 403
    assert not responses(survey).exists()


def test_anonymous_response_holds_no_link_to_the_participant(home, now, client, django_user_model):
    from wagtail_participation.models import Participant
    from wagtail_participation.surveys.models import SurveyParticipation

    user = django_user_model.objects.create_user("ann", password="pw")
    client.force_login(user)
    survey = make_survey(home, rules=OPEN_TO_REGISTERED, slug="anon", anonymous=True)
    assert post(client, survey, full_answers(), step=2).status_code == 302
    stored = responses(survey).get()
    participant = Participant.objects.get(user=user)
    assert stored.participant_id is None
    assert (stored.submitted_at.hour, stored.submitted_at.minute) == (0, 0) or clock.local(
        stored.submitted_at
    ).hour == 0
    row = SurveyParticipation.objects.get(record=survey.participation_record)
    assert row.participant == participant and row.anonymous
    # and a second response is still refused
    post(client, survey, full_answers(), step=2)
    assert responses(survey).count() == 1


def test_wagtail_localize_translates_labels_and_keeps_codes(home, now, locales):
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    from wagtail_participation.surveys.models import SurveyPage, SurveyQuestion

    fields = {f.field_name: f for f in get_translatable_fields(SurveyQuestion)}
    for name in ("code", "option_codes", "condition_question", "condition_values", "clean_name"):
        assert isinstance(fields[name], SynchronizedField), name
    assert not isinstance(fields["label"], SynchronizedField)
    assert not isinstance(
        {f.field_name: f for f in get_translatable_fields(SurveyPage)}["form_fields"], SynchronizedField
    )

    survey = make_survey(home)
    dutch = translate_with_localize(
        survey,
        locales["nl"],
        {
            "How often do you visit the park?": "Hoe vaak komt u in het park?",
            "Daily<br/>Weekly<br/>Rarely": "Dagelijks<br/>Wekelijks<br/>Zelden",
        },
    )
    question = next(q for q in dutch.form_fields.all() if q.code == "visits")
    assert question.label == "Hoe vaak komt u in het park?"
    assert question.choices == "Dagelijks\nWekelijks\nZelden"
    assert question.option_codes == "daily\nweekly\nrarely"
    assert [q.code for q in dutch.form_fields.all()] == [q.code for q in survey.form_fields.all()]
    assert dutch.participation_record == survey.participation_record


def test_answers_in_dutch_and_english_add_up(home, now, client, locales):
    from wagtail_participation.surveys import method_results as survey_results

    survey = make_survey(home)
    dutch = translate_with_localize(
        survey, locales["nl"], {"Daily<br/>Weekly<br/>Rarely": "Dagelijks<br/>Wekelijks<br/>Zelden"}
    )
    html = client.get(dutch.url).content.decode()
    assert "Wekelijks" in html and 'value="weekly"' in html
    assert post(client, dutch, {**full_answers(), "visits": "weekly"}, step=2).status_code == 302
    post(client.__class__(), survey, {**full_answers(), "visits": "weekly"}, step=2)
    post(client.__class__(), survey, {**full_answers(), "visits": "daily"}, step=2)
    assert sorted(responses(survey).values_list("language", flat=True)) == ["en", "en", "nl"]
    summary = survey_results.summarize(survey.participation_record, survey.questions())
    counts = {c.code: c.count for c in summary.question("visits").counts}
    assert counts == {"daily": 1, "weekly": 2, "rarely": 0}
    assert summary.question("satisfaction").numbers.average == 4


# -- Wagtail's page assertions -------------------------------------------------------------------


@override_settings(ROOT_URLCONF="tests.urls_without_language_prefix")
class SurveyPageTypeTests(WagtailPageTestCase):
    def setUp(self):
        with clock.frozen_at(NOW):
            self.survey = make_survey(Page.objects.get(depth=2))

    def test_creatable_renderable_previewable(self):
        from wagtail_participation.surveys.models import SurveyPage

        self.assertCanCreateAt(Page, SurveyPage)
        with clock.frozen_at(NOW):
            self.assertPageIsRenderable(self.survey)
            self.assertPageIsPreviewable(self.survey)


def test_demo_park_survey_has_two_languages_and_a_thousand_responses(demo_city, client):
    from wagtail_participation.surveys.models import SurveyPage

    surveys = SurveyPage.objects.filter(slug__in=["park-survey", "parkbevraging"])
    assert sorted(surveys.values_list("locale__language_code", flat=True)) == ["en", "nl"]
    english = surveys.get(locale__language_code="en")
    dutch = surveys.get(locale__language_code="nl")
    assert [q.code for q in dutch.form_fields.all()] == [q.code for q in english.form_fields.all()]
    assert dutch.form_fields.get(code="visits").label == "Hoe vaak kom je in Park De Linde?"
    stored = responses(english)
    assert stored.count() == 1000 and stored.filter(participant__isnull=True).count() == 1000
    assert set(stored.values_list("language", flat=True)) == {"en", "nl"}
    results = english.get_results()
    assert results.participants == 1000 and dict((r.code, r.value) for r in results.rows)["visits"] == 1000
    html = client.get(dutch.url).content.decode()
    assert "Hoe vaak kom je in Park De Linde?" in html and 'value="weekly"' in html
