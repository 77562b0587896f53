"""Trending order without periodic recomputation.

Each vote adds ``exp((vote_time - epoch) / tau)`` to its idea's score. Ordering by that sum is
the same as ordering by ``sum(exp(-(now - vote_time) / tau))`` (every term differs by the same
factor ``exp((now - epoch) / tau)``), so recent votes weigh more, the score is updated with one
``F()`` increment per vote, and the database can order by it. ``tau`` is the decay time: a vote
three days old counts ``1/e`` of a new one.

Floats overflow near ``exp(709)``: with ``tau`` of three days an epoch lasts about 5.8 years.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

DEFAULT_TAU = timedelta(days=3)
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)  # fixed, so scores of different boards compare


def vote_weight(voted_at: datetime, tau: timedelta = DEFAULT_TAU, epoch: datetime = EPOCH) -> float:
    """The amount one vote at ``voted_at`` adds to (or, when withdrawn, removes from) the score."""
    return math.exp((voted_at - epoch).total_seconds() / tau.total_seconds())


def current_value(score: float, now: datetime, tau: timedelta = DEFAULT_TAU, epoch: datetime = EPOCH) -> float:
    """The score expressed in "votes right now" (for display and tests)."""
    return score * math.exp(-(now - epoch).total_seconds() / tau.total_seconds())
