"""Idea boards on results pages (issue 8): the top ideas block, a board in the generic block, the
board's own results and the participation figures, their cache and query counts measured with ideas.

Beside the ideas tests: a site without idea boards cannot run them (tests/results needs only the
core, the results app and budgets)."""

import pytest

from tests.builders import (
    days,
    html_of,
    make_board,
    make_decision,
    make_idea,
    make_milestone,
    make_results_page,
    method_block,
    publish,
    query_count,
)
from tests.builders import set_fake_results as set_results
from tests.results.conftest import method, project  # noqa: F401  (the results page fixtures)
from wagtail_participation import clock, contributions, snapshots
from wagtail_participation.models import Participant
from wagtail_participation.models.snapshots import ResultSnapshot
from wagtail_participation.results.models import ResultsPage

pytestmark = pytest.mark.usefixtures("clear_cache")


# -- the top ideas block ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_idea_votes_after_finalising_do_not_change_top_ideas(project, now, citizen, staff_client):
    collect = [project.phases.first().code]
    board = make_board(
        project,
        slug="ideas",
        rules={"actions": {a: {"level": 0, "phases": collect} for a in ("submit", "vote", "comment")}},
    )
    first = make_idea(board, title="Crossing guard at Kerkstraat")
    second = make_idea(board, title="Thirty zone around schools")
    voters = [Participant.new_anonymous() for _ in range(4)]
    for voter in voters[:3]:
        contributions.cast_vote(first, voter, 1)
    contributions.cast_vote(second, voters[3], 1)
    page = make_results_page(
        project,
        [("method_results", {"method": board, "heading": "", "text": "", "which": "top", "statuses": [], "count": 5})],
    )
    with clock.frozen_at(now + days(6)):  # the collect phase ended
        snapshots.finalise(board.participation_record, staff_client.user)
        for voter in [Participant.new_anonymous() for _ in range(5)]:  # e.g. entered late, or a bug
            contributions.cast_vote(second, voter, 1)
        html = html_of(citizen, page)
    assert "Final results" in html
    assert html.index("Crossing guard at Kerkstraat") < html.index("Thirty zone around schools")
    assert "3 votes" in html and "1 vote" in html and "6 votes" not in html


@pytest.mark.django_db
def test_top_ideas_by_status_follow_the_citys_answers(project, now, citizen):
    board = make_board(project, slug="ideas")
    make_idea(board, title="Adopted idea", status="accepted", score=4)
    make_idea(board, title="Open idea", score=9)
    make_idea(board, title="Hidden adopted idea", status="accepted", visibility="hidden")
    page = make_results_page(
        project,
        [
            (
                "method_results",
                {
                    "method": board,
                    "heading": "Adopted",
                    "text": "",
                    "which": "answered",
                    "statuses": ["accepted"],
                    "count": 5,
                },
            )
        ],
    )
    html = html_of(citizen, page)
    assert "Adopted idea" in html and "Open idea" not in html and "Hidden adopted idea" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "order, reason", [("votes", "There are no results yet"), ("status", "No idea has one of the chosen statuses yet.")]
)
def test_top_ideas_without_ideas_show_nothing(order, reason, project, citizen, staff_client):
    board = make_board(project, slug="ideas")
    which = {"votes": "top", "status": "answered"}[order]  # the generic block's option since issue 14
    if order == "status":
        make_idea(board, title="Not answered yet", score=3)  # ideas, but none with the chosen status
    page = make_results_page(
        project,
        [
            (
                "method_results",
                {
                    "method": board,
                    "heading": "Top ideas here",
                    "text": "",
                    "which": which,
                    "statuses": ["accepted"],
                    "count": 5,
                },
            )
        ],
    )
    assert "Top ideas here" not in html_of(citizen, page)
    assert reason in html_of(staff_client, page)


@pytest.mark.django_db
def test_generic_block_caps_rows_and_shows_idea_boards_as_top_ideas(project, method, citizen, staff_client):
    set_results(method, [(f"o{i}", f"Option {i}", 100 - i) for i in range(25)])
    collect = [project.phases.first().code]
    board = make_board(
        project, slug="ideas", rules={"actions": {a: {"level": 0, "phases": collect} for a in ("submit", "vote")}}
    )
    make_idea(board, title="An idea", score=3)
    make_idea(board, title="A hidden idea", score=9, visibility="hidden")
    page = make_results_page(project, [method_block(method), method_block(board, heading="Board as a chart")])
    html = html_of(citizen, page)
    assert '<th scope="row">Option 19</th>' in html and "Option 20" not in html
    # An idea board is never drawn as a raw chart: its app shows its top ideas, visible ones only
    # (before issue 14 the generic block refused boards and pointed editors to "Top ideas").
    assert "Board as a chart" in html and 'class="wp-top-ideas"' in html and "An idea" in html
    assert '<th scope="row">An idea</th>' not in html and "A hidden idea" not in html


# -- an idea board's own results -------------------------------------------------------------------


