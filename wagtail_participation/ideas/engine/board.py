"""An idea board's totals, as plain values (no Django).

:class:`BoardTotals` is an idea board's own values in its method results (docs/architecture.md,
"Names"), beside the rows of its best ideas: what a snapshot of a closed board freezes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BoardTotals:
    """Visible ideas in all, per status and per channel; online votes; visible comments."""

    ideas: int = 0
    ideas_by_status: Mapping[str, int] = field(default_factory=dict)
    ideas_by_channel: Mapping[str, int] = field(default_factory=dict)
    votes: int = 0
    comments: int = 0

    def to_dict(self) -> dict:
        return {
            "ideas": self.ideas,
            "ideas_by_status": dict(self.ideas_by_status),
            "ideas_by_channel": dict(self.ideas_by_channel),
            "votes": self.votes,
            "comments": self.comments,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> BoardTotals:
        """Read back :meth:`to_dict` (the shape snapshots have always stored)."""
        return cls(
            ideas=data.get("ideas", 0),
            ideas_by_status=dict(data.get("ideas_by_status") or {}),
            ideas_by_channel=dict(data.get("ideas_by_channel") or {}),
            votes=data.get("votes", 0),
            comments=data.get("comments", 0),
        )
