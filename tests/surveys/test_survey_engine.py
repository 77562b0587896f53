"""The survey engine without Django: conditions, rankings, stored-answer checks, the summary."""

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from wagtail_participation.surveys.engine import questions as engine
from wagtail_participation.surveys.engine.questions import Condition, Option, Question

VISITS = Question("visits", "radio", "How often?", (Option("daily", "Daily"), Option("rarely", "Rarely")))
WHY = Question("why", "multiline", "Why rarely?", required=False, condition=Condition("visits", frozenset({"rarely"})))
DETAIL = Question("detail", "singleline", "Tell more", condition=Condition("why", frozenset({"x"})))
SCALE = Question("satisfaction", "scale", "Satisfied?", minimum=1, maximum=5)
RANK = Question("rank", "ranking", "Rank", (Option("a", "A"), Option("b", "B"), Option("c", "C")))
MATRIX = Question("m", "matrix", "Matrix", (Option("quiet", "Quiet"), Option("light", "Light")), minimum=1, maximum=5)
OTHER = Question("transport", "choice_other", "How?", (Option("walk", "Walk"),))
TICKS = Question("activities", "checkboxes", "What?", (Option("sport", "Sport"), Option("picnic", "Picnic")))
AGE = Question("age", "number", "Age", minimum=0, maximum=120)


