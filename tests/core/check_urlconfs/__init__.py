"""Tiny URLconfs that make the integration checks of ``wagtail_participation.checks`` speak."""
