"""A budget page's method results, typed: per budget what was funded, by which rule, and why.

Pure Python (no Django). :class:`BudgetOutcomes` is the ``specifics`` of a budget page's
:class:`~wagtail_participation.engine.method_results.MethodResults` (docs/architecture.md,
"Names"): the results pages, the budget page and the admin read these attributes, and a snapshot
stores :meth:`BudgetOutcomes.to_dict`. That dictionary has the shape snapshots have always had
(``{"budgets": [{"code": ..., "selected": [...], ...}]}``), so snapshots stored before these
types existed read back the same.

``explanation`` stays the budgeting engine's per-project explanation (see
:class:`~wagtail_participation.budgets.engine.budgeting.Outcome`), as JSON-safe values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Comparison:
    """What another rule would have funded (shown beside the outcome)."""

    rule: str
    selected: tuple[str, ...]
    spent: int

    def to_dict(self) -> dict:
        return {"rule": self.rule, "selected": list(self.selected), "spent": self.spent}

    @classmethod
    def from_dict(cls, data: Mapping) -> Comparison:
        return cls(rule=data["rule"], selected=tuple(data.get("selected") or ()), spent=data.get("spent", 0))


@dataclass(frozen=True)
class Override:
    """An editor funded other projects than the rule computed: the written reason, and when."""

    reason: str
    at: str  # ISO 8601

    def to_dict(self) -> dict:
        return {"reason": self.reason, "at": self.at}

    @classmethod
    def from_dict(cls, data: Mapping) -> Override:
        return cls(reason=data["reason"], at=data.get("at", ""))


@dataclass(frozen=True)
class BudgetOutcome:
    """One budget (city-wide or a district): its ballots, the scores, and the projects funded.

    ``computed`` is what the rule picked, ``selected`` what is funded (the same unless an editor
    overrode it: ``override``). ``scores``, ``costs`` and ``channels`` are keyed by project code
    (channels by ballot channel), in ballot order."""

    code: str
    slug: str
    title: str
    amount: int
    ballot_type: str
    rule: str
    area_key: str | None = None
    computed: tuple[str, ...] = ()
    selected: tuple[str, ...] = ()
    spent: int = 0
    explanation: Mapping[str, Any] = field(default_factory=dict)
    comparison: Comparison | None = None
    ballots: int = 0
    channels: Mapping[str, int] = field(default_factory=dict)
    scores: Mapping[str, int] = field(default_factory=dict)
    costs: Mapping[str, int] = field(default_factory=dict)
    override: Override | None = None

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "slug": self.slug,
            "title": self.title,
            "area_key": self.area_key,
            "amount": self.amount,
            "ballot_type": self.ballot_type,
            "rule": self.rule,
            "computed": list(self.computed),
            "selected": list(self.selected),
            "spent": self.spent,
            "explanation": dict(self.explanation),
            "comparison": self.comparison.to_dict() if self.comparison else None,
            "ballots": self.ballots,
            "channels": dict(self.channels),
            "scores": dict(self.scores),
            "costs": dict(self.costs),
            "override": self.override.to_dict() if self.override else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> BudgetOutcome:
        comparison, override = data.get("comparison"), data.get("override")
        return cls(
            code=data["code"],
            slug=data["slug"],
            title=data.get("title", data["slug"]),
            area_key=data.get("area_key"),
            amount=data.get("amount", 0),
            ballot_type=data.get("ballot_type", ""),
            rule=data.get("rule", ""),
            computed=tuple(data.get("computed") or ()),
            selected=tuple(data.get("selected") or ()),
            spent=data.get("spent", 0),
            explanation=dict(data.get("explanation") or {}),
            comparison=Comparison.from_dict(comparison) if comparison else None,
            ballots=data.get("ballots", 0),
            channels=dict(data.get("channels") or {}),
            scores=dict(data.get("scores") or {}),
            costs=dict(data.get("costs") or {}),
            override=Override.from_dict(override) if override else None,
        )

    @property
    def spent_percent(self) -> int:
        """The share of the budget spent, in whole percent (0 for a budget of nothing)."""
        return round(100 * self.spent / self.amount) if self.amount else 0


@dataclass(frozen=True)
class BudgetOutcomes:
    """Every budget of a budget page, in the page's order."""

    budgets: tuple[BudgetOutcome, ...] = ()

    def to_dict(self) -> dict:
        return {"budgets": [budget.to_dict() for budget in self.budgets]}

    @classmethod
    def from_dict(cls, data: Mapping) -> BudgetOutcomes:
        return cls(budgets=tuple(BudgetOutcome.from_dict(budget) for budget in data.get("budgets") or ()))

    def get(self, code: str) -> BudgetOutcome | None:
        """The outcome of the budget with this code, or None."""
        return next((budget for budget in self.budgets if budget.code == code), None)
