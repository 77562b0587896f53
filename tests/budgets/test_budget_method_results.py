"""A budget page's method results: typed outcomes that survive a snapshot, snapshots stored in the
earlier dictionary shape, and the ballots read once per computation (docs/architecture.md, "Names")."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.builders import budget_project_codes as codes
from tests.builders import make_budget_page
from wagtail_participation import clock, snapshots
from wagtail_participation.budgets import services as budgets
from wagtail_participation.budgets.engine.ballots import KINDS
from wagtail_participation.budgets.engine.outcomes import BudgetOutcome, BudgetOutcomes, Comparison, Override
from wagtail_participation.engine.method_results import MethodResults, ResultRow
from wagtail_participation.models import Participant

CODES = st.text(alphabet="abcdef0123456789-", min_size=1, max_size=10)
COUNTS = st.integers(min_value=0, max_value=10**9)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
PICKED = st.lists(CODES, max_size=5).map(tuple)
OUTCOMES = st.builds(
    BudgetOutcome,
    code=CODES,
    slug=CODES,
    title=st.text(max_size=20),
    amount=COUNTS,
    ballot_type=st.sampled_from(KINDS),
    rule=st.text(max_size=20),
    area_key=st.none() | CODES,
    computed=PICKED,
    selected=PICKED,
    spent=COUNTS,
    explanation=st.dictionaries(CODES, JSON_VALUES, max_size=3),
    comparison=st.none() | st.builds(Comparison, rule=st.text(max_size=20), selected=PICKED, spent=COUNTS),
    ballots=COUNTS,
    channels=st.dictionaries(st.sampled_from(["online", "paper", "imported"]), COUNTS),
    scores=st.dictionaries(CODES, COUNTS, max_size=5),
    costs=st.dictionaries(CODES, COUNTS, max_size=5),
    override=st.none() | st.builds(Override, reason=st.text(max_size=30), at=st.text(max_size=25)),
)


def through_json(data: dict) -> dict:
    """What a JSONField gives back: tuples become lists."""
    return json.loads(json.dumps(data))


@given(st.lists(OUTCOMES, max_size=3).map(tuple))
def test_budget_outcomes_survive_a_snapshot_exactly(budgets_):
    outcomes = BudgetOutcomes(budgets_)
    assert BudgetOutcomes.from_dict(through_json(outcomes.to_dict())) == outcomes
    results = MethodResults(rule="greedy", rows=(ResultRow("a", "A", 3, "city:funded"),), specifics=outcomes)
    assert MethodResults.from_dict(through_json(results.to_dict()), BudgetOutcomes) == results


def stored_before_typing(page) -> dict:
    """A budget page's snapshot data as the database holds it from before the typed outcomes:
    the per-budget dictionaries under ``extra``."""
    c = codes(page)
    skate, cafe, trees, benches = (
        c["A skate park"],
        c["A repair café"],
        c["Trees on Kerkstraat"],
        c["Benches in the park"],
    )
    return {
        "rule": "mes/cost/add1+greedy",
        "rows": [
            {"code": skate, "label": "A skate park", "value": 3, "detail": "city:funded"},
            {"code": cafe, "label": "A repair café", "value": 1, "detail": "city:not funded"},
            {"code": trees, "label": "Trees on Kerkstraat", "value": 0, "detail": "city:not funded"},
            {"code": benches, "label": "Benches in the park", "value": 0, "detail": "city:not funded"},
        ],
        "participants": 4,
        "assurance": "anyone",
        "notes": [],
        "extra": {
            "budgets": [
                {
                    "code": page.participation_record.rules["budget"]["budgets"][0]["code"],
                    "slug": "city",
                    "title": "City-wide",
                    "area_key": None,
                    "amount": 100_000,
                    "ballot_type": "knapsack",
                    "rule": "mes/cost/add1+greedy",
                    "computed": [skate],
                    "selected": [skate],
                    "spent": 40_000,
                    "explanation": {
                        skate: {
                            "round": 1,
                            "supporters": 3,
                            "paying_supporters": 3,
                            "share": "40000/3",
                            "affordability": "40000/3",
                            "cost_to_supporters": {"40000/3": 3},
                        }
                    },
                    "comparison": {"rule": "greedy", "selected": [skate, cafe], "spent": 52_000},
                    "ballots": 4,
                    "channels": {"online": 4},
                    "scores": {skate: 3, cafe: 1, trees: 0, benches: 0},
                    "costs": {skate: 40_000, cafe: 12_000, trees: 30_000, benches: 20_000},
                    "override": {"reason": "The soil is contaminated.", "at": "2026-03-01T10:00:00+00:00"},
                }
            ]
        },
    }


@pytest.mark.django_db
def test_a_snapshot_stored_before_the_typed_outcomes_still_reads_and_renders(home, now):
    page = make_budget_page(home, now, vote_from=-3, vote_days=2)
    snapshot = snapshots.take_provisional(page.participation_record)
    snapshot.data = stored_before_typing(page)
    snapshot.save()
    outcome = snapshot.results().specifics.budgets[0]
    skate = codes(page)["A skate park"]
    assert outcome.selected == (skate,) and outcome.scores[skate] == 3
    assert outcome.comparison.rule == "greedy" and outcome.override.reason == "The soil is contaminated."
    assert outcome.explanation[skate]["supporters"] == 3
    html = Client().get(page.url).content.decode()
    assert "The soil is contaminated." in html and "Results by" in html
    assert "Paid by 3 of its 3 supporters" in html  # the explanation, read from the stored shape


def ballot_reads(queries) -> int:
    return sum(
        1
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith("SELECT") and "budgetballot" in query["sql"].lower()
    )


@pytest.mark.django_db
def test_the_record_ballots_are_read_once_per_computation(district_page, now, staff_client):
    page, _noord, _zuid = district_page("choose", vote_from=-3, vote_days=2)
    record = page.participation_record
    with clock.frozen_at(now - timedelta(days=2)):
        for spec in budgets.budget_specs(record):
            budgets.cast_ballot(record, spec, Participant.new_anonymous(), budgets.Ballot(projects=tuple(spec.costs)))
    with CaptureQueriesContext(connection) as queries:
        results = page.get_results()
    assert ballot_reads(queries) == 1  # not once more per budget
    assert [outcome.ballots for outcome in results.specifics.budgets] == [1, 1, 1]
    with CaptureQueriesContext(connection) as queries:
        first_view = Client().get(page.url)  # closed: takes the snapshot, then renders it
    assert first_view.status_code == 200 and ballot_reads(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        outcome_view = staff_client.get(reverse("participation_budgets:outcome", args=(page.pk,)))
    assert outcome_view.status_code == 200 and ballot_reads(queries) == 1
