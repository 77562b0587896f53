"""Idea collection: boards where residents post, vote on and discuss ideas.

Enable it by adding ``"wagtail_participation.ideas"`` to ``INSTALLED_APPS``."""
