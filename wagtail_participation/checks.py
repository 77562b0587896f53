"""System checks for misconfiguration, with stable ids."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from wagtail_participation import client_address, conf, ratelimit


@register()
def check_configuration(app_configs, **kwargs):
    problems = []
    installed = set(settings.INSTALLED_APPS)
    for required in ("wagtail.contrib.settings", "wagtail_localize"):
        if required not in installed:
            problems.append(
                Error(
                    f"{required} must be in INSTALLED_APPS for wagtail_participation.", id="wagtail_participation.E001"
                )
            )
    try:
        conf.get_callable("EMAIL_CONFIRMED_CHECK")
    except ImportError as error:
        problems.append(
            Error(
                f"WAGTAILPARTICIPATION_EMAIL_CONFIRMED_CHECK cannot be imported: {error}",
                id="wagtail_participation.E002",
            )
        )
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        problems.append(
            Warning(
                "WAGTAIL_I18N_ENABLED is off: participation pages will exist in one language only.",
                id="wagtail_participation.W001",
            )
        )
    problems += check_brakes()
    problems += check_retention()
    return problems


def check_retention():
    """``WAGTAILPARTICIPATION_RETENTION`` (docs/retention.md): known kinds, whole days, ``None``
    only for a kind that may be kept."""
    from wagtail_participation import retention

    setting = conf.get("RETENTION")
    if not isinstance(setting, dict):
        return [
            Error(
                "WAGTAILPARTICIPATION_RETENTION must be a dictionary of {kind: days}.",
                id="wagtail_participation.E050",
            )
        ]
    problems = []
    known = {rule.code: rule for rule in retention.rules()}
    for code, days in setting.items():
        rule = known.get(code)
        if rule is None:
            problems.append(
                Warning(
                    f"WAGTAILPARTICIPATION_RETENTION names {code!r}, which no installed app keeps: it has no effect.",
                    hint="The kinds are: " + ", ".join(sorted(known)) + " (manage.py participation_retention).",
                    id="wagtail_participation.W050",
                )
            )
        elif days is None:
            if not rule.may_keep:
                problems.append(
                    Error(
                        f"WAGTAILPARTICIPATION_RETENTION[{code!r}] is None, but {code!r} must expire.",
                        hint="Give a number of days (docs/retention.md says which kinds may be kept).",
                        id="wagtail_participation.E050",
                    )
                )
        elif isinstance(days, bool) or not isinstance(days, int) or days < 0:
            problems.append(
                Error(
                    f"WAGTAILPARTICIPATION_RETENTION[{code!r}] is {days!r}: give a whole number of days, 0 or more.",
                    id="wagtail_participation.E050",
                )
            )
    return problems


def check_brakes():
    """The abuse brakes' settings (docs/abuse-brakes.md)."""
    problems = []
    if not settings.DEBUG and ratelimit.per_process_cache():
        problems.append(
            Warning(
                f"The abuse brakes count in the cache {conf.get('BRAKES_CACHE')!r}, which each process keeps for "
                "itself: with several processes or servers every one counts on its own, and a restart forgets.",
                hint="Point WAGTAILPARTICIPATION_BRAKES_CACHE at a shared cache (Redis, Memcached, the database cache).",
                id="wagtail_participation.W011",
            )
        )
    retired = [name for name in conf.RETIRED_BY_BRAKES if hasattr(settings, f"WAGTAILPARTICIPATION_{name}")]
    if retired:
        problems.append(
            Warning(
                "These settings are no longer read: "
                + ", ".join(f"WAGTAILPARTICIPATION_{name}" for name in retired)
                + ".",
                hint="Set the budgets per action in WAGTAILPARTICIPATION_BRAKES instead (docs/abuse-brakes.md).",
                id="wagtail_participation.W012",
            )
        )
    try:
        client_address.networks(tuple(conf.get("TRUSTED_PROXIES")))
    except (TypeError, ValueError) as error:
        problems.append(Error(f"WAGTAILPARTICIPATION_TRUSTED_PROXIES: {error}", id="wagtail_participation.E011"))
    brakes = conf.get("BRAKES")
    unknown = sorted(set(brakes) - set(conf.DEFAULTS["BRAKES"])) if isinstance(brakes, dict) else ["(not a dict)"]
    if unknown:
        problems.append(
            Error(
                f"WAGTAILPARTICIPATION_BRAKES names unknown actions: {', '.join(map(str, unknown))}.",
                hint=f"Known actions: {', '.join(conf.DEFAULTS['BRAKES'])}.",
                id="wagtail_participation.E012",
            )
        )
    else:
        for action in conf.DEFAULTS["BRAKES"]:
            try:
                spend = ratelimit.budget(action)
                numbers = (spend.limit or 0, spend.address_limit or 0, spend.window)
            except TypeError:  # the action's entry is not a dict
                numbers = (None,)
            if not all(isinstance(number, int) and number >= 0 for number in numbers) or not numbers[-1]:
                problems.append(
                    Error(
                        f"WAGTAILPARTICIPATION_BRAKES[{action!r}]: limit and address_limit are whole numbers (or None), "
                        "window a number of seconds of at least 1.",
                        id="wagtail_participation.E013",
                    )
                )
    return problems


LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


@register()
def check_mail_address(app_configs, **kwargs):
    """E-mails link to WAGTAILPARTICIPATION_BASE_URL: it must be an absolute http(s) address."""
    from urllib.parse import urlsplit

    base_url = conf.get("BASE_URL")
    if base_url and (urlsplit(base_url).scheme not in ("http", "https") or not urlsplit(base_url).netloc):
        return [
            Error(
                f"WAGTAILPARTICIPATION_BASE_URL must be an absolute address like https://participate.example.org, not {base_url!r}.",
                id="wagtail_participation.E020",
            )
        ]
    return []


@register(Tags.database)
def check_site_address_for_mails(app_configs, databases=None, **kwargs):
    """Without a base URL, e-mails link to the Site's address: warn in production when it is local.

    A database check, so it runs with ``migrate`` and ``check --database default``."""
    if settings.DEBUG or conf.get("BASE_URL") or not databases:
        return []
    from django.db import DatabaseError
    from wagtail.models import Site

    try:
        local = sorted(set(Site.objects.filter(hostname__in=LOCAL_HOSTS).values_list("hostname", flat=True)))
    except DatabaseError:  # not migrated yet (migrate runs the checks first)
        return []
    if not local:
        return []
    return [
        Warning(
            f"E-mails will link to {', '.join(local)}: set the Site's hostname and port (443 for https) to the "
            "address residents use, or WAGTAILPARTICIPATION_BASE_URL.",
            id="wagtail_participation.W020",
        )
    ]


# -- Installing into a site: the traps of docs/integration.md ---------------------------------------
SITEMAP_VIEW_MODULES = {"django.contrib.sitemaps.views", "wagtail.contrib.sitemaps.views"}
WAGTAIL_SERVE = "wagtail_serve"


def url_callbacks(patterns):
    """Every view of a URLconf, found by walking its includes (``i18n_patterns`` included)."""
    from django.urls import URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from url_callbacks(pattern.url_patterns)
        else:
            yield pattern.callback


def resolved_name(path: str) -> str | None:
    """The URL name ``path`` resolves to (``wagtail_serve`` for Wagtail's catch-all), None if nothing."""
    from django.urls import Resolver404, resolve

    try:
        return resolve(path).url_name or ""
    except Resolver404:
        return None


@register()
def check_middleware(app_configs, **kwargs):
    """``LocaleMiddleware`` picks the language from the URL prefix: without it every ``/nl/`` address
    is a 404, and it must come after ``SessionMiddleware`` and before ``CommonMiddleware``."""
    from django.conf.urls.i18n import is_language_prefix_patterns_used

    locale = "django.middleware.locale.LocaleMiddleware"
    middleware = list(settings.MIDDLEWARE)
    try:
        prefixed = is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]
    except Exception:  # a broken URLconf is reported by Django's own URL checks
        prefixed = False
    if locale not in middleware:
        if prefixed or getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return [
                Error(
                    f"{locale} is not in MIDDLEWARE: pages and participation views in other languages are not found.",
                    hint="Add it after SessionMiddleware and before CommonMiddleware (docs/integration.md).",
                    id="wagtail_participation.E033",
                )
            ]
        return []
    position = middleware.index(locale)
    session_after = any(name.endswith(".SessionMiddleware") for name in middleware[position + 1 :])
    common_before = any(name.endswith(".CommonMiddleware") for name in middleware[:position])
    if session_after or common_before:
        return [
            Error(
                f"{locale} must come after SessionMiddleware and before CommonMiddleware in MIDDLEWARE.",
                hint="Django's order: the language is read from the session, and CommonMiddleware's "
                "redirects need the language prefix (docs/integration.md).",
                id="wagtail_participation.E034",
            )
        ]
    return []