@pytest.mark.django_db
def test_idea_board_results_and_the_tick_after_it_closes(project, now):
    from django.core.management import call_command

    collect = [project.phases.first().code]
    board = make_board(
        project,
        slug="ideas",
        rules={"actions": {a: {"level": 1, "phases": collect} for a in ("submit", "vote", "comment")}},
    )
    people = [Participant.new_anonymous() for _ in range(3)]
    top = make_idea(board, title="Top", author=people[0])
    make_idea(board, title="Meeting idea", channel="meeting", status="accepted")
    contributions.cast_vote(top, people[1], 1)
    contributions.add_comment(top, people[2], "Agreed", "en")
    found = board.get_results()
    assert [row.label for row in found.rows] == ["Top", "Meeting idea"]
    assert found.participants == 3 and found.assurance == "registered"
    assert found.specifics.ideas_by_channel == {"online": 1, "meeting": 1} and found.specifics.votes == 1
    with clock.frozen_at(now + days(6)):
        call_command("participation_tick")  # an idea board no longer stops the tick
    assert ResultSnapshot.objects.filter(record=board.participation_record, kind="provisional").exists()


# -- participation figures, their cache and query counts, with ideas -------------------------------


@pytest.mark.django_db
def test_participation_figures_per_channel_and_registry(project, now, citizen):
    from wagtail_participation import figures

    board = make_board(project, slug="ideas")
    people = [Participant.new_anonymous() for _ in range(3)]
    online = make_idea(board, author=people[0])
    make_idea(board, author=None, channel="meeting", title="From the town meeting")
    contributions.cast_vote(online, people[0], 1)  # the author votes too: still one participant
    contributions.cast_vote(online, people[1], 1)
    contributions.add_comment(online, people[2], "Yes, please.", "en")
    page = make_results_page(project, [("participation_figures", {"project": None, "heading": ""})])
    html = html_of(citizen, page)
    assert "Participants online" in html
    assert "<dt>Participants online</dt><dd>3</dd>" in html
    assert "<dt>Contributions</dt><dd>3</dd>" in html and "<dt>Votes</dt><dd>2</dd>" in html
    assert '<th scope="row">Meeting</th><td>1</td><td>0</td>' in html
    assert "cannot be told apart" in html  # offline input is not deduplicated (decision 5)

    figures.register(
        figures.FigureSource("paper_ballots", "Paper ballots", figures.VOTES, lambda records: {"paper": 1234})
    )
    try:
        html = html_of(citizen, page)
        assert "<dt>Votes</dt><dd>1,236</dd>" in html and '<th scope="row">Paper</th><td>0</td><td>1,234</td>' in html
    finally:
        figures.unregister("paper_ballots")


@pytest.mark.django_db
def test_results_page_query_count_is_constant_in_the_number_of_items(locales, project, now, citizen, settings):
    settings.WAGTAILPARTICIPATION_RESULTS_CACHE_SECONDS = 0  # measure the uncached path
    board = make_board(project, slug="ideas")
    decisions, milestones = [], []

    def add(n):
        for i in range(n):
            idea = make_idea(board, title=f"Idea {len(decisions)}", status="accepted", score=i)
            contributions.cast_vote(idea, Participant.new_anonymous(), 1)
            decisions.append(make_decision(locales["en"], title=f"Decision {len(decisions)}", project=project))
            milestones.append(make_milestone(locales["en"], title=f"Milestone {len(milestones)}"))

    def build():
        body = [
            (
                "method_results",
                {"method": board, "heading": "", "text": "", "which": "top", "statuses": [], "count": 20},
            ),
            (
                "method_results",
                {
                    "method": board,
                    "heading": "",
                    "text": "",
                    "which": "answered",
                    "statuses": ["accepted"],
                    "count": 20,
                },
            ),
            ("decisions", {"heading": "", "decisions": list(decisions)}),
            ("implementation", {"heading": "", "milestones": list(milestones)}),
            ("participation_figures", {"project": None, "heading": ""}),
        ]
        page = ResultsPage.objects.child_of(project).first()
        if page is None:
            return make_results_page(project, body)
        page.body = body
        return publish(page)

    add(2)
    page = build()
    citizen.get(page.url)  # warm caches (site root, settings) equally for both measurements
    small = query_count(citizen, page.url)
    add(12)
    page = build()
    citizen.get(page.url)
    large = query_count(citizen, page.url)
    assert large == small, f"{small} queries for 2 items, {large} for 14"
    assert "Decision 13" in html_of(citizen, page) and "Milestone 13" in html_of(citizen, page)


@pytest.mark.django_db
def test_live_numbers_and_figures_are_cached_briefly(project, method, citizen, settings):
    from django.core.cache import cache

    board = make_board(project, slug="ideas")
    make_idea(board, author=Participant.new_anonymous())
    page = make_results_page(
        project, [method_block(method), ("participation_figures", {"project": None, "heading": ""})]
    )
    assert "1,200" in html_of(citizen, page) and "<dt>Contributions</dt><dd>1</dd>" in html_of(citizen, page)
    set_results(method, [("yes", "Yes", 1300), ("no", "No", 34)])
    make_idea(board, author=Participant.new_anonymous())
    html = html_of(citizen, page)
    assert "1,200" in html and "<dt>Contributions</dt><dd>1</dd>" in html  # within the cache time
    cache.clear()
    html = html_of(citizen, page)
    assert "1,300" in html and "<dt>Contributions</dt><dd>2</dd>" in html
    settings.WAGTAILPARTICIPATION_RESULTS_CACHE_SECONDS = 0
    set_results(method, [("yes", "Yes", 1400), ("no", "No", 34)])
    assert "1,400" in html_of(citizen, page)
