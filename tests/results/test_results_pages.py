"""Results pages and results blocks (issue 8): snapshots, visibility, placeholders, decisions,
milestones, figures, translation and query counts, with the test app's minimal method.

Only the core and the results app are needed here. Results tests with idea boards are in
tests/ideas/test_idea_results.py, those on the example site in tests/core/test_results_on_the_example_site.py."""

from datetime import date

import pytest

from tests.builders import (
    days,
    html_of,
    make_decision,
    make_index,
    make_milestone,
    make_project,
    make_results_page,
    method_block,
    query_count,
    translate_with_localize,
)
from tests.builders import set_fake_results as set_results
from tests.testapp.models import MinimalMethodPage
from wagtail_participation import clock, snapshots
from wagtail_participation.models import Milestone, PolicyDecision
from wagtail_participation.models.outcomes import DecisionStatus, MilestoneStatus
from wagtail_participation.models.snapshots import ResultSnapshot
from wagtail_participation.results.models import ResultsPage

pytestmark = pytest.mark.usefixtures("clear_cache")


# -- the page type --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_results_page_lives_under_a_project_once(project, home):
    assert ResultsPage.can_create_at(project)
    assert not ResultsPage.can_create_at(home)
    make_results_page(project, [])
    assert not ResultsPage.can_create_at(project)  # one results page per project


# -- a method's results block: live, provisional, final ------------------------------------------


@pytest.mark.django_db
def test_method_block_live_then_provisional_then_final_and_frozen(project, method, now, citizen, staff_client):
    page = make_results_page(project, [method_block(method)])
    html = html_of(citizen, page)
    assert "Live results" in html and "1,200" in html  # live while open, numbers per locale

    with clock.frozen_at(now + days(6)):  # closed: the provisional snapshot is taken on first read
        html = html_of(citizen, page)
        assert "Provisional results" in html and "Live results" not in html
        set_results(method, [("yes", "Yes", 1300), ("no", "No", 34)])  # paper ballots arrive
        assert "1,300" not in html_of(citizen, page)  # a provisional snapshot does not drift either
        snapshots.finalise(method.participation_record, staff_client.user, note="Paper ballots included")
        html = html_of(citizen, page)
        assert "Final results" in html and "1,300" in html
        set_results(method, [("yes", "Yes", 9999), ("no", "No", 34)])  # later changes...
        html = html_of(citizen, page)
        assert "9,999" not in html and "1,300" in html  # ...never change a published block


# -- visibility and broken references ---------------------------------------------------------------


@pytest.mark.django_db
def test_results_hidden_by_the_methods_visibility_are_not_shown(
    project, method, now, citizen, staff_client, monkeypatch
):
    page = make_results_page(project, [method_block(method, heading="Poll outcome")])
    monkeypatch.setattr(
        MinimalMethodPage, "results_visible_to", lambda self, request: bool(request and request.user.is_staff)
    )
    with clock.frozen_at(now + days(6)):
        citizen = html_of(citizen, page)
        assert "Poll outcome" not in citizen and "1,200" not in citizen and "only editors see this" not in citizen
        staff = html_of(staff_client, page)
        assert "1,200" in staff  # staff may see them here


@pytest.mark.django_db
def test_results_of_a_method_in_a_private_section_are_shown_only_to_those_who_may_open_it(
    project, method, now, citizen, staff_client
):
    from wagtail.models import PageViewRestriction

    page = make_results_page(project, [method_block(method, heading="Poll outcome")])
    assert "1,200" in html_of(citizen, page)  # public method: public results
    PageViewRestriction.objects.create(page=method, restriction_type=PageViewRestriction.LOGIN)
    with clock.frozen_at(now + days(6)):  # closed: a snapshot exists, and still it stays private
        assert "Poll outcome" not in html_of(citizen, page) and "1,200" not in html_of(citizen, page)
        assert "1,200" in html_of(staff_client, page)  # logged in: passes the login restriction
    assert ResultSnapshot.objects.filter(record=method.participation_record).exists()


@pytest.mark.django_db
def test_live_numbers_only_while_open(project, method, now, citizen):
    page = make_results_page(project, [method_block(method, heading="Poll outcome")])
    with clock.frozen_at(now - days(20)):  # before the phase opened: neither live nor a snapshot
        assert "Poll outcome" not in html_of(citizen, page)
    assert not ResultSnapshot.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("breakage", ["deleted", "unpublished", "empty", "error"])
