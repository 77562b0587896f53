"""The pure figures engine: per-kind, per-channel totals (plain pytest + hypothesis, no Django)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wagtail_participation.engine.figures import CONTRIBUTIONS, VOTES, Tally, combine

channels = st.sampled_from(["online", "meeting", "paper", "phone"])
tallies = st.lists(
    st.builds(
        Tally,
        st.sampled_from(["ideas", "comments", "votes", "ballots"]),
        st.sampled_from([CONTRIBUTIONS, VOTES]),
        st.dictionaries(channels, st.integers(0, 10_000), max_size=4),
    ),
    max_size=8,
)


@given(tallies, st.integers(0, 10_000))
def test_totals_are_the_sum_of_every_tally_per_kind_and_channel(items, participants):
    figures = combine(items, participants)
    for kind in (CONTRIBUTIONS, VOTES):
        assert figures.totals[kind] == sum(t.total for t in items if t.kind == kind)
        assert sum(figures.by_channel[kind].values()) == figures.totals[kind]
    assert sum(figures.by_source.values()) == sum(t.total for t in items)
    assert figures.participants == participants
    rows = figures.rows()
    assert sum(counts[kind] for _, counts in rows for kind in counts) == sum(figures.totals.values())
    if rows and "online" in figures.channels:
        assert rows[0][0] == "online"  # online first, then the offline channels


def test_offline_channels_are_flagged_and_empty_figures_are_empty():
    figures = combine(
        [Tally("ideas", CONTRIBUTIONS, {"online": 3, "meeting": 2}), Tally("votes", VOTES, {"online": 10})], 4
    )
    assert figures.channels == ["online", "meeting"] and figures.has_offline
    assert figures.rows() == [("online", {CONTRIBUTIONS: 3, VOTES: 10}), ("meeting", {CONTRIBUTIONS: 2, VOTES: 0})]
    assert combine([], 0).is_empty and not combine([Tally("ideas", CONTRIBUTIONS, {"online": 0})], 0).has_offline


def test_bad_tallies_are_refused():
    with pytest.raises(ValueError):
        Tally("ideas", "likes", {"online": 1})
    with pytest.raises(ValueError):
        Tally("ideas", VOTES, {"online": -1})
    with pytest.raises(ValueError):
        combine([], -1)
