"""Registrations only: the ideas screens in the "Participation" menu, their bulk actions and the
comment queue's board filter (docs/architecture.md, "Admin: how a method app adds its screens")."""

from wagtail import hooks

from wagtail_participation.admin_registry import COMMENT_FILTERS_HOOK, register_participation_viewset
from wagtail_participation.ideas.admin import BULK_ACTIONS, IdeaBoardViewSet, IdeaModerationViewSet, comment_filters

register_participation_viewset(IdeaBoardViewSet())
register_participation_viewset(IdeaModerationViewSet())

for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)

hooks.register(COMMENT_FILTERS_HOOK, comment_filters)
