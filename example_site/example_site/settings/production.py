"""The demo city in production: gunicorn behind a TLS-terminating reverse proxy, PostgreSQL, Redis,
a django-tasks-db worker, whitenoise for static files. Everything secret or site-specific comes from
the environment; docs/deployment.md lists every variable and runs the stack end to end.

`manage.py check --deploy --fail-level WARNING` is clean with these settings
(tests/core/test_production_settings.py, `make check-deploy`).
"""

import os

import dj_database_url

from example_site.settings.base import *  # noqa: F401,F403
from example_site.settings.base import INSTALLED_APPS, MIDDLEWARE


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated variable as a list, without blanks."""
    return [entry.strip() for entry in os.environ.get(name, default).split(",") if entry.strip()]


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


# --- Core -----------------------------------------------------------------------------------------
DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
# Set it so rotating SECRET_KEY keeps invitation codes and register rows valid (docs/deployment.md).
if os.environ.get("WAGTAILPARTICIPATION_HMAC_KEY"):
    WAGTAILPARTICIPATION_HMAC_KEY = os.environ["WAGTAILPARTICIPATION_HMAC_KEY"]

# --- Database: PostgreSQL -------------------------------------------------------------------------
# Required: several gunicorn workers and the task worker write at once, which SQLite does not take.
# Persistent connections (60 s) save a connection per request; health checks drop a dead one.
DATABASES = {
    "default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True),
}

# --- Cache: Redis, shared by every process ----------------------------------------------------------
# Required: the abuse brakes, cached idea cards, term lists and live results must be the same in
# every worker process (system checks W011, W042). RedisCache needs the `redis` package
# (`[production]` extra); it uses `hiredis` when that is installed.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "participation"),
    }
}

# --- Background tasks: django-tasks-db and its worker ------------------------------------------------
# E-mails and exports are queued in the database and run by `manage.py db_worker` (system check W040).
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Static files: whitenoise; media: the web server ---------------------------------------------
# gunicorn serves the collected static files itself (compressed, with far-future cache headers on
# the hashed names), so the proxy needs no static configuration and a new release cannot serve old
# CSS. Uploaded media (idea pictures, documents' files) are the web server's to serve from
# MEDIA_ROOT; never serve MEDIA_ROOT/participation/exports/ (prepared exports go through the admin).
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", MEDIA_ROOT)  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# SecurityMiddleware first (the HTTPS redirect before anything else), whitenoise right after it.
SECURITY_MIDDLEWARE = "django.middleware.security.SecurityMiddleware"
MIDDLEWARE = [
    SECURITY_MIDDLEWARE,
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *(entry for entry in MIDDLEWARE if entry != SECURITY_MIDDLEWARE),
]

# --- E-mail: SMTP ---------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 30
if os.environ.get("EMAIL_FILE_PATH"):  # with EMAIL_BACKEND=...filebased.EmailBackend (the smoke pass)
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

# --- HTTPS behind the reverse proxy ----------------------------------------------------------------
# The proxy terminates TLS and must overwrite X-Forwarded-Proto on every request; only then may
# Django believe it (an unset header means plain HTTP, and SECURE_SSL_REDIRECT sends it to https).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
# The health check answers plain HTTP too, so a load balancer or systemd can ask over loopback.
SECURE_REDIRECT_EXEMPT = [r"^-/health/$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Behind a reverse proxy or load balancer: its addresses or networks, comma-separated, so the abuse
# brakes count each resident by their own address (docs/abuse-brakes.md).
WAGTAILPARTICIPATION_TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# --- Security headers (docs/deployment.md, "Security headers") ------------------------------------
# The Content-Security-Policy, Referrer-Policy, Permissions-Policy and framing rules are in base.py.
# HSTS: once a browser saw the header it uses only HTTPS for this host, for this many seconds (a
# year). Django sends it on HTTPS requests only: behind a proxy that ends TLS, set
# SECURE_PROXY_SSL_HEADER so that Django knows the request was HTTPS. Start lower (3600) until
# every page is known to work over HTTPS. DJANGO_HSTS_SECONDS=0 turns it off.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365))
# A choice: "1" makes every name below this host HTTPS-only too. Safe on a host of its own
# (participate.city.example); on the city's own domain it would cover all the city's subdomains.
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("DJANGO_HSTS_INCLUDE_SUBDOMAINS", "") == "1"
# Subdomains and the preload list are the city domain's owner's decision, not this site's (a
# city's other subdomains may still serve plain HTTP): check --deploy's reminders of them are
# silenced while they are off.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]
SILENCED_SYSTEM_CHECKS += ["security.W021"]


# --- Logging: one line per event on stdout (journald or the container collects it) -------------------
# key=value fields a log search can filter on. No personal data: no client addresses, no query
# strings, no request bodies (gunicorn's access log format leaves them out too, gunicorn.conf.py).
# Errors go here, not to ADMINS by e-mail.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s level=%(levelname)s logger=%(name)s pid=%(process)d %(message)s"},
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "line"},
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # replaces Django's default handlers (console only while DEBUG, mail_admins)
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
    },
}

# --- Participation ---------------------------------------------------------------------------------
# The public address e-mail links start with, e.g. https://participate.example.org (docs/emails.md);
# unset, they use the Wagtail Site's hostname and port.
WAGTAILPARTICIPATION_BASE_URL = os.environ.get("WAGTAILPARTICIPATION_BASE_URL") or None
