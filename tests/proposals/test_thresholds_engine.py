"""The proposal state machine (engine/thresholds.py): plain pytest and hypothesis, no database."""

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wagtail_participation.proposals.engine import thresholds as th
from wagtail_participation.proposals.engine.thresholds import Facts, Outcome, Rules, State

BRUSSELS = ZoneInfo("Europe/Brussels")
SANTIAGO = ZoneInfo("America/Santiago")  # its DST starts at midnight: 00:00 does not exist that day
ZONES = [BRUSSELS, SANTIAGO, ZoneInfo("America/New_York"), ZoneInfo("Australia/Lord_Howe"), ZoneInfo("UTC")]
UTC = UTC


def test_engine_imports_without_django():
    code = (
        "import sys; import wagtail_participation.proposals.engine.thresholds; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def published(at, **kwargs):
    return Facts(submitted_at=at, published_at=at, **kwargs)


def test_publication_day_is_day_one_and_the_window_ends_at_local_midnight():
    rules = Rules(threshold=30, window_days=60)
    at = datetime(2027, 3, 1, 23, 59, tzinfo=BRUSSELS)  # one minute before the end of day 1
    end = th.window_end(at, rules, BRUSSELS)
    assert end == datetime(2027, 4, 30, 0, 0, tzinfo=BRUSSELS)  # end of 29 April = day 60
    facts = published(at, supports=3)
    just_before = th.state_of(facts, rules, end - timedelta(microseconds=1), BRUSSELS)
    assert just_before.state is State.PUBLISHED and just_before.days_left == 1
    assert th.state_of(facts, rules, end, BRUSSELS).state is State.EXPIRED
    assert th.state_of(facts, rules, at, BRUSSELS).days_left == 60


def test_window_across_daylight_saving_is_one_hour_shorter_but_ends_at_midnight():
    rules = Rules(window_days=30)
    at = datetime(2027, 3, 15, 10, 0, tzinfo=BRUSSELS)  # DST starts on 28 March 2027
    end = th.window_end(at, rules, BRUSSELS)
    assert end.astimezone(BRUSSELS).time().isoformat() == "00:00:00"
    assert end - th.start_of_day(date(2027, 3, 15), BRUSSELS) == timedelta(days=30, hours=-1)


def test_day_whose_midnight_does_not_exist_starts_when_the_clocks_jump():
    # Santiago: on 6 September 2026 clocks go from 00:00 (-04) straight to 01:00 (-03).
    start = th.start_of_day(date(2026, 9, 6), SANTIAGO)
    assert start == datetime(2026, 9, 6, 4, 0, tzinfo=UTC)
    assert start.astimezone(SANTIAGO).hour == 1


def test_threshold_reached_falls_back_after_removed_supports():
    rules = Rules(threshold=3, window_days=10)
    at = datetime(2027, 5, 1, 12, tzinfo=BRUSSELS)
    later = at + timedelta(days=2)
    reached = published(at, supports=3, threshold_reached_at=later)
    assert th.state_of(reached, rules, later, BRUSSELS).state is State.THRESHOLD_REACHED
    # a correction below the threshold inside the window: back to published, reached_at cleared
    assert th.reached_at_after_change(reached, rules, 2, later, BRUSSELS) is None
    corrected = published(at, supports=2)
    assert th.state_of(corrected, rules, later, BRUSSELS).state is State.PUBLISHED
    # ... and after the window: expired
    assert th.state_of(corrected, rules, at + timedelta(days=11), BRUSSELS).state is State.EXPIRED
    # an answered proposal keeps its state whatever is removed
    answered = published(at, supports=1, threshold_reached_at=later, answered_at=later, outcome=Outcome.ACCEPTED)
    assert th.reached_at_after_change(answered, rules, 0, later, BRUSSELS) == later
    assert th.state_of(answered, rules, later, BRUSSELS).state is State.ANSWERED


def test_offline_signatures_count_unless_switched_off():
    at = datetime(2027, 5, 1, 12, tzinfo=BRUSSELS)
    facts = published(at, supports=10, offline=25, threshold_reached_at=at)
    assert th.state_of(facts, Rules(threshold=30), at, BRUSSELS).state is State.THRESHOLD_REACHED
    off = th.state_of(facts, Rules(threshold=30, count_offline=False), at, BRUSSELS)
    assert off.state is State.PUBLISHED and off.count == 10


def test_answer_deadline_countdown_and_overdue():
    rules = Rules(threshold=2, answer_days=30)
    at = datetime(2027, 5, 1, 12, tzinfo=BRUSSELS)
    reached = at + timedelta(days=1)
    facts = published(at, supports=2, threshold_reached_at=reached)
    deadline = datetime(2027, 6, 1, 0, 0, tzinfo=BRUSSELS)  # 2 May is day 1, 31 May day 30
    status = th.state_of(facts, rules, reached, BRUSSELS)
    assert status.answer_deadline == deadline and status.answer_days_left == 30 and not status.overdue
    late = th.state_of(facts, rules, deadline, BRUSSELS)
    assert late.overdue and late.state is State.THRESHOLD_REACHED and late.answer_days_left == 0
    answered = th.state_of(
        published(at, supports=2, threshold_reached_at=reached, answered_at=deadline, outcome=Outcome.REJECTED),
        rules,
        deadline,
        BRUSSELS,
    )
    assert answered.state is State.ANSWERED and answered.answered_late and answered.outcome is Outcome.REJECTED


def test_life_cycle_before_publication_and_ineligible():
    rules, now = Rules(), datetime(2027, 5, 1, tzinfo=UTC)
    assert th.state_of(Facts(), rules, now, UTC).state is State.DRAFT
    assert th.state_of(Facts(submitted_at=now), rules, now, UTC).state is State.PRESCREENING
    assert th.state_of(published(now, supports=99, ineligible=True), rules, now, UTC).state is State.INELIGIBLE


def test_who_may_support():
    rules = Rules(threshold=2, supports_after_threshold=False)
    now = datetime(2027, 5, 1, tzinfo=UTC)
    open_ = th.state_of(published(now), rules, now, UTC)
    assert th.support_refusal(open_, rules, is_author=False, already=False) == "ok"
    assert th.support_refusal(open_, rules, is_author=True, already=False) == "own_proposal"
    assert th.support_refusal(open_, rules, is_author=False, already=True) == "already_supported"
    full = th.state_of(published(now, supports=2, threshold_reached_at=now), rules, now, UTC)
    assert th.support_refusal(full, rules, is_author=False, already=False) == "threshold_reached"
    expired = th.state_of(published(now - timedelta(days=90)), rules, now, UTC)
    assert th.support_refusal(expired, rules, is_author=False, already=False) == "expired"
    reached_long_ago = th.state_of(
        published(now - timedelta(days=90), supports=2, threshold_reached_at=now - timedelta(days=80)),
        Rules(threshold=2),
        now,
        UTC,
    )
    assert reached_long_ago.state is State.THRESHOLD_REACHED and not reached_long_ago.window_open
    assert th.support_refusal(reached_long_ago, Rules(threshold=2), is_author=False, already=False) == "expired"
    draft = th.state_of(Facts(), rules, now, UTC)
    assert th.support_refusal(draft, rules, is_author=False, already=False) == "not_published"
    assert th.withdrawal_refusal(open_, rules, has_support=True) == "ok"
    assert th.withdrawal_refusal(full, rules, has_support=True) == "withdrawal_closed"
    assert (
        th.withdrawal_refusal(open_, Rules(withdrawal_before_threshold=False), has_support=True)
        == "withdrawal_not_allowed"
    )


def test_rules_refuse_nonsense():
    with pytest.raises(ValueError):
        Rules(threshold=0)
    with pytest.raises(ValueError):
        th.window_end(datetime(2027, 1, 1), Rules(), UTC)


# -- hypothesis: random sequences of events and clock moves ------------------------------------

EVENTS = st.lists(
    st.one_of(
        st.tuples(st.just("support"), st.integers(1, 5)),
        st.tuples(st.just("remove"), st.integers(1, 5)),
        st.tuples(st.just("offline"), st.integers(1, 10)),
        # clock moves: to just before / exactly at the window end, or by minutes to days
        st.tuples(st.just("to_end"), st.sampled_from([-1, 0, 1])),
        st.tuples(st.just("wait"), st.integers(1, 60 * 24 * 20)),
        st.tuples(st.just("answer"), st.sampled_from([Outcome.ACCEPTED, Outcome.REJECTED])),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(
    events=EVENTS,
    zone=st.sampled_from(ZONES),
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)),
    threshold=st.integers(1, 12),
    window=st.integers(1, 70),
    count_offline=st.booleans(),
)
def test_state_machine_over_random_events(events, zone, start, threshold, window, count_offline):
    """Replays events the way the service layer does (reached_at kept by reached_at_after_change,
    online supports refused outside the window) and checks the invariants after every step."""
    rules = Rules(threshold=threshold, window_days=window, count_offline=count_offline)
    now, supports, offline, reached_at, outcome, answered_at = start, 0, 0, None, None, None
    end = th.window_end(start, rules, zone)
    # the window: D local calendar days, ending at a local midnight
    assert end.astimezone(zone).time().isoformat() == "00:00:00"
    assert th.local_day(end, zone) - th.local_day(start, zone) == timedelta(days=window)
    ever_answered = None

    def facts():
        return Facts(
            submitted_at=start,
            published_at=start,
            supports=supports,
            offline=offline,
            threshold_reached_at=reached_at,
            answered_at=answered_at,
            outcome=outcome,
        )

    for kind, arg in events:
        before = th.state_of(facts(), rules, now, zone)
        if kind == "support":
            if th.support_refusal(before, rules, is_author=False, already=False) != "ok":
                continue
            supports += arg
        elif kind == "remove":
            supports = max(0, supports - arg)
        elif kind == "offline":
            offline += arg
        elif kind == "to_end":
            now = max(now, end + timedelta(microseconds=arg))
        elif kind == "wait":
            now += timedelta(minutes=arg)
        elif kind == "answer":
            if before.state is State.THRESHOLD_REACHED and outcome is None:
                outcome, answered_at = arg, now
        count = supports + (offline if count_offline else 0)
        reached_at = th.reached_at_after_change(facts(), rules, count, now, zone)
        status = th.state_of(facts(), rules, now, zone)

        assert status.count == count
        if ever_answered is not None:
            assert status.state is State.ANSWERED and status.outcome is ever_answered  # sticky
            continue
        if status.state is State.ANSWERED:
            ever_answered = status.outcome
            continue
        if count >= threshold and reached_at is not None:
            assert status.state is State.THRESHOLD_REACHED
            assert status.answer_deadline is not None and status.overdue == (now >= status.answer_deadline)
        elif now >= end:
            assert status.state is State.EXPIRED and status.days_left == 0
        else:
            assert status.state is State.PUBLISHED
            assert 1 <= status.days_left <= window
            # the last day of the window says "1 day left"
            assert (status.days_left == 1) == (
                th.local_day(now, zone) == th.local_day(end - timedelta(microseconds=1), zone)
            )
        if count < threshold:
            assert reached_at is None  # a correction below the threshold always falls back
        assert 0.0 <= status.progress <= 1.0


@given(zone=st.sampled_from(ZONES), day=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)))
def test_start_of_day_is_the_first_instant_of_that_local_day(zone, day):
    start = th.start_of_day(day, zone)
    assert start.astimezone(zone).date() == day
    assert (start - timedelta(microseconds=1)).astimezone(zone).date() < day


@given(st.integers(0, 40), st.integers(1, 40))
def test_half_notification_is_due_from_half_the_threshold(count, threshold):
    now = datetime(2027, 5, 1, tzinfo=UTC)
    reached_at = now if count >= threshold else None
    status = th.state_of(
        published(now, supports=count, threshold_reached_at=reached_at), Rules(threshold=threshold), now, UTC
    )
    due = th.due_notifications(status, now, warning_days=7)
    assert th.AUTHOR_PUBLISHED in due
    assert (th.AUTHOR_HALF in due) == (2 * count >= threshold)
    assert (th.STAFF_THRESHOLD in due) == (count >= threshold)
