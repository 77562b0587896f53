"""Ballot rules (pure Python): accepted ballots obey every rule, rejected ones break at least one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wagtail_participation.budgets.engine import ballots as bb
from wagtail_participation.budgets.engine.ballots import Ballot, BallotRule

PROJECTS = {f"p{n}": cost for n, cost in enumerate([5, 10, 20, 35, 50, 80])}


rules = st.one_of(
    st.builds(
        BallotRule,
        kind=st.just(bb.KNAPSACK),
        budget=st.integers(1, 200),
        min_spend_percent=st.integers(0, 100),
        min_projects=st.integers(0, 3),
    ),
    st.builds(
        BallotRule,
        kind=st.just(bb.APPROVAL),
        budget=st.integers(1, 200),
        min_projects=st.integers(0, 3),
        max_projects=st.integers(0, 6),
    ),
    st.builds(
        BallotRule,
        kind=st.just(bb.CUMULATIVE),
        budget=st.integers(1, 200),
        points=st.integers(1, 20),
        max_points_per_project=st.integers(0, 8),
        min_projects=st.integers(0, 3),
    ),
    st.builds(
        BallotRule,
        kind=st.just(bb.RANKED),
        budget=st.integers(1, 200),
        rank_k=st.integers(0, 6),
        min_projects=st.integers(0, 3),
    ),
)
chosen = st.lists(st.sampled_from(sorted(PROJECTS)), unique=True, max_size=6)
points = st.dictionaries(st.sampled_from(sorted(PROJECTS)), st.integers(-3, 12), max_size=6)


def obeys(rule: BallotRule, ballot: Ballot) -> bool:
    """The rules written out independently of ``check``."""
    if rule.uses_points:
        if any(v < 0 for v in ballot.points.values()):
            return False
        if rule.max_points_per_project and any(v > rule.max_points_per_project for v in ballot.points.values()):
            return False
        if sum(ballot.points.values()) > rule.points:
            return False
        picked = [c for c, v in ballot.points.items() if v > 0]
    else:
        picked = list(ballot.projects)
    if not picked or len(picked) < rule.min_projects:
        return False
    cost = sum(PROJECTS[c] for c in picked)
    if rule.kind == bb.KNAPSACK and not (cost <= rule.budget and cost * 100 >= rule.budget * rule.min_spend_percent):
        return False
    if rule.kind == bb.APPROVAL and rule.max_projects and len(picked) > rule.max_projects:
        return False
    if rule.kind == bb.RANKED and rule.rank_k and len(picked) > rule.rank_k:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(rules, chosen, points)
def test_check_accepts_exactly_the_ballots_that_obey_the_rules(rule, projects, pts):
    ballot = Ballot(projects=tuple(projects), points=pts if rule.uses_points else {})
    problems = bb.check(rule, PROJECTS, ballot)
    assert (problems == []) == obeys(rule, ballot), problems


@settings(max_examples=200, deadline=None)
@given(rules, chosen)
def test_the_basket_adds_up(rule, projects):
    ballot = Ballot(projects=tuple(projects), points={c: 1 for c in projects} if rule.uses_points else {})
    basket = bb.basket(rule, PROJECTS, ballot)
    assert basket.spent == sum(PROJECTS[c] for c in projects)
    assert basket.remaining == rule.budget - basket.spent
    assert basket.count == len(projects)


@given(st.text(min_size=1, max_size=20).filter(lambda s: s not in PROJECTS))
def test_a_forged_code_is_reported_and_nothing_else_judged(code):
    problems = bb.check(BallotRule(bb.KNAPSACK, 100), PROJECTS, Ballot(projects=(code,)))
    assert [p.code for p in problems] == ["unknown_project"]


def test_a_doubled_project_is_refused():
    problems = bb.check(BallotRule(bb.APPROVAL, 100), PROJECTS, Ballot(projects=("p1", "p1")))
    assert [p.code for p in problems] == ["duplicate_project"]


def test_min_spend_rounds_up_to_whole_units():
    assert BallotRule(bb.KNAPSACK, 101, min_spend_percent=70).min_spend == 71
    assert BallotRule(bb.APPROVAL, 101, min_spend_percent=70).min_spend == 0


def test_rule_round_trip_and_unknown_kind():
    rule = BallotRule(bb.CUMULATIVE, 1000, points=10, max_points_per_project=4)
    assert BallotRule.from_dict(rule.to_dict() | {"unknown": 1}) == rule
    with pytest.raises(ValueError):
        BallotRule("lottery", 10)


def test_rule_problems_name_impossible_rules():
    assert "min_above_max" in bb.rule_problems(BallotRule(bb.APPROVAL, 10, min_projects=4, max_projects=2), PROJECTS)
    assert "min_spend_unreachable" in bb.rule_problems(BallotRule(bb.KNAPSACK, 1000, min_spend_percent=90), PROJECTS)
    assert bb.rule_problems(BallotRule(bb.KNAPSACK, 100), PROJECTS) == []


def test_budget_ballots_import_without_django():
    import subprocess
    import sys

    code = (
        "import sys, wagtail_participation.budgets.engine.ballots; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
