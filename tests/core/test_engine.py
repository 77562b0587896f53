"""Pure engine logic: plain pytest and hypothesis, no database."""

import math
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from wagtail_participation.engine import charts, colours, timeline
from wagtail_participation.engine.method_results import MethodResults, ResultRow

T0 = datetime(2027, 1, 1, tzinfo=UTC)


def test_engine_imports_without_django():
    code = (
        "import sys; import wagtail_participation.engine.timeline, wagtail_participation.engine.policy, "
        "wagtail_participation.engine.method_results, wagtail_participation.engine.charts, wagtail_participation.engine.colours, "
        "wagtail_participation.engine.hashed_codes, wagtail_participation.engine.trending, wagtail_participation.ideas.engine.similarity; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; print(bad); assert not bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def iv(key, start_day, end_day):
    return timeline.Interval(key, T0 + timedelta(days=start_day), T0 + timedelta(days=end_day))


def test_touching_phases_do_not_overlap_and_reversed_is_reported():
    assert timeline.find_problems([iv("a", 0, 10), iv("b", 10, 20)]) == []
    problems = timeline.find_problems([iv("a", 5, 5), iv("b", 9, 3)])
    assert [(p.code, p.key) for p in problems] == [("end_not_after_start", "a"), ("end_not_after_start", "b")]


def test_every_clash_of_a_long_phase_is_reported():
    problems = timeline.find_problems([iv("long", 0, 30), iv("x", 5, 6), iv("y", 10, 11)])
    assert {(p.key, p.other_key) for p in problems} == {("x", "long"), ("y", "long")}


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=8))
def test_overlap_reported_iff_some_pair_overlaps(raw):
    intervals = [iv(str(i), start, start + length) for i, (start, length) in enumerate(raw)]
    really_overlapping = any(
        a.start < b.end and b.start < a.end for i, a in enumerate(intervals) for b in intervals[i + 1 :]
    )
    reported = any(p.code == "overlap" for p in timeline.find_problems(intervals))
    assert reported == really_overlapping


@given(st.integers(-5, 40))
def test_at_most_one_active_phase_in_a_valid_timeline(day):
    phases = [iv("a", 0, 10), iv("b", 10, 20), iv("c", 25, 30)]
    now = T0 + timedelta(days=day)
    active = [p for p in phases if p.status_at(now) is timeline.Status.ACTIVE]
    assert len(active) <= 1
    summary = timeline.summarise(phases, now)
    assert summary.active == (active[0] if active else None)
    expected = timeline.Status.UPCOMING if day < 0 else timeline.Status.PAST if day >= 30 else timeline.Status.ACTIVE
    assert summary.status is expected


def test_summary_in_a_gap_between_phases_announces_the_next():
    summary = timeline.summarise([iv("a", 0, 10), iv("c", 25, 30)], T0 + timedelta(days=15))
    assert summary.status is timeline.Status.ACTIVE and summary.active is None
    assert summary.next_upcoming.key == "c"


def test_results_round_trip_through_json_dict():
    results = MethodResults(
        rule="count", rows=(ResultRow("a", "Yes", 3), ResultRow("b", "No", 1)), participants=4, assurance="registered"
    )
    assert MethodResults.from_dict(results.to_dict()) == results
    assert results.total == 4


def test_bar_layout_scales_to_largest_and_shares_add_up():
    chart = charts.layout_bars([("Yes", 30), ("No", 10), ("Blank", 0)])
    assert chart.bars[0].width == chart.bar_area
    assert chart.bars[1].width == round(chart.bar_area / 3, 2)
    assert chart.bars[2].width == 0
    assert abs(sum(b.share for b in chart.bars) - 1) < 1e-9
    empty = charts.layout_bars([("Nobody", 0)])
    assert empty.bars[0].share == 0 and empty.bars[0].width == 0


