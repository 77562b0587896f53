"""Phase timelines: status of a dated interval at a moment, and validation of a phase list.

Intervals are half-open ``[start, end)``: a phase that ends at 17:00 and one that starts
at 17:00 do not overlap, and at 17:00 exactly the second one is the active one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class Status(str, Enum):
    UPCOMING = "upcoming"
    ACTIVE = "active"
    PAST = "past"


@dataclass(frozen=True)
class Interval:
    """A dated interval with an opaque key (a phase code, a method id...)."""

    key: str
    start: datetime
    end: datetime

    def status_at(self, now: datetime) -> Status:
        return status_at(self.start, self.end, now)


def status_at(start: datetime, end: datetime, now: datetime) -> Status:
    if now < start:
        return Status.UPCOMING
    if now < end:
        return Status.ACTIVE
    return Status.PAST


@dataclass(frozen=True)
class TimelineProblem:
    """One thing wrong with a list of intervals. ``code`` is stable, for messages."""

    code: str  # "missing_dates", "end_not_after_start" or "overlap"
    key: str
    other_key: str | None = None


def find_problems(intervals: Sequence[Interval]) -> list[TimelineProblem]:
    """Return every reversed, empty or overlapping interval, in input order."""
    problems: list[TimelineProblem] = []
    valid: list[Interval] = []
    for interval in intervals:
        if interval.start is None or interval.end is None:
            problems.append(TimelineProblem("missing_dates", interval.key))
        elif interval.end <= interval.start:
            problems.append(TimelineProblem("end_not_after_start", interval.key))
        else:
            valid.append(interval)
    ordered = sorted(valid, key=lambda i: (i.start, i.end))
    for previous, current in zip(ordered, ordered[1:]):
        if current.start < previous.end:
            problems.append(TimelineProblem("overlap", current.key, previous.key))
    # Any overlap implies an overlap between neighbours in start order, but a long interval
    # can overlap several later ones; report those too so the editor sees every clash.
    for i, first in enumerate(ordered):
        for second in ordered[i + 2 :]:
            if second.start >= first.end:
                break
            problems.append(TimelineProblem("overlap", second.key, first.key))
    return problems


@dataclass(frozen=True)
class TimelineSummary:
    """Where a sequence of intervals stands at one moment."""

    status: Status | None  # None when there are no intervals at all
    active: Interval | None
    next_upcoming: Interval | None
    starts: datetime | None
    ends: datetime | None


def summarise(intervals: Iterable[Interval], now: datetime) -> TimelineSummary:
    """Summarise a project's phases: active while any phase is active or between phases.

    A project whose first phase has started but whose last has not ended is "active" even in a
    gap between phases: residents can still follow it, and the next phase is announced.
    """
    ordered = sorted(intervals, key=lambda i: (i.start, i.end))
    if not ordered:
        return TimelineSummary(None, None, None, None, None)
    starts = ordered[0].start
    ends = max(i.end for i in ordered)
    active = next((i for i in ordered if i.status_at(now) is Status.ACTIVE), None)
    upcoming = next((i for i in ordered if i.status_at(now) is Status.UPCOMING), None)
    return TimelineSummary(status_at(starts, ends, now), active, upcoming, starts, ends)