def test_broken_method_shows_nothing_to_citizens_and_a_placeholder_to_editors(
    breakage, project, method, citizen, staff_client, monkeypatch
):
    page = make_results_page(project, [method_block(method, heading="Poll outcome")])
    if breakage == "deleted":
        method.delete()
    elif breakage == "unpublished":
        method.unpublish()
    elif breakage == "empty":
        set_results(method, [])
        monkeypatch.setattr(
            MinimalMethodPage,
            "get_results",
            lambda self: __import__("wagtail_participation.engine.method_results", fromlist=["Results"]).MethodResults(
                rule="count"
            ),
        )
    else:
        monkeypatch.setattr(MinimalMethodPage, "get_results", lambda self: 1 / 0)
    citizen = html_of(citizen, page)
    assert "Poll outcome" not in citizen and "only editors see this" not in citizen
    editor = html_of(staff_client, page)
    assert "only editors see this" in editor
    preview = page.make_preview_request()  # an anonymous preview request: editors' placeholders show
    assert preview.status_code == 200 and "only editors see this" in preview.content.decode()


# -- decisions and milestones: shared state, translated text ------------------------------------


@pytest.mark.django_db
def test_status_is_edited_once_for_every_language_and_text_stays_per_language(locales, project):
    decision = make_decision(locales["en"], project=project, decided_on=date(2027, 3, 1))
    dutch = translate_with_localize(decision, locales["nl"])
    dutch.title, dutch.we_did = "Gemachtigd opzichter aan de Kerkstraat", "<p>Vanaf september.</p>"
    dutch.save()
    decision.status = DecisionStatus.IMPLEMENTED
    decision.save()
    dutch.refresh_from_db()
    assert dutch.status == DecisionStatus.IMPLEMENTED and dutch.decided_on == date(2027, 3, 1)
    assert dutch.title == "Gemachtigd opzichter aan de Kerkstraat"  # the text stays Dutch
    decision.refresh_from_db()
    assert decision.title == "Crossing guard at Kerkstraat"

    milestone = make_milestone(locales["en"])
    dutch_milestone = translate_with_localize(milestone, locales["nl"])
    milestone.progress, milestone.status = 100, MilestoneStatus.DONE
    milestone.save()
    dutch_milestone.refresh_from_db()
    assert (dutch_milestone.progress, dutch_milestone.status) == (100, MilestoneStatus.DONE)

    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    fields = {f.field_name: f for f in get_translatable_fields(PolicyDecision)}
    assert isinstance(fields["status"], SynchronizedField) and not fields["status"].overridable
    assert not isinstance(fields["we_did"], SynchronizedField)


@pytest.mark.django_db
def test_decision_and_tracker_blocks_with_and_without_data(locales, project, citizen, staff_client):
    adopted = make_decision(locales["en"])
    rejected = make_decision(
        locales["en"],
        title="Close Kerkstraat to cars",
        status=DecisionStatus.NOT_ADOPTED,
        we_did="<p>No: the bus needs it. We widen the pavement instead.</p>",
    )
    gone = make_decision(locales["en"], title="Deleted decision")
    done = make_milestone(
        locales["en"],
        title="Paint the crossing",
        status=MilestoneStatus.DONE,
        progress=100,
        completed_on=date(2027, 4, 2),
    )
    doing = make_milestone(locales["en"], title="Recruit a crossing guard", progress=40, due_on=date(2027, 9, 1))
    page = make_results_page(
        project,
        [
            ("decisions", {"heading": "", "decisions": [adopted, rejected, gone]}),
            ("implementation", {"heading": "", "milestones": [done, doing]}),
            ("decisions", {"heading": "Empty decisions", "decisions": []}),
            ("implementation", {"heading": "Empty tracker", "milestones": []}),
        ],
    )
    gone.delete()
    html = html_of(citizen, page)
    assert "You said, we did" in html and "Not adopted" in html and "We widen the pavement" in html
    assert "Deleted decision" not in html
    assert "1 of 2 milestones done · 70% overall" in html
    assert 'aria-label="Paint the crossing: 100% done"' in html and "Planned for" in html
    assert "Empty decisions" not in html and "Empty tracker" not in html
    assert "Choose at least one decision" in html_of(staff_client, page)


# -- participation figures ------------------------------------------------------------------------


@pytest.mark.django_db
def test_participation_figures_without_data_show_nothing(project, citizen, staff_client):
    page = make_results_page(project, [("participation_figures", {"project": None, "heading": "Who took part"})])
    assert "Who took part" not in html_of(citizen, page)
    assert "Nobody has taken part in this project yet." in html_of(staff_client, page)


# -- a translated results page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_translated_results_page_shows_each_language_with_shared_status_and_local_numbers(
    locales, project, method, citizen
):
    decision = make_decision(locales["en"], project=project)
    dutch_decision = translate_with_localize(decision, locales["nl"])
    dutch_decision.title, dutch_decision.we_did = (
        "Gemachtigd opzichter",
        "<p>Vanaf september staat er een opzichter.</p>",
    )
    dutch_decision.save()
    translate_with_localize(project, locales["nl"])
    translate_with_localize(method, locales["nl"])
    page = make_results_page(project, [method_block(method), ("decisions", {"heading": "", "decisions": [decision]})])
    dutch_page = translate_with_localize(page, locales["nl"])
    assert dutch_page.live and dutch_page.url.startswith("/nl/")

    english = html_of(citizen, page)
    assert "Crossing guard at Kerkstraat" in english and "1,200" in english and "Adopted" in english
    dutch = html_of(citizen, dutch_page)
    assert "Gemachtigd opzichter" in dutch and "Vanaf september staat er een opzichter." in dutch
    assert "Crossing guard at Kerkstraat" not in dutch
    assert "1.200" in dutch  # Dutch number format, one count shared with the English page

    decision.status = DecisionStatus.IMPLEMENTED  # edited once, in the source language
    decision.save()
    assert "decision-status--implemented" in html_of(citizen, dutch_page)


