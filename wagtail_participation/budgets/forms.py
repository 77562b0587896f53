"""The voting booth's form: reads checkboxes, points or ranks, and words every broken rule.

Plain HTML inputs (no JavaScript needed): ``project`` checkboxes for knapsack and approval
ballots, ``points-<code>`` number inputs for points ballots, ``rank-<code>`` number inputs for
ranked ballots. What was typed is kept for the next render, valid or not.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail_participation.budgets.engine import ballots as budget_ballots
from wagtail_participation.budgets.engine.ballots import Ballot
from wagtail_participation.clean_input import clean_data
from wagtail_participation.money import format_money as money


class BoothForm:
    """One budget's ballot. ``projects`` are the page's (localized) projects of this budget."""

    def __init__(self, spec, projects, data=None, initial=None):
        self.spec = spec
        self.rule = spec.rule
        self.projects = projects
        self.titles = {project.code: project.title for project in projects}
        self.data = data = clean_data(data) if data is not None else None
        self.errors: dict[str, list[str]] = {}
        self.non_field_errors: list[str] = []
        self.checked: set[str] = set()
        self.raw: dict[str, str] = {}
        self.ballot = Ballot()
        if data is not None:
            self._parse(data)
        elif initial is not None:
            self.ballot = initial
            self.checked = set(initial.projects)
            if self.rule.uses_points:
                self.raw = {code: str(value) for code, value in initial.points.items()}
            elif self.rule.kind == budget_ballots.RANKED:
                self.raw = {code: str(rank) for rank, code in enumerate(initial.projects, start=1)}

    # -- reading ---------------------------------------------------------------------------------
    def _number(self, code: str, value: str, what: str):
        value = (value or "").strip()
        if value == "":
            return None
        try:
            number = int(value)
        except ValueError:
            self.errors.setdefault(code, []).append(
                _("Enter a whole number of points.") if what == "points" else _("Enter a whole number as the rank.")
            )
            return None
        if number < 0 or (what == "rank" and number == 0):
            self.errors.setdefault(code, []).append(
                _("Points cannot be negative.") if what == "points" else _("A rank starts at 1.")
            )
            return None
        return number

    def _parse(self, data):
        kind = self.rule.kind
        prefix = {budget_ballots.CUMULATIVE: "points-", budget_ballots.RANKED: "rank-"}.get(kind)
        if prefix is None:
            codes = [code for code in data.getlist("project") if code]
            self.checked = set(codes)
            if len(set(codes)) != len(codes):
                codes = list(dict.fromkeys(codes))  # a doubled checkbox is one choice, not two
            self.ballot = Ballot(projects=tuple(codes))
            self._forged([code for code in codes if code not in self.spec.costs])
            return
        forged = [
            key[len(prefix) :] for key in data if key.startswith(prefix) and key[len(prefix) :] not in self.spec.costs
        ]
        self._forged(forged)
        self.raw = {code: data.get(prefix + code, "") for code in self.spec.costs}
        if kind == budget_ballots.CUMULATIVE:
            points = {}
            for code in self.spec.costs:
                number = self._number(code, self.raw[code], "points")
                if number:
                    points[code] = number
            self.checked = set(points)
            self.ballot = Ballot(projects=tuple(points), points=points)
        else:
            ranks = {}
            for code in self.spec.costs:
                number = self._number(code, self.raw[code], "rank")
                if number is not None:
                    ranks[code] = number
            seen: dict[int, str] = {}
            for code, rank in sorted(ranks.items(), key=lambda item: item[1]):
                if rank in seen:
                    self.errors.setdefault(code, []).append(
                        _("You gave rank %(rank)s to two projects. Give each project its own rank.") % {"rank": rank}
                    )
                seen.setdefault(rank, code)
            ordered = [code for code, _rank in sorted(ranks.items(), key=lambda item: (item[1], item[0]))]
            self.checked = set(ordered)
            self.ballot = Ballot(projects=tuple(ordered))

    def _forged(self, codes):
        if codes:
            self.non_field_errors.append(
                _("Your ballot named a project that is not on this ballot. Choose from the projects below.")
            )

    # -- judging ---------------------------------------------------------------------------------
    def basket(self) -> budget_ballots.Basket:
        return budget_ballots.basket(self.rule, self.spec.costs, self.ballot)

    def is_valid(self) -> bool:
        if self.errors or self.non_field_errors:
            return False
        for problem in budget_ballots.check(self.rule, self.spec.costs, self.ballot):
            message = self.message(problem)
            if problem.project and problem.project in self.spec.costs:
                self.errors.setdefault(problem.project, []).append(message)
            elif message not in self.non_field_errors:
                self.non_field_errors.append(message)
        return not (self.errors or self.non_field_errors)

    def message(self, problem) -> str:
        limit, value = problem.limit, problem.value
        return {
            "unknown_project": _(
                "Your ballot named a project that is not on this ballot. Choose from the projects below."
            ),
            "duplicate_project": _("A project was chosen twice."),
            "empty": _("Choose at least one project."),
            "too_few": ngettext("Choose at least %(limit)s project.", "Choose at least %(limit)s projects.", limit)
            % {"limit": limit},
            "too_many": ngettext("Choose at most %(limit)s project.", "Choose at most %(limit)s projects.", limit)
            % {"limit": limit}
            + " "
            + ngettext("You chose %(value)s.", "You chose %(value)s.", value) % {"value": value},
            "over_budget": _("Your projects cost %(value)s, more than the budget of %(limit)s. Remove a project.")
            % {"value": money(value), "limit": money(limit)},
            "under_min_spend": _("Spend at least %(limit)s of the budget; your projects cost %(value)s. Add a project.")
            % {"value": money(value), "limit": money(limit)},
            "negative_points": _("Points cannot be negative."),
            "points_over_cap": _("At most %(limit)s points per project.") % {"limit": limit},
            "points_over_total": _("You gave %(value)s points, but you have %(limit)s. Take some points away.")
            % {"value": value, "limit": limit},
        }.get(problem.code, _("This ballot is not valid."))

    # -- rendering -------------------------------------------------------------------------------
    def rows(self):
        """Per project: the project, whether it is chosen, what was typed, its errors."""
        for project in self.projects:
            yield {
                "project": project,
                "code": project.code,
                "cost": self.spec.costs.get(project.code, project.cost),
                "checked": project.code in self.checked,
                "raw": self.raw.get(project.code, ""),
                "errors": self.errors.get(project.code, []),
            }

    def chosen_rows(self):
        chosen = list(self.ballot.projects)
        by_code = {row["code"]: row for row in self.rows()}
        return [
            by_code[code] | {"rank": rank, "points": self.ballot.points.get(code, 0)}
            for rank, code in enumerate(chosen, start=1)
            if code in by_code
        ]

    def hidden_fields(self):
        """The ballot as hidden inputs, carried from the review step to the submit."""
        if self.rule.uses_points:
            return [(f"points-{code}", value) for code, value in self.ballot.points.items()]
        if self.rule.kind == budget_ballots.RANKED:
            return [(f"rank-{code}", rank) for rank, code in enumerate(self.ballot.projects, start=1)]
        return [("project", code) for code in self.ballot.projects]

    def rule_summary(self) -> str:
        rule = self.rule
        if rule.kind == budget_ballots.KNAPSACK:
            text = _("Choose projects that together cost at most %(budget)s.") % {"budget": money(rule.budget)}
            if rule.min_spend:
                text += " " + _("Spend at least %(min)s.") % {"min": money(rule.min_spend)}
        elif rule.kind == budget_ballots.APPROVAL:
            if rule.max_projects:
                text = _("Choose between %(min)s and %(max)s projects.") % {
                    "min": max(rule.min_projects, 1),
                    "max": rule.max_projects,
                }
            else:
                text = _("Choose every project you support.")
        elif rule.kind == budget_ballots.CUMULATIVE:
            text = _("Spread %(points)s points over the projects you support.") % {"points": rule.points}
            if rule.max_points_per_project:
                text += " " + _("At most %(cap)s points per project.") % {"cap": rule.max_points_per_project}
        else:
            text = _("Number your favourite projects: 1 for the one you want most.")
            if rule.rank_k:
                text += " " + _("Rank at most %(k)s projects.") % {"k": rule.rank_k}
        return text