@register(Tags.urls)
def check_urls(app_configs, **kwargs):
    """The sitemap's template app, the participation URLs in front of Wagtail's catch-all, the login page."""
    from django.apps import apps
    from django.urls import NoReverseMatch, get_resolver, reverse
    from django.utils import translation

    problems = []
    with translation.override(settings.LANGUAGE_CODE):
        callbacks = list(url_callbacks(get_resolver().url_patterns))
        sitemaps = [view for view in callbacks if getattr(view, "__module__", "") in SITEMAP_VIEW_MODULES]
        if sitemaps and not apps.is_installed("django.contrib.sitemaps"):
            problems.append(
                Error(
                    "The URLconf serves a sitemap but django.contrib.sitemaps is not in INSTALLED_APPS: "
                    "/sitemap.xml fails for want of its template.",
                    hint='Add "django.contrib.sitemaps" to INSTALLED_APPS.',
                    id="wagtail_participation.E030",
                )
            )
        try:
            me = reverse("wagtail_participation:me")
        except NoReverseMatch:
            problems.append(
                Warning(
                    'The URLconf does not include "wagtail_participation.urls": votes, verification and '
                    '"My participation" have no address.',
                    hint='Add path("participation/", include("wagtail_participation.urls")) before Wagtail\'s '
                    "catch-all (docs/integration.md).",
                    id="wagtail_participation.W032",
                )
            )
        else:
            if resolved_name(me) == WAGTAIL_SERVE:
                problems.append(
                    Error(
                        f"{me} is answered by Wagtail's page serving: its catch-all pattern comes before "
                        '"wagtail_participation.urls", so every participation URL is a 404.',
                        hint='Put path("", include(wagtail_urls)) last (docs/integration.md).',
                        id="wagtail_participation.E031",
                    )
                )
        problems += check_login_url()
    return problems


def check_login_url():
    """``LOGIN_URL`` ("Log in to vote.") must lead to a view of the site, or to another site."""
    from urllib.parse import urlsplit

    from django.shortcuts import resolve_url
    from django.urls import NoReverseMatch

    try:
        url = str(resolve_url(settings.LOGIN_URL))
    except NoReverseMatch:
        return [
            Error(
                f"LOGIN_URL is {settings.LOGIN_URL!r}, which names no URL pattern.",
                hint="Name your login view, or see docs/integration.md for a site without a public login.",
                id="wagtail_participation.E035",
            )
        ]
    parts = urlsplit(url)
    if parts.netloc or not parts.path.startswith("/"):  # a login service on another host
        return []
    # LocaleMiddleware redirects an unprefixed path to the default language's prefix.
    names = {resolved_name(parts.path), resolved_name(f"/{settings.LANGUAGE_CODE}{parts.path}")}
    if names - {None, WAGTAIL_SERVE}:
        return []
    return [
        Warning(
            f"LOGIN_URL is {settings.LOGIN_URL!r}, which no view of this site answers "
            '(at most a Wagtail page): "Log in to vote." leads nowhere.',
            hint="Point LOGIN_URL at your login view, or see docs/integration.md for a site without a public login.",
            id="wagtail_participation.W036",
        )
    ]


# -- production traps (docs/deployment.md, "Production checks") ----------------------------------
#: The brakes write three keys per counted action and window; a cache that culls below this many
#: entries forgets counters under the load a closing evening brings, and the brakes stop braking.
BRAKES_CACHE_MIN_ENTRIES = 10_000
# Cache backends with a MAX_ENTRIES option, and Django's default for it.
CULLING_CACHES = ("LocMemCache", "FileBasedCache", "DatabaseCache")
DEFAULT_MAX_ENTRIES = 300
# Not locmem: Django's test runner sets it itself (with DEBUG off), and no site configures it by mistake.
DEVELOPMENT_EMAIL_BACKENDS = ("console.EmailBackend", "dummy.EmailBackend")


