"""Participation figures: counts per kind and per channel, combined from several sources.

Each method contributes :class:`Tally` values (e.g. "ideas, per channel"); :func:`combine` adds
them up into :class:`Figures` for a results block. Unique participants cannot be summed across
sources (one person may post and vote), so they are counted once by the caller and passed in;
offline input has no online participant and is reported beside it, never deduplicated
(architecture decision 5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

CONTRIBUTIONS = "contributions"
VOTES = "votes"
KINDS = (CONTRIBUTIONS, VOTES)
ONLINE = "online"


@dataclass(frozen=True)
class Tally:
    """What one source counted: e.g. ``Tally("ideas", "contributions", {"online": 40, "meeting": 3})``."""

    source: str
    kind: str
    by_channel: Mapping[str, int]

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}; expected one of {KINDS}")
        if any(count < 0 for count in self.by_channel.values()):
            raise ValueError("counts cannot be negative")

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())


@dataclass(frozen=True)
class Figures:
    """Totals for a results block: participants, and per kind the total and the split per channel."""

    participants: int
    totals: Mapping[str, int]
    by_channel: Mapping[str, Mapping[str, int]]  # kind -> channel -> count
    by_source: Mapping[str, int] = field(default_factory=dict)

    @property
    def channels(self) -> list[str]:
        """Every channel with input, online first, then alphabetically (stable output)."""
        seen = {channel for per_kind in self.by_channel.values() for channel, n in per_kind.items() if n}
        return sorted(seen, key=lambda channel: (channel != ONLINE, channel))

    @property
    def has_offline(self) -> bool:
        return any(channel != ONLINE for channel in self.channels)

    @property
    def is_empty(self) -> bool:
        return self.participants == 0 and not any(self.totals.values())

    def rows(self) -> list[tuple[str, dict[str, int]]]:
        """``[(channel, {kind: count})]`` for a table with one row per channel."""
        return [(channel, {kind: self.by_channel[kind].get(channel, 0) for kind in KINDS}) for channel in self.channels]


def combine(tallies: Iterable[Tally], participants: int) -> Figures:
    """Add tallies of the same kind together, per channel."""
    if participants < 0:
        raise ValueError("participants cannot be negative")
    by_channel: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
    by_source: dict[str, int] = {}
    for tally in tallies:
        per_kind = by_channel[tally.kind]
        for channel, count in tally.by_channel.items():
            per_kind[channel] = per_kind.get(channel, 0) + count
        by_source[tally.source] = by_source.get(tally.source, 0) + tally.total
    totals = {kind: sum(per_kind.values()) for kind, per_kind in by_channel.items()}
    return Figures(participants, totals, by_channel, by_source)
