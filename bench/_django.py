"""Shared set-up for bench scripts: the test project on a throwaway, migrated SQLite database."""

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def setup():
    sys.path[:0] = [str(REPO), str(REPO / "example_site")]
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ.setdefault("WP_TEST_DB", os.path.join(tempfile.mkdtemp(), "bench.sqlite3"))
    os.environ.pop("DATABASE_URL", None)

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    settings.DATABASES["default"]["NAME"] = os.environ["WP_TEST_DB"]
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
