"""The test project: a plain Wagtail site that adds wagtail-participation the documented way.

It reuses the example site's ``home`` app only for demo content (the accessibility crawl runs
over the demo city), and adds ``tests.testapp`` with a minimal method page.
"""

import os
from pathlib import Path

import dj_database_url
from django.urls import reverse_lazy

REPO_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "tests-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "tests.testapp",
    "home",
    # --- what docs/integration.md asks an existing site to add ---
    "wagtail_participation",
    "wagtail_participation.ideas",
    "wagtail_participation.polls",
    "wagtail_participation.surveys",
    "wagtail_participation.budgets",
    "wagtail_participation.proposals",
    "wagtail_participation.results",
    "wagtail_participation.insights",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    # ----------------------------------------------------
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "csp",  # the example site's security headers, below
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # --- the example site's accounts (django-allauth), so account flows can be tested ---
    "allauth",
    "allauth.account",
    "allauth.mfa",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail_participation.staff_second_factor.StaffSecondFactorMiddleware",
    # the example site's security headers (example_site/example_site/settings/base.py), so that the
    # tests and the browser crawl see the strict Content-Security-Policy the demo city sends
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail_participation.content_security_middleware.AdminCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
]
ROOT_URLCONF = "tests.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
# SQLite in a file (so --reuse-db makes re-runs fast); DATABASE_URL switches to PostgreSQL.
SQLITE_TEST_DB = os.environ.get("WP_TEST_DB", str(REPO_DIR / ".test-db.sqlite3"))
DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{SQLITE_TEST_DB}", conn_max_age=0)}
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"]["TEST"] = {"NAME": SQLITE_TEST_DB}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    # MariaDB: what docs/deployment.md ("Supported databases") asks of a site.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"charset": "utf8mb4"})
    DATABASES["default"]["TEST"] = {"CHARSET": "utf8mb4"}

LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("nl", "Nederlands"), ("fr", "Français"), ("de", "Deutsch")]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [REPO_DIR / "locale"]
STATIC_URL = "/static/"
STATIC_ROOT = REPO_DIR / ".test-static"
MEDIA_ROOT = REPO_DIR / ".test-media"
MEDIA_URL = "/media/"
WAGTAIL_SITE_NAME = "Test city"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Rate limits write three keys per action: with Django's default of 300 entries the local-memory
# cache would evict the cached idea cards and term lists on a busy board.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20_000}}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
WAGTAILPARTICIPATION_EMAIL_CONFIRMED_CHECK = "home.accounts.email_is_confirmed"

# Accounts: the same setup as example_site/example_site/settings/base.py (EMAIL_BACKEND is
# Django's locmem backend in tests, so mails land in django.core.mail.outbox).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
WAGTAILPARTICIPATION_LOGOUT_URL = "account_logout"
LOGIN_REDIRECT_URL = LOGOUT_REDIRECT_URL = reverse_lazy("wagtail_serve", args=[""])
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{WAGTAIL_SITE_NAME}: "
DEFAULT_FROM_EMAIL = "Test city <participation@test-city.example>"

# Staff two-factor login (docs/staff-accounts.md): the suite's staff are force_login'd, so a
# password is enough here. tests/core/test_staff_second_factor.py puts the example site's real
# check (allauth's MFA records in the session) back.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ALLOW_UNVERIFIED_EMAIL = True
WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR = "wagtail_participation.staff_second_factor.password_is_enough"
WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR_URL = "staff_second_factor"
# Security headers: the example site's own (example_site/example_site/settings/base.py), so that what
# the tests check is what the demo city sends.
from example_site.settings.base import (  # noqa: E402, F401
    CONTENT_SECURITY_POLICY,
    PERMISSIONS_POLICY,
    SECURE_CROSS_ORIGIN_OPENER_POLICY,
    SECURE_REFERRER_POLICY,
    X_FRAME_OPTIONS,
)
