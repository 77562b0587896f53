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
