"""Issue 13 item 2: every citizen write is refused (404) unless the method is live and visible here.

The table in ``tests/write_routes.py`` must list every route the package has, so a new route
without an entry (and so without this test) fails ``test_the_table_lists_every_route``.
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import get_resolver
from wagtail.models import Page, PageViewRestriction, Site

from tests.builders import publish
from tests.write_routes import NOT_METHOD_ROUTES, TEST_ONLY_MODELS, WRITE_ROUTES, record_route_page
from wagtail_participation import clock
from wagtail_participation.models import ContributionVote, ParticipationMethodPage

pytestmark = pytest.mark.usefixtures("clear_cache")


@pytest.fixture
def other_site(home):
    other_home = Page.get_first_root_node().add_child(instance=Page(title="Another town", slug="another-town"))
    return Site.objects.create(hostname="other.example", port=80, root_page=other_home)


def package_routes() -> set:
    found = set()
    for model in apps.get_models():
        label = model._meta.label_lower
        if not issubclass(model, ParticipationMethodPage) or label in TEST_ONLY_MODELS:
            continue
        if hasattr(model, "get_subpage_urls"):
            found |= {(label, pattern.name) for pattern in model.get_subpage_urls()}
        else:  # the page's own serve() takes the POST (a survey)
            found.add((label, "serve"))
    for pattern in url_patterns(get_resolver("wagtail_participation.urls")):
        if pattern.name not in NOT_METHOD_ROUTES:
            found.add((None, pattern.name))
    return found


def url_patterns(resolver):
    """Every route of ``resolver``, including those of the method apps' URL modules it includes."""
    for pattern in resolver.url_patterns:
        yield from url_patterns(pattern) if hasattr(pattern, "url_patterns") else [pattern]


def test_the_table_lists_every_route():
    assert package_routes() == {(route.model, route.name) for route in WRITE_ROUTES}


@pytest.mark.django_db
@pytest.mark.parametrize("route", WRITE_ROUTES, ids=lambda route: route.id)
def test_writes_to_a_hidden_method_are_404(route, scene, other_site, client, now):
    client.force_login(scene.user)
    url = route.path(scene)
    page = record_route_page(route, scene)

    def status(**extra):
        with clock.frozen_at(now + timedelta(days=route.days_later)):
            return client.post(url, {}, **extra).status_code

    assert status() != 404, "the route must exist and take the write while the method is visible"

    section = page.get_parent()
    restriction = PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Council members"))
    assert status() == 404, "a private section"
    restriction.delete()

    assert status(HTTP_HOST="other.example") == 404, "another site"

    page.unpublish()
    assert status() == 404, "unpublished"
    page = publish(page)
    assert status() != 404
    page.delete()
    assert status() == 404, "deleted"


@pytest.mark.django_db
def test_an_unpublished_board_counts_no_vote_through_the_route_outside_the_tree(scene, client):
    """The report's case: ``POST …/participation/ideas/<id>/vote/`` answered ``{"ok": true}``."""
    route = next(route for route in WRITE_ROUTES if route.name == "vote_idea")
    url = route.path(scene)
    scene.page("participation_ideas.ideaboardpage").unpublish()
    response = client.post(url, {"value": "up"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 404
    assert not ContributionVote.objects.exists()


@pytest.mark.django_db
def test_a_visitor_who_may_see_a_private_section_may_write(scene, client):
    board = scene.page("participation_ideas.ideaboardpage")
    council = Group.objects.create(name="Council members")
    restriction = PageViewRestriction.objects.create(page=board, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(council)
    scene.user.groups.add(council)
    client.force_login(scene.user)
    route = next(route for route in WRITE_ROUTES if route.name == "vote_idea")
    response = client.post(route.path(scene), {"value": "up"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200 and response.json()["ok"]
    assert ContributionVote.objects.filter(participant=scene.participant).count() == 1
