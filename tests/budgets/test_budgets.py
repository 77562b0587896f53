"""Participatory budgets end to end: the booth, bad input, districts, the freeze, results,
overrides, .pb import and export, personal data."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from tests.builders import booth_url, cast_url, make_budget_page, publish
from tests.builders import budget_project_codes as codes
from wagtail_participation import clock
from wagtail_participation.budgets import services as budgets
from wagtail_participation.budgets.models import BudgetBallot, BudgetPage
from wagtail_participation.models import MethodRecord, Participant, Verification

pytestmark = pytest.mark.django_db

PABULIB = Path(__file__).resolve().parents[3] / "shared" / "data" / "pabulib"


@pytest.fixture
def page(home, now):
    return make_budget_page(home, now)


def submit(client, page, data, slug="city", action="submit"):
    """Post as the booth's forms do: "submit" (from the review) to the ballot's route outside the
    page tree, the other actions to the booth."""
    url = cast_url(page, slug) if action == "submit" else booth_url(page, slug)
    return client.post(url, {**data, "action": action})


# -- the booth -----------------------------------------------------------------------------------
def test_booth_renders_projects_basket_and_inputs_without_javascript(client, page):
    response = client.get(booth_url(page))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('type="checkbox"') == 4
    assert "€100,000 of €100,000 left" in html
    assert 'aria-live="polite"' in html
    assert 'value="update"' in html and 'value="review"' in html


def test_update_my_basket_recomputes_without_storing(client, page):
    c = codes(page)
    response = submit(client, page, {"project": [c["Trees on Kerkstraat"], c["Benches in the park"]]}, action="update")
    html = response.content.decode()
    assert response.status_code == 200
    assert "€50,000 of €100,000 left" in html
    assert html.count("checked") == 2  # what was chosen is kept
    assert BudgetBallot.objects.count() == 0


def test_review_then_submit_stores_one_ballot_and_a_resubmit_changes_it(client, page):
    c = codes(page)
    chosen = [c["Trees on Kerkstraat"], c["A skate park"]]
    review = submit(client, page, {"project": chosen}, action="review")
    assert review.status_code == 200
    assert b"Check your ballot" in review.content
    assert review.content.decode().count('type="hidden" name="project"') == 2
    assert BudgetBallot.objects.count() == 0
    stored = submit(client, page, {"project": chosen})
    assert stored.status_code == 302
    ballot = BudgetBallot.objects.get()
    assert ballot.projects == chosen and ballot.channel == "online"
    again = submit(client, page, {"project": [c["Benches in the park"]]})  # changed until close
    assert again.status_code == 302
    assert BudgetBallot.objects.get().projects == [c["Benches in the park"]]
    double = submit(client, page, {"project": [c["Benches in the park"]]})  # a double submit
    assert double.status_code == 302 and BudgetBallot.objects.count() == 1


def test_overview_shows_my_ballot_and_the_change_link(client, page):
    c = codes(page)
    submit(client, page, {"project": [c["A repair café"]]})
    html = client.get(page.url).content.decode()
    assert "You voted in this budget" in html
    assert "Change my ballot" in html


# -- bad input -----------------------------------------------------------------------------------
def test_over_budget_is_refused_with_the_amounts_and_keeps_the_choice(client, page):
    c = codes(page)
    response = submit(
        client, page, {"project": [c["Trees on Kerkstraat"], c["A skate park"], c["A repair café"]]}, action="review"
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Your projects cost €130,000, more than the budget of €100,000" in html
    assert html.count(" checked") == 3
    assert (
        submit(client, page, {"project": [c["Trees on Kerkstraat"], c["A skate park"], c["A repair café"]]}).status_code
        == 400
    )
    assert BudgetBallot.objects.count() == 0


@pytest.mark.parametrize("forged", ["not-a-project", "00000000-0000-0000-0000-000000000000", "<script>"])
def test_a_forged_project_code_is_refused(client, page, forged):
    response = submit(client, page, {"project": [forged]})
    assert response.status_code == 400
    assert b"not on this ballot" in response.content
    assert BudgetBallot.objects.count() == 0


def test_a_project_of_another_budget_is_refused(client, home, now, make_area):
    noord = make_area("Noord", "noord")
    page = make_budget_page(
        home,
        now,
        budgets=[
            {"title": "City-wide", "slug": "city", "amount": 100_000},
            {"title": "Noord", "slug": "noord", "amount": 50_000, "area": noord},
        ],
        projects=[
            {"budget_slug": "city", "title": "Library", "cost": 50_000},
            {"budget_slug": "noord", "title": "Playground Noord", "cost": 20_000},
        ],
    )
    response = submit(client, page, {"project": [codes(page, "noord")["Playground Noord"]]}, slug="city")
    assert response.status_code == 400
    assert BudgetBallot.objects.count() == 0


def test_an_empty_ballot_is_refused(client, page):
    response = submit(client, page, {})
    assert response.status_code == 400
    assert b"Choose at least one project." in response.content


@pytest.fixture
def points_page(home, now):
    return make_budget_page(
        home,
        now,
        outcome_rule="greedy",
        budgets=[
            {
                "title": "City-wide",
                "slug": "city",
                "amount": 100_000,
                "ballot_type": "cumulative",
                "points": 10,
                "max_points_per_project": 5,
            },
        ],
    )


@pytest.mark.parametrize(
    "value, message",
    [
        ("abc", b"Enter a whole number of points."),
        ("-3", b"Points cannot be negative."),
        ("2.5", b"Enter a whole number of points."),
        ("6", b"At most 5 points per project."),
    ],
)
def test_bad_points_are_refused_next_to_the_project_and_kept(client, points_page, value, message):
    c = codes(points_page)
    response = submit(client, points_page, {f"points-{c['A skate park']}": value, f"points-{c['A repair café']}": "2"})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in response.content
    assert f'value="{value}"' in html
    assert 'aria-invalid="true"' in html
    assert BudgetBallot.objects.count() == 0


def test_points_ballot_over_the_total_is_refused_and_a_valid_one_stored(client, points_page):
    c = codes(points_page)
    over = {f"points-{code}": "4" for code in c.values()}  # 16 of 10
    assert submit(client, points_page, over).status_code == 400
    ok = submit(client, points_page, {f"points-{c['A skate park']}": "5", f"points-{c['Benches in the park']}": "3"})
    assert ok.status_code == 302
    assert BudgetBallot.objects.get().points == {c["A skate park"]: 5, c["Benches in the park"]: 3}


def test_ranked_ballot_keeps_the_order_and_refuses_a_doubled_rank(client, home, now):
    page = make_budget_page(
        home,
        now,
        outcome_rule="greedy",
        budgets=[
            {"title": "City-wide", "slug": "city", "amount": 100_000, "ballot_type": "ranked", "rank_k": 3},
        ],
    )
    c = codes(page)
    doubled = submit(client, page, {f"rank-{c['A skate park']}": "1", f"rank-{c['A repair café']}": "1"})
    assert doubled.status_code == 400 and b"rank 1 to two projects" in doubled.content
    too_many = submit(client, page, {f"rank-{code}": str(n) for n, code in enumerate(c.values(), start=1)})
    assert too_many.status_code == 400 and b"Choose at most 3 projects." in too_many.content
    ok = submit(client, page, {f"rank-{c['A repair café']}": "1", f"rank-{c['A skate park']}": "2"})
    assert ok.status_code == 302
    assert BudgetBallot.objects.get().projects == [c["A repair café"], c["A skate park"]]


def test_approval_limits(client, home, now):
    page = make_budget_page(
        home,
        now,
        budgets=[
            {
                "title": "City-wide",
                "slug": "city",
                "amount": 100_000,
                "ballot_type": "approval",
                "min_projects": 2,
                "max_projects": 3,
            },
        ],
    )
    c = list(codes(page).values())
    assert b"Choose at least 2 projects." in submit(client, page, {"project": c[:1]}).content
    assert b"Choose at most 3 projects." in submit(client, page, {"project": c}).content
    assert submit(client, page, {"project": c[:3]}).status_code == 302


def test_knapsack_minimum_spend(client, home, now):
    page = make_budget_page(
        home,
        now,
        budgets=[
            {"title": "City-wide", "slug": "city", "amount": 100_000, "min_spend_percent": 70},
        ],
    )
    c = codes(page)
    response = submit(client, page, {"project": [c["Benches in the park"]]})
    assert response.status_code == 400
    assert b"Spend at least \xe2\x82\xac70,000" in response.content


def test_a_ballot_after_close_is_refused(client, home, now):
    page = make_budget_page(home, now, vote_from=-20, vote_days=10)
    c = codes(page)
    response = submit(client, page, {"project": [c["A skate park"]]})
    assert response.status_code == 403
    assert BudgetBallot.objects.count() == 0


def test_a_get_never_changes_anything_and_withdraw_needs_post(client, page):
    withdraw = page.url + page.reverse_subpage("withdraw", args=("city",))
    assert client.get(withdraw).status_code == 405
    assert client.get(page.url + page.reverse_subpage("booth", args=("no-such-budget",))).status_code == 404


def test_withdraw_removes_my_ballot(client, page):
    c = codes(page)
    submit(client, page, {"project": [c["A skate park"]]})
    client.post(page.url + page.reverse_subpage("withdraw", args=("city",)))
    assert BudgetBallot.objects.count() == 0


# -- districts -----------------------------------------------------------------------------------
def login_resident(client, django_user_model, area, name="ann"):
    user = django_user_model.objects.create_user(name, password="pw")
    participant = Participant.objects.create(user=user)
    if area is not None:
        Verification.objects.create(participant=participant, level=Verification.VERIFIED, area=area, method="test")
    client.force_login(user)
    return participant


def test_home_district_mode_lets_residents_vote_in_their_own_district_only(client, django_user_model, district_page):
    page, noord, zuid = district_page("home")
    login_resident(client, django_user_model, noord)
    assert submit(client, page, {"project": list(codes(page, "noord").values())}, slug="noord").status_code == 302
    refused = submit(client, page, {"project": list(codes(page, "zuid").values())}, slug="zuid")
    assert refused.status_code == 403
    assert b"Only residents of this district" in refused.content or b"Only residents" in client.get(page.url).content
    assert submit(client, page, {"project": list(codes(page, "city").values())}, slug="city").status_code == 302
    assert BudgetBallot.objects.count() == 2


def test_home_district_mode_needs_a_known_area(client, django_user_model, district_page):
    page, noord, zuid = district_page("home")
    login_resident(client, django_user_model, None)
    assert submit(client, page, {"project": list(codes(page, "noord").values())}, slug="noord").status_code == 403


def test_choose_mode_allows_one_district_of_choice(client, django_user_model, district_page):
    page, noord, zuid = district_page("choose")
    login_resident(client, django_user_model, None)
    assert submit(client, page, {"project": list(codes(page, "zuid").values())}, slug="zuid").status_code == 302
    assert submit(client, page, {"project": list(codes(page, "noord").values())}, slug="noord").status_code == 403
    client.post(page.url + page.reverse_subpage("withdraw", args=("zuid",)))
    assert submit(client, page, {"project": list(codes(page, "noord").values())}, slug="noord").status_code == 302
    assert BudgetBallot.objects.get().budget_code == budgets.spec_by_slug(page.participation_record, "noord").code


def test_the_database_refuses_a_second_district_ballot_in_choose_mode(client, django_user_model, district_page):
    from django.db import IntegrityError, transaction

    page, noord, zuid = district_page("choose")
    participant = Participant.new_anonymous()
    record = page.participation_record
    first, second = budgets.spec_by_slug(record, "noord"), budgets.spec_by_slug(record, "zuid")
    budgets.cast_ballot(record, first, participant, budgets.Ballot(projects=tuple(first.costs)))
    with pytest.raises(budgets.DistrictTaken):
        budgets.cast_ballot(record, second, participant, budgets.Ballot(projects=tuple(second.costs)))
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetBallot.objects.create(
            record=record,
            budget_code=first.code,
            participant=participant,
            projects=[],
            created_at=clock.now(),
            updated_at=clock.now(),
        )


# -- the freeze and the audit log ----------------------------------------------------------------
def test_rules_freeze_at_the_first_ballot_and_changes_are_logged(client, page):
    record = page.participation_record
    c = codes(page)
    draft = BudgetPage.objects.get(pk=page.pk)
    draft.budgets.first().amount  # noqa: B018 - loaded
    budget = draft.budgets.first()
    budget.amount = 120_000
    draft.budgets = [budget]
    publish(draft)
    assert budgets.spec_by_slug(MethodRecord.objects.get(pk=record.pk), "city").rule.budget == 120_000
    assert PageLogEntry.objects.filter(page=page, action=budgets.RULES_CHANGED).exists()
    submit(client, page, {"project": [c["A skate park"]]})
    frozen = BudgetPage.objects.get(pk=page.pk)
    budget = frozen.budgets.first()
    budget.amount = 1_000_000
    frozen.budgets = [budget]
    publish(frozen)
    assert budgets.spec_by_slug(MethodRecord.objects.get(pk=record.pk), "city").rule.budget == 120_000
    assert PageLogEntry.objects.filter(page=page, action=budgets.RULES_KEPT).exists()


def test_the_editor_sees_locked_fields_and_why(client, page, staff_client):
    c = codes(page)
    submit(client, page, {"project": [c["A skate park"]]})
    html = staff_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "Locked since the first ballot" in html
    assert "disabled" in html
    assert "1 ballot so far." in html


def test_the_outcome_rule_locks_when_voting_opens(staff_client, page):
    response = staff_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert b"Locked since voting opened" in response.content


# -- results, overrides ----------------------------------------------------------------------------
def cast_many(page, ballots, slug="city"):
    record = page.participation_record
    spec = budgets.spec_by_slug(record, slug)
    c = codes(page, slug)
    for titles in ballots:
        budgets.cast_ballot(
            record, spec, Participant.new_anonymous(), budgets.Ballot(projects=tuple(c[t] for t in titles))
        )


def test_results_give_winners_explanations_and_the_comparison(page):
    cast_many(page, [["A skate park"]] * 3 + [["Trees on Kerkstraat", "Benches in the park"]] * 2 + [["A repair café"]])
    results = page.get_results()
    entry = results.specifics.budgets[0]
    c = codes(page)
    assert results.rule.startswith("mes/")
    assert entry.ballots == 6 and results.participants == 6
    assert c["A skate park"] in entry.selected
    assert entry.scores[c["A skate park"]] == 3
    explanation = entry.explanation[c["A skate park"]]
    assert explanation["supporters"] == 3  # what the winner cost its supporters
    assert entry.comparison.rule == "greedy"
    assert {row.code for row in results.rows} == set(c.values())


def test_override_needs_a_reason_and_is_logged(staff_client, page):
    cast_many(page, [["A skate park"]] * 3 + [["A repair café"]])
    url = reverse("participation_budgets:outcome", args=(page.pk,))
    assert staff_client.get(url).status_code == 200
    c = codes(page)
    refused = staff_client.post(url, {"slug": "city", "city-selected": [c["A repair café"]], "city-reason": ""})
    assert refused.status_code == 400
    assert not PageLogEntry.objects.filter(page=page, action=budgets.OUTCOME_OVERRIDE).exists()
    ok = staff_client.post(
        url,
        {
            "slug": "city",
            "city-selected": [c["A repair café"]],
            "city-reason": "The skate park site turned out to be contaminated soil.",
        },
    )
    assert ok.status_code == 302
    entry = PageLogEntry.objects.get(page=page, action=budgets.OUTCOME_OVERRIDE)
    assert entry.data["reason"].startswith("The skate park") and entry.data["selected"] == [c["A repair café"]]
    assert page.get_results().specifics.budgets[0].selected == (c["A repair café"],)


def test_results_are_public_after_close_with_the_pb_download(client, home, now):
    page = make_budget_page(home, now, vote_from=-3, vote_days=2)
    with clock.frozen_at(now - timedelta(days=2)):
        cast_many(page, [["A skate park"]] * 3 + [["A repair café", "Benches in the park"]])
    html = client.get(page.url).content.decode()
    assert "Results by" in html and "Funded" in html
    assert "Download the anonymised ballots (.pb)" in html


# -- .pb export and import -------------------------------------------------------------------------
def test_export_is_hidden_while_open_and_recounts_to_the_same_winners_after_close(client, home, now):
    from wagtail_participation.budgets.engine.budgeting import outcome_for_election
    from wagtail_participation.budgets.engine.pabulib import read_pb

    page = make_budget_page(home, now, vote_from=-3, vote_days=2)
    url = page.url + page.reverse_subpage("export", args=("city",))
    with clock.frozen_at(now - timedelta(days=2)):
        assert client.get(url).status_code == 404
        cast_many(
            page, [["A skate park"]] * 3 + [["Trees on Kerkstraat", "Benches in the park"]] * 2 + [["A repair café"]]
        )
    response = client.get(url)
    assert response.status_code == 200
    election = read_pb(response.content.decode())
    assert len(election.votes) == 6 and election.budget == 100_000
    assert "ann" not in response.content.decode()
    recount = outcome_for_election(election, "mes", utility="cost", completion="add1", greedy_fill=True)
    entry = page.get_results().specifics.budgets[0]
    spec = budgets.spec_by_slug(page.participation_record, "city")
    assert [spec.pb_ids[code] for code in entry.selected] == list(recount.selected)


ASSEN = PABULIB / "Netherlands_Assen_2024.pb"


@pytest.mark.skipif(not ASSEN.exists(), reason="the shared pabulib data is absent")
def test_import_a_real_election_then_its_export_round_trips(staff_client, home, now):
    from wagtail_participation.budgets.engine.pabulib import read_pb

    page = make_budget_page(home, now, budgets=[], projects=[], vote_from=-30, vote_days=10)
    url = reverse("participation_budgets:import", args=(page.pk,))
    with ASSEN.open("rb") as upload:
        response = staff_client.post(url, {"file": upload, "title": "Assen Top Idee 2024", "slug": "assen"})
    assert response.status_code == 302, response.content.decode()[:2000]
    original = read_pb(ASSEN)
    assert BudgetBallot.objects.filter(channel="imported").count() == len(original.votes)
    assert PageLogEntry.objects.filter(page=page, action=budgets.IMPORTED).exists()
    exported = read_pb(staff_client.get(page.url + page.reverse_subpage("export", args=("assen",))).content.decode())
    assert sorted(sorted(v.approvals) for v in exported.votes) == sorted(sorted(v.approvals) for v in original.votes)
    assert exported.costs() == original.costs()
    entry = BudgetPage.objects.get(pk=page.pk).get_results().specifics.budgets[0]
    if original.meta.get("rule", "").startswith("equalshares"):
        assert entry.rule.startswith("mes")


MALFORMED = """META
key;value
budget;1000
vote_type;approval
PROJECTS
project_id;cost
1;500
2;abc
VOTES
voter_id;vote
a;1
"""


def test_a_malformed_file_names_the_line_and_imports_nothing(staff_client, home, now):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = make_budget_page(home, now, budgets=[], projects=[], vote_from=-30, vote_days=10)
    url = reverse("participation_budgets:import", args=(page.pk,))
    response = staff_client.post(
        url, {"file": SimpleUploadedFile("bad.pb", MALFORMED.encode()), "title": "Bad", "slug": "bad"}
    )
    assert response.status_code == 400
    assert b"Line 8" in response.content
    assert not BudgetPage.objects.get(pk=page.pk).budgets.exists()
    assert BudgetBallot.objects.count() == 0


def test_import_is_refused_once_a_page_has_ballots(staff_client, client, page):
    from django.core.files.uploadedfile import SimpleUploadedFile

    submit(client, page, {"project": [codes(page)["A skate park"]]})
    good = MALFORMED.replace("2;abc", "2;300")
    response = staff_client.post(
        reverse("participation_budgets:import", args=(page.pk,)),
        {"file": SimpleUploadedFile("ok.pb", good.encode()), "title": "More", "slug": "more"},
    )
    assert response.status_code == 400
    assert b"already has ballots" in response.content


def test_import_needs_edit_permission(client, django_user_model, page):
    user = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
    client.force_login(user)
    response = client.get(reverse("participation_budgets:import", args=(page.pk,)))
    assert response.status_code in (302, 403)


# -- personal data, queries ------------------------------------------------------------------------
def test_personal_data_exports_and_erases_open_ballots(client, page):
    from wagtail_participation import personal_data

    submit(client, page, {"project": [codes(page)["A skate park"]]})
    participant = BudgetBallot.objects.get().participant
    exported = personal_data.export(participant)["data"]["budget_ballots"]["items"]
    assert exported[0]["budget"] == "City-wide"
    personal_data.erase(participant)
    assert BudgetBallot.objects.count() == 0


def test_booth_queries_do_not_grow_with_the_number_of_projects(client, home, now, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few = make_budget_page(home, now)
    many = make_budget_page(
        home,
        now,
        index_slug="more",
        project_slug="other",
        slug="budget2",
        projects=[{"budget_slug": "city", "title": f"Project {n}", "cost": 1_000 * n} for n in range(1, 25)],
    )
    counts = []
    for page in (few, many):
        client.get(booth_url(page))  # warm caches (site, settings)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(booth_url(page)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as queries:
        client.get(many.url)
    overview = len(queries)
    with CaptureQueriesContext(connection) as queries:
        client.get(few.url)
    assert len(queries) == overview


def test_home_district_mode_needs_a_verified_area_unless_declared_areas_are_accepted(
    client, django_user_model, district_page
):
    page, noord, zuid = district_page("home")
    user = django_user_model.objects.create_user("dee", password="pw")
    participant = Participant.objects.create(user=user)
    Verification.objects.create(participant=participant, level=Verification.DECLARED, area=noord, method="declared")
    client.force_login(user)
    refused = submit(client, page, {"project": list(codes(page, "noord").values())}, slug="noord")
    assert refused.status_code == 403
    assert BudgetBallot.objects.count() == 0
    record = page.participation_record
    record.rules = {**record.rules, "accept_declared_area": True}
    record.save()
    assert submit(client, page, {"project": list(codes(page, "noord").values())}, slug="noord").status_code == 302


def test_a_non_integer_cost_in_a_pb_file_is_refused(staff_client, home, now):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = make_budget_page(home, now, budgets=[], projects=[], vote_from=-30, vote_days=10)
    text = MALFORMED.replace("2;abc", "2;300.5")
    response = staff_client.post(
        reverse("participation_budgets:import", args=(page.pk,)),
        {"file": SimpleUploadedFile("f.pb", text.encode()), "title": "F", "slug": "f"},
    )
    assert response.status_code == 400
    assert b"only whole amounts can be imported" in response.content
    assert BudgetBallot.objects.count() == 0 and not BudgetPage.objects.get(pk=page.pk).budgets.exists()


# -- the booth form never fails on whatever is posted ------------------------------------------------
from hypothesis import given  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _spec(kind, **rule):
    from types import SimpleNamespace

    from wagtail_participation.budgets.engine.ballots import BallotRule

    costs = {"a": 40, "b": 60, "c": 10}
    spec = budgets.BudgetSpec(
        code="k",
        slug="city",
        title="City",
        area_key=None,
        rule=BallotRule(kind, 100, **rule),
        costs=costs,
        pb_ids={c: c for c in costs},
    )
    return spec, [SimpleNamespace(code=c, title=c.upper(), cost=v) for c, v in costs.items()]


KEYS = st.sampled_from(
    ["project", "points-a", "points-b", "points-zz", "rank-a", "rank-b", "rank-c", "rank-zz", "action", "x"]
)
VALUES = st.one_of(
    st.sampled_from(["a", "b", "c", "zz", "", "1", "2", "-1", "0", "5", "1e3", "abc", "99999999999999999999"]),
    st.text(max_size=8),
)


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        [
            ("knapsack", {}),
            ("approval", {"max_projects": 2}),
            ("cumulative", {"points": 6, "max_points_per_project": 4}),
            ("ranked", {"rank_k": 2}),
        ]
    ),
    st.lists(st.tuples(KEYS, VALUES), max_size=8),
)
def test_any_post_gives_a_verdict_and_an_accepted_ballot_obeys_the_rules(kind_rule, pairs):
    from django.http import QueryDict

    from wagtail_participation.budgets.engine import ballots as budget_ballots
    from wagtail_participation.budgets.forms import BoothForm

    kind, rule = kind_rule
    spec, projects = _spec(kind, **rule)
    data = QueryDict(mutable=True)
    for key, value in pairs:
        data.appendlist(key, value)
    form = BoothForm(spec, projects, data=data)
    valid = form.is_valid()
    assert isinstance(valid, bool)
    list(form.rows())  # renders
    if valid:
        assert budget_ballots.check(spec.rule, spec.costs, form.ballot) == []
        assert set(form.ballot.projects) <= set(spec.costs)
    else:
        assert form.errors or form.non_field_errors