def test_contrast_ratio_matches_wcag_examples():
    assert round(colours.contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(colours.contrast_ratio("#767676", "#ffffff"), 2) == 4.54
    assert colours.contrast_ratio("#fff", "#ffffff") == 1.0


# -- hashed codes: codes and census normalisation ----------------------------------------------------
import pytest  # noqa: E402
from hypothesis import example  # noqa: E402

from wagtail_participation.engine import hashed_codes  # noqa: E402


def test_codes_are_random_readable_and_normalise_back():
    codes = {hashed_codes.generate_code() for _ in range(500)}
    assert len(codes) == 500
    code = codes.pop()
    assert len(code) == 14 and code.count("-") == 2
    assert not set(code.replace("-", "")) & set("01OIL")
    assert hashed_codes.normalise_code(f" {code.lower().replace('-', ' ')} ") == code.replace("-", "")


@pytest.mark.parametrize("typed", ["1980-05-03", "03/05/1980", "3-5-1980", "03.05.1980", "19800503", " 1980/5/3 "])
def test_dates_in_common_formats(typed):
    assert hashed_codes.normalise_date(typed) == "1980-05-03"


@pytest.mark.parametrize("typed", ["31/02/1980", "1980-13-01", "yesterday", "", "03/05/80"])
def test_impossible_or_unclear_dates_are_refused(typed):
    with pytest.raises(ValueError):
        hashed_codes.normalise_date(typed)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzàéèçëöü -.'0123456789", max_size=30))
@example("Rue de l'Église 12")
def test_text_normalisation_ignores_case_accents_spaces_and_punctuation(text):
    variant = text.upper().replace(" ", "  ")
    assert hashed_codes.normalise_text(text) == hashed_codes.normalise_text(variant)
    assert hashed_codes.normalise_text("Rue de l'Église 12") == hashed_codes.normalise_text("rue de l eglise12")


def test_census_key_is_field_order_independent_and_digest_keyed():
    kinds = {"postal_code": "text", "house_number": "text", "date_of_birth": "date"}
    first = hashed_codes.census_key({"postal_code": "3001", "house_number": "12 a", "date_of_birth": "3/5/1980"}, kinds)
    second = hashed_codes.census_key(
        {"date_of_birth": "1980-05-03", "house_number": "12A", "postal_code": " 3001"}, kinds
    )
    assert first == second
    assert hashed_codes.digest(b"k1", "census", first) != hashed_codes.digest(b"k2", "census", first)
    assert hashed_codes.digest(b"k1", "census", first) != hashed_codes.digest(b"k1", "code", first)
    with pytest.raises(ValueError):
        hashed_codes.census_key({"postal_code": "3001", "house_number": " ", "date_of_birth": "1980-05-03"}, kinds)


# -- trending and similarity -----------------------------------------------------------------------
from wagtail_participation.engine import trending  # noqa: E402
from wagtail_participation.ideas.engine import similarity  # noqa: E402


@given(st.lists(st.integers(0, 400), min_size=1, max_size=20), st.lists(st.integers(0, 400), min_size=1, max_size=20))
def test_trending_order_equals_recency_weighted_votes_at_any_later_moment(hours_a, hours_b):
    def score(hours):
        return sum(trending.vote_weight(T0 + timedelta(hours=h)) for h in hours)

    def decayed(hours, now):
        tau = trending.DEFAULT_TAU.total_seconds()
        return sum(math.exp(-(now - (T0 + timedelta(hours=h))).total_seconds() / tau) for h in hours)

    for later in (T0 + timedelta(hours=400), T0 + timedelta(days=60)):
        a, b = decayed(hours_a, later), decayed(hours_b, later)
        if abs(a - b) > 1e-9 * max(a, b):
            assert (score(hours_a) > score(hours_b)) == (a > b)
        assert math.isclose(trending.current_value(score(hours_a), later), a, rel_tol=1e-9)


def test_a_recent_vote_outweighs_an_old_one():
    old, new = trending.vote_weight(T0), trending.vote_weight(T0 + timedelta(days=3))
    assert math.isclose(new / old, math.e)


def test_similarity_finds_the_same_idea_in_other_words_and_ignores_others():
    candidates = [
        ("racks", "More bike racks at the station: the racks are always full"),
        ("trees", "Plant trees on the market square for shade"),
        ("nl", "Meer fietsenstallingen aan het station"),
    ]
    ranked = similarity.rank_similar("Bike racks near the station", candidates)
    assert ranked[0][0] == "racks" and "trees" not in [key for key, _ in ranked]
    assert similarity.rank_similar("fietsenstalling station", candidates)[0][0] == "nl"
    assert similarity.rank_similar("the and of", candidates) == []
