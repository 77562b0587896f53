"""Fixtures every test may use. Builders are in ``tests/builders.py``; fixtures of one method app
in ``tests/<app>/conftest.py``. This file imports only the core, so a site with only some methods
installed can load it; it imports ``tests.builders`` inside the fixtures, after pytest registered
the ``tests.pytest_required`` plugin (which ``tests.builders`` imports)."""

import os

import pytest
from hypothesis import settings as hypothesis_settings
from wagtail.models import Locale, Site

pytest_plugins = ["tests.pytest_required"]

# Hypothesis: the same examples on every run and machine ("ci", the default), and no example
# database (nothing written to .hypothesis/, no failures replayed from an earlier run: what fails is
# what the fixed examples found); tests that set max_examples keep theirs. HYPOTHESIS_PROFILE=dev
# draws fresh random examples, and replays the ones that failed before, when hunting for new failures.
hypothesis_settings.register_profile(
    "ci", derandomize=True, database=None, max_examples=100, deadline=None, print_blob=True
)
hypothesis_settings.register_profile("dev", max_examples=300, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def now():
    """A fixed 'now' inside which tests move the clock with ``clock.frozen_at``."""
    from tests.builders import NOW
    from wagtail_participation import clock

    with clock.frozen_at(NOW):
        yield NOW


@pytest.fixture
def locales(db):
    en = Locale.objects.get_or_create(language_code="en")[0]
    nl = Locale.objects.get_or_create(language_code="nl")[0]
    return {"en": en, "nl": nl}


@pytest.fixture
def home(locales):
    """The site's root page (Wagtail's default welcome page), in English."""
    from tests.builders import ensure_site

    return ensure_site().root_page.specific


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


# -- the demo city, loaded once per session --------------------------------------------------------
# ``load_demo_data`` from an empty database costs about 10 s of CPU on SQLite and up to two minutes on PostgreSQL
# (every page publish refreshes the search index); a second run on loaded data costs well under a
# second. Tests that read or change the demo ask for ``demo_city`` (or ``demo_city_with_accounts``):
# the demo is loaded once, in a transaction that is never committed, and each such test runs in a
# savepoint inside it, so its changes are rolled back as in any test. Those tests run first, grouped
# by fixture (``pytest_collection_modifyitems``); the first test that does not ask for a loaded demo
# rolls it back, so no other test ever sees it.

# fixture name -> the arguments of load_demo_data
DEMO_CITIES = {"demo_city": ["--no-admin"], "demo_city_with_accounts": []}


class SharedDemoCity:
    """The demo city in a transaction that is rolled back, never committed."""

    def __init__(self, blocker, arguments):
        self.blocker = blocker
        self.arguments = arguments
        self.atomic = None
        self.outbox = []  # the e-mails loading the demo sent (each test starts with an empty outbox)

    @property
    def is_open(self):
        return self.atomic is not None

    def load(self):
        from django.core import mail
        from django.core.management import call_command
        from django.db import transaction
        from django.utils import translation

        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            mail.outbox = []
            with translation.override("en"):
                call_command("load_demo_data", *self.arguments, stdout=open(os.devnull, "w"))
            self.outbox = list(mail.outbox)

    def roll_back(self):
        from django.db import transaction

        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        Site.clear_site_root_paths_cache()


SHARED_DEMO_CITIES = pytest.StashKey[dict]()


def share_demo_city(request, blocker, name):
    demo = SharedDemoCity(blocker, DEMO_CITIES[name])
    request.config.stash.setdefault(SHARED_DEMO_CITIES, {})[name] = demo
    demo.load()
    return demo


def demo_city_for_test(shared, name):
    from django.core.cache import cache

    if not shared.is_open:
        pytest.fail(
            f"the shared {name} was already rolled back: a test without `{name}` ran between tests with it "
            "(tests/conftest.py runs them first; a scheduler that reorders tests breaks that)"
        )
    cache.clear()  # nothing cached by an earlier test's (rolled back) changes to the demo
    return shared


@pytest.fixture(scope="session")
def shared_demo_city(request, django_db_setup, django_db_blocker):
    demo = share_demo_city(request, django_db_blocker, "demo_city")
    yield demo
    demo.roll_back()


@pytest.fixture(scope="session")
def shared_demo_city_with_accounts(request, django_db_setup, django_db_blocker):
    demo = share_demo_city(request, django_db_blocker, "demo_city_with_accounts")
    yield demo
    demo.roll_back()


@pytest.fixture
def demo_city(shared_demo_city, db):
    """The demo city (``load_demo_data --no-admin``, loaded once per session); this test's changes to
    it are rolled back. ``demo_city.outbox``: the e-mails loading it sent."""
    return demo_city_for_test(shared_demo_city, "demo_city")


@pytest.fixture
def demo_city_with_accounts(shared_demo_city_with_accounts, db):
    """The demo city with its admin and demo accounts (``load_demo_data``), as ``demo_city``."""
    return demo_city_for_test(shared_demo_city_with_accounts, "demo_city_with_accounts")


def demo_city_order(item):
    """0, 1, ... for the tests on each shared demo city, in the order of DEMO_CITIES; then the rest."""
    names = getattr(item, "fixturenames", ())
    return next((order for order, name in enumerate(DEMO_CITIES) if name in names), len(DEMO_CITIES))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests on a shared demo city first (after pytest-django's ordering), so each is loaded once."""
    items.sort(key=demo_city_order)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Roll a shared demo city back before the first test that does not ask for it."""
    names = getattr(item, "fixturenames", ())
    for name, demo in item.config.stash.get(SHARED_DEMO_CITIES, {}).items():
        if demo.is_open and name not in names:
            demo.roll_back()


@pytest.fixture
def staff_client(client, django_user_model, db):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def citizen():
    """An anonymous visitor (the ``client`` fixture is logged in once ``staff_client`` is used)."""
    from django.test import Client

    return Client()


@pytest.fixture
def clear_cache():
    """An empty cache before and after the test: rate limits, live results and figures are cached,
    and ids are reused between tests on SQLite. Modules ask for it with
    ``pytestmark = pytest.mark.usefixtures("clear_cache")``."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def without_search_indexing(settings):
    """Saves leave the search index alone, for tests that create hundreds of rows only to count a
    page's queries (none of them searches). On PostgreSQL the database search backend rewrites every
    index entry whose title has the average number of words on each insert, so a thousand ideas
    titled "Idea <n>" would take minutes to create."""
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**params, "AUTO_UPDATE": False} for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
    }


