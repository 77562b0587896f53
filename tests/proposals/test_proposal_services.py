"""The proposal and comment write services called directly (no test client): refusal codes."""

import pytest
from django.db import connection

from tests.builders import make_actor, make_proposal, make_proposals_page
from wagtail_participation import discussion, writes
from wagtail_participation.contribution_forms import CommentForm
from wagtail_participation.models import Comment, Participant
from wagtail_participation.proposals import services as proposals
from wagtail_participation.proposals.models import ProposalSupport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


@pytest.fixture
def page(home, now):
    return make_proposals_page(home, now=now)


def test_support_once_never_ones_own_and_withdraw_once(page):
    author, supporter = Participant.new_anonymous(), Participant.new_anonymous()
    proposal = make_proposal(page, author)
    assert proposals.support_proposal(make_actor(supporter), page, proposal).ok
    again = proposals.support_proposal(make_actor(supporter), page, proposal)
    assert (again.ok, again.code, again.status) == (False, "already_supported", 409)
    own = proposals.support_proposal(make_actor(author), page, proposal)
    assert (own.code, own.message) == ("own_proposal", "You cannot support your own proposal.")
    assert proposals.withdraw_support(make_actor(supporter), page, proposal).ok
    withdrawn = proposals.withdraw_support(make_actor(supporter), page, proposal)
    assert (withdrawn.code, withdrawn.status) == ("no_support", 409)
    assert not ProposalSupport.objects.exists()


def test_a_refused_support_makes_no_participant(home, now):
    page = make_proposals_page(home, now=now, rules={"actions": {"support": {"level": 1, "phases": []}}})
    proposal = make_proposal(page, Participant.new_anonymous())
    outcome = proposals.support_proposal(make_actor(), page, proposal)
    assert (outcome.code, outcome.status) == ("login_required", 403)
    assert Participant.objects.count() == 1 and not ProposalSupport.objects.exists()


def test_a_comment_is_counted_and_refusals_have_their_codes(page, settings):
    proposal = make_proposal(page, Participant.new_anonymous())
    stored = discussion.post_comment(make_actor(), page, proposal, CommentForm({"body": "Yes please."}))
    assert stored.ok and stored.changed.body == "Yes please."
    proposal.refresh_from_db()
    assert proposal.comment_count == 1
    empty = discussion.post_comment(make_actor(), page, proposal, CommentForm({"body": " "}))
    assert (empty.code, empty.status) == (writes.INVALID, 400)
    spam = discussion.post_comment(make_actor(), page, proposal, CommentForm({"body": "Buy", "website": "x"}))
    assert (spam.ok, spam.code) == (True, "spam")
    settings.WAGTAILPARTICIPATION_BRAKES = {"comment": {"address_limit": 1}}
    braked = discussion.post_comment(make_actor(), page, proposal, CommentForm({"body": "Again."}))
    assert (braked.code, braked.status) == (writes.BRAKED, 429)
    assert Comment.objects.count() == 1


def test_a_support_counts_from_the_row_as_read_only_while_it_is_unchanged(home, now, django_assert_num_queries):
    """The support's one UPDATE writes the counts worked out from the proposal as read only while
    the row still holds what they were worked out from; a row changed since (other supports, the
    threshold reached) is locked, decided on again and counted from what is stored."""
    from wagtail_participation.proposals.models import REACHED, Proposal

    page = make_proposals_page(home, now=now, slug="strict", threshold=2, supports_after_threshold=False)
    proposal = make_proposal(page, Participant.new_anonymous())
    assert (proposal.threshold, proposal.supports_after_threshold) == (2, False)
    first, second, third = (Participant.new_anonymous() for _ in range(3))
    fresh = Proposal.objects.select_related("record").get(pk=proposal.pk)
    # savepoint, the UPDATE (it matched: no lock first), the INSERT, release; on PostgreSQL the
    # UPDATE and the INSERT are one statement
    with django_assert_num_queries(3 if connection.vendor == "postgresql" else 4):
        assert proposals.support(fresh, first) == "ok"
    stale = Proposal.objects.get(pk=proposal.pk)  # one support: one more reaches the threshold
    assert proposals.support(Proposal.objects.get(pk=proposal.pk), second) == "ok"
    stored = Proposal.objects.get(pk=proposal.pk)
    assert (stored.support_count, stored.counted, stored.phase) == (2, 2, REACHED)
    assert stored.threshold_reached_at is not None and stored.answer_deadline is not None
    # read before the threshold was reached: the UPDATE does not match, the lock refuses
    assert proposals.support(stale, third) == "threshold_reached"
    again = Proposal.objects.get(pk=proposal.pk)
    assert again.support_count == 2 == ProposalSupport.objects.count()
    assert (again.threshold_reached_at, again.phase) == (stored.threshold_reached_at, REACHED)
