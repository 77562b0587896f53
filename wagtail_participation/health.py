"""A health check for load balancers, uptime monitors and deploy scripts: 200 when the database and
the caches the package counts on answer, 503 when one does not.

Include it outside ``i18n_patterns`` (a probe must not be redirected to a language)::

    from wagtail_participation.health import health_check

    urlpatterns = [path("-/health/", health_check, name="health"), ...]

The answer names each check and whether it passed, never why it failed (a failure's exception
class is logged instead), and is never cached. docs/integration.md, "Health check".
"""

import logging
import uuid

from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wagtail_participation import conf

logger = logging.getLogger(__name__)


def database_answers(alias: str = "default") -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers(alias: str) -> bool:
    """Writes and reads back a key of its own: a cache that accepts writes but loses them fails."""
    cache = caches[alias]
    key = f"wagtail_participation:health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        return cache.get(key) == "ok"
    finally:
        cache.delete(key)


def checks() -> dict:
    """Name -> callable() -> bool: the database, the default cache, the abuse brakes' cache."""
    found = {"database": database_answers, "cache": lambda: cache_answers("default")}
    brakes_alias = conf.get("BRAKES_CACHE")
    if brakes_alias != "default":
        found["brakes_cache"] = lambda: cache_answers(brakes_alias)
    return found


def run_checks() -> dict[str, bool]:
    results = {}
    for name, check in checks().items():
        try:
            results[name] = bool(check())
        except Exception as error:  # noqa: BLE001 - any failure of a dependency is "not healthy"
            logger.error("health check %s failed: %s", name, type(error).__name__)
            results[name] = False
    return results


@never_cache
@require_safe
def health_check(request):
    """``{"status": "ok", "checks": {"database": "ok", "cache": "ok"}}``, 503 and "failing" if any fails."""
    results = run_checks()
    healthy = all(results.values())
    body = {
        "status": "ok" if healthy else "failing",
        "checks": {name: "ok" if passed else "failing" for name, passed in results.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)
