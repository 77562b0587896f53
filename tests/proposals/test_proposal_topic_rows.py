"""The proposals' topic listing rows (``ProposalTopicListing``, kept by triggers, proposals migration
0004) equal what the proposals say after every kind of change: a topic linked or unlinked, a
support and its withdrawal, an area, a publication, an answer, a declared ineligibility, a bulk
update, a delete. On MariaDB no trigger keeps them and the listing does not read them
(tests/proposals/test_proposal_pages.py walks the pages there through the topic links)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F

from tests.builders import make_actor, make_proposal, make_proposals_page
from wagtail_participation.models import Participant
from wagtail_participation.proposals import services as proposals
from wagtail_participation.proposals.models import Outcome, Proposal, ProposalTopicListing

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("clear_cache", "without_search_indexing"),
    pytest.mark.skipif(connection.vendor == "mysql", reason="no triggers on MariaDB: the listing probes the links"),
]

# the listing row's column: the proposal's attribute it copies
COPIED = {
    "record_id": "listing_record_id",
    "counted": "counted",
    "published_at": "published_at",
    "window_ends_at": "window_ends_at",
    "phase": "phase",
    "area_id": "area_id",
}


def listed(proposal):
    return sorted(ProposalTopicListing.objects.filter(proposal_id=proposal.pk).values_list("topic_id", *COPIED))


def expected(proposal):
    proposal = Proposal.objects.get(pk=proposal.pk)
    copied = tuple(getattr(proposal, source) for source in COPIED.values())
    return sorted((topic_id, *copied) for topic_id in proposal.topics.values_list("pk", flat=True))


def test_rows_follow_topics_supports_states_areas_and_deletes(home, now, make_topic, make_area):
    page = make_proposals_page(home, now=now, threshold=3)
    mobility, youth, noord = (
        make_topic("Mobility", "mobility"),
        make_topic("Youth", "youth"),
        make_area("Noord", "noord"),
    )
    proposal = make_proposal(page, Participant.new_anonymous())
    other = make_proposal(page, Participant.new_anonymous(), title="Another")
    assert listed(proposal) == [] == expected(proposal)
    proposal.topics.add(mobility, youth)
    other.topics.add(youth)
    assert listed(proposal) == expected(proposal) and len(listed(proposal)) == 2
    proposal.topics.remove(youth)
    assert listed(proposal) == expected(proposal) and len(listed(proposal)) == 1
    supporters = [Participant.new_anonymous() for _ in range(4)]
    for supporter in supporters[:2]:
        assert proposals.support_proposal(make_actor(supporter), page, proposal).ok
        assert listed(proposal) == expected(proposal)
    assert proposals.withdraw_support(make_actor(supporters[0]), page, proposal).ok
    assert listed(proposal) == expected(proposal)
    for supporter in supporters[2:]:  # the last reaches the threshold: counted and phase change
        assert proposals.support_proposal(make_actor(supporter), page, proposal).ok
        assert listed(proposal) == expected(proposal)
    assert listed(proposal)[0][list(COPIED).index("phase") + 1] == "reached"
    proposal.refresh_from_db()
    proposal.area = noord
    proposal.save()
    assert listed(proposal) == expected(proposal) and listed(proposal)[0][-1] == noord.pk
    Proposal.objects.filter(pk=proposal.pk).update(
        counted=F("counted") + 5, window_ends_at=now + timedelta(days=3), published_at=now
    )
    assert listed(proposal) == expected(proposal)
    Proposal.objects.filter(pk=proposal.pk).update(outcome=Outcome.ACCEPTED, decided_at=now)
    assert listed(proposal) == expected(proposal) and listed(proposal)[0][list(COPIED).index("phase") + 1] == "answered"
    assert proposals.declare_ineligible(other, reason="Not a municipal matter.", user=None)
    assert listed(other) == expected(other) and listed(other)[0][list(COPIED).index("phase") + 1] == "ineligible"
    proposal.delete()
    assert not ProposalTopicListing.objects.filter(proposal_id=proposal.pk).exists()
    assert listed(other) == expected(other) and len(listed(other)) == 1
