"""The poll write services called directly (no test client): refusal codes and statuses."""

import pytest

from tests.builders import make_actor, make_analysis, make_poll
from wagtail_participation import writes
from wagtail_participation.models import Participant
from wagtail_participation.polls import services as polls
from wagtail_participation.polls.forms import OptionCommentForm
from wagtail_participation.polls.models import PollBallot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


def test_a_ballot_is_cast_then_refused_where_changes_are_not_allowed(home, now):
    poll = make_poll(home, now=now, allow_change=False)
    person = Participant.new_anonymous()
    cast = polls.submit_ballot(make_actor(person), poll, ["station"])
    assert (cast.ok, cast.code, cast.changed) == (True, polls.CAST, polls.CAST) and "counted" in cast.message
    again = polls.submit_ballot(make_actor(person), poll, ["park"])
    assert (again.ok, again.code, again.status) == (False, polls.ALREADY, 409)
    assert PollBallot.objects.get().choices == ["station"]


def test_refusals_come_in_order_hidden_policy_input_brake(home, now, settings):
    poll = make_poll(home, now=now, rules={"actions": {"vote": {"level": 1, "phases": []}}})
    outcome = polls.submit_ballot(make_actor(), poll, None)
    assert (outcome.code, outcome.status) == ("login_required", 403)  # the policy before the input
    open_poll = make_poll(home, now=now, slug="open")
    assert polls.submit_ballot(make_actor(), open_poll, None).code == writes.INVALID
    settings.WAGTAILPARTICIPATION_BRAKES = {"vote": {"limit": 0, "address_limit": 1}}
    assert polls.submit_ballot(make_actor(), open_poll, ["park"]).ok
    braked = polls.submit_ballot(make_actor(), open_poll, ["park"])
    assert (braked.code, braked.status) == (writes.BRAKED, 429)
    open_poll.unpublish()
    assert polls.submit_ballot(make_actor(), open_poll, ["park"]).status == 404
    assert PollBallot.objects.count() == 1


def test_an_option_comment_is_stored_and_spam_is_dropped(home, now):
    analysis = make_analysis(home, now=now)
    code = analysis.option_codes()[0]
    form = OptionCommentForm({"option": code, "body": "Good idea."}, codes=analysis.option_codes())
    stored = polls.comment_on_option(make_actor(), analysis, form)
    assert stored.ok and stored.changed.option_code == code
    spam = OptionCommentForm({"option": code, "body": "Buy", "website": "x"}, codes=analysis.option_codes())
    assert polls.comment_on_option(make_actor(), analysis, spam).code == "spam"
    forged = OptionCommentForm({"option": "nope", "body": "Hm."}, codes=analysis.option_codes())
    assert polls.comment_on_option(make_actor(), analysis, forged).code == writes.INVALID
