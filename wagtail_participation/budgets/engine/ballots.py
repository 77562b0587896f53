"""Budget ballot rules: what a valid ballot of each type is, and the basket a voter sees.

Pure Python (no Django). A ballot is the projects chosen (in rank order for ranked ballots) and,
for cumulative ballots, the points per project. :func:`check` returns every rule a ballot breaks
as :class:`Problem` values with a stable code; the Django layer words them for people.

Ballot types (prior art §4.4):

* ``knapsack``: total cost of the chosen projects at most the budget; optionally at least
  ``min_spend_percent`` of it spent and at least ``min_projects`` chosen.
* ``approval``: between ``min_projects`` and ``max_projects`` projects, whatever they cost
  (``max_projects`` 0 means no upper limit).
* ``cumulative``: at most ``points`` points in all, at most ``max_points_per_project`` on one project
  (0: no cap), never negative; at least ``min_projects`` projects with points.
* ``ranked``: up to ``rank_k`` projects in order of preference (0: no limit), at least ``min_projects``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

KNAPSACK = "knapsack"
APPROVAL = "approval"
CUMULATIVE = "cumulative"
RANKED = "ranked"
KINDS = (KNAPSACK, APPROVAL, CUMULATIVE, RANKED)

# pabulib's vote_type for each ballot type (knapsack ballots are approval ballots in pabulib).
PABULIB_VOTE_TYPE = {KNAPSACK: "approval", APPROVAL: "approval", CUMULATIVE: "cumulative", RANKED: "ordinal"}


@dataclass(frozen=True)
class BallotRule:
    """The rules of one budget's ballot (frozen on the shared record at the first ballot)."""

    kind: str
    budget: int
    min_spend_percent: int = 0
    min_projects: int = 0
    max_projects: int = 0
    points: int = 0
    max_points_per_project: int = 0
    rank_k: int = 0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown ballot type {self.kind!r}")

    @property
    def min_spend(self) -> int:
        """The least a knapsack ballot must spend, rounded up to whole currency units."""
        if self.kind != KNAPSACK or not self.min_spend_percent:
            return 0
        return -(-self.budget * self.min_spend_percent // 100)

    @property
    def uses_points(self) -> bool:
        return self.kind == CUMULATIVE

    @property
    def is_approval_like(self) -> bool:
        """Knapsack and approval ballots are approval ballots for the outcome rules (and MES)."""
        return self.kind in (KNAPSACK, APPROVAL)

    @classmethod
    def from_dict(cls, data: Mapping) -> BallotRule:
        names = cls.__dataclass_fields__
        return cls(**{key: value for key, value in data.items() if key in names})

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Ballot:
    """What a voter chose: ``projects`` (in rank order for ranked ballots) and cumulative ``points``."""

    projects: tuple[str, ...] = ()
    points: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """One broken rule. ``project`` names the project concerned, ``limit`` the number in the rule."""

    code: str
    project: str = ""
    limit: int = 0
    value: int = 0


@dataclass(frozen=True)
class Basket:
    """What the booth shows while choosing: spent and remaining money, points used and left."""

    budget: int
    spent: int
    count: int
    points_used: int = 0
    points_total: int = 0

    @property
    def remaining(self) -> int:
        return self.budget - self.spent

    @property
    def points_left(self) -> int:
        return self.points_total - self.points_used

    @property
    def share_spent(self) -> float:
        return self.spent / self.budget if self.budget else 0.0


def basket(rule: BallotRule, costs: Mapping[str, int], ballot: Ballot) -> Basket:
    """The basket of ``ballot`` (unknown projects cost nothing here; :func:`check` reports them)."""
    chosen = chosen_projects(rule, ballot)
    return Basket(
        budget=rule.budget,
        spent=sum(costs.get(code, 0) for code in chosen),
        count=len(chosen),
        points_used=sum(max(value, 0) for value in ballot.points.values()) if rule.uses_points else 0,
        points_total=rule.points if rule.uses_points else 0,
    )


def chosen_projects(rule: BallotRule, ballot: Ballot) -> tuple[str, ...]:
    """The projects a ballot supports: those with points for cumulative ballots, else as listed."""
    if rule.uses_points:
        return tuple(code for code, value in ballot.points.items() if value > 0)
    return tuple(ballot.projects)


def check(rule: BallotRule, costs: Mapping[str, int], ballot: Ballot) -> list[Problem]:
    """Every rule ``ballot`` breaks (empty when it is valid). ``costs`` lists this budget's projects."""
    problems: list[Problem] = []
    listed = list(ballot.points) if rule.uses_points else list(ballot.projects)
    for code in listed:
        if code not in costs:
            problems.append(Problem("unknown_project", project=code))
    if len(set(ballot.projects)) != len(ballot.projects):
        problems.append(Problem("duplicate_project"))
    if problems:
        return problems  # nothing else can be judged on a forged or doubled ballot
    chosen = chosen_projects(rule, ballot)
    count = len(chosen)
    if rule.uses_points:
        for code, value in ballot.points.items():
            if value < 0:
                problems.append(Problem("negative_points", project=code, value=value))
            elif rule.max_points_per_project and value > rule.max_points_per_project:
                problems.append(
                    Problem("points_over_cap", project=code, limit=rule.max_points_per_project, value=value)
                )
        used = sum(value for value in ballot.points.values() if value > 0)
        if used > rule.points:
            problems.append(Problem("points_over_total", limit=rule.points, value=used))
    if count == 0:
        problems.append(Problem("empty"))
        return problems
    if count < rule.min_projects:
        problems.append(Problem("too_few", limit=rule.min_projects, value=count))
    if rule.kind == KNAPSACK:
        spent = sum(costs[code] for code in chosen)
        if spent > rule.budget:
            problems.append(Problem("over_budget", limit=rule.budget, value=spent))
        elif spent < rule.min_spend:
            problems.append(Problem("under_min_spend", limit=rule.min_spend, value=spent))
    if rule.kind == APPROVAL and rule.max_projects and count > rule.max_projects:
        problems.append(Problem("too_many", limit=rule.max_projects, value=count))
    if rule.kind == RANKED and rule.rank_k and count > rule.rank_k:
        problems.append(Problem("too_many", limit=rule.rank_k, value=count))
    return problems


def rule_problems(rule: BallotRule, costs: Mapping[str, int]) -> list[str]:
    """Why a rule cannot work for these projects (codes), e.g. a minimum no ballot can reach."""
    found = []
    if rule.budget <= 0:
        found.append("no_budget")
    if rule.kind == CUMULATIVE and rule.points <= 0:
        found.append("no_points")
    if rule.min_projects > len(costs):
        found.append("min_above_projects")
    if rule.kind == APPROVAL and rule.max_projects and rule.min_projects > rule.max_projects:
        found.append("min_above_max")
    if rule.kind == RANKED and rule.rank_k and rule.min_projects > rule.rank_k:
        found.append("min_above_max")
    if rule.kind == CUMULATIVE and rule.min_projects > rule.points:
        found.append("min_above_points")
    if rule.kind == KNAPSACK and rule.min_spend and costs and rule.min_spend > sum(costs.values()):
        found.append("min_spend_unreachable")
    return found
