"""Wagtail admin screens, declared as viewsets and grouped under one "Participation" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Area, Department, ResultSnapshot, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    list_display = ["name", "slug", "postal_codes"]
    search_fields = ["name"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    list_display = ["name", "email"]
    search_fields = ["name"]


class ResultSnapshotViewSet(ModelViewSet):
    """Snapshots are read and finalised here; their numbers are never edited by hand."""

    model = ResultSnapshot
    icon = "table"
    menu_label = _("Result snapshots")
    list_display = ["record", "kind", "rule", "taken_at"]
    list_filter = ["kind"]
    form_fields = ["note"]
    inspect_view_enabled = True
    add_to_admin_menu = False
    copy_view_enabled = False


class ParticipationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Participation")
    menu_icon = "group"
    menu_order = 250
    items = (TopicViewSet, AreaViewSet, DepartmentViewSet, ResultSnapshotViewSet)
