"""Citizen proposals: residents start proposals; supports, thresholds and the city's answer.

Enable it by adding ``"wagtail_participation.proposals"`` to ``INSTALLED_APPS``."""
