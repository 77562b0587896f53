"""Snapshots stored before method results carried typed ``specifics`` keep their own values as
plain dictionaries under ``extra``; a results page shows them exactly as it shows snapshots taken
now (docs/architecture.md, "Names")."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from tests.builders import add_survey_response as respond
from tests.builders import (
    days,
    html_of,
    make_budget_page,
    make_poll,
    make_ranked_analysis,
    make_results_page,
    make_survey,
)
from tests.builders import method_block as block
from tests.results.conftest import project  # noqa: F401  (the results page fixtures)
from wagtail_participation import clock, snapshots
from wagtail_participation.budgets import services as budgets
from wagtail_participation.ideas.engine.board import BoardTotals
from wagtail_participation.models import Participant
from wagtail_participation.polls import services as polls
from wagtail_participation.proposals.engine.thresholds import OutcomeCounts

pytestmark = pytest.mark.usefixtures("clear_cache")

POLL_KEYS = ("winners", "by_assurance", "labels", "other_answers")
PICK_KEYS = ("winners", "by_assurance", "labels")
RANK_KEYS = ("borda_winners", "irv", "first_choices", "by_assurance", "labels")


def same_ids(html: str) -> str:
    """The page with each chart's random id and the response's CSP nonce made equal (every rendering
    draws new ones)."""
    return re.sub(r'nonce="[^"]+"', 'nonce="n"', re.sub(r"chart-[0-9a-f]{8}", "chart-id", html))


def as_stored_before(snapshot) -> dict:
    """The snapshot's data in the shape the earlier code stored: the method's own values as the
    dictionary it built by hand, under ``extra``."""
    data = dict(snapshot.data)
    own = data.pop("specifics")
    kind = snapshot.record.page_model
    if kind == "participation_polls.pollpage":
        extra = {key: own[key] for key in POLL_KEYS}
    elif kind == "participation_polls.optionanalysispage":
        extra = {key: own[key] for key in (RANK_KEYS if own["irv"] else PICK_KEYS)}
    elif kind == "participation_surveys.surveypage":
        extra = {"survey": own}
    else:
        extra = own  # budgets: {"budgets": [...]}, the same keys then and now
    return {**data, "extra": extra}


@pytest.mark.django_db
def test_results_blocks_render_snapshots_of_the_earlier_shape_exactly_as_now(home, project, now, citizen):  # noqa: F811
    poll = make_poll(home, now=now)
    analysis = make_ranked_analysis(home, now)
    survey = make_survey(home, now=now)
    budget = make_budget_page(home, now, index_slug="budgets")
    spec = budgets.spec_by_slug(budget.participation_record, "city")
    projects = [p.code for p in budget.budget_projects.all()]
    for choices in (["station"], ["station"], ["park"]):
        polls.cast_ballot(poll.participation_record, Participant.new_anonymous(), choices)
    for ranking in (["a", "b"], ["b", "c"], ["c", "a"], ["a", "c"]):
        polls.cast_ballot(analysis.participation_record, Participant.new_anonymous(), ranking)
    for visits, satisfaction in (("weekly", 3), ("daily", 5)) * 3:  # blocks leave out questions with few answers
        respond(survey, {"visits": visits, "satisfaction": satisfaction})
    for chosen in ((projects[0],), (projects[2],), (projects[0], projects[1])):
        budgets.cast_ballot(budget.participation_record, spec, Participant.new_anonymous(), budgets.Ballot(chosen))
    page = make_results_page(
        project,
        [
            block(poll),
            block(analysis),
            block(survey, codes="", show_texts=False),
            block(budget, codes="", details=True),
        ],
    )
    with clock.frozen_at(now + days(40)):
        taken = [snapshots.take_provisional(m.participation_record) for m in (poll, analysis, survey, budget)]
        now_html = html_of(citizen, page)
        assert "Near the station" in now_html and "Round 2" in now_html and "Weekly" in now_html
        assert "City-wide" in now_html
        for snapshot in taken:
            snapshot.data = as_stored_before(snapshot)
            snapshot.save()
        cache.clear()
        assert same_ids(html_of(citizen, page)) == same_ids(now_html)


def test_idea_and_proposal_totals_read_the_earlier_shape():
    board = {"ideas": 3, "ideas_by_status": {"new": 2, "done": 1}, "ideas_by_channel": {"online": 3}, "votes": 7}
    assert BoardTotals.from_dict({**board, "comments": 2}) == BoardTotals(3, {"new": 2, "done": 1}, {"online": 3}, 7, 2)
    counts = {"reached": 4, "answered": 3, "accepted": 2, "rejected": 1, "late": 1, "overdue": 1, "waiting": 0}
    read = OutcomeCounts.from_dict({"outcomes": {**counts, "in_time": 2}})
    assert read == OutcomeCounts(**counts) and read.in_time == 2
    assert OutcomeCounts.from_dict(read.to_dict()) == read
    totals = BoardTotals.from_dict(board)
    assert BoardTotals.from_dict(totals.to_dict()) == totals
