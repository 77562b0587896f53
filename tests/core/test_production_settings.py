"""The example site's production settings pass Django's deployment checks and the package's
production checks (`manage.py check --deploy --fail-level WARNING`; docs/deployment.md).

Run in a subprocess: the settings module reads the environment once, at import. Nothing is
connected to (the URLs are placeholders), so no server is needed.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parents[2] / "example_site"
REQUIRED_ENV = {
    "DJANGO_SETTINGS_MODULE": "example_site.settings.production",
    "DJANGO_SECRET_KEY": "check-deploy-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
    "DJANGO_ALLOWED_HOSTS": "participate.example.org",
    "DATABASE_URL": "postgres://participation@127.0.0.1:5432/participation",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def check_deploy(**env) -> subprocess.CompletedProcess:
    environment = {**os.environ, **REQUIRED_ENV, **env}
    environment["PYTHONPATH"] = os.pathsep.join([str(SITE_DIR.parent), str(SITE_DIR)])
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=SITE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_is_clean_with_the_production_settings():
    done = check_deploy()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_check_deploy_fails_when_a_production_setting_is_weakened():
    """The same command catches a regression: no HSTS (security.W004), and mail to the console
    (the package's W041)."""
    done = check_deploy(DJANGO_HSTS_SECONDS="0", EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
    assert done.returncode != 0
    assert "security.W004" in done.stderr
    assert "wagtail_participation.W041" in done.stderr


def test_the_production_settings_require_allauths_second_factor_for_staff():
    """production.py inherits the base settings' block: allauth's check and the middleware, no W044."""
    script = (
        "import json, django; django.setup()\n"
        "from django.conf import settings; from django.core.checks import run_checks\n"
        "print(json.dumps({'check': settings.WAGTAILPARTICIPATION_STAFF_SECOND_FACTOR,"
        " 'middleware': settings.MIDDLEWARE, 'debug': settings.DEBUG,"
        " 'ids': [m.id for m in run_checks(include_deployment_checks=False)]}))"
    )
    environment = {**os.environ, **REQUIRED_ENV, "PYTHONPATH": os.pathsep.join([str(SITE_DIR.parent), str(SITE_DIR)])}
    done = subprocess.run(
        [sys.executable, "-c", script], env=environment, cwd=SITE_DIR, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["debug"] is False
    assert found["check"] == "home.accounts.session_used_second_factor"
    assert "wagtail_participation.staff_second_factor.StaffSecondFactorMiddleware" in found["middleware"]
    assert "wagtail_participation.W044" not in found["ids"]
