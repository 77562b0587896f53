"""Builders for budget tests: a project with a vote phase and a budget page below it."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import make_index, make_project, publish


def make_budget_page(
    home,
    now,
    budgets=None,
    projects=None,
    level=0,
    district_mode="home",
    outcome_rule="mes",
    vote_from=-1,
    vote_days=14,
    areas=None,
    **kwargs,
):
    """A published budget page in a project whose vote phase runs from ``now + vote_from`` days.

    ``budgets``: dicts of Budget fields (default: one city-wide knapsack budget of 100,000).
    ``projects``: dicts of BudgetProject fields (default: four projects in "city").
    """
    from wagtail_participation.budgets.models import Budget, BudgetPage, BudgetProject

    index = make_index(home, slug=kwargs.pop("index_slug", "participate"))
    start = now + timedelta(days=vote_from)
    project = make_project(
        index,
        phases=[("vote", start, start + timedelta(days=vote_days))],
        slug=kwargs.pop("project_slug", "city-budget"),
    )
    phase = project.phases.first()
    budgets = budgets if budgets is not None else [{"title": "City-wide", "slug": "city", "amount": 100_000}]
    projects = (
        projects
        if projects is not None
        else [
            {"budget_slug": "city", "title": "Trees on Kerkstraat", "cost": 40_000},
            {"budget_slug": "city", "title": "A skate park", "cost": 60_000},
            {"budget_slug": "city", "title": "Benches in the park", "cost": 10_000},
            {"budget_slug": "city", "title": "A repair café", "cost": 30_000},
        ]
    )
    rules = {
        "actions": {"vote": {"level": level, "phases": [phase.code]}},
        "area_keys": [str(a.translation_key) for a in areas or []],
    }
    page = BudgetPage(
        title=kwargs.pop("title", "City budget 2027"),
        slug=kwargs.pop("slug", "budget"),
        participation_rules=rules,
        district_mode=district_mode,
        outcome_rule=outcome_rule,
        **kwargs,
    )
    for order, data in enumerate(budgets):
        page.budgets.add(Budget(sort_order=order, **data))
    for order, data in enumerate(projects):
        page.budget_projects.add(BudgetProject(sort_order=order, **data))
    project.add_child(instance=page)
    return publish(page)


def codes(page, slug="city"):
    """Project codes of one budget, in ballot order, by title."""
    return {p.title: p.code for p in page.budget_projects.all() if p.budget_slug == slug}


def booth_url(page, slug="city"):
    return page.url + page.reverse_subpage("booth", args=(slug,))
