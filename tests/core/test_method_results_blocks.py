"""The method-specific results blocks (issue 8): polls and option analyses with and without data,
broken references, visibility, frozen snapshots, languages; every method's block on one page
(query counts, broken references, translation, the editor) and the methods' counts in the
participation figures.

Here rather than in tests/polls: a site with only polls installed has no results pages. The
survey, budget and proposal blocks' own tests are in tests/surveys, tests/budgets, tests/proposals."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders import add_survey_response as respond
from tests.builders import (
    days,
    html_of,
    make_budget_page,
    make_index,
    make_poll,
    make_proposal,
    make_proposals_page,
    make_ranked_analysis,
    make_results_page,
    make_survey,
    translate_with_localize,
)
from tests.builders import method_block as block
from tests.results.conftest import project  # noqa: F401  (the results page fixtures)
from wagtail_participation import clock, figures, snapshots
from wagtail_participation.budgets import services as budgets
from wagtail_participation.models import Department, Participant
from wagtail_participation.polls import services as polls
from wagtail_participation.polls.models import PollOption
from wagtail_participation.proposals import services as proposals

pytestmark = pytest.mark.usefixtures("clear_cache")


def vote(poll, *choices_per_voter):
    for choices in choices_per_voter:
        polls.cast_ballot(poll.participation_record, Participant.new_anonymous(), list(choices))


# -- polls --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_poll_results_live_then_final_and_frozen(home, project, now, citizen, staff_client):
    poll = make_poll(home, now=now, results_visibility="always")
    page = make_results_page(project, [block(poll)])
    assert "Where should the new bike shed go?" not in html_of(citizen, page)  # no votes yet: nothing
    assert "Nobody has taken part yet" in html_of(staff_client, page)
    vote(poll, ["station"], ["station"], ["park"])
    cache.clear()  # live numbers are cached for RESULTS_CACHE_SECONDS
    html = html_of(citizen, page)
    assert "Live results" in html and "Most chosen: <strong>Near the station</strong>" in html
    with clock.frozen_at(now + days(15)):
        snapshots.finalise(poll.participation_record, staff_client.user)
        vote(poll, ["park"], ["park"], ["park"])  # e.g. a late import: the published block does not move
        html = html_of(citizen, page)
    assert "Final results" in html and "Most chosen: <strong>Near the station</strong>" in html
    assert "3 participants" in html


@pytest.mark.django_db
@pytest.mark.parametrize("rule", ["after_close", "staff"])
def test_poll_visibility_rule_is_respected(home, project, now, citizen, staff_client, rule):
    poll = make_poll(home, now=now, results_visibility=rule)
    vote(poll, ["station"], ["park"])
    page = make_results_page(project, [block(poll, heading="Bike shed outcome")])
    assert "Bike shed outcome" not in html_of(citizen, page)
    assert "Bike shed outcome" in html_of(staff_client, page)  # staff may see them (the poll says so)
    with clock.frozen_at(now + days(15)):
        shown = "Bike shed outcome" in html_of(citizen, page)
    assert shown is (rule == "after_close")


@pytest.mark.django_db
@pytest.mark.parametrize("breakage", ["unpublished", "deleted"])
def test_broken_poll_reference_placeholder_for_editors_nothing_for_citizens(
    home, project, now, citizen, staff_client, breakage
):
    poll = make_poll(home, now=now)
    vote(poll, ["station"])
    page = make_results_page(project, [block(poll, heading="Bike shed outcome")])
    if breakage == "unpublished":
        poll.unpublish()
    else:
        poll.delete()
    html = html_of(citizen, page)
    assert "Bike shed outcome" not in html and "wp-results-placeholder" not in html
    assert "wp-results-placeholder" in html_of(staff_client, page)


@pytest.mark.django_db
def test_translated_results_page_shows_poll_answers_in_the_visitors_language(locales, home, project, now, citizen):
    poll = make_poll(home, now=now)
    vote(poll, ["station"], ["station"])
    translate_with_localize(project, locales["nl"])
    dutch_poll = translate_with_localize(poll, locales["nl"])
    for option in PollOption.objects.filter(page=dutch_poll):
        option.label = {"station": "Bij het station", "park": "In het park", "market-square": "Op de markt"}[
            option.code
        ]
        option.save()
    page = make_results_page(project, [block(poll)])
    dutch_page = translate_with_localize(page, locales["nl"])
    with clock.frozen_at(now + days(15)):  # the snapshot was taken in English...
        snapshots.take_provisional(poll.participation_record)
        assert "Near the station" in html_of(citizen, page)
        dutch = html_of(citizen, dutch_page)
    assert "Bij het station" in dutch and "Near the station" not in dutch  # ...and still reads in Dutch


# -- option analysis ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_option_analysis_block_shows_borda_and_the_runoff_rounds(home, project, now, citizen, staff_client):
    analysis = make_ranked_analysis(home, now)
    page = make_results_page(project, [block(analysis)])
    assert "Instant-runoff" not in html_of(citizen, page)
    # 2 × a>b, 2 × b>a, 1 × c>b: c drops out, its ballot goes to b, b wins the runoff
    vote(analysis, ["a", "b"], ["a", "b"], ["b", "a"], ["b", "a"], ["c", "b"])
    with clock.frozen_at(now + days(15)):
        html = html_of(citizen, page)
    assert "Provisional results" in html
    assert "Winner by instant-runoff: <strong>School street</strong>" in html
    assert "Round 2" in html and "Nothing changes drops out" in html
    assert "Borda points" in html


# -- participation figures ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_figures_count_poll_votes_survey_responses_budget_ballots_proposals_and_supports(
    locales, home, now, staff_client
):
    poll = make_poll(home, now=now)
    vote(poll, ["station"], ["park"])
    survey = make_survey(home, now=now)
    respond(survey, {"visits": "weekly"})
    budget = make_budget_page(home, now, index_slug="budgets")
    spec = budgets.spec_by_slug(budget.participation_record, "city")
    code = budget.budget_projects.first().code
    budgets.cast_ballot(
        budget.participation_record, spec, Participant.new_anonymous(), budgets.Ballot(projects=(code,))
    )
    board = make_proposals_page(home, now=now, threshold=5)
    proposal = make_proposal(board)
    proposals.support(proposal, Participant.new_anonymous())
    proposals.add_offline(proposal, count=7, channel="paper", note="Market stall", user=staff_client.user)
    records = [m.participation_record for m in (poll, survey, budget, board)]
    found = figures.figures_for(records)
    assert found.by_source["poll_ballots"] == 2
    assert found.by_source["survey_responses"] == 1
    assert found.by_source["budget_ballots"] == 1
    assert found.by_source["proposals"] == 1
    assert found.by_source["proposal_supports"] == 8
    assert found.by_channel["votes"]["paper"] == 7  # offline signatures, per channel
    assert found.participants == 2 + 1 + 1 + 1  # online voters, respondents, the supporter (author is anonymous)


# -- the whole page: constant queries ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_results_page_with_every_method_block_has_constant_queries(locales, home, project, now, citizen):
    poll = make_poll(home, now=now)
    analysis = make_ranked_analysis(home, now)
    survey = make_survey(home, now=now)
    budget = make_budget_page(home, now, index_slug="budgets")
    board = make_proposals_page(home, now=now, threshold=1)
    department = Department.objects.create(name="Parks", slug="parks", locale=locales["en"])
    spec = budgets.spec_by_slug(budget.participation_record, "city")
    codes = [p.code for p in budget.budget_projects.all()]

    def add_data(n):
        vote(poll, *[["station"]] * n)
        vote(analysis, *[["a", "b"]] * n)
        for _ in range(n):
            respond(survey, {"visits": "weekly", "satisfaction": 3})
            budgets.cast_ballot(
                budget.participation_record, spec, Participant.new_anonymous(), budgets.Ballot(projects=(codes[2],))
            )
            proposal = make_proposal(board, title="Benches")
            proposals.support(proposal, Participant.new_anonymous())
            proposals.answer(proposal, department=department, body="Yes.", outcome="accepted", author=None)

    page = make_results_page(
        project,
        [
            block(poll),
            block(analysis),
            block(survey, codes="", show_texts=False),
            block(budget, codes="", details=True),
            block(board, which="top", count=10),
            ("participation_figures", {"project": None, "heading": ""}),
        ],
    )

    def count_queries():
        from django.core.cache import cache

        cache.clear()
        with clock.frozen_at(now + days(40)), CaptureQueriesContext(connection) as queries:
            html = html_of(citizen, page)
        assert "Near the station" in html and "Benches" in html and "City-wide" in html and "Weekly" in html
        return len(queries)

    add_data(5)
    with clock.frozen_at(now + days(40)):
        for method in (poll, analysis, survey, budget):
            snapshots.take_provisional(method.participation_record)
    count_queries()  # warm (site, locale caches)
    few = count_queries()
    add_data(6)
    assert count_queries() == few


# -- every block: an unpublished or deleted method --------------------------------------------------------------------


def _method_of(kind, home, now):
    if kind == "poll_results":
        return make_poll(home, now=now), {}
    if kind == "option_analysis_results":
        return make_ranked_analysis(home, now), {}
    if kind == "survey_summary":
        return make_survey(home, now=now), {"codes": "", "show_texts": False}
    if kind == "budget_outcome":
        return make_budget_page(home, now, index_slug="budgets"), {"codes": "", "details": True}
    return make_proposals_page(home, now=now, threshold=1), {"which": "top", "count": 5}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind", ["poll_results", "option_analysis_results", "survey_summary", "budget_outcome", "proposal_outcomes"]
)
@pytest.mark.parametrize("breakage", ["unpublished", "deleted", "wrong type"])
def test_every_block_with_a_broken_method_shows_nothing_to_citizens(
    home, project, now, citizen, staff_client, kind, breakage
):
    method, extra = _method_of(kind, home, now)
    if breakage == "wrong type":  # e.g. a block edited in code: never a 500
        method = make_index(home, slug="not-a-method")
    page = make_results_page(project, [block(method, heading="Broken block heading", **extra)])
    if breakage == "unpublished":
        method.unpublish()
    elif breakage == "deleted":
        method.delete()
    html = html_of(citizen, page)
    assert "Broken block heading" not in html and "wp-results-placeholder" not in html
    assert "wp-results-placeholder" in html_of(staff_client, page)


@pytest.mark.django_db
def test_codes_in_blocks_are_not_offered_for_translation(locales, home, project, now):
    from wagtail_localize.segments.extract import extract_segments

    survey = make_survey(home, now=now)
    budget = make_budget_page(home, now, index_slug="budgets")
    page = make_results_page(
        project,
        [
            block(
                survey,
                heading="What park visitors said",
                codes="visits, satisfaction",
                show_texts=False,
            ),
            block(budget, heading="What was funded", codes="city", details=True),
        ],
    )
    texts = [segment.string.data for segment in extract_segments(page) if hasattr(segment, "string")]
    assert "What park visitors said" in texts and "What was funded" in texts  # headings are translated
    assert not any("visits" in text or text == "city" for text in texts)  # codes are not: they stay references
    dutch = translate_with_localize(page, locales["nl"])
    assert [child.value["codes"] for child in dutch.body if child.value["heading"] != "What was funded"] == [
        "visits, satisfaction"
    ]


@pytest.mark.django_db
def test_editor_opens_a_results_page_with_every_method_block(home, project, now, staff_client):
    from django.urls import reverse

    kinds = ["poll_results", "option_analysis_results", "survey_summary", "budget_outcome", "proposal_outcomes"]
    methods = [_method_of(kind, home, now) for kind in kinds]
    page = make_results_page(project, [block(method, **extra) for method, extra in methods])
    response = staff_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    # one generic block, with every method's options (each method's own block before issue 14)
    for label in (
        "Method results",
        "Which items",
        "Statuses",
        "Only these (codes)",
        "Show written answers",
        "Show every project",
    ):
        assert label in html, label
    preview = staff_client.get(reverse("wagtailadmin_pages:view_draft", args=(page.pk,)))
    assert preview.status_code == 200
