"""Citizen proposals: the threshold, window and answer-deadline state machine over plain values.

A proposal's state is never scheduled: it is computed from what is stored (when it was submitted,
published, reached the threshold, answered, how many supports it has) and the current time
(architecture decision 6). The views, the listing filters, ``participation_tick`` and the tests
all ask :func:`state_of`.

Calendar rules, in the site's time zone:

* The window starts at publication (after prescreening approval, if any). The publication day is
  day 1 and the window ends at the end of day ``window_days``: a proposal published at 23:59 on
  1 March with a 60-day window can be supported until midnight at the end of 29 April.
* Once the threshold is reached, the city has until the end of day ``answer_days`` (the day the
  threshold was reached is day 1) to answer.
* Ends of days are wall-clock midnights, so a window that spans a daylight-saving change is one
  hour shorter or longer in absolute time but always ends at midnight.

Nothing here imports Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import Enum


class State(str, Enum):
    """Stable codes (stored in notifications, used in URLs and CSS classes)."""

    DRAFT = "draft"
    PRESCREENING = "prescreening"
    PUBLISHED = "published"
    THRESHOLD_REACHED = "threshold_reached"
    ANSWERED = "answered"
    EXPIRED = "expired"
    INELIGIBLE = "ineligible"

    def __str__(self):
        return self.value


# Set by the system from stored facts; editors cannot choose them by hand.
AUTOMATIC_STATES = frozenset({State.PRESCREENING, State.PUBLISHED, State.THRESHOLD_REACHED, State.EXPIRED})


class Outcome(str, Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Rules:
    """The rules a proposal runs under, frozen on the proposal when it is published."""

    threshold: int = 30
    window_days: int = 60
    answer_days: int = 90
    count_offline: bool = True
    supports_after_threshold: bool = True
    withdrawal_before_threshold: bool = True

    def __post_init__(self):
        if self.threshold < 1 or self.window_days < 1 or self.answer_days < 1:
            raise ValueError("threshold, window_days and answer_days must be at least 1")


@dataclass(frozen=True)
class Facts:
    """What is stored about one proposal. ``supports`` is the online count that counts (all
    supporters, or only those verified in the proposal's area where a per-area threshold applies)."""

    submitted_at: datetime | None = None
    published_at: datetime | None = None
    supports: int = 0
    offline: int = 0
    threshold_reached_at: datetime | None = None
    answered_at: datetime | None = None
    outcome: Outcome | None = None
    ineligible: bool = False


@dataclass(frozen=True)
class Status:
    """The computed state with everything a page or a notification needs to say about it."""

    state: State
    count: int
    threshold: int
    window_ends_at: datetime | None = None
    days_left: int | None = None  # calendar days left in the window, today included
    answer_deadline: datetime | None = None
    answer_days_left: int | None = None
    overdue: bool = False  # threshold reached, deadline passed, no answer
    answered_late: bool = False
    outcome: Outcome | None = None
    window_open: bool = False  # published and before the end of its window (supports possible)

    @property
    def progress(self) -> float:
        """Share of the threshold reached, capped at 1."""
        return min(1.0, self.count / self.threshold) if self.threshold else 0.0

    @property
    def reached(self) -> bool:
        return self.count >= self.threshold


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass aware datetimes")
    return moment.astimezone(UTC)


def local_day(moment: datetime, zone: tzinfo) -> date:
    return _utc(moment).astimezone(zone).date()


def start_of_day(day: date, zone: tzinfo) -> datetime:
    """The first instant of ``day`` in ``zone``, in UTC. Where midnight does not exist (a DST gap
    at midnight), zoneinfo's fold=0 maps it to the instant the clocks jumped, the day's true start."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def end_of_day_n(start: datetime, n: int, zone: tzinfo) -> datetime:
    """The end of day ``n`` counting the day of ``start`` as day 1 (exclusive bound, UTC)."""
    return start_of_day(local_day(start, zone) + timedelta(days=n), zone)


def window_end(published_at: datetime, rules: Rules, zone: tzinfo) -> datetime:
    return end_of_day_n(published_at, rules.window_days, zone)


def answer_deadline(reached_at: datetime, rules: Rules, zone: tzinfo) -> datetime:
    return end_of_day_n(reached_at, rules.answer_days, zone)


def counted(facts: Facts, rules: Rules) -> int:
    return max(0, facts.supports) + (max(0, facts.offline) if rules.count_offline else 0)


def days_left(now: datetime, end: datetime, zone: tzinfo) -> int:
    """Calendar days from today to the last day before ``end``, today included (0 once past)."""
    if _utc(now) >= _utc(end):
        return 0
    last_day = local_day(_utc(end) - timedelta(microseconds=1), zone)
    return (last_day - local_day(now, zone)).days + 1


def state_of(facts: Facts, rules: Rules, now: datetime, zone: tzinfo) -> Status:
    """The proposal's state at ``now``. Order: a decision by staff (ineligible, answered) wins over
    anything counted; then the life cycle (draft, prescreening); then the count and the clock."""
    now = _utc(now)
    count = counted(facts, rules)
    ends = window_end(facts.published_at, rules, zone) if facts.published_at else None
    reached = count >= rules.threshold and facts.threshold_reached_at is not None
    deadline = answer_deadline(facts.threshold_reached_at, rules, zone) if reached else None
    base = {
        "count": count,
        "threshold": rules.threshold,
        "window_ends_at": ends,
        "window_open": bool(ends is not None and now < ends),
    }
    if facts.ineligible:
        return Status(State.INELIGIBLE, **base)
    if facts.outcome is not None:
        late = bool(
            facts.threshold_reached_at
            and facts.answered_at
            and _utc(facts.answered_at) >= answer_deadline(facts.threshold_reached_at, rules, zone)
        )
        return Status(
            State.ANSWERED,
            **base,
            outcome=Outcome(facts.outcome),
            answered_late=late,
            answer_deadline=answer_deadline(facts.threshold_reached_at, rules, zone)
            if facts.threshold_reached_at
            else None,
        )
    if facts.submitted_at is None:
        return Status(State.DRAFT, **base)
    if facts.published_at is None:
        return Status(State.PRESCREENING, **base)
    if reached:
        return Status(
            State.THRESHOLD_REACHED,
            **base,
            answer_deadline=deadline,
            answer_days_left=days_left(now, deadline, zone),
            overdue=now >= deadline,
        )
    if now >= ends:
        return Status(State.EXPIRED, **base, days_left=0)
    return Status(State.PUBLISHED, **base, days_left=days_left(now, ends, zone))


def crossing(before: int, after: int, threshold: int) -> bool:
    """Did a change of the count cross the threshold upwards?"""
    return before < threshold <= after


def reached_at_after_change(
    facts: Facts, rules: Rules, count_after: int, now: datetime, zone: tzinfo
) -> datetime | None:
    """The stored "threshold reached at" after the count changed to ``count_after`` at ``now``.

    It is set the first time the count reaches the threshold inside the window, kept while the
    count stays at or above it, and cleared when removed supports drop it below (the proposal falls
    back to published, or to expired once its window has passed). Answered proposals keep theirs.
    """
    if facts.outcome is not None or facts.ineligible:
        return facts.threshold_reached_at
    if count_after < rules.threshold:
        return None
    if facts.threshold_reached_at is not None:
        return facts.threshold_reached_at
    if facts.published_at is None:
        return None
    # Late input (paper signatures collected in time but entered after the window) counts from the
    # moment it is entered, so the city's deadline starts then, never in the past.
    return _utc(now)


# -- who may support or withdraw ---------------------------------------------------------------

SUPPORT_OK = "ok"


def support_refusal(status: Status, rules: Rules, *, is_author: bool, already: bool, own_allowed: bool = False) -> str:
    """Why this participant may not support now (a stable code), or ``"ok"``. The board-level
    questions (level, area, the board's own dates) are asked first by ``permissions.can``."""
    if already:
        return "already_supported"
    if status.state in (State.DRAFT, State.PRESCREENING):
        return "not_published"
    if status.state is State.EXPIRED:
        return "expired"
    if status.state in (State.ANSWERED, State.INELIGIBLE):
        return "closed"
    if status.state is State.THRESHOLD_REACHED and not rules.supports_after_threshold:
        return "threshold_reached"
    if not status.window_open:
        return "expired"  # the threshold was reached, but the time to support has ended all the same
    if is_author and not own_allowed:
        return "own_proposal"
    return SUPPORT_OK


def withdrawal_refusal(status: Status, rules: Rules, *, has_support: bool) -> str:
    if not has_support:
        return "no_support"
    if not rules.withdrawal_before_threshold:
        return "withdrawal_not_allowed"
    if status.state is not State.PUBLISHED:
        return "withdrawal_closed"
    return SUPPORT_OK


# -- notifications ----------------------------------------------------------------------------

AUTHOR_PUBLISHED = "author_published"
AUTHOR_HALF = "author_half"
AUTHOR_THRESHOLD = "author_threshold"
AUTHOR_ANSWERED = "author_answered"
STAFF_THRESHOLD = "staff_threshold"
STAFF_DEADLINE = "staff_deadline"
NOTIFICATION_KINDS = (AUTHOR_PUBLISHED, AUTHOR_HALF, AUTHOR_THRESHOLD, AUTHOR_ANSWERED, STAFF_THRESHOLD, STAFF_DEADLINE)


def due_notifications(status: Status, now: datetime, *, warning_days: int) -> set[str]:
    """Which notifications are due in this state; the caller sends each kind at most once
    (a unique row per proposal and kind), so asking again is harmless."""
    due: set[str] = set()
    if status.state in (State.DRAFT, State.PRESCREENING, State.INELIGIBLE):
        return due
    due.add(AUTHOR_PUBLISHED)
    if status.state in (State.PUBLISHED, State.THRESHOLD_REACHED) and status.count * 2 >= status.threshold:
        due.add(AUTHOR_HALF)
    if status.state is State.THRESHOLD_REACHED:
        due |= {AUTHOR_THRESHOLD, STAFF_THRESHOLD}
        if status.answer_deadline and _utc(now) >= status.answer_deadline - timedelta(days=warning_days):
            due.add(STAFF_DEADLINE)
    if status.state is State.ANSWERED:
        due.add(AUTHOR_ANSWERED)
    return due


@dataclass(frozen=True)
class OutcomeCounts:
    """Proposals that reached their threshold, and how the city answered them: the citizen
    proposals' own values in their method results (docs/architecture.md, "Names").

    ``late`` were answered after their deadline, ``overdue`` reached it with no answer, ``waiting``
    still have time (or no deadline)."""

    reached: int = 0
    answered: int = 0
    accepted: int = 0
    rejected: int = 0
    late: int = 0
    overdue: int = 0
    waiting: int = 0

    @property
    def in_time(self) -> int:
        """Answered before the deadline (or without ever needing one)."""
        return self.answered - self.late

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict) -> OutcomeCounts:
        """Read back :meth:`to_dict`, also as snapshots stored it before the counts were typed:
        ``{"outcomes": {..., "in_time": n}}``."""
        counts = data.get("outcomes", data)
        return cls(**{name: counts.get(name, 0) for name in cls.__dataclass_fields__})
