"""A site with the core and polls only: ``make test-site-polls`` runs tests/polls on it."""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS
from tests.sites import with_only

INSTALLED_APPS = with_only(INSTALLED_APPS, "wagtail_participation.polls")
