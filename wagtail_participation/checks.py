"""System checks for misconfiguration, with stable ids."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from . import conf


@register()
def check_configuration(app_configs, **kwargs):
    problems = []
    installed = set(settings.INSTALLED_APPS)
    for required in ("wagtail.contrib.settings", "wagtail_localize"):
        if required not in installed:
            problems.append(
                Error(f"{required} must be in INSTALLED_APPS for wagtail_participation.", id="wagtail_participation.E001")
            )
    try:
        conf.get_callable("EMAIL_CONFIRMED_CHECK")
    except ImportError as error:
        problems.append(
            Error(f"WAGTAILPARTICIPATION_EMAIL_CONFIRMED_CHECK cannot be imported: {error}", id="wagtail_participation.E002")
        )
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        problems.append(
            Warning(
                "WAGTAIL_I18N_ENABLED is off: participation pages will exist in one language only.",
                id="wagtail_participation.W001",
            )
        )
    return problems
