"""Admin screens for decisions and milestones (snippets, in the "Participation" menu)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from wagtail_participation.models import Milestone, PolicyDecision


class PolicyDecisionViewSet(SnippetViewSet):
    """“You said, we did” records; status is edited once for every language."""

    model = PolicyDecision
    icon = "tick-inverse"
    menu_label = _("Decisions")
    menu_order = 1100  # the Participation menu's order (admin_registry)
    list_display = ["title", "status", "decided_on", Column("project", label=_("Project"))]
    list_filter = ["status", "locale"]
    search_fields = ["title"]


class MilestoneViewSet(SnippetViewSet):
    """Implementation milestones; status and progress are edited once for every language."""

    model = Milestone
    icon = "list-ol"
    menu_label = _("Implementation milestones")
    menu_order = 1110
    list_display = ["title", "status", "progress", "due_on", Column("project", label=_("Project"))]
    list_filter = ["status", "locale"]
    search_fields = ["title"]
