"""Stored counters change only with the row they count, and never go below zero (docs/concurrency.md).

The parallel versions of these cases run on PostgreSQL in tests/core/test_concurrency.py.
"""

import pytest
from django.db import IntegrityError, transaction

from tests.builders import make_board, make_idea, make_method
from wagtail_participation import clock, contributions
from wagtail_participation.models import Comment, Contribution, Participant
from wagtail_participation.polls.models import PollTally

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(home, now):
    return make_idea(make_board(home, now=now))


def test_removing_a_comment_twice_lowers_the_count_once(idea):
    author = Participant.new_anonymous()
    contributions.add_comment(idea, author, "Stays", "en")
    comment = contributions.add_comment(idea, author, "Goes", "en")
    stale = Comment.objects.get(pk=comment.pk)  # a second request read it before the first removed it
    assert contributions.remove_comment(comment) is True
    assert contributions.remove_comment(stale) is False
    assert Contribution.objects.get(pk=idea.pk).comment_count == 1


def test_a_count_already_at_zero_stays_at_zero(idea):
    # a comment stored without its count (an import, an old bug): removing it must not crash
    comment = Comment.objects.create(
        contribution=idea, author=Participant.new_anonymous(), body="x", language="en", created_at=clock.now()
    )
    assert contributions.remove_comment(comment) is True
    assert Contribution.objects.get(pk=idea.pk).comment_count == 0


def test_a_poll_tally_below_zero_is_refused_by_the_database(home):
    record = make_method(home).participation_record
    tally = PollTally.objects.create(record=record, code="a", count=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        PollTally.objects.filter(pk=tally.pk).update(count=-1)
