"""Issue 13 item 4: no 500 on bad input; one validator for control characters (clean_input)."""

import inspect

import pytest
from django import forms

from tests.builders import (
    full_answers,
    make_board,
    make_idea,
    make_index,
    make_project,
    make_proposals_page,
    make_survey,
)
from tests.builders import survey_responses as responses
from wagtail_participation import clean_input, contribution_forms, verification
from wagtail_participation.ideas import forms as idea_forms
from wagtail_participation.ideas.models import Idea
from wagtail_participation.models import Comment, ContributionVote
from wagtail_participation.polls import forms as poll_forms
from wagtail_participation.proposals import forms as proposal_forms
from wagtail_participation.surveys import forms as survey_forms

pytestmark = pytest.mark.usefixtures("clear_cache")

NUL, BELL, C1, RLO, LRI = "\x00", "\x07", "\x85", "\u202e", "\u2066"
FILTERS = ("topic", "area", "q", "status", "state", "sort", "page")


def test_one_line_and_multi_line_cleaning():
    assert clean_input.clean_line(f"A{NUL}b{BELL}c{C1}d\te\nf{RLO}g{LRI}h\u2069") == "Abcd e fgh"
    assert clean_input.clean_multiline(f"A{NUL}\tb\r\nc{RLO}") == f"A\tb\r\nc{RLO}"  # bodies keep their lines
    assert clean_input.filter_value({"q": f"  park{NUL}  "}, "q") == "park"
    assert clean_input.filter_value({"q": "x" * 500}, "q", 200) == "x" * 200


PUBLIC_FORM_MODULES = (contribution_forms, idea_forms, poll_forms, proposal_forms, survey_forms, verification)
STAFF_FORMS = {"OfflineSignaturesForm", "RemoveSupportsForm", "ProposalAnswerForm", "IneligibleForm"}


def test_every_public_form_cleans_its_input():
    found = [
        cls
        for module in PUBLIC_FORM_MODULES
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__ and cls.__name__ not in STAFF_FORMS
    ]
    assert len(found) >= 8
    assert [cls.__name__ for cls in found if not issubclass(cls, clean_input.CleanInputMixin)] == []
    census_form = verification.CensusBackend().get_form_class()
    assert issubclass(census_form, clean_input.CleanInputMixin)


def listing_urls(home, now):
    board = make_board(home, now=now)
    proposals = make_proposals_page(home, now=now)
    index = make_index(home)
    make_project(index)
    return [board.url, proposals.url, index.url]


def assert_filters_answer(home, now, client):
    for url in listing_urls(home, now):
        for name in FILTERS:
            response = client.get(url, {name: f"a{NUL}b"})
            assert response.status_code == 200, (url, name)


@pytest.mark.django_db
def test_nul_in_a_listing_filter_is_not_an_error(home, now, client):
    assert_filters_answer(home, now, client)


@pytest.mark.postgres
@pytest.mark.django_db
def test_nul_in_a_listing_filter_is_not_an_error_on_postgresql(home, now, client):
    """PostgreSQL refuses NUL in any string literal: this was a 500."""
    assert_filters_answer(home, now, client)


@pytest.mark.django_db
def test_controls_are_stripped_and_titles_lose_direction_overrides(home, now, client):
    board = make_board(home, now=now)
    response = client.post(
        board.url + board.reverse_subpage("submit"),
        {
            "title": f"A {RLO}crossing{NUL} guard\nat school",
            "body": f"Line one{NUL}{BELL}\nline two{C1}",
        },
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.title == "A crossing guard at school"
    assert idea.body == "Line one\nline two"
    client.post(board.url + board.reverse_subpage("comment", args=(idea.pk,)), {"body": f"Agreed{NUL}!"})
    assert Comment.objects.get().body == "Agreed!"


def _post_survey(client, survey, data):
    return client.post(survey.url, {**data, "action": "send"})


@pytest.mark.django_db
def test_survey_answers_with_controls_are_stored_without_them(home, now, client):
    survey = make_survey(home, now=now)
    answers = {
        **full_answers(),
        "why_rarely": f"Too{NUL} far",
        "visits": "rarely",
        "transport__0": "",
        "transport__1": f"By{NUL} tram",
    }
    assert _post_survey(client, survey, answers).status_code in (200, 302)
    stored = repr(list(responses(survey).values_list("answers", flat=True)))
    assert responses(survey).count() == 1 and "Too far" in stored and "By tram" in stored


@pytest.mark.postgres
@pytest.mark.django_db
def test_survey_answers_with_nul_are_no_500_on_postgresql(home, now, client):
    survey = make_survey(home, now=now)
    answers = {
        **full_answers(),
        "visits": "rarely",
        "why_rarely": f"Too{NUL} far",
        "transport__0": "",
        "transport__1": f"tram{NUL}",
    }
    assert _post_survey(client, survey, answers).status_code in (200, 302)
    assert responses(survey).count() == 1


@pytest.mark.django_db
def test_a_vote_with_an_unknown_value_is_a_400_with_a_message(home, now, client):
    board = make_board(home, now=now)
    idea = make_idea(board)
    from django.urls import reverse

    url = reverse("wagtail_participation:vote_idea", args=(idea.pk,))
    for value in ("sideways", "withdraw-sideways", f"up{NUL}", ""):
        answer = client.post(url, {"value": value}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        assert answer.status_code == 400 and answer.json()["ok"] is False and answer.json()["message"]
        page = client.post(url, {"value": value})
        assert page.status_code == 400 and "not a vote this board knows" in page.content.decode()
    assert not ContributionVote.objects.exists()
    assert client.post(url, {"value": "up"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()["ok"] is True
