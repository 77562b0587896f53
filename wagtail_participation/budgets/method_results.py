"""A budget page's method results: per budget the rule's winners, the explanation, and a comparison.

The ballots are read once per record, turned into the same pabulib election that the public
``.pb`` export contains, and handed to :mod:`wagtail_participation.budgets.engine.budgeting`. So anyone
who downloads the ballots and runs the recount CLI gets the same winners as the page shows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wagtail_participation.budgets.engine import ballots as budget_ballots
from wagtail_participation.budgets.engine.outcomes import BudgetOutcome, BudgetOutcomes, Comparison, Override
from wagtail_participation.budgets.services import BudgetSpec, budget_specs, election_for
from wagtail_participation.engine.method_results import MethodResults, ResultRow
from wagtail_participation.phases import VOTE


def outcome_settings(record) -> dict:
    return {
        "rule": "greedy",
        "utility": "cost",
        "completion": "none",
        "greedy_fill": False,
        **((record.rules.get("budget") or {}).get("outcome") or {}),
    }


def rule_name(settings: dict) -> str:
    """A short, reproducible name of the rule and its parameters, e.g. ``mes/cost/add1+greedy``."""
    if settings["rule"] != "mes":
        return settings["rule"]
    name = f"mes/{settings['utility']}/{settings['completion']}"
    return name + ("+greedy" if settings.get("greedy_fill") else "")


def compute(election, spec: BudgetSpec, settings: dict):
    """Run the engine's rule on ``election``; MES needs approval-type ballots, else greedy is used."""
    from wagtail_participation.budgets.engine import budgeting

    rule = settings["rule"]
    if rule == "mes" and spec.rule.is_approval_like:
        return budgeting.outcome_for_election(
            election,
            "mes",
            utility=settings["utility"],
            completion=settings["completion"],
            greedy_fill=bool(settings.get("greedy_fill")),
        )
    return budgeting.outcome_for_election(election, "greedy" if rule == "mes" else rule)


def scores(spec: BudgetSpec, ballots) -> dict[str, int]:
    """Supporters per project (points for points ballots), by project code."""
    counted: Counter = Counter()
    for projects, points in ballots:
        if spec.rule.uses_points:
            counted.update({code: int(value) for code, value in points.items() if code in spec.costs})
        else:
            counted.update(code for code in projects if code in spec.costs)
    return {code: counted.get(code, 0) for code in spec.costs}


