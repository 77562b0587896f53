"""The proposal outcomes block of a results page (issue 8): the proposals that reached the
threshold, answered in time or overdue."""

from __future__ import annotations

import pytest

from tests.builders import days, html_of, make_proposal, make_proposals_page, make_results_page, query_count
from tests.builders import method_block as block
from tests.results.conftest import project  # noqa: F401  (the results page fixtures)
from wagtail_participation import clock
from wagtail_participation.models import Department, Participant
from wagtail_participation.proposals import services as proposals

pytestmark = pytest.mark.usefixtures("clear_cache")


@pytest.mark.django_db
def test_proposal_outcomes_with_answers_in_time_and_overdue(locales, home, project, now, citizen, staff_client):
    board = make_proposals_page(home, now=now, threshold=2)
    page = make_results_page(project, [block(board, which="top", count=10)])
    make_proposal(board, title="Not enough support yet")
    assert "Not enough support yet" not in html_of(citizen, page)
    assert "No proposal has reached the threshold yet" in html_of(staff_client, page)
    answered = make_proposal(board, title="Benches on the dike")
    waiting = make_proposal(board, title="A crossing at the school")
    for proposal in (answered, waiting):
        for supporter in [Participant.new_anonymous() for _ in range(2)]:
            proposals.support(proposal, supporter)
    department = Department.objects.create(name="Parks", slug="parks", locale=locales["en"])
    proposals.answer(
        answered, department=department, body="Five benches come in spring.", outcome="accepted", author=None
    )
    html = html_of(citizen, page)
    assert "Benches on the dike" in html and "Five benches come in spring." in html and "Answered in time." in html
    assert "A crossing at the school" in html and "Not enough support yet" not in html
    with clock.frozen_at(now + days(200)):
        assert "Overdue" in html_of(citizen, page)


@pytest.mark.django_db
def test_a_page_with_no_proposal_at_the_threshold_is_kept_until_one_reaches_it(home, project, now, citizen):
    """ "Nothing reached yet" is decided by state: the page keeps its body (fewer queries on the
    next visit), and a support that crosses the threshold shows on the very next request."""
    board = make_proposals_page(home, now=now, threshold=2)
    page = make_results_page(project, [block(board, which="top", count=10)])
    proposal = make_proposal(board, title="Shade trees on the square")
    drawn = query_count(citizen, page.url)
    kept = query_count(citizen, page.url)
    assert kept < drawn
    assert "Shade trees on the square" not in html_of(citizen, page)
    for supporter in [Participant.new_anonymous() for _ in range(2)]:
        proposals.support(proposal, supporter)
    assert "Shade trees on the square" in html_of(citizen, page)
