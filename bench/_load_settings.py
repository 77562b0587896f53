"""The settings bench/load.py serves the demo with: the example site's production settings, plus
what they leave to the environment of a real deployment (a task queue, a mail server).

Used only until the production settings carry these themselves (issue 17, branch i17-prod);
``bench/_load_stack.py`` points ``DJANGO_SETTINGS_MODULE`` here.
"""

import os

from example_site.settings.production import *  # noqa: F401,F403
from example_site.settings.production import INSTALLED_APPS

# Notification e-mails and exports go through the database queue and its worker
# (``manage.py db_worker``), not inside the request.
if "django_tasks_db" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# No mail server on the bench machine: the worker writes each message to a file instead, so the
# run can count them.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("LOAD_MAIL_DIR", "/tmp/wp-load-mail")
