"""Fixtures of the budget tests."""

import pytest

from tests.builders import make_budget_page


@pytest.fixture
def district_page(home, now, make_area):
    """``build(mode, **page_options)``: a budget page with a city-wide budget and two districts
    (Noord, Zuid), one project each; returns the page and the two areas."""

    def build(mode, **kwargs):
        noord, zuid = make_area("Noord", "noord"), make_area("Zuid", "zuid")
        page = make_budget_page(
            home,
            now,
            district_mode=mode,
            **kwargs,
            budgets=[
                {"title": "City-wide", "slug": "city", "amount": 100_000},
                {"title": "Noord", "slug": "noord", "amount": 50_000, "area": noord},
                {"title": "Zuid", "slug": "zuid", "amount": 50_000, "area": zuid},
            ],
            projects=[
                {"budget_slug": "city", "title": "Library", "cost": 50_000},
                {"budget_slug": "noord", "title": "Playground Noord", "cost": 20_000},
                {"budget_slug": "zuid", "title": "Playground Zuid", "cost": 20_000},
            ],
        )
        return page, noord, zuid

    return build