def test_engine_surveys_imports_without_django():
    code = (
        "import sys; import wagtail_participation.surveys.engine.questions; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_conditions_hide_questions_and_chains():
    assert [q.code for q in engine.visible_questions([VISITS, WHY], {"visits": "daily"})] == ["visits"]
    assert [q.code for q in engine.visible_questions([VISITS, WHY], {"visits": "rarely"})] == ["visits", "why"]
    # "detail" depends on "why", which is hidden for a daily visitor: hidden too, even with a forged answer
    answers = {"visits": "daily", "why": "x", "detail": "forged"}
    assert engine.keep_visible([VISITS, WHY, DETAIL], answers) == {"visits": "daily"}


def test_condition_matches_lists_numbers_other_and_booleans():
    assert engine.condition_met(Condition("q", frozenset({"b"})), {"q": ["a", "b"]})
    assert engine.condition_met(Condition("q", frozenset({"4"})), {"q": 4})
    assert engine.condition_met(Condition("q", frozenset({"4"})), {"q": 4.0})
    assert engine.condition_met(Condition("q", frozenset({"other"})), {"q": {"other": "bus"}})
    assert engine.condition_met(Condition("q", frozenset({"yes"})), {"q": True})
    assert not engine.condition_met(Condition("q", frozenset({"a"})), {})


@given(st.permutations(["a", "b", "c", "d"]))
def test_a_complete_ranking_round_trips(order):
    positions = {code: place for place, code in enumerate(order, start=1)}
    assert engine.ranking_problem(positions, 4, complete=True) is None
    assert engine.ranking_order(positions) == list(order)


@given(st.dictionaries(st.sampled_from("abcd"), st.one_of(st.none(), st.integers(-2, 6)), min_size=4, max_size=4))
def test_ranking_problem_accepts_exactly_the_rankings_without_repeats_or_gaps(positions):
    given_places = [p for p in positions.values() if p is not None]
    valid = (
        all(1 <= p <= 4 for p in given_places)
        and len(set(given_places)) == len(given_places)
        and sorted(given_places) == list(range(1, len(given_places) + 1))
    )
    assert (engine.ranking_problem(positions, 4, complete=False) is None) == valid
    complete = engine.ranking_problem(positions, 4, complete=True) is None
    assert complete == (valid and len(given_places) == 4)


def test_ranking_problems_are_named():
    assert engine.ranking_problem({"a": 1, "b": 1, "c": 2}, 3, True) == "repeated"
    assert engine.ranking_problem({"a": 1, "b": None, "c": 2}, 3, True) == "incomplete"
    assert engine.ranking_problem({"a": 1, "b": None, "c": 3}, 3, False) == "gap"
    assert engine.ranking_problem({"a": 1, "b": 9, "c": 2}, 3, False) == "out_of_range"


def test_problem_codes_catch_forged_stored_answers():
    questions = [VISITS, SCALE, RANK, MATRIX, OTHER, TICKS, AGE]
    good = {
        "visits": "daily",
        "satisfaction": 3,
        "rank": ["b", "a"],
        "m": {"quiet": 2},
        "transport": {"other": "bus"},
        "activities": ["sport"],
        "age": 40,
    }
    assert engine.problem_codes(questions, good) == {}
    bad = {
        "visits": "hourly",
        "satisfaction": 6,
        "rank": ["a", "a"],
        "m": {"quiet": 9},
        "transport": {"else": "x"},
        "activities": ["sport", "sport"],
        "age": float("nan"),
        "forged": 1,
    }
    assert engine.problem_codes(questions, bad) == {
        "visits": "unknown_option",
        "satisfaction": "out_of_range",
        "rank": "repeated",
        "m": "out_of_range",
        "transport": "unknown_option",
        "activities": "unknown_option",
        "age": "out_of_range",
        "forged": "unknown_question",
    }


def test_summary_counts_averages_and_texts():
    responses = [
        {
            "visits": "daily",
            "satisfaction": 5,
            "rank": ["a", "b", "c"],
            "m": {"quiet": 4, "light": 2},
            "transport": "walk",
            "activities": ["sport", "picnic"],
            "age": 30,
        },
        {
            "visits": "rarely",
            "why": "Too far",
            "satisfaction": 2,
            "rank": ["b", "a", "c"],
            "m": {"quiet": 2},
            "transport": {"other": "Bus"},
            "age": 50,
        },
        {"visits": "daily", "satisfaction": 5},
        {"unknown": "ignored"},
    ]
    summary = engine.summarize([VISITS, WHY, SCALE, RANK, MATRIX, OTHER, TICKS, AGE], responses)
    assert summary.responses == 4
    visits = summary.question("visits")
    assert visits.answered == 3 and [(c.code, c.count) for c in visits.counts] == [("daily", 2), ("rarely", 1)]
    assert summary.question("why").texts == ("Too far",)
    scale = summary.question("satisfaction").numbers
    assert scale.average == 4 and scale.median == 5
    assert [(c.label, c.count) for c in scale.distribution] == [("1", 0), ("2", 1), ("3", 0), ("4", 0), ("5", 2)]
    rank = summary.question("rank")
    assert [(o.code, place) for o, place in rank.average_place] == [("a", 1.5), ("b", 1.5), ("c", 3.0)]
    assert [(c.code, c.count) for c in rank.counts] == [("a", 1), ("b", 1), ("c", 0)]
    matrix = dict((o.code, n) for o, n in summary.question("m").rows)
    assert matrix["quiet"].average == 3 and matrix["light"].count == 1
    other = summary.question("transport")
    assert [(c.code, c.count) for c in other.counts] == [("walk", 1), ("other", 1)] and other.texts == ("Bus",)
    assert [(c.code, c.count) for c in summary.question("activities").counts] == [("sport", 1), ("picnic", 1)]
    age = summary.question("age").numbers
    assert age.average == 40 and sum(c.count for c in age.distribution) == 2


@given(st.lists(st.sampled_from(["daily", "rarely"]), max_size=50), st.integers(0, 50))
def test_summary_conserves_answers(choices, skipped):
    responses = [{"visits": c} for c in choices] + [{} for _ in range(skipped)]
    summary = engine.summarize([VISITS], responses)
    visits = summary.question("visits")
    assert summary.responses == len(choices) + skipped
    assert sum(c.count for c in visits.counts) == visits.answered == len(choices)


@given(st.lists(st.integers(1, 5), min_size=1, max_size=40))
def test_scale_distribution_sums_to_the_answers_and_the_average_is_inside(values):
    numbers = engine.summarize([SCALE], [{"satisfaction": v} for v in values]).question("satisfaction").numbers
    assert sum(c.count for c in numbers.distribution) == len(values)
    assert 1 <= numbers.average <= 5


def test_text_answers_are_capped_but_counted():
    summary = engine.summarize([WHY], [{"why": f"answer {i}"} for i in range(30)], text_limit=10)
    assert len(summary.question("why").texts) == 10 and summary.question("why").text_count == 30


ANSWER = st.one_of(
    st.sampled_from(["daily", "rarely", "x", ""]), st.integers(1, 5), st.lists(st.sampled_from("ab"), max_size=2)
)


@given(st.dictionaries(st.sampled_from(["visits", "why", "detail", "satisfaction", "forged"]), ANSWER))
def test_keep_visible_keeps_only_asked_questions_and_is_idempotent(answers):
    questions = [VISITS, WHY, DETAIL, SCALE]
    kept = engine.keep_visible(questions, answers)
    asked = {q.code for q in engine.visible_questions(questions, answers)}
    assert set(kept) <= asked and "forged" not in kept
    assert engine.keep_visible(questions, kept) == kept
    if "why" in kept:
        assert kept.get("visits") == "rarely"


RESPONSES = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "visits": st.sampled_from(["daily", "rarely"]),
            "why": st.text(max_size=20),
            "satisfaction": st.integers(1, 5),
            "rank": st.permutations(["a", "b", "c"]).map(list),
            "m": st.fixed_dictionaries({}, optional={"quiet": st.integers(1, 5), "light": st.integers(1, 5)}),
            "transport": st.sampled_from(["walk", {"other": "Bus"}]),
            "activities": st.lists(st.sampled_from(["sport", "picnic"]), unique=True),
            "age": st.integers(0, 120),
        },
    ),
    max_size=12,
)


@given(RESPONSES)
def test_a_summary_survives_a_snapshot_exactly(responses):
    """A snapshot stores ``to_dict()`` as JSON (tuples come back as lists) and reads it back equal."""
    import json

    summary = engine.summarize([VISITS, WHY, SCALE, RANK, MATRIX, OTHER, TICKS, AGE], responses)
    assert engine.SurveySummary.from_dict(json.loads(json.dumps(summary.to_dict()))) == summary
    stored_before = {"survey": json.loads(json.dumps(summary.to_dict()))}  # the shape under ``extra`` until now
    assert engine.SurveySummary.from_dict(stored_before) == summary
