"""Registrations only: the polls screens in the "Participation" menu
(docs/architecture.md, "Admin: how a method app adds its screens")."""

from wagtail_participation.admin_registry import register_participation_viewset
from wagtail_participation.polls.admin import OptionCommentViewSet, PollBallotViewSet

register_participation_viewset(OptionCommentViewSet())
register_participation_viewset(PollBallotViewSet())
