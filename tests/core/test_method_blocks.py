"""The generic blocks (issue 14): a method chosen in a block is drawn by its app's manifest; a
method that cannot be shown (none, deleted, app not installed, unpublished, private, not a method,
no such block) shows nothing to citizens and a placeholder to editors; the block definitions
are the same whichever method apps are installed; the page's queries do not grow with the data."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import format_html
from wagtail.models import Page, PageViewRestriction

from home.models import HomePage
from tests.builders import (
    html_of,
    make_board,
    make_idea,
    make_index,
    make_method,
    make_proposal,
    make_proposals_page,
    publish,
    translate_with_localize,
)
from tests.builders import method_block as results
from wagtail_participation import manifests
from wagtail_participation.blocks import MethodBlock
from wagtail_participation.models import Participant

pytestmark = pytest.mark.usefixtures("clear_cache")

PLACEHOLDER = "only editors see this"


def embedding_page(home, *blocks, slug="news"):
    return publish(home.add_child(instance=HomePage(title="News", slug=slug, participation=list(blocks))))


def live(method, **options):
    return ("method", {"method": method, "heading": "", **options})


@pytest.fixture
def recording_manifest(monkeypatch):
    """The test app's minimal method, with an ``embed`` and ``results`` that record their calls."""
    from tests.testapp.models import MinimalMethodPage

    calls = []

    def embed(request, page, value, context=None):
        calls.append(("embed", request, page, value, context))
        return format_html("<p>Embedded: {} ({}, {})</p>", page.title, value["heading"] or "no heading", value["count"])

    def draw_results(request, page, value, context=None):
        calls.append(("results", request, page, value, context))
        return format_html("<p>Results of {}: {}</p>", page.title, value["codes"])

    registered = manifests.for_page(MinimalMethodPage())
    manifests.register(dataclasses.replace(registered, embed=embed, results=draw_results))
    yield calls
    manifests.register(registered)


@pytest.mark.django_db
def test_blocks_draw_the_chosen_method_through_its_manifest(home, now, citizen, recording_manifest):
    method = make_method(home, slug="minimal", title="Quick check")
    page = embedding_page(home, live(method, heading="Tell us", count=5), results(method, heading="", codes="a, b"))
    html = html_of(citizen, page)
    assert "<p>Embedded: Quick check (Tell us, 5)</p>" in html
    assert "<p>Results of Quick check: a, b</p>" in html
    (kind, request, chosen, value, context), (kind2, *_rest) = recording_manifest
    assert (kind, kind2) == ("embed", "results")
    assert chosen == method and type(chosen).__name__ == "MinimalMethodPage"  # the specific page
    assert request.path == page.url and context["page"] == page and "csrf_token" in context


@pytest.mark.django_db
def test_a_method_app_that_is_not_installed_shows_nothing_to_citizens(home, now, citizen, staff_client, request):
    poll_like = make_method(home, slug="gone", title="Gone method")
    page = embedding_page(home, live(poll_like, heading="Live gone"), results(poll_like, heading="Results gone"))
    removed = manifests.unregister("testapp")  # its app left INSTALLED_APPS: no manifest
    request.addfinalizer(lambda: manifests.register(removed))
    html = html_of(citizen, page)
    assert "Live gone" not in html and "Results gone" not in html and PLACEHOLDER not in html
    editor = html_of(staff_client, page)
    assert "The app of the chosen participation method is not installed on this site." in editor
    assert "The app of the chosen method is not installed on this site." in editor
    assert editor.count("Chosen: Gone method") == 2


@pytest.mark.django_db
def test_a_page_whose_model_is_gone_shows_nothing_to_citizens(home, now, citizen, staff_client):
    # What the database holds after a method app (and its model) was removed from a site.
    gone = ContentType.objects.create(app_label="participation_gone", model="gonepage")
    orphan = home.add_child(instance=Page(title="Removed method", slug="removed", content_type=gone))
    page = embedding_page(home, live(orphan), results(orphan))
    page = HomePage.objects.get(pk=page.pk)
    assert [child.value["method"].title for child in page.participation] == ["Removed method"] * 2
    html = html_of(citizen, page)
    assert "Removed method" not in html and PLACEHOLDER not in html
    editor = html_of(staff_client, page)
    assert editor.count("not installed on this site") == 2 and "Chosen: Removed method" in editor


@pytest.mark.django_db
@pytest.mark.parametrize("breakage", ["unpublished", "deleted", "private", "not a method"])
def test_live_block_with_a_method_that_cannot_be_shown(home, now, citizen, staff_client, breakage):
    board = make_board(home, now=now)
    make_idea(board, title="An idea on the board")
    chosen = make_index(home, slug="not-a-method") if breakage == "not a method" else board
    page = embedding_page(home, live(chosen, heading="Board here"))
    if breakage == "unpublished":
        board.unpublish()
    elif breakage == "deleted":
        board.delete()
    elif breakage == "private":
        PageViewRestriction.objects.create(page=board, restriction_type="password", password="secret")
    html = html_of(citizen, page)
    assert "Board here" not in html and "An idea on the board" not in html and PLACEHOLDER not in html
    reason = {
        "unpublished": "The chosen method is not published.",
        "deleted": "No participation method is chosen, or it was deleted.",
        "private": "The chosen method is private or belongs to another site.",
        "not a method": "The chosen page is not a participation method.",
    }[breakage]
    assert reason in html_of(staff_client, page)
    preview = page.make_preview_request()  # an anonymous preview: the editor's placeholder shows
    assert preview.status_code == 200 and reason in preview.content.decode()


