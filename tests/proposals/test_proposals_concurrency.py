"""Citizen proposals under parallel requests, on PostgreSQL and MariaDB (SQLite serialises writers)."""

import threading

import pytest
from django.core import mail

from tests.builders import NOW, make_proposal, make_proposals_page, run_in_parallel
from wagtail_participation import clock
from wagtail_participation.models import Participant
from wagtail_participation.proposals import services as proposals
from wagtail_participation.proposals.engine import thresholds as th
from wagtail_participation.proposals.models import Proposal, ProposalNotification, ProposalSupport

pytestmark = [pytest.mark.concurrent_db, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def proposal(home):
    with clock.frozen_at(NOW):
        page = make_proposals_page(home, now=NOW, threshold=5, staff_email="staff@city.example")
        return make_proposal(page)


def test_parallel_supports_of_one_participant_count_once(proposal):
    participant = Participant.new_anonymous()
    outcomes = []

    def support():
        with clock.frozen_at(NOW):
            outcomes.append(proposals.support(Proposal.objects.get(pk=proposal.pk), participant))

    assert run_in_parallel(support) == []
    assert sorted(outcomes) == ["already_supported"] * 7 + ["ok"]
    proposal.refresh_from_db()
    assert proposal.support_count == proposal.counted == 1 == ProposalSupport.objects.count()


def test_parallel_supports_cross_the_threshold_once_and_notify_once(proposal):
    participants = iter([Participant.new_anonymous() for _ in range(8)])
    lock = threading.Lock()

    def support():
        with lock:
            participant = next(participants)
        with clock.frozen_at(NOW):
            assert proposals.support(Proposal.objects.get(pk=proposal.pk), participant) == "ok"

    assert run_in_parallel(support) == []
    proposal.refresh_from_db()
    assert proposal.support_count == proposal.counted == 8
    assert proposal.threshold_reached_at == NOW and proposal.status_at(NOW).state is th.State.THRESHOLD_REACHED

    def tick():
        with clock.frozen_at(NOW):
            proposals.tick()

    assert run_in_parallel(tick) == []
    kinds = list(ProposalNotification.objects.filter(proposal=proposal).values_list("kind", flat=True))
    assert sorted(kinds) == sorted({th.AUTHOR_PUBLISHED, th.AUTHOR_HALF, th.AUTHOR_THRESHOLD, th.STAFF_THRESHOLD})
    assert [m.to for m in mail.outbox if m.subject.startswith("A proposal reached")] == [["staff@city.example"]]
