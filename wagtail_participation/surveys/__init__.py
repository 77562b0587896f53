"""Surveys: questionnaires with stable question codes, steps and conditions.

Enable it by adding ``"wagtail_participation.surveys"`` to ``INSTALLED_APPS``."""
