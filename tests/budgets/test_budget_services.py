"""The budget write services called directly (no test client): refusal codes and statuses, and the
district rule read from the permission decision's facts."""

import pytest

from tests.builders import budget_project_codes, make_actor, make_budget_page
from wagtail_participation import writes
from wagtail_participation.budgets import services as budgets
from wagtail_participation.budgets.engine.ballots import Ballot
from wagtail_participation.budgets.models import BudgetBallot
from wagtail_participation.models import Participant, Verification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


def test_a_ballot_is_stored_changed_and_withdrawn(home, now):
    page = make_budget_page(home, now)
    spec = budgets.spec_by_slug(page.participation_record, "city")
    codes = budget_project_codes(page)
    person = Participant.new_anonymous()
    stored = budgets.submit_ballot(make_actor(person), page, spec, Ballot((codes["A skate park"],)), "City")
    assert (stored.ok, stored.code) == (True, "created") and "is stored" in stored.message
    changed = budgets.submit_ballot(make_actor(person), page, spec, Ballot((codes["A repair café"],)), "City")
    assert (changed.ok, changed.code) == (True, "changed")
    assert budgets.withdraw_own_ballot(make_actor(person), page, spec, "City").changed is True
    assert budgets.withdraw_own_ballot(make_actor(person), page, spec, "City").changed is False
    assert not BudgetBallot.objects.exists()


def test_live_method_policy_district_and_input_refuse(home, now, make_area):
    noord = make_area("Noord", "noord")
    page = make_budget_page(
        home,
        now,
        budgets=[{"title": "Noord", "slug": "noord", "amount": 50_000, "area": noord}],
        projects=[{"budget_slug": "noord", "title": "Playground", "cost": 20_000}],
    )
    spec = budgets.spec_by_slug(page.participation_record, "noord")
    ballot = Ballot(tuple(budget_project_codes(page, "noord").values()))
    outcome = budgets.submit_ballot(make_actor(), page, spec, ballot, "Noord")
    assert (outcome.code, outcome.status) == ("district_unknown", 403) and "Noord" in outcome.message
    resident = Participant.new_anonymous()
    Verification.objects.create(participant=resident, level=Verification.VERIFIED, area=noord, method="test")
    resident = Participant.objects.select_related("verification").get(pk=resident.pk)
    assert budgets.submit_ballot(make_actor(resident), page, spec, None, "Noord").code == writes.INVALID
    assert budgets.submit_ballot(make_actor(resident), page, spec, ballot, "Noord").ok
    page.unpublish()
    assert budgets.submit_ballot(make_actor(resident), page, spec, ballot, "Noord").status == 404


def test_the_district_rule_reads_the_decisions_facts(home, now, make_area, django_assert_num_queries):
    page = make_budget_page(home, now)
    actor = make_actor(Participant.new_anonymous())
    decision = actor.may("vote", page)
    assert decision.record == page.participation_record and not decision.facts.is_verified
    spec = budgets.spec_by_slug(page.participation_record, "city")
    with django_assert_num_queries(0):
        assert budgets.district_access(decision, spec, {}).allowed
