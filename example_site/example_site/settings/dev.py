from example_site.settings.base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = "django-insecure-demo-city-only-for-local-use"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
