"""engine/budgeting.py: greedy and the Method of Equal Shares (plain pytest + hypothesis, no database).

A naive MES written straight from the definition (one voter at a time, ``Fraction`` everywhere,
add1 one currency unit at a time exactly as pabutools does it) is the reference the fast one must
match on generated elections; the real elections are in ``test_budgeting_oracle.py``.
"""

import json
import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wagtail_participation.budgets.engine.budgeting import (
    Outcome,
    equal_shares,
    greedy,
    outcome_for_election,
    scores_from_ballots,
)
from wagtail_participation.budgets.engine.pabulib import read_pb


def test_engine_imports_without_django():
    code = (
        "import sys; import wagtail_participation.budgets.engine.budgeting, wagtail_participation.budgets.engine.pabulib; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# -- greedy ------------------------------------------------------------------------------------


def test_greedy_skips_what_does_not_fit_and_noskip_stops_there():
    costs = {"a": 60, "b": 50, "c": 30, "d": 10}
    scores = {"a": 9, "b": 8, "c": 7, "d": 1}
    skip = greedy(100, costs, scores)
    assert skip.selected == ("a", "c", "d") and skip.spent == 100
    assert skip.not_selected == {"b": "did_not_fit"}
    assert skip.explanation["a"] == {"score": "9", "rank": 1}
    noskip = greedy(100, costs, scores, skip=False)
    assert noskip.selected == ("a",) and noskip.spent == 60
    assert noskip.not_selected == {"b": "did_not_fit", "c": "not_reached", "d": "not_reached"}
    assert noskip.rule == "greedy-noskip"


def test_greedy_breaks_ties_by_id_as_text_like_pabutools():
    # "10" < "9" as text: pabutools' lexicographic tie-breaking compares project names as strings
    outcome = greedy(10, {"9": 10, "10": 10}, {"9": 5, "10": 5})
    assert outcome.selected == ("10",)


def test_greedy_funds_projects_without_votes_last_if_money_is_left():
    outcome = greedy(100, {"a": 50, "b": 20, "z": 10}, {"a": 3})
    assert outcome.selected == ("a", "b", "z")


def test_greedy_refuses_floats_and_bad_input():
    with pytest.raises(TypeError):
        greedy(100, {"a": 1.5}, {"a": 1})
    with pytest.raises(ValueError, match="unknown projects"):
        greedy(100, {"a": 1}, {"b": 1})
    with pytest.raises(ValueError, match="negative cost"):
        greedy(100, {"a": -1}, {})


def test_scores_for_every_ballot_kind():
    assert scores_from_ballots("approval", [{"a", "b"}, {"a"}]) == {"a": 2, "b": 1}
    assert scores_from_ballots("knapsack", [("a", "b")]) == {"a": 1, "b": 1}
    assert scores_from_ballots("choose1", [("a",), ("a",), ("b",)]) == {"a": 2, "b": 1}
    assert scores_from_ballots("choose-1", [("a",)]) == {"a": 1}
    assert scores_from_ballots("cumulative", [{"a": 3, "b": 1}, [("a", 2)]]) == {"a": 5, "b": 1}
    # pabulib convention: rank r (from 0) earns k - r, k the maximum length or the ballot's own length
    assert scores_from_ballots("ordinal", [("a", "b", "c"), ("c",)], max_length=3) == {"a": 3, "b": 2, "c": 4}
    assert scores_from_ballots("ordinal", [("a", "b"), ("c",)]) == {"a": 2, "b": 1, "c": 1}
    assert scores_from_ballots("ranked", [("a", "b")], max_length=3) == {"a": 3, "b": 2}
    assert scores_from_ballots("points", [{"a": 2}]) == {"a": 2}
    with pytest.raises(ValueError, match="negative points"):
        scores_from_ballots("cumulative", [{"a": -1}])
    with pytest.raises(ValueError, match="unknown ballot kind"):
        scores_from_ballots("quadratic", [])
    with pytest.raises(ValueError, match="longer than"):
        scores_from_ballots("ordinal", [("a", "b")], max_length=1)


# -- MES: hand-checked examples --------------------------------------------------------------


def test_mes_hand_example_with_explanation():
    # 4 voters, budget 100: 25 each. X (cost 60, v1..v3), Y (cost 40, v3, v4) and Z (cost 20, v4)
    # all cost their supporters 20 each: a three-way tie, "X" first. Then v3 has 5 left, so Y's
    # supporters hold 30 < 40: unaffordable for good. Z: v4 still has 25, pays 20.
    costs = {"X": 60, "Y": 40, "Z": 20}
    ballots = [{"X"}, {"X"}, {"X", "Y"}, {"Y", "Z"}]
    outcome = equal_shares(100, costs, ballots)
    assert outcome.selected == ("X", "Z")
    assert outcome.spent == 80
    x = outcome.explanation["X"]
    assert x["round"] == 1 and x["supporters"] == 3 and x["share"] == "20"
    assert x["cost_to_supporters"] == {"20": 3}
    z = outcome.explanation["Z"]
    assert z["round"] == 2 and z["cost_to_supporters"] == {"20": 1}
    assert outcome.not_selected == {"Y": "supporters_cannot_afford"}
    assert outcome.details["voter_budget"] == "25"
    json.dumps(outcome.to_dict())  # JSON-safe for snapshots


def test_mes_poor_supporters_pay_what_they_have():
    # 25 each. A (30, v1 v2) and B (60, all four) both cost 15 a head: tie, A first, v1 and v2 keep
    # 10. B: v1 and v2 pay their 10, v3 and v4 pay 20 each.
    outcome = equal_shares(100, {"A": 30, "B": 60}, [{"A", "B"}, {"A", "B"}, {"B"}, {"B"}])
    assert outcome.selected == ("A", "B")
    assert outcome.explanation["B"]["cost_to_supporters"] == {"20": 2, "10": 2}
    assert outcome.explanation["B"]["share"] == "20"
    assert outcome.explanation["B"]["paying_supporters"] == 4


def test_mes_cost_utility_prefers_cheap_popular_differently():
    costs = {"big": 90, "small": 10}
    ballots = [{"big"}] * 6 + [{"small"}] * 4
    assert equal_shares(100, costs, ballots, utility="approval").selected == ("small",)
    assert equal_shares(100, costs, ballots, utility="cost").selected == ("small",)
    assert set(equal_shares(100, costs, ballots, completion="add1").selected) == {"small", "big"}


def test_mes_free_projects_and_empty_ballots():
    outcome = equal_shares(10, {"free": 0, "nobody": 0, "a": 10}, [{"free"}, set(), {"a"}])
    assert outcome.selected[0] == "free"
    assert "nobody" not in outcome.selected
    assert outcome.not_selected["nobody"] == "no_supporters"
    assert outcome.details["initial_voter_budget"] == "10/3"  # empty ballots count
    assert equal_shares(10, {"a": 1}, []).selected == ()


def test_mes_greedy_fill_adds_what_still_fits_by_votes():
    costs = {"A": 60, "B": 50, "C": 30}
    ballots = [{"A"}, {"A"}, {"B", "C"}, {"C"}]
    plain = equal_shares(100, costs, ballots)
    filled = equal_shares(100, costs, ballots, greedy_fill=True)
    assert filled.selected[: len(plain.selected)] == plain.selected
    assert filled.spent <= 100
    extra = set(filled.selected) - set(plain.selected)
    assert all(filled.explanation[pid]["round"] == "greedy" for pid in extra)
    assert filled.rule == "mes-greedy"


def test_mes_rejects_bad_input():
    with pytest.raises(ValueError, match="unknown projects"):
        equal_shares(10, {"a": 1}, [{"b"}])
    with pytest.raises(ValueError, match="utility"):
        equal_shares(10, {"a": 1}, [{"a"}], utility="joy")
    with pytest.raises(ValueError, match="completion"):
        equal_shares(10, {"a": 1}, [{"a"}], completion="add2")


# -- a naive reference MES, straight from the definition -------------------------------------


def naive_mes(budget, costs, ballots, utility="approval", voter_budget=None):
    n = len(ballots)
    money = [Fraction(budget, n) if voter_budget is None else voter_budget] * n
    left = sorted(p for p in costs if costs[p] > 0 and any(p in b for b in ballots))
    chosen = sorted(p for p in costs if costs[p] == 0 and any(p in b for b in ballots))
    while True:
        best = None
        for p in left:
            supporters = [i for i in range(n) if p in ballots[i]]
            if sum(money[i] for i in supporters) < costs[p]:
                continue
            # least q with sum(min(money, q)) == cost: try each supporter as the first "rich" one
            ordered = sorted(supporters, key=lambda i: money[i])
            paid = Fraction(0)
            for position, i in enumerate(ordered):
                q = (costs[p] - paid) / (len(ordered) - position)
                if q <= money[i]:
                    break
                paid += money[i]
            rho = q / (1 if utility == "approval" else costs[p])
            if best is None or (rho, p) < best[:2]:
                best = (rho, p, q, supporters)
        if best is None:
            return chosen
        _, p, q, supporters = best
        for i in supporters:
            money[i] -= min(money[i], q)
        chosen.append(p)
        left.remove(p)


def naive_mes_add1(budget, costs, ballots, utility="approval"):
    """pabutools' voter_budget_increment=1, one currency unit at a time."""
    t = Fraction(budget, len(ballots))
    previous = sorted(p for p in costs if costs[p] == 0 and any(p in b for b in ballots))
    candidates = [p for p in costs if costs[p] > 0 and any(p in b for b in ballots)]
    while True:
        outcome = naive_mes(budget, costs, ballots, utility, voter_budget=t)
        spent = sum(costs[p] for p in outcome)
        if spent > budget:
            return previous
        if all(p in outcome or spent + costs[p] > budget for p in candidates):
            return outcome
        previous = outcome
        t += 1


@st.composite
def small_elections(draw, max_budget=120):
    names = draw(
        st.lists(st.sampled_from(["1", "2", "9", "10", "a", "b", "c", "d"]), min_size=1, max_size=6, unique=True)
    )
    costs = {p: draw(st.integers(0, 60)) for p in names}
    ballots = draw(st.lists(st.sets(st.sampled_from(names)), min_size=1, max_size=8))
    budget = draw(st.integers(1, max_budget))
    return budget, costs, [frozenset(b) for b in ballots]


@settings(max_examples=300, deadline=None)
@given(small_elections(), st.sampled_from(["approval", "cost"]))
def test_mes_equals_the_naive_definition(election, utility):
    budget, costs, ballots = election
    assert list(equal_shares(budget, costs, ballots, utility=utility).selected) == naive_mes(
        budget, costs, ballots, utility
    )


@settings(max_examples=200, deadline=None)
@given(small_elections(max_budget=60), st.sampled_from(["approval", "cost"]))
def test_mes_add1_equals_one_unit_at_a_time(election, utility):
    """The fast add1 skips per-voter budgets it can prove change nothing; the outcome must not change."""
    budget, costs, ballots = election
    ours = equal_shares(budget, costs, ballots, utility=utility, completion="add1")
    assert list(ours.selected) == naive_mes_add1(budget, costs, ballots, utility)


@st.composite
def medium_elections(draw):
    """More voters (with repeated ballots: one group, several voters), dearer projects and budgets
    that do not divide by the number of voters: add1 then makes tens of raises, and the fast
    completion both jumps over raises and resumes runs part-way (``details`` counts both)."""
    names = [str(k) for k in range(1, draw(st.integers(2, 7)) + 1)]
    costs = {p: draw(st.integers(1, 150)) for p in names}
    kinds = draw(st.lists(st.sets(st.sampled_from(names), min_size=1, max_size=4), min_size=1, max_size=6))
    ballots = draw(st.lists(st.sampled_from(kinds), min_size=3, max_size=16))
    budget = draw(st.integers(20, 400))
    return budget, costs, [frozenset(b) for b in ballots]


@settings(max_examples=150, deadline=None)
@given(medium_elections(), st.sampled_from(["approval", "cost"]))
def test_mes_add1_on_larger_elections_equals_one_unit_at_a_time(election, utility):
    budget, costs, ballots = election
    ours = equal_shares(budget, costs, ballots, utility=utility, completion="add1")
    assert list(ours.selected) == naive_mes_add1(budget, costs, ballots, utility)


def test_mes_add1_jumps_and_resumes_yet_equals_one_unit_at_a_time():
    """An election where the fast completion takes both shortcuts: 3 MES runs for 9 raises (the
    raises in between provably change nothing) and later runs start part-way, from the first round
    whose decisions can change; pabutools' one-unit loop gives the same winners."""
    costs = {"1": 103, "2": 112, "3": 15, "4": 71, "5": 135, "6": 129, "7": 108}
    ballots = [
        frozenset(b)
        for b in (
            "2356",
            "125",
            "567",
            "13",
            "7",
            "145",
            "345",
            "45",
            "1357",
            "1",
        )
    ]
    outcome = equal_shares(254, costs, ballots, utility="cost", completion="add1")
    assert outcome.details["increments"] == 9 and outcome.details["runs"] == 3
    assert outcome.details["rounds_reused"] >= 3
    assert list(outcome.selected) == naive_mes_add1(254, costs, ballots, "cost")


# -- properties ----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    small_elections(max_budget=200),
    st.sampled_from(["approval", "cost"]),
    st.sampled_from(["none", "add1"]),
    st.booleans(),
)
def test_mes_outcomes_fit_the_budget_and_supporters_pay_exactly_the_cost(election, utility, completion, fill):
    budget, costs, ballots = election
    outcome = equal_shares(budget, costs, ballots, utility=utility, completion=completion, greedy_fill=fill)
    assert outcome.spent == sum(costs[p] for p in outcome.selected) <= budget
    assert len(set(outcome.selected)) == len(outcome.selected)
    assert set(outcome.selected) | set(outcome.not_selected) == set(costs)
    voter_budget = Fraction(outcome.details["voter_budget"])
    for pid in outcome.selected:
        note = outcome.explanation[pid]
        if note["round"] in (0, "greedy"):
            continue
        paid = note["cost_to_supporters"]
        assert sum(Fraction(amount) * count for amount, count in paid.items()) == costs[pid]
        assert all(Fraction(amount) <= voter_budget for amount in paid)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text("abcdef", min_size=1, max_size=3), st.integers(0, 100), min_size=1, max_size=8),
    st.data(),
)
def test_greedy_within_budget_and_noskip_is_a_prefix(costs, data):
    scores = {p: data.draw(st.integers(0, 20)) for p in costs}
    budget = data.draw(st.integers(0, 300))
    skip = greedy(budget, costs, scores)
    noskip = greedy(budget, costs, scores, skip=False)
    assert skip.spent <= budget and noskip.spent <= budget
    assert skip.selected[: len(noskip.selected)] == noskip.selected
    order = sorted(costs, key=lambda p: (-scores[p], p))
    assert list(noskip.selected) == order[: len(noskip.selected)]
    # nothing left out would still have fitted
    assert all(skip.spent + costs[p] > budget for p in skip.not_selected)


