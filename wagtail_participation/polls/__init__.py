"""Polls and option analyses: one question or several options, one ballot per participant.

Enable it by adding ``"wagtail_participation.polls"`` to ``INSTALLED_APPS``."""
