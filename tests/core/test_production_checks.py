"""System checks for production traps (docs/deployment.md, "Production checks"): silent while
DEBUG is on, and each raised by the one setting that sets its trap once DEBUG is off."""

import pytest
from django.core.checks import run_checks

PRODUCTION_IDS = {f"wagtail_participation.W04{n}" for n in range(4)}
REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379"}
GOOD = {
    "DEBUG": False,
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "CACHES": {"default": REDIS},
}


def production_ids(settings, **overrides) -> set[str]:
    for name, value in {**GOOD, **overrides}.items():
        setattr(settings, name, value)
    return {message.id for message in run_checks(include_deployment_checks=False)} & PRODUCTION_IDS


def test_a_production_configuration_is_silent(settings):
    assert production_ids(settings) == set()


def test_development_settings_are_silent_while_debug_is_on(settings):
    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    assert (
        production_ids(
            settings,
            DEBUG=True,
            TASKS={},
            EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
            CACHES={"default": locmem, "brakes": locmem},
            WAGTAILPARTICIPATION_BRAKES_CACHE="brakes",
        )
        == set()
    )


@pytest.mark.parametrize(
    "tasks",
    [{}, {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}],
    ids=["unset", "immediate"],
)
def test_tasks_inside_the_request(settings, tasks):
    assert production_ids(settings, TASKS=tasks) == {"wagtail_participation.W040"}


@pytest.mark.parametrize("backend", ["console", "dummy"])
def test_mail_that_never_leaves(settings, backend):
    found = production_ids(settings, EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend")
    assert found == {"wagtail_participation.W041"}


def test_a_default_cache_per_process_beside_a_shared_brakes_cache(settings):
    caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, "brakes": REDIS}
    found = production_ids(settings, CACHES=caches, WAGTAILPARTICIPATION_BRAKES_CACHE="brakes")
    assert found == {"wagtail_participation.W042"}


@pytest.mark.parametrize(
    ("options", "too_small"), [({}, True), ({"MAX_ENTRIES": 9_999}, True), ({"MAX_ENTRIES": 50_000}, False)]
)
def test_a_brakes_cache_too_small(settings, options, too_small):
    database_cache = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache", "OPTIONS": options}
    found = production_ids(settings, CACHES={"default": database_cache})
    assert found == ({"wagtail_participation.W043"} if too_small else set())