@settings(max_examples=150, deadline=None)
@given(
    small_elections(max_budget=200),
    st.sampled_from(["approval", "cost"]),
    st.sampled_from(["none", "add1"]),
    st.randoms(),
)
def test_relabelling_projects_in_the_same_order_changes_nothing(election, utility, completion, rnd):
    """Ids only break ties, so new ids that sort the same way give the same outcome, relabelled."""
    budget, costs, ballots = election
    old = sorted(costs)
    new = sorted(rnd.sample(["p%03d" % i for i in range(1000)], len(old)))
    rename = dict(zip(old, new))
    before = equal_shares(budget, costs, ballots, utility, completion)
    after = equal_shares(
        budget,
        {rename[p]: c for p, c in costs.items()},
        [frozenset(rename[p] for p in b) for b in ballots],
        utility,
        completion,
    )
    assert after.selected == tuple(rename[p] for p in before.selected)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(1, 50), min_size=1, max_size=7, unique=True), st.data())
def test_greedy_relabelling_without_ties_changes_nothing(score_values, data):
    n = len(score_values)
    costs = {f"p{i}": data.draw(st.integers(1, 40)) for i in range(n)}
    scores = dict(zip(costs, score_values))  # distinct scores: no ties
    budget = data.draw(st.integers(0, 150))
    perm = data.draw(st.permutations(list(costs)))
    rename = dict(zip(costs, perm))
    before = greedy(budget, costs, scores)
    after = greedy(budget, {rename[p]: c for p, c in costs.items()}, {rename[p]: s for p, s in scores.items()})
    assert after.selected == tuple(rename[p] for p in before.selected)