@pytest.mark.django_db
def test_live_block_of_a_method_without_a_live_view(home, now, citizen, staff_client):
    method = make_method(home, slug="minimal")  # the test app's manifest has results only
    page = embedding_page(home, live(method))
    assert PLACEHOLDER not in html_of(citizen, page)
    assert "cannot be shown inside a page; link to it instead" in html_of(staff_client, page)


@pytest.mark.django_db
def test_the_live_block_shows_the_method_in_the_visitors_language(locales, home, now, citizen):
    board = make_board(home, now=now)
    dutch = translate_with_localize(board, locales["nl"])
    dutch.question = "Welke oversteekplaatsen voelen onveilig?"
    publish(dutch)
    page = embedding_page(home, live(board))
    dutch_page = translate_with_localize(page, locales["nl"])
    assert "Which crossings feel unsafe?" in html_of(citizen, page)
    assert "Welke oversteekplaatsen voelen onveilig?" in html_of(citizen, dutch_page)


def test_block_definitions_do_not_depend_on_the_installed_methods(monkeypatch):
    """What a migration holds for these StreamFields names no method app, and stays the same
    with no method registered (a site that installs other methods, or none)."""
    from django.db.migrations.writer import MigrationWriter
    from wagtail.fields import StreamField

    from wagtail_participation.results.blocks import RESULTS_BLOCKS

    def serialized():
        field = StreamField([("method", MethodBlock()), *RESULTS_BLOCKS])
        return MigrationWriter.serialize(field)[0]

    before = serialized()
    for label in ("ideas", "polls", "surveys", "budgets", "proposals"):
        assert f"participation_{label}" not in before and f"wagtail_participation.{label}" not in before, label
    monkeypatch.setattr(manifests, "_manifests", {})
    assert serialized() == before
    home_field = HomePage._meta.get_field("participation")
    assert "participation_polls" not in MigrationWriter.serialize(home_field)[0]


# -- queries ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_page_of_live_blocks_has_constant_queries(locales, home, now, citizen):
    from tests.builders import SURVEY_OPEN_TO_ANYONE as OPEN_TO_ANYONE
    from tests.builders import make_analysis, make_budget_page, make_poll, make_survey
    from wagtail_participation import contributions
    from wagtail_participation.budgets import services as budgets
    from wagtail_participation.polls import services as polls
    from wagtail_participation.proposals import services as proposals

    board = make_board(home, now=now)
    poll = make_poll(home, now=now)
    analysis = make_analysis(home, now=now)
    survey = make_survey(
        home,
        now=now,
        rules=OPEN_TO_ANYONE,
        questions=[dict(field_type="radio", label="Yes?", code="yes", choices="Yes\nNo", option_codes="yes\nno")],
    )
    budget = make_budget_page(home, now, index_slug="budgets")
    proposals_page = make_proposals_page(home, now=now, threshold=50)
    spec = budgets.spec_by_slug(budget.participation_record, "city")
    project_codes = [p.code for p in budget.budget_projects.all()]

    def add(n):
        for i in range(n):
            voter = Participant.new_anonymous()
            contributions.cast_vote(make_idea(board, title=f"Idea {i}", score=i), voter, 1)
            polls.cast_ballot(poll.participation_record, voter, ["station"])
            polls.cast_ballot(analysis.participation_record, voter, ["one-way", "school-street"])
            polls.add_option_comment(analysis.participation_record, voter, "one-way", "Yes", "en")
            budgets.cast_ballot(budget.participation_record, spec, voter, budgets.Ballot(projects=(project_codes[2],)))
            proposals.support(make_proposal(proposals_page, title=f"Proposal {i}"), voter)

    page = embedding_page(
        home,
        live(board, sort="votes", count=3),
        live(poll),
        live(analysis),
        live(survey),
        live(budget),
        live(proposals_page, sort="", count=3),
    )

    def count():
        with CaptureQueriesContext(connection) as queries:
            html = html_of(citizen, page)
        for expected in ("Which crossings feel unsafe?", "Where should the new bike shed go?", "School street"):
            assert expected in html, expected
        assert 'name="yes"' in html and "Vote in this budget" in html and "Start a proposal" in html
        return len(queries)

    add(2)
    count()  # warm (site, locale, live-method facts)
    few = count()
    add(5)
    assert count() == few


@pytest.mark.django_db
def test_editor_opens_a_page_with_live_blocks(home, now, staff_client):
    from django.urls import reverse

    board = make_board(home, now=now)
    page = embedding_page(home, live(board, sort="votes", count=3), results(board, which="answered"))
    response = staff_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Participation method (live)", "Method results", "Options for some methods", "Number of items"):
        assert label in html, label
    assert staff_client.get(reverse("wagtailadmin_pages:view_draft", args=(page.pk,))).status_code == 200
