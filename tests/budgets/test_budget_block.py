"""A participatory budget embedded in another page (issue 14): each budget with a button into its
booth; the booth keeps the way back and, once the ballot is stored, returns to the embedding page.
No JavaScript: the booth's own forms (update, review, submit) carry it."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client

from tests.builders import booth_url, make_budget_page, publish
from tests.builders import budget_project_codes as codes
from wagtail_participation import clock
from wagtail_participation.budgets.models import BudgetBallot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


@pytest.fixture
def embedded(home, now):
    from home.models import HomePage  # the example site's page type, which embeds methods

    budget = make_budget_page(
        home,
        now,
        budgets=[
            {"title": "City-wide", "slug": "city", "amount": 100_000},
            {"title": "Noord", "slug": "noord", "amount": 50_000},
        ],
        projects=[
            {"budget_slug": "city", "title": "Trees on Kerkstraat", "cost": 40_000},
            {"budget_slug": "city", "title": "A skate park", "cost": 60_000},
            {"budget_slug": "noord", "title": "A repair café", "cost": 30_000},
        ],
    )
    page = HomePage(title="News", slug="news", participation=[("method", {"method": budget, "heading": ""})])
    return publish(home.add_child(instance=page)), budget


def back_to(page, budget):
    return f"{page.url}#budgets-{budget.participation_record.pk}"


def test_each_budget_with_its_money_projects_and_a_button_into_its_booth(embedded, client):
    page, budget = embedded
    html = client.get(page.url).content.decode()
    assert "City budget 2027" in html and "City-wide" in html and "Noord" in html
    assert "Budget: €100,000" in html and "2 projects" in html and "1 project" in html
    next_query = "next=" + quote(back_to(page, budget), safe="")
    assert f'href="{booth_url(budget)}?{next_query}"' in html and "Vote in this budget" in html
    assert f'href="{booth_url(budget, "noord")}?{next_query}"' in html
    assert "Trees on Kerkstraat" not in html  # the projects are chosen in the booth, not here


def test_the_booth_keeps_the_way_back_and_returns_there_once_the_ballot_is_stored(embedded, client):
    page, budget = embedded
    back = back_to(page, budget)
    url = booth_url(budget) + "?" + "next=" + quote(back, safe="")
    booth = client.get(url).content.decode()
    assert f'name="next" value="{back}"' in booth and "Back to where you were" in booth
    chosen = [codes(budget)["Trees on Kerkstraat"]]
    updated = client.post(url, {"project": chosen, "action": "update"}).content.decode()
    assert f'name="next" value="{back}"' in updated  # an update keeps it
    review = client.post(url, {"project": chosen, "action": "review", "next": back}).content.decode()
    assert "Check your ballot" in review and f'name="next" value="{back}"' in review
    stored = client.post(booth_url(budget), {"project": chosen, "action": "submit", "next": back})
    assert stored.status_code == 302 and stored.url == back
    assert BudgetBallot.objects.get().projects == chosen
    html = client.get(page.url).content.decode()
    assert "Thank you. Your ballot for City-wide is stored." in html
    assert "You voted in this budget" in html and "Change my ballot" in html


def test_the_booth_without_a_way_back_behaves_as_before(embedded, client):
    _page, budget = embedded
    chosen = [codes(budget)["A skate park"]]
    stored = client.post(booth_url(budget), {"project": chosen, "action": "submit"})
    assert stored.status_code == 302 and stored.url == budget.url + "#budget-city"
    stored = client.post(
        booth_url(budget), {"project": chosen, "action": "submit", "next": "https://elsewhere.example/"}
    )
    assert stored.url == budget.url + "#budget-city"  # only a place on this site is a way back


def test_csrf_the_rules_and_the_live_method_guard_stay_with_the_booth(embedded, now):
    page, budget = embedded
    strict = Client(enforce_csrf_checks=True)
    chosen = [codes(budget)["A skate park"]]
    assert strict.post(booth_url(budget), {"project": chosen, "action": "submit"}).status_code == 403
    with clock.frozen_at(now + timedelta(days=20)):  # voting closed: no button, the booth refuses
        html = strict.get(page.url).content.decode()
        assert "Voting has closed." in html and "Vote in this budget" not in html
        client = Client()
        refused = client.post(booth_url(budget), {"project": chosen, "action": "submit"})
        assert refused.status_code == 403 and not BudgetBallot.objects.exists()
    budget.unpublish()
    assert "City budget 2027" not in Client().get(page.url).content.decode()
    assert Client().post(booth_url(budget), {"project": chosen, "action": "submit"}).status_code == 404


def test_who_may_not_vote_sees_why(home, now, client):
    from home.models import HomePage  # the example site's page type, which embeds methods

    budget = make_budget_page(home, now, level=1, slug="registered-budget")  # registered residents only
    page = publish(
        home.add_child(
            instance=HomePage(title="News", slug="news", participation=[("method", {"method": budget, "heading": ""})])
        )
    )
    html = client.get(page.url).content.decode()
    assert "wp-notice--reason" in html and "Vote in this budget" not in html
    assert "See the projects of City-wide" in html