# -- elections and the command line -------------------------------------------------------------

PB = """META
key;value
budget;100
vote_type;{vote_type}
max_length;2
PROJECTS
project_id;cost
1;60
2;50
3;30
VOTES
voter_id;vote{points_header}
a;1,3{points_a}
b;2,1{points_b}
c;3,2{points_c}
"""


def election(vote_type):
    with_points = vote_type == "cumulative"
    return read_pb(
        PB.format(
            vote_type=vote_type,
            points_header=";points" if with_points else "",
            points_a=";5,1" if with_points else "",
            points_b=";1,4" if with_points else "",
            points_c=";1,1" if with_points else "",
        )
    )


def test_outcome_for_election_uses_each_ballot_kind():
    # approval: 1 and 3 and 2 have 2 votes each: ties by id -> 1 (60), 2 no, 3 (30)
    assert outcome_for_election(election("approval"), "greedy").selected == ("1", "3")
    # cumulative: 1 has 9 points, 2 and 3 have 2 each
    assert outcome_for_election(election("cumulative"), "greedy").selected == ("1", "3")
    # ordinal, k = 2: 1 = 2+1 = 3, 2 = 2+1 = 3, 3 = 1+2 = 3 -> all tied; noskip stops after 1
    assert outcome_for_election(election("ordinal"), "greedy-noskip").selected == ("1",)
    mes = outcome_for_election(election("approval"), "mes", utility="cost", completion="add1")
    assert isinstance(mes, Outcome) and mes.spent <= 100
    with pytest.raises(ValueError, match="unknown rule"):
        outcome_for_election(election("approval"), "borda")


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "wagtail_participation.budgets.engine.budgeting", *args], capture_output=True, text=True
    )


def test_recount_command_prints_json(tmp_path):
    path = tmp_path / "e.pb"
    path.write_text(PB.format(vote_type="approval", points_header="", points_a="", points_b="", points_c=""))
    result = run_cli("--rule", "greedy", str(path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["selected"] == ["1", "3"] and data["rule"] == "greedy" and data["seconds"] >= 0
    result = run_cli("--rule", "mes", "--utility", "cost", "--completion", "add1", "--explain", str(path))
    data = json.loads(result.stdout)
    assert data["rule"] == "mes-add1" and data["utility"] == "cost" and "explanation" in data


def test_recount_command_reports_a_malformed_file(tmp_path):
    path = tmp_path / "bad.pb"
    path.write_text("META\nkey;value\nbudget;x\nvote_type;approval\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n")
    result = run_cli("--rule", "greedy", str(path))
    assert result.returncode == 2
    assert "line 3" in result.stderr and "not a number" in result.stderr
    result = run_cli("--rule", "greedy", str(tmp_path / "missing.pb"))
    assert result.returncode == 2
    result = run_cli("--rule", "borda", str(path))
    assert result.returncode == 2 and "invalid choice" in result.stderr
