"""A site with the core, budgets and results only: ``make test-site-budgets`` runs tests/budgets and
tests/results on it."""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS
from tests.sites import with_only

INSTALLED_APPS = with_only(INSTALLED_APPS, "wagtail_participation.budgets", "wagtail_participation.results")