@pytest.fixture
def tmp_media(settings, tmp_path):
    """Uploaded and exported files go to the test's own temporary directory."""
    settings.MEDIA_ROOT = tmp_path


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


# -- headless Chromium: the demo city served by the live server ----------------------------------------


@pytest.fixture(scope="module")
def browser_module(django_db_setup, django_db_blocker):
    """Allow the ORM next to Playwright's event loop; leave the test DB as migrated afterwards.

    Transactional tests end with a flush, which also deletes the rows Wagtail's migrations
    created. With ``--reuse-db`` the next session would start without a root page, so once the
    module is done the serialized post-migration contents are loaded back. Requested through
    ``demo_site``: once per module of browser tests.
    """
    with pytest.MonkeyPatch.context() as mp:
        # Playwright's sync API runs an event loop in this thread; without this the ORM raises
        # SynchronousOnlyOperation. Scoped to the module, not the whole session.
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield
    from django.db import connections
    from wagtail.models import Page

    with django_db_blocker.unblock():
        contents = getattr(connections["default"], "_test_serialized_contents", None)
        if contents and not Page.objects.exists():
            connections["default"].creation.deserialize_db_from_string(contents)


@pytest.fixture
def demo_site(browser_module, live_server):
    """The demo city, served by the live server; returns the server's base URL."""
    from urllib.parse import urlsplit

    from django.core.management import call_command
    from wagtail.models import Page

    if not Page.objects.filter(depth=1).exists():
        pytest.fail("the test database has no Wagtail root page; re-run once with --create-db")
    call_command("load_demo_data", "--no-admin", stdout=open(os.devnull, "w"))
    base = live_server.url.rstrip("/")
    parts = urlsplit(base)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = parts.hostname, parts.port
    site.save()
    return base


@pytest.fixture
def browser_page(tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.builders import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            locale="en-GB",
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()
