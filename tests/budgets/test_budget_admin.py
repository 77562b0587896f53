"""The editor's side of budgets: creating a budget page in the admin, rule validation, the lock
seen in the editor, the Budgets admin screens."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.builders import booth_url, days, make_budget_page, make_index, make_project
from tests.builders import budget_project_codes as codes
from wagtail_participation.budgets import services as budgets
from wagtail_participation.budgets.models import BudgetPage
from wagtail_participation.models import MethodRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(home, now):
    index = make_index(home, slug="participate")
    return make_project(index, slug="city-budget", phases=[("vote", now + days(5), now + days(20), "Vote")])


def budget_post_data(project, budgets_rows, project_rows, outcome_rule="mes"):
    vote = project.phases.get(title="Vote")
    data = nested_form_data(
        {
            "title": "City budget",
            "slug": "budget",
            "intro": rich_text("Spend it well."),
            "district_mode": "home",
            "outcome_rule": outcome_rule,
            "mes_utility": "cost",
            "mes_completion": "add1",
            "mes_greedy_fill": "on",
            "rule_level_vote": "1",
            "budgets": inline_formset(
                [
                    {
                        "title": "",
                        "slug": "",
                        "amount": "",
                        "ballot_type": "knapsack",
                        "min_spend_percent": "0",
                        "min_projects": "1",
                        "max_projects": "0",
                        "points": "0",
                        "max_points_per_project": "0",
                        "rank_k": "0",
                        "area": "",
                        **row,
                    }
                    for row in budgets_rows
                ]
            ),
            "budget_projects": inline_formset(
                [
                    {
                        "title": "",
                        "budget_slug": "",
                        "cost": "",
                        "description": "",
                        "image": "",
                        "area": "",
                        "idea": "",
                        **row,
                    }
                    for row in project_rows
                ]
            ),
        }
    )
    data["rule_phases_vote"] = [vote.code]
    return data


def add_url(project):
    return reverse("wagtailadmin_pages:add", args=("participation_budgets", "budgetpage", project.pk))


def test_an_editor_creates_a_budget_page_and_its_rules_reach_the_record(staff_client, project):
    data = budget_post_data(
        project,
        [{"title": "City-wide", "slug": "city", "amount": "100000"}],
        [
            {"title": "Trees", "budget_slug": "city", "cost": "40000"},
            {"title": "Benches", "budget_slug": "city", "cost": "10000"},
        ],
    )
    response = staff_client.post(add_url(project), data | {"action-publish": "action-publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    page = BudgetPage.objects.get()
    spec = budgets.spec_by_slug(MethodRecord.objects.get(translation_key=page.translation_key), "city")
    assert spec.rule.budget == 100_000 and sorted(spec.costs.values()) == [10_000, 40_000]


@pytest.mark.parametrize(
    "budget_row, project_row, message",
    [
        (
            {"ballot_type": "cumulative", "points": "0"},
            {},
            "A points ballot needs the number of points each voter has.",
        ),
        ({"ballot_type": "ranked", "rank_k": "3"}, {}, "The Method of Equal Shares needs knapsack or approval ballots"),
        ({}, {"budget_slug": "nowhere"}, "No budget on this page has the short name “nowhere”."),
        ({}, {"cost": "500000"}, "A project of this budget costs more than the whole budget."),
        ({"min_spend_percent": "120"}, {}, "Enter a percentage between 0 and 100."),
        (
            {"ballot_type": "approval", "min_projects": "3", "max_projects": "2"},
            {},
            "The maximum cannot be below the minimum.",
        ),
    ],
)
def test_impossible_rules_are_refused_with_the_input_kept(staff_client, project, budget_row, project_row, message):
    data = budget_post_data(
        project,
        [{"title": "City-wide", "slug": "city", "amount": "100000", **budget_row}],
        [{"title": "Trees", "budget_slug": "city", "cost": "40000", **project_row}],
    )
    response = staff_client.post(add_url(project), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="City-wide"' in html
    assert not BudgetPage.objects.exists()


def test_a_locked_page_refuses_new_projects_and_keeps_costs(staff_client, client, home, now):
    page = make_budget_page(home, now)
    c = codes(page)
    client.post(booth_url(page), {"project": [c["A skate park"]], "action": "submit"})
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    html = staff_client.get(edit).content.decode()
    assert "Locked since the first ballot" in html
    assert html.count("disabled") >= 4 * 2  # cost and budget of each project at least
    rows = list(page.budget_projects.all())
    data = budget_post_data(
        page.get_parent().specific,
        [{"id": str(page.budgets.get().pk), "title": "City-wide", "slug": "city", "amount": "100000"}],
        [{"id": str(r.pk), "title": r.title, "budget_slug": "city", "cost": "1"} for r in rows]
        + [{"title": "New", "budget_slug": "city", "cost": "5000"}],
    )
    data["slug"] = page.slug
    response = staff_client.post(edit, data | {"action-publish": "action-publish"})
    assert response.status_code == 200
    assert "No budget or project can be added after the first ballot." in response.content.decode()
    spec = budgets.spec_by_slug(MethodRecord.objects.get(translation_key=page.translation_key), "city")
    assert spec.costs[c["A skate park"]] == 60_000


def test_budget_admin_screens(staff_client, home, now):
    page = make_budget_page(home, now)
    index = staff_client.get(reverse("participation_budgets:index"))
    assert index.status_code == 200 and page.title.encode() in index.content
    assert staff_client.get(reverse("participation_budgets:import", args=(page.pk,))).status_code == 200
    outcome = staff_client.get(reverse("participation_budgets:outcome", args=(page.pk,)))
    assert outcome.status_code == 200
    assert b"Fund other projects than the rule computed" in outcome.content


def test_after_close_the_outcome_screen_points_to_finalising(staff_client, home, now):
    page = make_budget_page(home, now, vote_from=-10, vote_days=5)
    html = staff_client.get(reverse("participation_budgets:outcome", args=(page.pk,))).content.decode()
    record = MethodRecord.objects.get(translation_key=page.translation_key)
    assert reverse("participation_methods:review", args=(record.pk,)) in html
    assert "a change made here is published when you finalise the results" in html


from django.test import override_settings  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.test.utils import WagtailPageTestCase  # noqa: E402

from tests.builders import NOW  # noqa: E402
from wagtail_participation import clock  # noqa: E402
from wagtail_participation.models import ProjectPage  # noqa: E402


@override_settings(ROOT_URLCONF="tests.urls_without_language_prefix")
class BudgetPageTests(WagtailPageTestCase):
    def setUp(self):
        with clock.frozen_at(NOW):
            self.page = make_budget_page(Page.objects.get(depth=2), NOW)

    def test_lives_under_a_project_and_its_routes_render(self):
        self.assertCanCreateAt(ProjectPage, BudgetPage)
        self.assertCanNotCreateAt(Page, BudgetPage)
        with clock.frozen_at(NOW):
            self.assertPageIsRoutable(self.page)
            self.assertPageIsRenderable(self.page)
            self.assertPageIsPreviewable(self.page)
            for route in ("city/",):
                self.assertPageIsRoutable(self.page, route)
                self.assertPageIsRenderable(self.page, route)


# -- paper ballots -------------------------------------------------------------------------------
def test_paper_ballots_are_validated_like_online_ones_entered_once_and_counted_per_channel(
    staff_client, client, home, now
):
    from wagtail.models import PageLogEntry

    from wagtail_participation.budgets.models import BudgetBallot

    page = make_budget_page(home, now)
    c = codes(page)
    url = reverse("participation_budgets:paper", args=(page.pk,))
    assert staff_client.get(url).status_code == 200
    over = staff_client.post(url, {"budget": "city", "number": "A-001", "project": list(c.values())})
    assert over.status_code == 400 and "more than the budget" in over.content.decode()
    missing = staff_client.post(url, {"budget": "city", "number": "", "project": [c["A skate park"]]})
    assert missing.status_code == 400 and b"Enter the number printed on the paper ballot." in missing.content
    assert BudgetBallot.objects.count() == 0
    ok = staff_client.post(url, {"budget": "city", "number": "A-001", "project": [c["A skate park"]]})
    assert ok.status_code == 302
    twice = staff_client.post(url, {"budget": "city", "number": "A-001", "project": [c["A skate park"]]})
    assert twice.status_code == 409 and b"was already entered" in twice.content
    ballot = BudgetBallot.objects.get()
    assert (ballot.channel, ballot.voter_ref, ballot.entered_by_id, ballot.participant_id) == (
        "paper",
        "A-001",
        staff_client.user.pk,
        None,
    )
    assert PageLogEntry.objects.filter(page=page, action=budgets.PAPER).count() == 1
    client.post(booth_url(page), {"project": [c["A repair café"]], "action": "submit"})
    results = BudgetPage.objects.get(pk=page.pk).get_results()
    entry = results.specifics.budgets[0]
    assert entry.channels == {"paper": 1, "online": 1}
    assert results.participants == 2 and any("paper" in note for note in results.notes)


def test_paper_ballot_entry_needs_edit_permission(client, django_user_model, home, now):
    page = make_budget_page(home, now)
    user = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(user)
    response = client.post(
        reverse("participation_budgets:paper", args=(page.pk,)),
        {"budget": "city", "number": "1", "project": list(codes(page).values())[:1]},
    )
    assert response.status_code in (302, 403)
    from wagtail_participation.budgets.models import BudgetBallot

    assert BudgetBallot.objects.count() == 0