@register(Tags.caches)
def check_production(app_configs, **kwargs):
    """With ``DEBUG = False``: settings that work on a developer's machine and fail a city quietly."""
    if settings.DEBUG:
        return []
    problems = []
    tasks_backend = (getattr(settings, "TASKS", {}).get("default") or {}).get("BACKEND", "ImmediateBackend")
    if tasks_backend.endswith("ImmediateBackend"):
        problems.append(
            Warning(
                "Background tasks (notification e-mails, exports) run inside the request with the immediate "
                "task backend: a slow mail server slows every vote, answer and moderation.",
                hint="Set TASKS to a queue backend and run its worker (docs/deployment.md).",
                id="wagtail_participation.W040",
            )
        )
    if settings.EMAIL_BACKEND.endswith(DEVELOPMENT_EMAIL_BACKENDS):
        problems.append(
            Warning(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND!r}: no e-mail leaves this server (confirmations, "
                "answers to residents, moderation notices).",
                hint="Use the SMTP backend or your mail provider's (docs/deployment.md).",
                id="wagtail_participation.W041",
            )
        )
    brakes_alias = conf.get("BRAKES_CACHE")
    default_backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if brakes_alias != "default" and default_backend.endswith(("LocMemCache", "DummyCache")):
        problems.append(
            Warning(
                "The default cache is kept in each process: with several processes an editor's change to "
                "topics or areas and the live results reach each process at a different time.",
                hint="Use a shared cache (Redis, Memcached) as CACHES['default'].",
                id="wagtail_participation.W042",
            )
        )
    brakes_cache = settings.CACHES.get(brakes_alias, {})
    if brakes_cache.get("BACKEND", "").endswith(CULLING_CACHES):
        entries = (brakes_cache.get("OPTIONS") or {}).get("MAX_ENTRIES", DEFAULT_MAX_ENTRIES)
        if entries < BRAKES_CACHE_MIN_ENTRIES:
            problems.append(
                Warning(
                    f"The abuse brakes' cache {brakes_alias!r} keeps at most {entries} entries: under load it "
                    "culls counters and the brakes stop counting.",
                    hint=f"Give it OPTIONS['MAX_ENTRIES'] of at least {BRAKES_CACHE_MIN_ENTRIES}, or use Redis.",
                    id="wagtail_participation.W043",
                )
            )
    return problems


@register()
def check_staff_second_factor(app_configs, **kwargs):
    """Staff who may see the register of residents or personal-data exports log in with a second
    factor (docs/staff-accounts.md): the site must say how it knows, and production must not trust
    a password alone."""
    from wagtail_participation import staff_second_factor

    configured = getattr(settings, "WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR", None)
    try:
        conf.get_callable("STAFF_SECOND_FACTOR")
    except ImportError as error:
        return [
            Error(
                f"WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR cannot be imported: {error}",
                id="wagtail_participation.E044",
            )
        ]
    if settings.DEBUG:
        return []
    if configured in (None, staff_second_factor.NOT_CONFIGURED):
        return [
            Warning(
                "WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR is not set: no staff session counts as logged in with a "
                "second factor, so nobody can open the register of residents, invitation codes or personal-data "
                "exports.",
                hint="Name a callable(request) -> bool that says whether the session used a second factor, e.g. "
                "from django-allauth's MFA (docs/staff-accounts.md).",
                id="wagtail_participation.W044",
            )
        ]
    if configured in (staff_second_factor.PASSWORD_IS_ENOUGH, staff_second_factor.password_is_enough):
        return [
            Warning(
                "WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR trusts a password alone: a stolen staff password opens the "
                "register of residents and personal-data exports.",
                hint="Use a real second-factor check in production (docs/staff-accounts.md).",
                id="wagtail_participation.W044",
            )
        ]
    return []


@register(Tags.database)
def check_database_server(app_configs, databases=None, **kwargs):
    """The package runs on SQLite, PostgreSQL and MariaDB >= 10.11; Django's ``mysql`` backend also
    reaches MySQL, which has no ``DELETE ... RETURNING`` (docs/deployment.md, "Supported databases").

    A database check, so it runs with ``migrate`` and ``check --database default``."""
    from django.db import connections

    from wagtail_participation.databases import MARIADB_MINIMUM

    problems = []
    for alias in databases or ():
        conn = connections[alias]
        if conn.vendor != "mysql":
            continue
        if not conn.mysql_is_mariadb:
            problems.append(
                Error(
                    f"Database {alias!r} is MySQL: wagtail_participation runs on MariaDB >= 10.11, PostgreSQL or SQLite.",
                    hint="MySQL has no DELETE ... RETURNING, which the vote path needs (docs/deployment.md).",
                    id="wagtail_participation.E060",
                )
            )
        elif conn.mysql_version < MARIADB_MINIMUM:
            problems.append(
                Error(
                    f"Database {alias!r} is MariaDB {'.'.join(map(str, conn.mysql_version))}: "
                    "wagtail_participation needs MariaDB >= 10.11.",
                    hint="Upgrade the server (docs/deployment.md, 'Supported databases').",
                    id="wagtail_participation.E060",
                )
            )
    return problems
