"""Test sites that install only some methods (``make test-site-polls``, ``make test-site-budgets``).

A city installs the core and the methods it uses, nothing else. Each module here is a settings
module: ``tests/settings.py`` with fewer suite apps in ``INSTALLED_APPS``. Everything else stays,
the example site's ``home`` app included: its StreamFields must not change with the installed
methods either (issue 14, item 3), which ``makemigrations --check`` proves on each site.
"""

CORE_APP = "wagtail_participation"


def with_only(installed_apps: list[str], *apps: str) -> list[str]:
    """``installed_apps`` keeping the core and ``apps`` of the suite, dropping every other suite app.

    Every ``wagtail_participation.<name>`` entry counts as a suite app, so an app added to the suite
    later is left out of these sites without editing them.
    """
    missing = [app for app in apps if app not in installed_apps]
    if missing:
        raise ValueError(f"not in tests/settings.py INSTALLED_APPS: {', '.join(missing)}")
    return [app for app in installed_apps if not app.startswith(f"{CORE_APP}.") or app in apps]
