"""A results page keeps its whole body (issue 19, wagtail_participation/results/page_cache.py):
every visitor gets what they may see and nothing another visitor filled the cache with, editors
always get a fresh drawing with their placeholders, and a new snapshot, an edited decision or a
method opening or closing shows at once. The page of every block costs a constant, asserted
number of queries."""

import pytest
from django.test import Client
from wagtail.models import Locale, PageViewRestriction

from tests.builders import (
    days,
    html_of,
    log_in_new_user,
    make_board,
    make_decision,
    make_idea,
    make_index,
    make_milestone,
    make_poll,
    make_project,
    make_results_page,
    method_block,
    poll_vote_url,
    query_count,
)
from wagtail_participation import clock, contributions, snapshots
from wagtail_participation.models import Participant

pytestmark = pytest.mark.usefixtures("clear_cache")


NOT_YET = "There are no results yet: the method is not open"


@pytest.fixture
def project(home, now):
    index = make_index(home, slug="participate")
    return make_project(index, slug="school-routes", phases=[("collect", now - days(10), now + days(5))])


@pytest.fixture
def after_voting(project, home, now):
    poll = make_poll(home, now=now, results_visibility="after_voting")
    return poll, make_results_page(project, [method_block(poll, heading="Poll outcome")])


@pytest.mark.django_db
@pytest.mark.parametrize("voter_first", [True, False])
def test_after_voting_results_are_never_served_to_a_visitor_who_has_not_voted(after_voting, voter_first):
    poll, page = after_voting
    voter, other = Client(), Client()
    assert voter.post(poll_vote_url(poll), {"choice": "park"}).status_code == 302
    for _ in range(2):  # whoever comes first fills the cache; the second request reads it
        if voter_first:
            assert "Poll outcome" in html_of(voter, page)
            assert "Poll outcome" not in html_of(other, page)
        else:
            assert "Poll outcome" not in html_of(other, page)
            assert "Poll outcome" in html_of(voter, page)


@pytest.mark.django_db
def test_a_private_method_is_not_served_from_the_cache_of_a_visitor_who_may_open_it(
    project, home, now, django_user_model
):
    poll = make_poll(home, now=now)
    page = make_results_page(project, [method_block(poll, heading="Poll outcome")])
    assert Client().post(poll_vote_url(poll), {"choice": "park"}).status_code == 302  # not empty
    PageViewRestriction.objects.create(page=poll, restriction_type=PageViewRestriction.LOGIN)
    member = Client()
    log_in_new_user(member, django_user_model)  # logged in, no admin access: not an editor
    for _ in range(2):
        assert "Poll outcome" in html_of(member, page)
        assert "Poll outcome" not in html_of(Client(), page)


@pytest.mark.django_db
def test_editors_get_their_placeholders_and_citizens_never_do(project, home, now, staff_client):
    poll = make_poll(home, now=now, opens_at=now + days(3))  # not open yet: nothing to show
    page = make_results_page(project, [method_block(poll, heading="Poll outcome")])
    assert "Poll outcome" not in html_of(Client(), page)  # fills the cache for citizens
    assert NOT_YET in html_of(staff_client, page)  # an editor: drawn for them, with the reason
    citizen = html_of(Client(), page)
    assert NOT_YET not in citizen and "Poll outcome" not in citizen


@pytest.mark.django_db
def test_an_edited_decision_shows_at_once(project, citizen):
    decision = make_decision(Locale.objects.get(language_code="en"), title="Crossing guard at Kerkstraat")
    page = make_results_page(project, [("decisions", {"heading": "", "decisions": [decision]})])
    assert "Crossing guard at Kerkstraat" in html_of(citizen, page)
    decision.title = "Two crossing guards"
    decision.save()
    html = html_of(citizen, page)
    assert "Two crossing guards" in html and "Crossing guard at Kerkstraat" not in html


@pytest.mark.django_db
def test_a_method_opening_and_closing_shows_at_once(project, home, now, citizen):
    board = make_board(
        project,
        slug="ideas",
        rules={"actions": {"vote": {"level": 0, "phases": [project.phases.first().code]}}},
    )
    make_idea(board, title="A safer crossing")
    page = make_results_page(project, [method_block(board, heading="Top ideas")])
    with clock.frozen_at(now - days(20)):  # before the phase: nothing to show
        assert "Top ideas" not in html_of(citizen, page)
    with clock.frozen_at(now - days(9)):  # open: live numbers
        html = html_of(citizen, page)
        assert "Top ideas" in html and "A safer crossing" in html and "Final results" not in html
    with clock.frozen_at(now + days(6)):  # closed: the provisional snapshot, taken at once
        html = html_of(citizen, page)
        assert "Top ideas" in html and "Provisional results" in html
        snapshots.finalise(board.participation_record, None)
        assert "Final results" in html_of(citizen, page)


def every_block_page(project, home, now):
    en = Locale.objects.get(language_code="en")
    code = [project.phases.first().code]
    board = make_board(
        project, slug="b", rules={"actions": {a: {"level": 0, "phases": code} for a in ("submit", "vote", "comment")}}
    )
    idea = make_idea(board, title="A safer crossing")
    contributions.cast_vote(idea, Participant.new_anonymous(), 1)
    poll = make_poll(home, now=now, results_visibility="after_voting")
    assert Client().post(poll_vote_url(poll), {"choice": "park"}).status_code == 302
    decisions = [make_decision(en, title=f"Decision {i}") for i in range(3)]
    milestones = [make_milestone(en, title=f"Milestone {i}") for i in range(3)]
    page = make_results_page(
        project,
        [
            ("participation_figures", {"project": None, "heading": ""}),
            method_block(board, which="top", statuses=[], count=10),
            method_block(board),
            ("decisions", {"heading": "", "decisions": decisions}),
            ("implementation", {"heading": "", "milestones": milestones}),
            method_block(poll, heading="Poll outcome"),
        ],
    )
    return page, poll


#: Site, locale, routing to the page (home, index, then project and results in one query and the
#: page's own type: ParticipationIndexPage.route), its view restrictions, the site's settings, the
#: project, and the base template's language menu. Nothing per block or method.
EVERY_BLOCK_QUERIES = 15


@pytest.mark.django_db
def test_the_page_of_every_block_costs_a_constant_number_of_queries(project, home, now):
    page, poll = every_block_page(project, home, now)
    citizen, voter = Client(), Client()
    assert "Poll outcome" not in html_of(citizen, page)  # drawn once, kept for visitors who did not vote
    assert query_count(citizen, page.url) == EVERY_BLOCK_QUERIES
    voter.post(poll_vote_url(poll), {"choice": "park"})
    assert "Poll outcome" in html_of(voter, page)
    # a voter: the poll's "after voting" rule reads the visitor and their ballot
    assert query_count(voter, page.url) <= EVERY_BLOCK_QUERIES + 3
