"""Vote counters are kept by a database trigger (migration 0002) on SQLite and PostgreSQL, and by
``cast_vote`` and ``withdraw_vote`` in the vote's transaction on MariaDB: the contribution's
counters equal what the rows say, and both report the change they made."""

import pytest
from django.db.models import Count, Q, Sum
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.builders import make_board, make_idea
from wagtail_participation import contributions
from wagtail_participation.databases import counts_votes_in_transaction
from wagtail_participation.models import Contribution, ContributionVote, Participant


def counted(idea):
    idea.refresh_from_db(fields=["up_votes", "down_votes", "score", "trending"])
    return idea.up_votes, idea.down_votes, idea.score


def from_rows(idea):
    rows = ContributionVote.objects.filter(contribution=idea).aggregate(
        up=Count("pk", filter=Q(value=1)),
        down=Count("pk", filter=Q(value=-1)),
        score=Sum("value"),
    )
    return rows["up"], rows["down"], rows["score"] or 0


@pytest.mark.django_db
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["up", "down", "withdraw"])), max_size=12))
def test_counters_equal_the_rows_after_any_sequence(board, steps):
    idea = make_idea(board)  # a fresh idea and people per example (the database is not reset between them)
    people = [Participant.new_anonymous() for _ in range(3)]
    mine = {}  # the vote each person should have now
    for who, action in steps:
        before = counted(idea)
        old = mine.get(who)
        if action == "withdraw":
            change = contributions.withdraw_vote(idea, people[who])
            mine.pop(who, None)
        else:
            change = contributions.cast_vote(idea, people[who], 1 if action == "up" else -1)
            mine[who] = 1 if action == "up" else -1
        new = mine.get(who)
        expected = ((new == 1) - (old == 1), (new == -1) - (old == -1))
        assert (change.up, change.down) == expected and bool(change) == (old != new)
        after = counted(idea)
        assert (after[0] - before[0], after[1] - before[1]) == expected
        assert after == from_rows(idea)
    assert counted(idea) == (
        sum(v == 1 for v in mine.values()),
        sum(v == -1 for v in mine.values()),
        sum(mine.values()),
    )


@pytest.mark.django_db
def test_a_change_of_direction_replaces_the_vote_and_a_repeat_is_a_no_op(home, now):
    idea = make_idea(make_board(home, now=now))
    person = Participant.new_anonymous()
    assert contributions.cast_vote(idea, person, 1) == contributions.VoteChange(up=1)
    assert not contributions.cast_vote(idea, person, 1)
    assert contributions.cast_vote(idea, person, -1) == contributions.VoteChange(up=-1, down=1)
    assert (idea.up_votes, idea.down_votes, idea.score) == (0, 1, -1)  # the instance follows the change
    assert counted(idea) == (0, 1, -1) and ContributionVote.objects.count() == 1
    assert contributions.withdraw_vote(idea, person) == contributions.VoteChange(down=-1)
    assert not contributions.withdraw_vote(idea, person)
    assert counted(idea) == (0, 0, 0)


@pytest.mark.django_db
def test_rows_written_without_cast_vote_are_counted_too(home, now):
    """A bulk load, a change in the shell, a cascade: the trigger counts rows, not code paths. On
    MariaDB, which has no trigger, ``recount_votes`` sets the counters from the rows instead."""
    idea = make_idea(make_board(home, now=now))

    def counted_now():
        if counts_votes_in_transaction():
            contributions.recount_votes([idea.pk])
        return counted(idea)

    people = [Participant.new_anonymous() for _ in range(4)]
    ContributionVote.objects.bulk_create(
        [ContributionVote(contribution=idea, participant=p, value=1, weight=2.0, created_at=now) for p in people]
    )
    assert counted_now() == (4, 0, 4) and idea.trending == pytest.approx(8.0)
    ContributionVote.objects.filter(participant=people[0]).update(value=-1)
    assert counted_now() == (3, 1, 2) and idea.trending == pytest.approx(4.0)
    ContributionVote.objects.filter(participant__in=people[1:3]).delete()
    assert counted_now() == (1, 1, 0) and idea.trending == pytest.approx(0.0)
    idea.delete()  # the cascade deletes the rest of the votes with the idea
    assert not Contribution.objects.filter(pk=idea.pk).exists() and ContributionVote.objects.count() == 0


@pytest.mark.django_db
def test_a_recount_repairs_counters_that_went_wrong(home, now):
    idea = make_idea(make_board(home, now=now))
    for person, value in zip([Participant.new_anonymous() for _ in range(3)], (1, 1, -1), strict=True):
        contributions.cast_vote(idea, person, value)
    Contribution.objects.filter(pk=idea.pk).update(up_votes=40, down_votes=7, score=-3, trending=99.0)
    contributions.recount_votes([idea.pk])
    assert counted(idea) == (2, 1, 1)
    assert idea.trending == pytest.approx(sum(v.weight * v.value for v in ContributionVote.objects.all()))


@pytest.mark.django_db
def test_the_anonymous_participant_lookup_knows_whether_it_is_verified(django_assert_num_queries):
    """The vote path reads the token's participant by hand (identity.participant_by_token and the
    vote's own joined query): a verification is still found, and its absence costs no query."""
    import uuid

    from wagtail_participation import identity, permissions
    from wagtail_participation.models import Verification

    verified, plain = Participant.new_anonymous(), Participant.new_anonymous()
    Verification.objects.create(participant=verified, level=Verification.VERIFIED, method="test")
    found = identity.participant_by_token(str(verified.token))
    assert found.pk == verified.pk and found.token == verified.token
    assert permissions.facts_about(found).is_verified
    other = identity.participant_by_token(str(plain.token))
    with django_assert_num_queries(0):
        assert other.pk == plain.pk and getattr(other, "verification", None) is None
        assert not permissions.facts_about(other).is_verified
    assert identity.participant_by_token("not-a-token") is None
    assert identity.participant_by_token(str(uuid.uuid4())) is None
