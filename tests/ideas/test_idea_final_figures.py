"""Finished projects on results pages (issue 19): the final snapshot stores the figures, so they
are never counted again and equal the count at finalising; drawn results blocks are kept, and a
new snapshot draws anew; the page's queries do not grow with the input, live and final."""

import pytest

from tests.builders import days, html_of, make_board, make_idea, make_results_page, method_block, query_count
from tests.results.conftest import project  # noqa: F401  (the results page fixtures)
from wagtail_participation import clock, contributions, figures, snapshots
from wagtail_participation.models import Participant
from wagtail_participation.models.snapshots import ResultSnapshot

pytestmark = pytest.mark.usefixtures("clear_cache")

FIGURES = ("participation_figures", {"project": None, "heading": ""})


def open_board(project, slug="ideas"):
    collect = [project.phases.first().code]
    return make_board(
        project,
        slug=slug,
        rules={"actions": {a: {"level": 0, "phases": collect} for a in ("submit", "vote", "comment")}},
    )


def take_part(board, people, ideas=2):
    """Ideas by the first person, votes and comments by everyone: people overlap across sources."""
    made = [make_idea(board, author=people[0], title=f"Idea {i} on {board.slug}") for i in range(ideas)]
    for person in people:
        contributions.cast_vote(made[0], person, 1)
        contributions.add_comment(made[-1], person, "Agreed", "en")
    return made


@pytest.mark.django_db
def test_final_snapshots_store_figures_equal_to_the_recount_and_never_count_again(project, now):
    boards = [open_board(project, "ideas"), open_board(project, "more-ideas")]
    people = [Participant.new_anonymous() for _ in range(5)]
    take_part(boards[0], people[:4])
    take_part(boards[1], people[2:], ideas=1)  # two people took part on both boards
    records = [board.participation_record for board in boards]
    counted = figures._count(records)
    assert figures.stored_figures(records) is None  # still open: nothing stored yet
    with clock.frozen_at(now + days(6)):
        snapshots.finalise(records[0], None)
        assert figures.stored_figures(records) is None  # one of them is still not final
        snapshots.finalise(records[1], None)
    stored = ResultSnapshot.objects.get(record=records[0], kind="final").data["figures"]
    assert stored["participants"] == 4 and figures.stored_figures(records[:1]) == figures._count(records[:1])
    assert figures.stored_figures(records) == counted and counted.participants == 5

    late = Participant.new_anonymous()  # after finalising (entered late, or a bug): not in the figures
    contributions.cast_vote(boards[0].participation_record.contributions.first(), late, 1)
    assert figures._count(records) != counted
    assert figures.figures_for(records) == counted


@pytest.mark.django_db
def test_a_finished_project_is_not_counted_on_its_results_page(project, now, citizen, settings):
    settings.WAGTAILPARTICIPATION_RESULTS_CACHE_SECONDS = 0  # nothing from the cache: the stored figures
    board = open_board(project)
    take_part(board, [Participant.new_anonymous() for _ in range(3)])
    page = make_results_page(project, [FIGURES])
    with clock.frozen_at(now + days(6)):
        snapshots.finalise(board.participation_record, None)
        html = html_of(citizen, page)
        assert "<dt>Participants online</dt><dd>3</dd>" in html
        # no participant UNION, no count of ideas, votes or comments: the snapshot row holds them
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            html_of(citizen, page)
        sql = " ".join(query["sql"] for query in queries.captured_queries).upper()
        assert "UNION" not in sql and "COUNT(" not in sql


@pytest.mark.django_db
def test_a_new_snapshot_draws_the_block_anew_at_once(project, now, citizen):
    from wagtail_participation.models import Contribution

    board = open_board(project)
    ideas = take_part(board, [Participant.new_anonymous() for _ in range(2)])
    page = make_results_page(project, [method_block(board)])
    assert "Idea 0 on ideas" in html_of(citizen, page)
    Contribution.objects.filter(pk=ideas[0].pk).update(title="Renamed idea")
    assert "Idea 0 on ideas" in html_of(citizen, page)  # drawn once, kept for the cache time
    with clock.frozen_at(now + days(6)):
        snapshots.finalise(board.participation_record, None)
        final = html_of(citizen, page)
    assert "Final results" in final and "Renamed idea" in final and "Idea 0 on ideas" not in final


@pytest.mark.django_db
def test_results_page_queries_do_not_grow_with_the_input_live_and_final(project, now, citizen):
    board = open_board(project)
    page = make_results_page(
        project,
        [
            FIGURES,
            method_block(board, which="top", statuses=[], count=10),
            method_block(board, which="answered", statuses=["accepted"], count=10),
            method_block(board),
        ],
    )

    def measure():
        citizen.get(page.url)  # the cached figures and drawn blocks, as every later visitor finds them
        return query_count(citizen, page.url)

    take_part(board, [Participant.new_anonymous() for _ in range(2)])
    live_small = measure()
    for _ in range(3):
        take_part(board, [Participant.new_anonymous() for _ in range(8)], ideas=4)
    from django.core.cache import cache

    cache.clear()  # the cache time passed
    live_large = measure()
    assert live_small == live_large, f"live: {live_small} queries with little input, {live_large} with more"
    with clock.frozen_at(now + days(6)):
        snapshots.finalise(board.participation_record, None)
        final_large = measure()
    assert final_large <= live_large + 2, f"final: {final_large} queries, live {live_large}"
