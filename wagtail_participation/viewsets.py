"""Wagtail admin screens, declared as viewsets and grouped under one "Participation" menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import ResultsReviewView
from .models import Area, Department, MethodRecord, Topic


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


class MethodRecordViewSet(ModelViewSet):
    """Every participation method with its results; records are made by method pages, not by hand."""

    model = MethodRecord
    icon = "table"
    menu_label = _("Methods and results")
    name = "participation_methods"
    url_prefix = "participation/methods"
    add_to_admin_menu = False

    @property
    def list_display(self):
        return [
            TitleColumn("title", label=_("Method"), accessor=str, get_url=self.review_url),
            Column("page_model", label=_("Type")),
            Column("results_status", label=_("Results"), accessor="results_status"),
        ]

    def review_url(self, record):
        return reverse(self.get_url_name("review"), args=(record.pk,))

    def get_urlpatterns(self):
        # Index and review only: no add, edit or delete of records by hand (pages own them).
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", ResultsReviewView.as_view(index_url_name=self.get_url_name("index")), name="review"),
        ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(**kwargs) | {"add_url_name": None, "edit_url_name": None}


class ParticipationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Participation")
    menu_icon = "group"
    menu_order = 250
    items = (TopicViewSet, AreaViewSet, DepartmentViewSet, MethodRecordViewSet)
