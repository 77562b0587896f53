import os

from example_site.settings.base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
# Behind a reverse proxy or load balancer: its addresses or networks, comma-separated, so the abuse
# brakes count each resident by their own address (docs/abuse-brakes.md).
WAGTAILPARTICIPATION_TRUSTED_PROXIES = [
    entry for entry in os.environ.get("TRUSTED_PROXIES", "").split(",") if entry.strip()
]
# The public address e-mail links start with, e.g. https://participate.example.org (docs/emails.md);
# unset, they use the Wagtail Site's hostname and port.
WAGTAILPARTICIPATION_BASE_URL = os.environ.get("WAGTAILPARTICIPATION_BASE_URL") or None

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
