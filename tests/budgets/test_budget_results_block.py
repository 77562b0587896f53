"""The budget outcome block of a results page (issue 8): winners, the rule explained, money spent,
frozen once final."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.builders import days, html_of, make_budget_page, make_results_page
from tests.builders import method_block as block
from tests.results.conftest import project  # noqa: F401  (the results page fixtures)
from wagtail_participation import clock, snapshots
from wagtail_participation.budgets import services as budgets
from wagtail_participation.models import Participant

pytestmark = pytest.mark.usefixtures("clear_cache")


@pytest.mark.django_db
def test_budget_outcome_winners_rule_explanation_and_money_spent(home, project, now, citizen, staff_client):
    budget = make_budget_page(home, now, index_slug="budgets")
    record = budget.participation_record
    spec = budgets.spec_by_slug(record, "city")
    codes = {p.title: p.code for p in budget.budget_projects.all()}
    page = make_results_page(project, [block(budget, codes="", details=True)])
    for titles in [["A skate park"]] * 3 + [["Trees on Kerkstraat", "Benches in the park"]] * 2:
        budgets.cast_ballot(
            record, spec, Participant.new_anonymous(), budgets.Ballot(projects=tuple(codes[t] for t in titles))
        )
    assert "City-wide" not in html_of(citizen, page)  # voting still open: no outcome yet
    assert "Voting is still open" in html_of(staff_client, page)
    with clock.frozen_at(now + days(20)):
        html = html_of(citizen, page)
        assert "City-wide" in html and "the Method of Equal Shares" in html
        assert "€100,000 spent" in html or "of €100,000 spent" in html
        assert "Paid by" in html  # what each winner cost its supporters
        assert 'class="wp-progress"' in html and "wp-budget-chart" in html and "5 ballots." in html
        snapshots.finalise(record, staff_client.user)
        for _ in range(4):  # ballots entered after finalising (a late import): the published outcome stands
            budgets.cast_ballot(
                record, spec, Participant.new_anonymous(), budgets.Ballot(projects=(codes["A repair café"],))
            )
        assert record.budget_ballots.count() == 9
        cache.clear()
        html = html_of(citizen, page)
        assert "Final results" in html and "5 ballots." in html and "9 ballots." not in html
        page.body = [block(budget, codes="nowhere", details=False)]
        page.save_revision().publish()
        assert "City-wide" not in html_of(citizen, page)
        assert "None of the chosen budgets" in html_of(staff_client, page)
