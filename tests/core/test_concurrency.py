"""Integrity under parallel requests, on PostgreSQL and MariaDB (SQLite serialises writers, so it proves nothing)."""

import threading

import pytest

from tests.builders import NOW, days, make_method, run_in_parallel, vote_rule
from wagtail_participation import clock, snapshots
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import Participant
from wagtail_participation.models.snapshots import ResultSnapshot

pytestmark = [pytest.mark.concurrent_db, pytest.mark.django_db(transaction=True)]


def test_parallel_first_requests_of_one_user_create_one_participant(django_user_model):
    user = django_user_model.objects.create_user("ann", password="pw")
    errors = run_in_parallel(lambda: Participant.objects.get_or_create(user=user))
    assert errors == []
    assert Participant.objects.filter(user=user).count() == 1


def test_parallel_ticks_store_one_provisional_snapshot(home):
    with clock.frozen_at(NOW):
        method = make_method(home, rules=vote_rule(Level.ANYONE), opens_at=NOW - days(2), closes_at=NOW - days(1))
    record = method.participation_record

    def tick():
        with clock.frozen_at(NOW):
            snapshots.take_provisional(type(record).objects.get(pk=record.pk))

    assert run_in_parallel(tick) == []
    assert ResultSnapshot.objects.filter(record=record).count() == 1


def test_parallel_use_of_one_code_verifies_one_participant(make_area):
    from wagtail_participation import verification
    from wagtail_participation.models import InvitationCode, Verification

    noord = make_area("Noord", "noord")
    _, codes = verification.generate_codes(name="Letters", size=1, area=noord)
    participants = iter([Participant.new_anonymous() for _ in range(8)])
    outcomes = []
    lock = threading.Lock()

    def use():
        with lock:
            participant = next(participants)
        try:
            verification.get_backend("code").verify(participant, {"code": codes[0]})
            outcomes.append("verified")
        except verification.VerificationError:
            outcomes.append("refused")

    assert run_in_parallel(use) == []
    assert sorted(outcomes) == ["refused"] * 7 + ["verified"]
    assert Verification.objects.count() == 1
    assert InvitationCode.objects.get().used_by_id == Verification.objects.get().participant_id


def test_parallel_claims_of_one_register_row_verify_one_participant(make_area):
    import io

    from wagtail_participation import verification
    from wagtail_participation.models import CensusClaimRefusal, Verification

    make_area("Noord", "noord")
    backend = verification.get_backend("census")
    backend.import_rows("x", io.BytesIO(b"postal_code,house_number,date_of_birth,area\n3001,1,1980-01-01,noord\n"))
    details = {"postal_code": "3001", "house_number": "1", "date_of_birth": "1980-01-01"}
    participants = iter([Participant.new_anonymous() for _ in range(8)])
    lock = threading.Lock()

    def claim():
        with lock:
            participant = next(participants)
        try:
            backend.verify(participant, details)
        except verification.VerificationError:
            pass

    assert run_in_parallel(claim) == []
    assert Verification.objects.count() == 1
    assert CensusClaimRefusal.objects.count() == 7


def test_parallel_votes_of_one_participant_count_once(home):
    from tests.builders import make_board, make_idea
    from wagtail_participation import contributions
    from wagtail_participation.models import Contribution, ContributionVote

    with clock.frozen_at(NOW):
        board = make_board(home, now=NOW)
        idea = make_idea(board)
    voter = Participant.new_anonymous()
    assert run_in_parallel(lambda: contributions.cast_vote(idea, voter, 1)) == []
    counted = Contribution.objects.get(pk=idea.pk)
    assert ContributionVote.objects.filter(contribution=idea).count() == 1
    assert (counted.up_votes, counted.score) == (1, 1)


def test_parallel_votes_of_many_participants_are_all_counted(home):
    from tests.builders import make_board, make_idea
    from wagtail_participation import contributions
    from wagtail_participation.models import Contribution

    with clock.frozen_at(NOW):
        board = make_board(home, now=NOW)
        idea = make_idea(board)
    voters = iter([Participant.new_anonymous() for _ in range(8)])
    lock = threading.Lock()

    def vote():
        with lock:
            voter = next(voters)
        contributions.cast_vote(idea, voter, 1)

    assert run_in_parallel(vote) == []
    counted = Contribution.objects.get(pk=idea.pk)
    assert (counted.up_votes, counted.score) == (8, 8)  # F() increments lose nothing


