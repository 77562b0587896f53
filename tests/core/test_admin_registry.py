"""The admin side of the plugin suite (issue 14): the core's "Participation" menu holds the core's own
screens, and each method app adds its screens, bulk actions and routes from its own modules, so a
method that is not installed leaves no trace in the admin or the URLs."""

import json
import subprocess
import sys

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks
from wagtail.admin.menu import admin_menu
from wagtail.admin.viewsets.base import ViewSet

from tests.settings import INSTALLED_APPS, REPO_DIR
from wagtail_participation import manifests
from wagtail_participation.admin_registry import PARTICIPATION_MENU_HOOK, register_participation_viewset
from wagtail_participation.viewsets import ParticipationViewSetGroup

# The menu as staff have always seen it (issue 13): the order is part of the behaviour.
MENU = [
    "Topics",
    "Areas",
    "Departments",
    "Methods and results",
    "Invitation codes",
    "Register of residents",
    "Refused register claims",
    "Verified participants",
    "Idea boards",
    "Moderate ideas",
    "Moderate comments",
    "Status labels",
    "Comments on options",
    "Poll votes",
    "Surveys",
    "Budgets",
    "Citizen proposals",
    "Review requests",
    "Decisions",
    "Implementation milestones",
    "Retention",
]
METHOD_APPS = [app for app in INSTALLED_APPS if app.startswith("wagtail_participation.")]


def menu_labels() -> list[str]:
    group = next(item for item in admin_menu.registered_menu_items if item.name == "participation")
    return [str(item.label) for item in sorted(group.menu.registered_menu_items, key=lambda item: item.order)]


def added_viewsets() -> list[ViewSet]:
    """The viewsets the installed apps put in the menu (each hook is a viewset's ``get_menu_item``)."""
    return [fn.__self__ for fn in hooks.get_hooks(PARTICIPATION_MENU_HOOK)]


def app_label_of(viewset) -> str:
    return apps.get_containing_app_config(type(viewset).__module__).label


def test_the_menu_keeps_its_items_and_their_order():
    assert menu_labels() == MENU


def test_the_core_lists_only_its_own_screens_and_every_other_item_comes_from_an_installed_method():
    core = ParticipationViewSetGroup().registerables
    assert {app_label_of(viewset) for viewset in core} == {"wagtail_participation"}
    installed_methods = {manifest.app_label for manifest in manifests.manifests()}
    added = {app_label_of(viewset) for viewset in added_viewsets()}
    assert added <= installed_methods
    methods_with_screens = ["participation_ideas", "participation_polls", "participation_surveys"]
    methods_with_screens += ["participation_budgets", "participation_proposals"]
    assert added == set(methods_with_screens)
    assert len(core) + len(added_viewsets()) == len(MENU)


def test_a_method_screen_needs_a_place_in_the_menu():
    class Unplaced(ViewSet):
        name = "unplaced"
        menu_label = "Unplaced"

    with pytest.raises(ImproperlyConfigured, match="menu_order"):
        register_participation_viewset(Unplaced())


# A site with only some methods: a fresh process, since Django reads INSTALLED_APPS once.
SITE_PROBE = """
import json, sys, types
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/example_site"]
import tests.settings as base
settings = types.ModuleType("site_settings")
settings.__dict__.update({name: getattr(base, name) for name in dir(base) if name.isupper()})
settings.INSTALLED_APPS = [app for app in base.INSTALLED_APPS if app not in sys.argv[2:]]
sys.modules["site_settings"] = settings
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "site_settings"
import django
django.setup()
from django.urls import NoReverseMatch, reverse
from wagtail.admin.menu import admin_menu
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail_participation.admin_reviews import kind_models
from wagtail_participation.viewsets import CommentModerationViewSet

def reverses(name):
    try:
        return bool(reverse(name, args=(1,)))
    except NoReverseMatch:
        return False

group = next(item for item in admin_menu.registered_menu_items if item.name == "participation")
bulk_action_registry._scan_for_bulk_actions()
print(json.dumps({
    "menu": [str(item.label) for item in sorted(group.menu.registered_menu_items, key=lambda item: item.order)],
    "vote_idea": reverses("wagtail_participation:vote_idea"),
    "vote_poll": reverses("wagtail_participation:vote_poll"),
    "idea_queue": reverses("participation_ideas:inspect"),
    "comment_filters": sorted(CommentModerationViewSet("participation_comments").filterset_class.base_filters),
    "bulk_action_apps": sorted(bulk_action_registry.actions),
    "review_kinds": sorted(kind_models()),
}))
"""


def site_with(*kept_methods) -> dict:
    removed = [app for app in METHOD_APPS if app not in {f"wagtail_participation.{m}" for m in kept_methods}]
    run = subprocess.run(
        [sys.executable, "-c", SITE_PROBE, str(REPO_DIR), *removed],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def in_menu_order(*labels) -> list[str]:
    return [label for label in MENU if label in set(labels)]


CORE_MENU = [
    label
    for label in MENU
    if label
    not in {
        "Idea boards",
        "Moderate ideas",
        "Comments on options",
        "Poll votes",
        "Surveys",
        "Budgets",
        "Citizen proposals",
    }
]


def test_a_site_with_only_polls_shows_only_the_polls_screens_and_routes():
    site = site_with("polls")
    assert site["menu"] == in_menu_order(*CORE_MENU, "Comments on options", "Poll votes")
    assert site["vote_poll"] and not site["vote_idea"] and not site["idea_queue"]
    assert site["comment_filters"] == ["visibility"]
    assert "participation_ideas" not in site["bulk_action_apps"]
    assert site["review_kinds"] == ["comment"]


def test_a_site_with_only_budgets_and_results_shows_only_the_budget_screen():
    site = site_with("budgets", "results")
    assert site["menu"] == in_menu_order(*CORE_MENU, "Budgets")
    assert not site["vote_poll"] and not site["vote_idea"]
    assert site["review_kinds"] == ["comment"]


def test_a_site_with_ideas_and_proposals_gets_their_queues_filters_and_bulk_actions():
    site = site_with("ideas", "proposals")
    assert site["menu"] == in_menu_order(*CORE_MENU, "Idea boards", "Moderate ideas", "Citizen proposals")
    assert site["vote_idea"] and site["idea_queue"] and not site["vote_poll"]
    assert site["comment_filters"] == ["record", "visibility"]
    assert {"participation_ideas", "participation_proposals"} <= set(site["bulk_action_apps"])
    assert site["review_kinds"] == ["comment", "idea", "proposal"]
