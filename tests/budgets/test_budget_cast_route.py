"""The budget ballot's route outside the page tree (issue 19): ``budgets/<record>/<budget>/ballot/``.

The review's form posts there: "submit" stores the ballot and returns to the page (or where the
person came from), "change my choice" shows the booth again; a ballot that breaks a rule shows the
booth with the choice kept and the reason; a refusal says why; CSRF and the live-method guard
apply; a submit posted to the booth itself (an older form) still stores the ballot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.builders import booth_url, cast_url, make_budget_page
from tests.builders import budget_project_codes as codes
from wagtail_participation import clock
from wagtail_participation.budgets.models import BudgetBallot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


@pytest.fixture
def page(home, now):
    return make_budget_page(home, now)


def test_the_review_posts_to_the_route_with_the_way_back(client, page):
    chosen = [codes(page)["A skate park"]]
    html = client.post(booth_url(page), {"project": chosen, "action": "review"}).content.decode()
    assert f'action="{cast_url(page)}"' in html
    assert f'name="wp-return" value="{page.url}#budget-city"' in html


def test_a_submitted_ballot_is_stored_and_the_person_returns_to_the_page(client, page):
    chosen = [codes(page)["A skate park"]]
    data = {"project": chosen, "action": "submit", "wp-return": f"{page.url}#budget-city"}
    response = client.post(cast_url(page), data)
    assert response.status_code == 302 and response.url == f"{page.url}#budget-city"
    assert BudgetBallot.objects.get().projects == chosen
    html = client.get(page.url).content.decode()
    assert "Thank you. Your ballot for City-wide is stored." in html and "You can change it until" in html
    changed = client.post(cast_url(page), {**data, "project": [codes(page)["A repair café"]]})
    assert changed.status_code == 302 and BudgetBallot.objects.get().projects == [codes(page)["A repair café"]]
    assert "Your ballot for City-wide is changed." in client.get(page.url).content.decode()


def test_without_a_way_back_it_returns_to_the_budget_and_only_to_this_site(client, page):
    chosen = [codes(page)["A skate park"]]
    stored = client.post(cast_url(page), {"project": chosen, "action": "submit"})
    assert stored.status_code == 302 and stored.url == page.url + "#budget-city"
    elsewhere = client.post(cast_url(page), {"project": chosen, "action": "submit", "wp-return": "https://x.example/"})
    assert elsewhere.url == page.url + "#budget-city"


def test_a_ballot_over_budget_shows_the_booth_with_the_choice_kept(client, page):
    c = codes(page)
    chosen = [c["Trees on Kerkstraat"], c["A skate park"], c["A repair café"]]
    response = client.post(cast_url(page), {"project": chosen, "action": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Your projects cost €130,000, more than the budget of €100,000" in html
    assert html.count(" checked") == 3 and 'value="review"' in html  # the booth, with its cards
    assert "A skate park" in html and not BudgetBallot.objects.exists()


def test_change_my_choice_shows_the_booth_again(client, page):
    chosen = [codes(page)["A skate park"]]
    response = client.post(cast_url(page), {"project": chosen, "action": "change"})
    html = response.content.decode()
    assert response.status_code == 200 and 'value="review"' in html and html.count(" checked") == 1
    assert not BudgetBallot.objects.exists()


def test_refused_once_voting_closed_with_the_reason(client, page, now):
    chosen = [codes(page)["A skate park"]]
    with clock.frozen_at(now + timedelta(days=20)):
        response = client.post(cast_url(page), {"project": chosen, "action": "submit"})
        assert response.status_code == 403
        assert "Voting closed on " in response.content.decode()  # the reason, above the booth
    assert not BudgetBallot.objects.exists()


def test_refused_without_the_level_the_budget_asks(home, now, client):
    page = make_budget_page(home, now, level=2)
    response = client.post(cast_url(page), {"project": [codes(page)["A skate park"]], "action": "submit"})
    assert response.status_code == 403 and not BudgetBallot.objects.exists()


def test_csrf_get_an_unknown_budget_and_the_live_method_guard(page):
    chosen = [codes(page)["A skate park"]]
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(cast_url(page), {"project": chosen, "action": "submit"}).status_code == 403
    assert Client().get(cast_url(page)).status_code == 405
    assert Client().post(cast_url(page, "nowhere"), {"project": chosen, "action": "submit"}).status_code == 404
    other = reverse("wagtail_participation:cast_budget_ballot", args=(page.participation_record.pk + 999, "city"))
    assert Client().post(other, {"project": chosen, "action": "submit"}).status_code == 404
    page.unpublish()
    assert Client().post(cast_url(page), {"project": chosen, "action": "submit"}).status_code == 404
    assert not BudgetBallot.objects.exists()


def test_a_submit_to_the_booth_itself_still_stores_the_ballot(client, page):
    chosen = [codes(page)["A skate park"]]
    response = client.post(booth_url(page), {"project": chosen, "action": "submit"})
    assert response.status_code == 302 and BudgetBallot.objects.get().projects == chosen


def test_the_vote_phase_is_read_from_the_cache_and_a_changed_phase_is_read_again(client, page, now):
    """The route keeps the project's phases in the cache (no query on every ballot); a phase
    saved since closes the window at once (the cached phases are retired with the timelines)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wagtail_participation.models import ProjectPhase

    chosen = [codes(page)["A skate park"]]
    data = {"project": chosen, "action": "submit", "wp-return": f"{page.url}#budget-city"}
    assert client.post(cast_url(page), data).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert client.post(cast_url(page), {**data, "project": [codes(page)["A repair café"]]}).status_code == 302
    assert not [q for q in queries.captured_queries if "projectphase" in q["sql"]]
    phase = ProjectPhase.objects.get(page__translation_key=page.participation_record.project_key)
    phase.end = clock.now() - timedelta(minutes=1)
    phase.save()
    assert Client().post(cast_url(page), data).status_code == 403
