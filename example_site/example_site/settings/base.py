"""The demo city's settings. Everything a real site needs to run wagtail-participation is here."""

import os
from pathlib import Path

import dj_database_url
from django.urls import reverse_lazy

from wagtail_participation.content_security import public_directives

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
REPO_DIR = BASE_DIR.parent

INSTALLED_APPS = [
    "home",
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
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
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
    "csp",  # django-csp: the Content-Security-Policy header (below) and its checks of these settings
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Citizens' accounts: sign up with an e-mail address, confirm it, log in, reset the password.
    # (allauth.socialaccount + allauth.socialaccount.providers.openid_connect add eID logins such
    # as itsme or FranceConnect; left out until configured, see docs/integration.md, "Accounts and login".)
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # django-csp's middleware with the Wagtail admin's looser policy under /admin/ ("Security headers" below)
    "wagtail_participation.content_security_middleware.AdminCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"

# SQLite by default (no server needed); DATABASE_URL switches to PostgreSQL.
DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=0)}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", "English"),
    ("nl", "Nederlands"),
    ("fr", "Français"),
    ("de", "Deutsch"),
]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [REPO_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

WAGTAIL_SITE_NAME = "Lindenhoven"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# Rate limits write three keys per action: with Django's default of 300 entries the local-memory
# cache would evict the cached idea cards and term lists on a busy board.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20_000}}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAILPARTICIPATION_EMAIL_CONFIRMED_CHECK = "home.accounts.email_is_confirmed"

# --- Accounts (django-allauth) --------------------------------------------------------------------
# The package itself only uses django.contrib.auth and LOGIN_URL; allauth is this site's choice.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",  # the Wagtail admin's username login
    "allauth.account.auth_backends.AuthenticationBackend",  # citizens log in with their e-mail address
]
LOGIN_URL = "account_login"  # /<language>/accounts/login/
WAGTAILPARTICIPATION_LOGOUT_URL = "account_logout"  # the header's log-out button (a POST form)
# Back to the home page in the visitor's language (/nl/ for a Dutch visitor), not to "/".
LOGIN_REDIRECT_URL = LOGOUT_REDIRECT_URL = reverse_lazy("wagtail_serve", args=[""])
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"  # no login before the address is confirmed
ACCOUNT_LOGOUT_ON_GET = False  # GET shows a confirmation page; only a POST logs out
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{WAGTAIL_SITE_NAME}: "
# ACCOUNT_RATE_LIMITS: allauth's defaults (login failures, signups, password resets and
# confirmation e-mails per IP address and per e-mail address), counted in the default cache.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lindenhoven <participation@lindenhoven.example>")

# --- Staff two-factor login (docs/staff-accounts.md) ------------------------------------------------
# Staff who may see the register of residents or personal-data exports use allauth's MFA: an
# authenticator app (TOTP) with recovery codes. They log in with Wagtail's own form; the admin then
# asks for a code (or, the first time, to set up the app) before any admin page opens.
INSTALLED_APPS += ["allauth.mfa"]  # noqa: F405
MIDDLEWARE += ["wagtail_participation.staff_second_factor.StaffSecondFactorMiddleware"]  # noqa: F405
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]  # no WebAuthn: no fido2 needed
MFA_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Staff accounts are made in the Wagtail admin, without allauth's confirmed e-mail address;
# residents cannot log in before confirming theirs (ACCOUNT_EMAIL_VERIFICATION), so no account
# with an unconfirmed address is anyone's but the site's.
MFA_ALLOW_UNVERIFIED_EMAIL = True
WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR = "home.accounts.session_used_second_factor"
WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR_URL = "staff_second_factor"
# --- Security headers (docs/deployment.md, "Security headers") ------------------------------------
# A strict Content-Security-Policy on the public pages: scripts and styles from this site or with
# the request's nonce only (no inline style="" or onclick="", no eval), no plugins, no framing by
# other sites. Under /admin/ AdminCSPMiddleware replaces script-src, style-src and img-src with what
# Wagtail's admin needs ('unsafe-inline'; content_security.ADMIN_DIRECTIVES). A site with video
# embeds adds their players: public_directives(frame_src=["https://www.youtube-nocookie.com"]).
CONTENT_SECURITY_POLICY = {"DIRECTIVES": public_directives()}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # other sites never see which page a resident came from
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No site may frame a page of this one (Wagtail's preview panel sets SAMEORIGIN on its own preview
# responses; browsers that know CSP obey frame-ancestors 'self' first).
X_FRAME_OPTIONS = "DENY"
# Browser features no page of the site uses, switched off for it and for anything it embeds
# (django-permissions-policy). Fullscreen stays allowed for embedded video players.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}