def results_for(record) -> MethodResults:
    """Every budget of the record: winners by the chosen rule (or an override), per channel counts.

    The record's ballots are read in one query, for every budget at once."""
    from wagtail_participation.budgets.models import BudgetBallot, BudgetOutcomeOverride

    page = record.source_page()
    localized = page.localized if page else None
    titles = {p.code: p.title for p in localized.budget_projects.all()} if localized else {}
    budget_titles = {b.code: b.title for b in localized.budgets.all()} if localized else {}
    settings = outcome_settings(record)
    overrides = {}
    for override in BudgetOutcomeOverride.objects.filter(record=record).order_by("created_at", "pk"):
        overrides[override.budget_code] = override  # the latest one stands
    by_budget: dict[str, list] = {}
    for code, projects, points, channel, participant in BudgetBallot.objects.filter(record=record).values_list(
        "budget_code", "projects", "points", "channel", "participant_id"
    ):
        by_budget.setdefault(code, []).append((projects, points, channel, participant))
    rows, budgets = [], []
    participants, offline = set(), 0
    for spec in budget_specs(record):
        ballots = by_budget.get(spec.code, [])
        mine = [(projects, points) for projects, points, _channel, _participant in ballots]
        channels = Counter(channel for _projects, _points, channel, _participant in ballots)
        for _projects, _points, _channel, participant in ballots:
            if participant:
                participants.add(participant)
            else:
                offline += 1
        counted = scores(spec, mine)
        election = election_for(record, spec, titles, ballots=mine)
        by_pb = {pb_id: code for code, pb_id in spec.pb_ids.items()}
        outcome = compute(election, spec, settings)
        selected = [by_pb[pb_id] for pb_id in outcome.selected]
        comparison_settings = (
            {**settings, "rule": "greedy"}
            if settings["rule"] == "mes"
            else {"rule": "mes", "utility": "cost", "completion": "add1", "greedy_fill": False}
        )
        comparison = None
        if spec.rule.is_approval_like and mine:
            other = compute(election, spec, comparison_settings)
            comparison = Comparison(
                rule=rule_name(comparison_settings), selected=tuple(by_pb[p] for p in other.selected), spent=other.spent
            )
        explanation = {by_pb.get(k, k): _plain(v) for k, v in (outcome.explanation or {}).items()}
        override = overrides.get(spec.code)
        funded = list(override.selected) if override else selected
        budgets.append(
            BudgetOutcome(
                code=spec.code,
                slug=spec.slug,
                title=budget_titles.get(spec.code, spec.title),
                area_key=spec.area_key,
                amount=spec.rule.budget,
                ballot_type=spec.rule.kind,
                rule=rule_name(
                    settings
                    if spec.rule.is_approval_like or settings["rule"] != "mes"
                    else {**settings, "rule": "greedy"}
                ),
                computed=tuple(selected),
                selected=tuple(funded),
                spent=sum(spec.costs[c] for c in funded if c in spec.costs),
                explanation=explanation,
                comparison=comparison,
                ballots=len(mine),
                channels=dict(channels),
                scores=counted,
                costs=dict(spec.costs),
                override=Override(reason=override.reason, at=override.created_at.isoformat()) if override else None,
            )
        )
        for code, value in sorted(counted.items(), key=lambda item: (-item[1], titles.get(item[0], ""))):
            rows.append(
                ResultRow(
                    code=code,
                    label=titles.get(code, code),
                    value=value,
                    detail=f"{spec.slug}:{'funded' if code in funded else 'not funded'}",
                )
            )
    notes = []
    if offline:
        notes.append(
            _("%(count)s ballots were entered on paper or imported; they cannot be checked against online ballots.")
            % {"count": offline}
        )
    level = record.action_rules(VOTE).level
    return MethodResults(
        rule=rule_name(settings),
        rows=tuple(rows),
        participants=len(participants) + offline,
        assurance=level.name.lower(),
        notes=tuple(notes),
        specifics=BudgetOutcomes(tuple(budgets)),
    )


@dataclass(frozen=True)
class OutcomeRow:
    """One project of a budget's outcome as a results table shows it (most supported first)."""

    project: object  # the BudgetProject in the page's language, or None when it was removed
    code: str
    score: int
    cost: int
    funded: bool
    computed: bool  # picked by the rule (differs from ``funded`` after an override)
    compared: bool  # funded by the comparison rule
    explanation: object  # the engine's explanation of a funded project, or None


def outcome_rows(outcome: BudgetOutcome, projects: dict) -> list[OutcomeRow]:
    """The rows of a results table of ``outcome``; ``projects`` are the page's projects by code."""
    compared = set(outcome.comparison.selected) if outcome.comparison else set()
    return [
        OutcomeRow(
            project=projects.get(code),
            code=code,
            score=score,
            cost=outcome.costs.get(code, 0),
            funded=code in outcome.selected,
            computed=code in outcome.computed,
            compared=code in compared,
            explanation=outcome.explanation.get(code),
        )
        for code, score in sorted(outcome.scores.items(), key=lambda item: -item[1])
    ]


def _plain(value):
    """Explanations hold numbers (possibly fractions): store them as JSON-able values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def ballot_kind_label(kind: str) -> str:
    return {
        budget_ballots.KNAPSACK: _("Knapsack"),
        budget_ballots.APPROVAL: _("Approval"),
        budget_ballots.CUMULATIVE: _("Points"),
        budget_ballots.RANKED: _("Ranked"),
    }.get(kind, kind)
