"""The system checks for the traps of installing into a site (docs/integration.md): each speaks on
the bad configuration and stays silent on the test project's, which is the documented one."""

import pytest
from django.apps import apps
from django.core.checks import run_checks
from django.test import override_settings

from tests.settings import MIDDLEWARE

INTEGRATION_IDS = {f"wagtail_participation.{code}" for code in ("E030", "E031", "W032", "E033", "E034", "E035", "W036")}
LOCALE = "django.middleware.locale.LocaleMiddleware"


def found():
    return {message.id for message in run_checks(include_deployment_checks=False)} & INTEGRATION_IDS


def test_the_documented_integration_is_silent():
    assert found() == set()


def test_a_sitemap_without_django_contrib_sitemaps(monkeypatch):
    # Reloading the app registry without the app would remount other apps' routers: answer for it instead.
    is_installed = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name != "django.contrib.sitemaps" and is_installed(name))
    assert found() == {"wagtail_participation.E030"}


@override_settings(ROOT_URLCONF="tests.core.check_urlconfs.catch_all_first")
def test_participation_urls_behind_the_catch_all():
    assert "wagtail_participation.E031" in found()


@override_settings(ROOT_URLCONF="tests.core.check_urlconfs.without_participation")
def test_participation_urls_left_out():
    assert "wagtail_participation.W032" in found()


@override_settings(MIDDLEWARE=[name for name in MIDDLEWARE if name != LOCALE])
def test_locale_middleware_missing():
    assert found() == {"wagtail_participation.E033"}


@pytest.mark.parametrize(
    "middleware",
    [
        [LOCALE, *[name for name in MIDDLEWARE if name != LOCALE]],  # before SessionMiddleware
        [*[name for name in MIDDLEWARE if name != LOCALE], LOCALE],  # after CommonMiddleware
    ],
)
def test_locale_middleware_in_the_wrong_place(middleware):
    with override_settings(MIDDLEWARE=middleware):
        assert found() == {"wagtail_participation.E034"}


def test_a_monolingual_site_needs_no_locale_middleware():
    with override_settings(
        MIDDLEWARE=[name for name in MIDDLEWARE if name != LOCALE],
        WAGTAIL_I18N_ENABLED=False,
        ROOT_URLCONF="tests.urls_without_language_prefix",
        LOGIN_URL="wagtailadmin_login",
    ):
        assert found() == set()


@override_settings(LOGIN_URL="no-such-login")
def test_a_login_url_that_names_no_view():
    assert found() == {"wagtail_participation.E035"}


@pytest.mark.parametrize("login_url", ["/accounts/login/", "account_login", "https://login.example.org/"])
def test_login_urls_that_lead_to_a_view(login_url):
    # /accounts/login/ is allauth's /en/accounts/login/ once LocaleMiddleware adds the prefix
    with override_settings(LOGIN_URL=login_url):
        assert found() == set()


@override_settings(LOGIN_URL="/login/")
def test_a_login_path_that_only_wagtail_answers():
    assert found() == {"wagtail_participation.W036"}
