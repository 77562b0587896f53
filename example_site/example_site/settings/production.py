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
