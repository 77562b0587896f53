"""The base of every method app's ``AppConfig``: it registers the app's manifest when Django is ready."""

from importlib import import_module

from django.apps import AppConfig


class MethodAppConfig(AppConfig):
    """A method app (ideas, polls, surveys, budgets, proposals) of the suite.

    ``ready()`` imports the app's ``manifest`` module and registers what its ``build()`` returns
    (docs/architecture.md, "The method manifest"). A subclass sets ``name``, ``label`` and
    ``verbose_name``; override :meth:`ready` only to register more, and call ``super().ready()``.

    Subclass it through the module (``class IdeasConfig(method_apps.MethodAppConfig)``): Django
    picks an app's config automatically only when its ``apps.py`` holds exactly one ``AppConfig``
    subclass, and an imported base class would count as a second.
    """

    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_participation import manifests

        manifests.register(import_module(f"{self.name}.manifest").build())
