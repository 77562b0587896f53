"""engine/tally.py: plain pytest + hypothesis, no database."""

import subprocess
import sys

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wagtail_participation.polls.engine import tally

OPTIONS = ("a", "b", "c", "d", "e")


def test_tally_imports_without_django():
    code = (
        "import sys, wagtail_participation.polls.engine.tally; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@st.composite
def rankings(draw, options=OPTIONS, min_size=0):
    chosen = draw(st.permutations(options))
    return tuple(chosen[: draw(st.integers(min_value=min_size, max_value=len(options)))])


profiles = st.lists(rankings(), max_size=60)
full_profiles = st.lists(rankings(min_size=len(OPTIONS)), min_size=1, max_size=60)


# -- worked examples -----------------------------------------------------------------------------
def test_plurality_counts_first_choices_and_reports_ties():
    count = tally.plurality([("a",), ("b",), ("a",), (), ("b",)], ["a", "b", "c"])
    assert count.scores == {"a": 2, "b": 2, "c": 0}
    assert count.ballots == 4
    assert count.winners == ("a", "b")  # a tie is reported, never decided silently


def test_approval_counts_every_code_once_per_ballot():
    count = tally.approval([("a", "b"), ("b",), ("c", "b")], ["a", "b", "c"])
    assert count.scores == {"a": 1, "b": 3, "c": 1}
    assert count.winners == ("b",)
    assert count.ranked()[0] == ("b", 3)


def test_borda_gives_unranked_options_nothing():
    count = tally.borda([("a", "b", "c"), ("c",)], ["a", "b", "c"])
    assert count.scores == {"a": 2, "b": 1, "c": 0 + 2}
    assert count.winners == ("a", "c")


def test_irv_eliminates_lowest_and_transfers():
    # 4 a-first, 3 b-first, 2 c-first whose second choice is b: b wins in round 2.
    ballots = [("a", "b")] * 4 + [("b", "a")] * 3 + [("c", "b")] * 2
    result = tally.instant_runoff(ballots, ["a", "b", "c"])
    assert [r.counts for r in result.rounds] == [{"a": 4, "b": 3, "c": 2}, {"a": 4, "b": 5}]
    assert result.rounds[0].eliminated == "c"
    assert result.winner == "b"
    assert result.tie_breaks == 0


def test_irv_counts_exhausted_ballots():
    # b's voters named no second choice: their ballots are exhausted once b is out, and the
    # majority is then taken of the 7 ballots still counting (a has 4).
    ballots = [("a",)] * 4 + [("c",)] * 3 + [("b",)] * 2
    result = tally.instant_runoff(ballots, ["a", "b", "c"])
    assert result.rounds[0].eliminated == "b"
    assert result.rounds[1].exhausted == 2
    assert result.rounds[1].counts == {"a": 4, "c": 3}
    assert result.winner == "a"


def test_irv_tie_break_earlier_round_then_borda_then_order():
    # Round 1: a 3, b 2, c 2, d 1 -> d out (no tie); its ballot goes to b. Round 2: a 3, b 3, c 2 -> c out.
    ballots = [("a",)] * 3 + [("b",)] * 2 + [("c", "a")] * 2 + [("d", "b")]
    result = tally.instant_runoff(ballots, ["a", "b", "c", "d"])
    assert result.rounds[0].eliminated == "d" and result.rounds[0].tie_break == ""
    # Round 3: a 5 of 8 continuing: a wins.
    assert result.winner == "a"
    # A pure tie in every round and in Borda: the option published last is eliminated.
    result = tally.instant_runoff([("a",), ("b",)], ["a", "b"])
    assert result.rounds[0].tied == ("a", "b")
    assert result.rounds[0].tie_break == "order"
    assert result.rounds[0].eliminated == "b"
    assert result.winner == "a"


def test_irv_tie_broken_by_earlier_round():
    # Round 1: a 4, b 3, c 3(?)... built so b and c tie in round 2 but differed in round 1.
    ballots = [("a",)] * 4 + [("b",)] * 3 + [("c",)] * 2 + [("d", "c")] + [("e", "d")]
    result = tally.instant_runoff(ballots, ["a", "b", "c", "d", "e"])
    # Round 1: a4 b3 c2 d1 e1 -> d and e tie at 1 in round 1, equal in every earlier round (none),
    # Borda: d = 1*4 + 1*3 = 7, e = 4 -> e out. Round 2: d gets e's ballot: a4 b3 c2 d2 -> c, d tie;
    # round 1 had c 2, d 1 -> d out (earlier round).
    assert result.rounds[0].eliminated == "e" and result.rounds[0].tie_break == "borda"
    assert result.rounds[1].eliminated == "d" and result.rounds[1].tie_break == "earlier_round"


def test_counts_from_running_totals_use_the_same_winners_rule():
    count = tally.from_scores(tally.PLURALITY, {"a": 3, "b": 3, "c": 1}, 7)
    assert count.winners == ("a", "b") and count.ballots == 7
    assert tally.from_scores(tally.APPROVAL, {"a": 0}, 0).winners == ()


def test_ballot_checks():
    with pytest.raises(tally.BallotError):
        tally.check_ballot(["a", "zz"], OPTIONS)
    with pytest.raises(tally.BallotError):
        tally.check_ballot(["a", "a"], OPTIONS)
    with pytest.raises(tally.BallotError):
        tally.check_ballot(["a"], OPTIONS, minimum=2)
    with pytest.raises(tally.BallotError):
        tally.check_ballot(["a", "b", "c"], OPTIONS, maximum=2)
    assert tally.check_ballot(["b", "a"], OPTIONS, minimum=1, maximum=2) == ("b", "a")
    with pytest.raises(tally.BallotError):
        tally.plurality([("zz",)], OPTIONS)


def test_ranking_from_ranks():
    assert tally.ranking_from_ranks({"a": 2, "b": 1, "c": None}) == ("b", "a")
    for bad in ({"a": 1, "b": 1}, {"a": 1, "b": 3}, {"a": 2}, {"a": None}):
        with pytest.raises(tally.BallotError):
            tally.ranking_from_ranks(bad)


# -- properties ----------------------------------------------------------------------------------
@given(profiles)
def test_votes_are_conserved(ballots):
    non_empty = [b for b in ballots if b]
    assert sum(tally.plurality(ballots, OPTIONS).scores.values()) == len(non_empty)
    assert sum(tally.approval(ballots, OPTIONS).scores.values()) == sum(len(b) for b in ballots)
    n = len(OPTIONS)
    assert sum(tally.borda(ballots, OPTIONS).scores.values()) == sum(n - 1 - i for b in ballots for i in range(len(b)))
    result = tally.instant_runoff(ballots, OPTIONS)
    for round_ in result.rounds:
        assert sum(round_.counts.values()) + round_.exhausted == len(non_empty)


@given(profiles)
@settings(max_examples=200)
def test_irv_terminates_within_one_round_per_option(ballots):
    result = tally.instant_runoff(ballots, OPTIONS)
    assert 1 <= len(result.rounds) <= len(OPTIONS)
    assert (result.winner is None) == (not any(ballots))
    eliminated = [r.eliminated for r in result.rounds if r.eliminated]
    assert len(eliminated) == len(set(eliminated))
    assert result.winner not in eliminated


@given(full_profiles, st.permutations(range(len(OPTIONS))), st.permutations(OPTIONS))
def test_relabelling_changes_nothing_without_ties(ballots, new_order, new_names):
    rename = dict(zip(OPTIONS, new_names))
    relabelled_options = [rename[OPTIONS[i]] for i in new_order]  # renamed and reordered
    relabelled = [tuple(rename[code] for code in ballot) for ballot in ballots]
    for rule in (tally.plurality, tally.approval, tally.borda):
        before, after = rule(ballots, OPTIONS), rule(relabelled, relabelled_options)
        assert {rename[c]: s for c, s in before.scores.items()} == after.scores
        if len(before.winners) == 1:
            assert after.winners == (rename[before.winners[0]],)
    runoff = tally.instant_runoff(ballots, OPTIONS)
    assume(runoff.tie_breaks == 0)
    again = tally.instant_runoff(relabelled, relabelled_options)
    assert again.winner == rename[runoff.winner]
    assert [r.eliminated and rename[r.eliminated] for r in runoff.rounds] == [r.eliminated for r in again.rounds]


@given(st.lists(rankings(min_size=1), min_size=1, max_size=40), st.sampled_from(OPTIONS))
def test_a_unanimous_first_choice_wins(ballots, favourite):
    ballots = [(favourite, *[code for code in ballot if code != favourite]) for ballot in ballots]
    assert tally.plurality(ballots, OPTIONS).winners == (favourite,)
    assert tally.borda(ballots, OPTIONS).winners == (favourite,)
    assert favourite in tally.approval(ballots, OPTIONS).winners
    result = tally.instant_runoff(ballots, OPTIONS)
    assert result.winner == favourite
    assert len(result.rounds) == 1


@given(profiles, st.dictionaries(st.sampled_from(OPTIONS), st.text(max_size=12)), st.integers(0, 60))
def test_a_tally_survives_a_snapshot_exactly(ballots, labels, registered):
    """A snapshot stores ``to_dict()`` as JSON (tuples come back as lists) and reads it back equal,
    also in the shape snapshots held before the tally was typed (only the rule's own keys)."""
    import json

    def stored(data):
        return json.loads(json.dumps(data))

    points, first = tally.borda(ballots, OPTIONS), tally.plurality(ballots, OPTIONS)
    assurance = {"registered": registered, "token": len(ballots)}
    ranked = tally.Tally(
        labels=labels,
        by_assurance=assurance,
        borda_winners=points.winners,
        runoff=tally.instant_runoff(ballots, OPTIONS),
        first_choices=first.scores,
    )
    poll = tally.Tally(labels=labels, winners=first.winners, by_assurance=assurance, other_answers=registered)
    for counted in (ranked, poll):
        assert tally.Tally.from_dict(stored(counted.to_dict())) == counted
    before = stored(ranked.to_dict())
    assert tally.Tally.from_dict({key: before[key] for key in tally_keys_before(ranked)}) == ranked
    before = stored(poll.to_dict())
    assert tally.Tally.from_dict({key: before[key] for key in tally_keys_before(poll)}) == poll


def tally_keys_before(counted):
    if counted.runoff:
        return ("borda_winners", "irv", "first_choices", "by_assurance", "labels")
    return ("winners", "by_assurance", "labels", "other_answers")
