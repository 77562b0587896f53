"""The idea board's write services called directly (no test client): each refusal has its code,
message and status, and only an accepted write changes anything."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.builders import ALL_ACTIONS_OPEN, make_actor, make_board, make_idea
from wagtail_participation import writes
from wagtail_participation.ideas import services
from wagtail_participation.ideas.forms import IdeaForm
from wagtail_participation.models import ContributionVote, Participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]
REGISTERED_ONLY = {"actions": {"vote": {"level": 1, "phases": []}, "submit": {"level": 1, "phases": []}}}


def test_an_accepted_vote_reports_the_change_and_the_counters_follow(board):
    idea = make_idea(board)
    outcome = services.vote(make_actor(), idea, "up")
    assert (outcome.ok, outcome.code, outcome.status) == (True, writes.OK, 200)
    assert outcome.changed.my_vote == 1 and outcome.changed.change.up == 1
    assert outcome.changed.page_id == board.pk and outcome.changed.participant is not None
    assert (idea.up_votes, idea.score) == (1, 1)
    withdrawn = services.vote(make_actor(outcome.changed.participant), idea, "withdraw-up")
    assert withdrawn.changed.my_vote == 0 and (idea.up_votes, idea.score) == (0, 0)


@pytest.mark.parametrize(
    "wanted, rules, code, status",
    [
        ("sideways", None, writes.INVALID, 400),
        ("up", REGISTERED_ONLY, "login_required", 403),
        ("down", None, services.VOTE_KIND_OFF, 403),  # the board takes up votes only
    ],
)
def test_a_refused_vote_says_why_and_stores_nothing(home, now, wanted, rules, code, status):
    idea = make_idea(make_board(home, rules=rules or ALL_ACTIONS_OPEN, now=now))
    outcome = services.vote(make_actor(), idea, wanted)
    assert (outcome.ok, outcome.code, outcome.status) == (False, code, status)
    assert outcome.message and outcome.changed.participant is None
    assert not ContributionVote.objects.exists() and not Participant.objects.exists()


def test_a_vote_on_a_hidden_board_is_not_found(board):
    idea = make_idea(board)
    board.unpublish()
    outcome = services.vote(make_actor(), idea, "up")
    assert (outcome.ok, outcome.code, outcome.status) == (False, writes.HIDDEN, 404)
    assert not ContributionVote.objects.exists()


def test_the_brake_refuses_after_the_budget(board, settings):
    settings.WAGTAILPARTICIPATION_BRAKES = {"vote": {"limit": 1}}
    ideas = [make_idea(board), make_idea(board)]
    person = Participant.new_anonymous()
    assert services.vote(make_actor(person), ideas[0], "up").ok
    outcome = services.vote(make_actor(person), ideas[1], "up")
    assert (outcome.code, outcome.status) == (writes.BRAKED, 429) and "voted a lot" in outcome.message
    assert ContributionVote.objects.count() == 1


def test_a_registered_vote_looks_the_participant_up_once(board, client, django_user_model):
    """The view resolves the actor once: one participant query for the whole request."""
    user = django_user_model.objects.create_user("ann", "ann@example.org", "a-long-test-password")
    client.force_login(user)
    idea = make_idea(board)
    client.post(reverse("wagtail_participation:vote_idea", args=(make_idea(board).pk,)), {"value": "up"})
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(
            reverse("wagtail_participation:vote_idea", args=(idea.pk,)),
            {"value": "up"},
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        ).json()
    assert answer["ok"] and answer["up"] == 1
    table = Participant._meta.db_table
    lookups = [q["sql"] for q in queries.captured_queries if f"FROM {connection.ops.quote_name(table)}" in q["sql"]]
    assert len(lookups) == 1, lookups


def _form(board, participant=None, **data):
    fields = {"title": "A crossing guard", "body": "Children cross Kerkstraat alone every morning.", **data}
    return IdeaForm(fields, page=board, participant=participant)


def test_submitting_an_idea_stores_it_and_the_limit_per_person_holds(home, now):
    board = make_board(home, now=now, max_ideas_per_person=1)
    person = Participant.new_anonymous()
    stored = services.submit_idea(make_actor(person), board, _form(board, person))
    assert stored.ok and stored.changed.author == person and "published" in stored.message
    again = services.submit_idea(make_actor(person), board, _form(board, person, title="Another one"))
    assert (again.ok, again.code, again.status) == (False, services.LIMIT_REACHED, 400)
    assert "limit of 1 ideas" in again.message


def test_a_refused_or_invalid_idea_is_not_stored(home, now):
    closed = make_board(home, rules=REGISTERED_ONLY, now=now)
    outcome = services.submit_idea(make_actor(), closed, _form(closed))
    assert (outcome.code, outcome.status) == ("login_required", 403)
    board = make_board(home, now=now, slug="open")
    outcome = services.submit_idea(make_actor(), board, _form(board, title=""))
    assert (outcome.code, outcome.status) == (writes.INVALID, 400)
    assert not Participant.objects.exists()
