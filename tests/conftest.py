"""Shared fixtures and builders for the test project (``make_project(**kwargs)`` style)."""

import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings as hypothesis_settings
from wagtail.models import Locale, Page, Site

pytest_plugins = ["tests.pytest_required"]

# Hypothesis: the same examples on every run and machine ("ci", the default); HYPOTHESIS_PROFILE=dev
# draws fresh random examples when hunting for new failures.
hypothesis_settings.register_profile("ci", derandomize=True, max_examples=100, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", max_examples=300, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2027, 5, 1, 12, 0, tzinfo=BRUSSELS)


@pytest.fixture
def now():
    """A fixed 'now' inside which tests move the clock with ``clock.frozen_at``."""
    from wagtail_participation import clock

    with clock.frozen_at(NOW):
        yield NOW


@pytest.fixture
def locales(db):
    en = Locale.objects.get_or_create(language_code="en")[0]
    nl = Locale.objects.get_or_create(language_code="nl")[0]
    return {"en": en, "nl": nl}


def ensure_site():
    """Wagtail's root page and default site; transactional tests flush the ones migrations made."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    welcome = root.add_child(instance=Page(title="Welcome", slug="home"))
    return Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)


@pytest.fixture
def home(locales):
    """The site's root page (Wagtail's default welcome page), in English."""
    return ensure_site().root_page.specific


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


def make_index(parent, **kwargs):
    from wagtail_participation.models import ParticipationIndexPage

    kwargs.setdefault("title", "Have your say")
    return publish(parent.add_child(instance=ParticipationIndexPage(**kwargs)))


TRUST = {
    "goal": "<p>Goal</p>",
    "who_can_take_part": "<p>Everyone</p>",
    "what_happens_with_input": "<p>We read it</p>",
    "decision_criteria": "<p>Criteria</p>",
    "next_steps": "<p>Next</p>",
}


def make_project(index, phases=(), topics=(), areas=(), **kwargs):
    """A published project. ``phases`` are ``(phase_type, start, end)`` or ``(phase_type, start, end, title)``."""
    from wagtail_participation.models import ProjectPage, ProjectPhase

    kwargs.setdefault("title", "Safe routes to school")
    kwargs.setdefault("intro", "Tell us which crossings feel unsafe.")
    for key, value in TRUST.items():
        kwargs.setdefault(key, value)
    page = ProjectPage(**kwargs)
    for order, phase in enumerate(phases):
        phase_type, start, end, *title = phase
        page.phases.add(
            ProjectPhase(
                sort_order=order,
                phase_type=phase_type,
                start=start,
                end=end,
                title=title[0] if title else phase_type.title(),
            )
        )
    page.topics = list(topics)
    page.areas = list(areas)
    return publish(index.add_child(instance=page))


def make_method(parent, rules=None, **kwargs):
    """A published minimal method page (tests.testapp) with the given participation rules."""
    from tests.testapp.models import MinimalMethodPage

    kwargs.setdefault("title", "Minimal method")
    page = MinimalMethodPage(participation_rules=rules or {}, **kwargs)
    return publish(parent.add_child(instance=page))


def vote_rule(level, phases=(), areas=(), accept_declared=False):
    return {
        "actions": {"vote": {"level": level, "phases": [str(p) for p in phases]}},
        "area_keys": [str(a) for a in areas],
        "accept_declared_area": accept_declared,
    }


def days(n):
    return timedelta(days=n)


@pytest.fixture
def make_topic(locales):
    from wagtail_participation.models import Topic

    def build(name, slug, locale="en"):
        return Topic.objects.create(name=name, slug=slug, locale=locales[locale])

    return build


@pytest.fixture
def make_area(locales):
    from wagtail_participation.models import Area

    def build(name, slug, postal_codes="", locale="en"):
        return Area.objects.create(name=name, slug=slug, postal_codes=postal_codes, locale=locales[locale])

    return build


@pytest.fixture
def staff_client(client, django_user_model, db):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English: a request to /nl/ leaves Dutch active in the thread."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def forget_site_addresses():
    """Wagtail caches each Site's address; a test's rolled-back Site change (the demo's address,
    an https Site) must not leak into the links of the next test."""
    yield
    Site.clear_site_root_paths_cache()


@pytest.fixture
def staff_emails_confirmed(settings):
    """Policy tests decide "confirmed e-mail" without an account system (see tests/testapp/accounts.py)."""
    settings.WAGTAILPARTICIPATION_EMAIL_CONFIRMED_CHECK = "tests.testapp.accounts.email_is_confirmed"


ALL_ACTIONS_OPEN = {"actions": {action: {"level": 0, "phases": []} for action in ("submit", "vote", "comment")}}


def make_board(parent, rules=None, now=None, **kwargs):
    """A published idea board. Outside a project it is open from ``now - 1 day`` for 30 days."""
    from datetime import timedelta

    from wagtail_participation import clock
    from wagtail_participation.ideas.models import IdeaBoardPage

    moment = now or clock.now()
    kwargs.setdefault("title", "Unsafe crossings")
    kwargs.setdefault("slug", "ideas")
    kwargs.setdefault("question", "Which crossings feel unsafe?")
    kwargs.setdefault("opens_at", moment - timedelta(days=1))
    kwargs.setdefault("closes_at", moment + timedelta(days=30))
    page = IdeaBoardPage(participation_rules=rules or ALL_ACTIONS_OPEN, **kwargs)
    return publish(parent.add_child(instance=page))


def make_idea(board, author=None, **kwargs):
    from wagtail_participation import clock
    from wagtail_participation.ideas.models import Idea

    kwargs.setdefault("title", "A crossing guard at the school")
    kwargs.setdefault("body", "Children cross Kerkstraat alone every morning.")
    kwargs.setdefault("language", "en")
    kwargs.setdefault("created_at", clock.now())
    return Idea.objects.create(record=board.participation_record, author=author, **kwargs)


PROPOSAL_ACTIONS_OPEN = {"actions": {action: {"level": 0, "phases": []} for action in ("submit", "support", "comment")}}


def make_proposals_page(parent, rules=None, now=None, **kwargs):
    """A published citizen proposals page, open "any time" from ``now - 1 day``."""
    from datetime import timedelta

    from wagtail_participation import clock
    from wagtail_participation.proposals.models import ProposalsPage

    moment = now or clock.now()
    kwargs.setdefault("title", "Citizen proposals")
    kwargs.setdefault("slug", "proposals")
    kwargs.setdefault("opens_at", moment - timedelta(days=1))
    page = ProposalsPage(participation_rules=rules or PROPOSAL_ACTIONS_OPEN, **kwargs)
    return publish(parent.add_child(instance=page))


def make_proposal(page, author=None, submit=True, **kwargs):
    """A proposal through the service layer: submitted (published unless the page prescreens)."""
    from wagtail_participation.proposals import services as proposals

    kwargs.setdefault("title", "A playground in the Molenpark")
    kwargs.setdefault("body", "The Molenpark has grass but nothing for children to climb on.")
    kwargs.setdefault("language", "en")
    return proposals.new_proposal(page, author, submit=submit, **kwargs)


def app_label_of(model_name: str) -> str:
    """The app label of an installed model, by its lower-case name (``"idea"`` -> ``"participation_ideas"``)."""
    from django.apps import apps

    return next(model._meta.app_label for model in apps.get_models() if model._meta.model_name == model_name)


def participation_permission(codename: str):
    """The permission ``codename`` of the core or a method app (``change_comment`` is the core's, not Wagtail's)."""
    from django.apps import apps
    from django.contrib.auth.models import Permission

    labels = [config.label for config in apps.get_app_configs() if config.name.startswith("wagtail_participation")]
    return Permission.objects.get(content_type__app_label__in=labels, codename=codename)