# -- project page and index ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_project_page_and_index_show_what_happened_once_results_are_published(locales, home, now, citizen):
    index = make_index(home, slug="participate")
    finished = make_project(
        index, title="Climate plan", slug="climate", phases=[("collect", now - days(60), now - days(30))]
    )
    make_project(index, title="Old project", slug="old", phases=[("collect", now - days(90), now - days(80))])
    assert "What happened with your input" not in html_of(citizen, finished)
    make_decision(locales["en"], project=finished, title="More trees on Stationsplein")
    page = make_results_page(finished, [])
    project_html = html_of(citizen, finished)
    assert "What happened with your input" in project_html and "More trees on Stationsplein" in project_html
    assert page.url in project_html
    index_html = html_of(citizen, index)
    assert page.url in index_html and "results of “Climate plan”" in index_html
    assert "results of “Old project”" not in index_html
    page.unpublish()
    assert "What happened with your input" not in html_of(citizen, finished)


@pytest.mark.django_db
def test_index_query_count_with_results_pages_is_constant(home, now, citizen):
    index = make_index(home, slug="participate")

    def add(start, n):
        for i in range(start, start + n):
            project = make_project(
                index, title=f"Project {i}", slug=f"project-{i}", phases=[("collect", now - days(60), now - days(30))]
            )
            make_results_page(project, [])

    add(0, 2)
    citizen.get(index.url)
    small = query_count(citizen, index.url)
    add(2, 10)
    citizen.get(index.url)  # the projects' timelines are cached again, as they were before
    large = query_count(citizen, index.url)
    assert large == small
    assert html_of(citizen, index).count("What happened with your input") == 12


# -- editors: the snapshot panel and finalising ------------------------------------------------------


@pytest.mark.django_db
def test_editor_sees_each_methods_snapshot_status_and_a_link_to_finalise(project, method, now, staff_client):
    from django.urls import reverse

    page = make_results_page(project, [method_block(method)])
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    review_url = reverse("participation_methods:review", args=(method.participation_record.pk,))
    html = staff_client.get(edit_url).content.decode()
    assert "Results of this project&#x27;s methods" in html or "Results of this project's methods" in html
    assert "Quick poll" in html and review_url in html and "Review results" in html
    with clock.frozen_at(now + days(6)):
        html = staff_client.get(edit_url).content.decode()
        assert "Review and finalise" in html
        assert staff_client.post(review_url, {"note": "Paper ballots in"}).status_code == 302
        html = staff_client.get(edit_url).content.decode()
        assert "Final" in html and "Review and finalise" not in html
    other = make_project(
        project.get_parent().specific,
        title="Other project",
        slug="other",
        phases=[("collect", now - days(1), now + days(1))],
    )
    add_url = reverse("wagtailadmin_pages:add", args=("participation_results", "resultspage", other.pk))
    assert staff_client.get(add_url).status_code == 200


@pytest.mark.django_db
def test_decision_and_milestone_snippets_in_the_admin(locales, project, staff_client):
    from django.urls import reverse

    decision = make_decision(locales["en"])
    for name in (
        "wagtailsnippets_wagtail_participation_policydecision",
        "wagtailsnippets_wagtail_participation_milestone",
    ):
        assert staff_client.get(reverse(f"{name}:list")).status_code == 200
        assert staff_client.get(reverse(f"{name}:add") + "?locale=en").status_code == 200
    response = staff_client.post(
        reverse("wagtailsnippets_wagtail_participation_milestone:add") + "?locale=en",
        {"title": "Paint", "description": "", "status": "done", "progress": "40", "sort_order": "0"},
    )
    assert response.status_code == 200 and "A milestone that is done is at 100%." in response.content.decode()
    assert not Milestone.objects.exists()
    edit = staff_client.get(reverse("wagtailsnippets_wagtail_participation_policydecision:edit", args=(decision.pk,)))
    assert edit.status_code == 200 and "Shared by every language" in edit.content.decode()


@pytest.mark.django_db
def test_results_pages_have_a_print_stylesheet(project, citizen):
    from django.contrib.staticfiles import finders

    html = html_of(citizen, make_results_page(project, []))
    assert "wagtail_participation/css/results.css" in html and "Printed from http://" in html
    css = open(finders.find("wagtail_participation/css/results.css")).read()
    assert "@media print" in css and "print-color-adjust: exact" in css
