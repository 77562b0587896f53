"""Budget ballots under parallel requests, on PostgreSQL and MariaDB (SQLite serialises writers)."""

import threading

import pytest
from django.test import Client

from tests.builders import NOW, booth_url, make_budget_page, run_in_parallel
from tests.builders import budget_project_codes as codes
from wagtail_participation import clock
from wagtail_participation.budgets import services as budgets
from wagtail_participation.budgets.models import BudgetBallot
from wagtail_participation.models import Participant

pytestmark = [pytest.mark.concurrent_db, pytest.mark.django_db(transaction=True)]


def test_parallel_submits_of_one_participant_store_one_ballot(home, django_user_model):
    with clock.frozen_at(NOW):
        page = make_budget_page(home, NOW)
    user = django_user_model.objects.create_user("ann", password="pw")
    Participant.objects.create(user=user)
    chosen = [codes(page)["A skate park"]]
    url = booth_url(page)
    statuses = []
    lock = threading.Lock()

    def post():
        client = Client()
        client.force_login(user)
        with clock.frozen_at(NOW):
            response = client.post(url, {"project": chosen, "action": "submit"})
        with lock:
            statuses.append(response.status_code)

    assert run_in_parallel(post) == []
    assert statuses == [302] * 8
    assert BudgetBallot.objects.count() == 1
    assert BudgetBallot.objects.get().projects == chosen


def test_parallel_ballots_in_two_districts_of_choice_keep_one(home, make_area):
    noord, zuid = make_area("Noord", "noord"), make_area("Zuid", "zuid")
    with clock.frozen_at(NOW):
        page = make_budget_page(
            home,
            NOW,
            district_mode="choose",
            budgets=[
                {"title": "Noord", "slug": "noord", "amount": 50_000, "area": noord},
                {"title": "Zuid", "slug": "zuid", "amount": 50_000, "area": zuid},
            ],
            projects=[
                {"budget_slug": "noord", "title": "Playground Noord", "cost": 20_000},
                {"budget_slug": "zuid", "title": "Playground Zuid", "cost": 20_000},
            ],
        )
    record = page.participation_record
    participant = Participant.new_anonymous()
    specs = iter([budgets.spec_by_slug(record, slug) for slug in ("noord", "zuid") * 4])
    outcomes = []
    lock = threading.Lock()

    def cast():
        with lock:
            spec = next(specs)
        try:
            with clock.frozen_at(NOW):
                outcomes.append(
                    budgets.cast_ballot(record, spec, participant, budgets.Ballot(projects=tuple(spec.costs)))
                )
        except budgets.DistrictTaken:
            outcomes.append("refused")

    assert run_in_parallel(cast) == []
    assert BudgetBallot.objects.filter(participant=participant).count() == 1
    assert outcomes.count("created") == 1
