"""Registrations only: the moderation bulk actions for ideas."""

from wagtail import hooks

from wagtail_participation.ideas.admin import BULK_ACTIONS

for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)