def _clients_of(user, count):
    """``count`` test clients logged in as ``user`` (prepared before the threads start)."""
    from django.test import Client

    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return iter(clients)


def _post_from_each(clients, url, data=None, count=16):
    """POST ``url`` once from each client, all at the same moment; the status codes."""
    lock = threading.Lock()
    statuses = []

    def post():
        with lock:
            client = next(clients)
        statuses.append(client.post(url, data or {}).status_code)

    with clock.frozen_at(NOW):
        assert run_in_parallel(post, count) == []
    return sorted(statuses)


@pytest.mark.parametrize("others", [4, 0])
def test_parallel_deletes_of_ones_own_comment_lower_the_count_once(home, django_user_model, others):
    """Issue 13 item 3: 16 deletes of one comment lowered ``comment_count`` 16 times (or crashed on
    the counter's CHECK constraint when it would go below zero)."""
    from tests.builders import make_board, make_idea
    from wagtail_participation import contributions
    from wagtail_participation.models import Comment, Contribution

    with clock.frozen_at(NOW):
        board = make_board(home, now=NOW)
        idea = make_idea(board)
        neighbour = Participant.new_anonymous()
        for number in range(others):
            contributions.add_comment(idea, neighbour, f"Comment {number}", "en")
        user = django_user_model.objects.create_user("ann", password="pw")
        own = contributions.add_comment(idea, Participant.objects.create(user=user), "Mine", "en")
    assert Contribution.objects.get(pk=idea.pk).comment_count == others + 1
    url = board.url + board.reverse_subpage("comment_delete", args=(own.pk,))
    assert _post_from_each(_clients_of(user, 16), url) == [302] * 16
    assert Contribution.objects.get(pk=idea.pk).comment_count == others
    assert Comment.objects.get(pk=own.pk).removed_at is not None


def test_parallel_posts_keep_the_limit_of_ideas_per_person(home, django_user_model, settings):
    """Issue 13 item 3: with "ideas per person" at 1, 16 parallel posts stored 2 to 9 ideas."""
    from tests.builders import make_board
    from wagtail_participation.ideas.models import Idea

    settings.WAGTAILPARTICIPATION_BRAKES = {"idea": {"limit": 100}}  # the per-person limit is under test here
    with clock.frozen_at(NOW):
        board = make_board(home, now=NOW, max_ideas_per_person=1)
    user = django_user_model.objects.create_user("ann", password="pw")
    participant = Participant.objects.create(user=user)
    data = {"title": "A crossing guard at the school", "body": "Children cross alone.", "website": "", "submit": "1"}
    statuses = _post_from_each(_clients_of(user, 16), board.url + board.reverse_subpage("submit"), data)
    assert statuses == [302] + [400] * 15
    assert Idea.objects.filter(author=participant).count() == 1


def test_parallel_reports_tell_the_moderators_once_and_hide_once(home, django_user_model):
    """Of parallel reports exactly one is the first (one "reported" notice), and exactly one hides
    the idea (one "auto_hidden" notice). Before the target's row was locked, two first reports
    could each see the other and tell nobody."""
    from tests.builders import make_board, make_idea
    from wagtail_participation import contributions
    from wagtail_participation.models import Contribution, Report, Visibility
    from wagtail_participation.signals import moderation_needed

    with clock.frozen_at(NOW):
        board = make_board(home, now=NOW)
        idea = make_idea(board)
    reporters = iter(
        [Participant.objects.create(user=django_user_model.objects.create_user(f"r{n}")) for n in range(8)]
    )
    lock = threading.Lock()
    notices = []

    def noted(sender, instance, reason, **kwargs):
        notices.append(reason)

    def report():
        with lock:
            reporter = next(reporters)
        contributions.report(reporter, contribution=Contribution.objects.get(pk=idea.pk))

    moderation_needed.connect(noted, dispatch_uid="test-parallel-reports")
    try:
        assert run_in_parallel(report) == []
    finally:
        moderation_needed.disconnect(dispatch_uid="test-parallel-reports")
    assert Report.objects.filter(contribution=idea).count() == 8
    assert Contribution.objects.get(pk=idea.pk).visibility == Visibility.HIDDEN
    assert sorted(notices) == ["auto_hidden", "reported"]
