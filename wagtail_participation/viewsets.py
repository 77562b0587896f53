"""The core's Wagtail admin screens, declared as viewsets and grouped under one "Participation" menu.

Method apps add their own screens to the same menu from their ``wagtail_hooks.py``
(:mod:`wagtail_participation.admin_registry`); every item has a ``menu_order`` so the menu keeps one
order whichever methods are installed."""

from django.contrib.auth.models import Permission
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from wagtail_participation.admin_registry import PARTICIPATION_MENU_HOOK, comment_filters
from wagtail_participation.admin_reviews import REVIEWS, ReviewAnswerView, ReviewIndexView
from wagtail_participation.admin_views import (
    CensusUploadView,
    ClosingDateView,
    GenerateCodesView,
    ResultsReviewView,
    RetentionView,
    RevokeCodesView,
    StaffPagesViewSet,
    VerificationReportView,
    without_views,
)
from wagtail_participation.contributions_admin import COMMENTS, CommentFilterSet, CommentIndexView, ModerationViewSet
from wagtail_participation.models import (
    Area,
    CensusClaimRefusal,
    CensusImport,
    CodeBatch,
    Comment,
    Department,
    MethodRecord,
    Milestone,
    PolicyDecision,
    ReviewRequest,
    StatusStyle,
    Topic,
)
from wagtail_participation.staff_second_factor import guarded_urlpatterns


class ResultsIndexView(IndexView):
    """The methods listing: reading results needs the "view" permission (not add/change/delete)."""

    any_permission_required = ["view"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_order = 100
    list_display = ["name", "slug"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_order = 110
    list_display = ["name", "slug", "postal_codes"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_order = 120
    list_display = ["name", "email"]


class StatusStyleViewSet(SnippetViewSet):
    """The site's own labels and colours for idea statuses, per language (codes never change)."""

    model = StatusStyle
    icon = "tag"
    menu_order = 510
    list_display = ["label", "code", "colour"]


class PolicyDecisionViewSet(SnippetViewSet):
    """“You said, we did” records; status is edited once for every language."""

    model = PolicyDecision
    icon = "tick-inverse"
    menu_label = _("Decisions")
    menu_order = 1100
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


class ListOnlyViewSet(ModelViewSet):
    """A listing whose "Add" button (if any) leads to ``add_view``; rows are never edited by hand."""

    add_to_admin_menu = False
    copy_view_enabled = False
    add_view = None
    #: Shows the register of residents, codes or personal data: every view asks for the staff's
    #: second factor (docs/staff-accounts.md).
    requires_second_factor = False

    def get_extra_urlpatterns(self):
        return []

    def get_urlpatterns(self):
        patterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            *self.get_extra_urlpatterns(),
        ]
        if self.add_view:
            patterns.append(path("new/", self.view(self.add_view), name="add"))
        return guarded_urlpatterns(patterns) if self.requires_second_factor else patterns

    def view(self, view_class):
        return view_class.as_view(index_url_name=self.get_url_name("index"))

    def get_index_view_kwargs(self, **kwargs):
        no_row_actions = ("edit", "delete", "history", "usage", *(() if self.add_view else ("add",)))
        return super().get_index_view_kwargs(**kwargs) | without_views(*no_row_actions)


class MethodRecordViewSet(ListOnlyViewSet):
    """Every participation method with its results; records are made by method pages, not by hand."""

    model = MethodRecord
    icon = "table"
    name = "participation_methods"
    index_view_class = ResultsIndexView
    menu_label = _("Methods and results")
    menu_order = 200
    url_prefix = "participation/methods"

    @property
    def list_display(self):
        return [
            TitleColumn("title", label=_("Method"), accessor=str, get_url=self.review_url),
            Column("page_model", label=_("Type")),
            Column("results_status", label=_("Results"), accessor="results_status"),
        ]

    def review_url(self, record):
        return reverse(self.get_url_name("review"), args=(record.pk,))

    def get_extra_urlpatterns(self):
        return [
            path("<int:pk>/", self.view(ResultsReviewView), name="review"),
            path("<int:pk>/extend/", ClosingDateView.as_view(index_url_name=self.get_url_name("index")), name="extend"),
            path(
                "<int:pk>/reopen/",
                ClosingDateView.as_view(index_url_name=self.get_url_name("index"), reopen=True),
                name="reopen",
            ),
        ]


class CodeBatchViewSet(ListOnlyViewSet):
    """Invitation code batches; "Add" generates a batch and downloads its codes once."""

    model = CodeBatch
    icon = "key"
    name = "participation_codes"
    menu_label = _("Invitation codes")
    menu_order = 300
    url_prefix = "participation/codes"
    list_display = ["name", "area", "project", "size", Column("used", label=_("Used")), "revoked_at"]
    requires_second_factor = True

    def get_queryset(self, request):
        return CodeBatch.objects.select_related("area", "project").annotate(
            used=Count("codes", filter=Q(codes__used_by__isnull=False))
        )

    add_view = GenerateCodesView

    def get_extra_urlpatterns(self):
        return [path("withdraw/", self.view(RevokeCodesView), name="revoke")]


class CensusImportViewSet(ListOnlyViewSet):
    """Uploads of the register of residents; "Add" uploads a new extract."""

    model = CensusImport
    icon = "doc-full"
    name = "participation_census"
    menu_label = _("Register of residents")
    menu_order = 310
    url_prefix = "participation/census"
    list_display = ["name", "row_count", "uploaded_at", "uploaded_by"]
    requires_second_factor = True

    add_view = CensusUploadView


class CensusClaimRefusalViewSet(ModelViewSet):
    """Second claims of a register row, for staff to look into; they only tick "resolved"."""

    model = CensusClaimRefusal
    icon = "warning"
    name = "participation_refusals"
    menu_label = _("Refused register claims")
    menu_order = 320
    url_prefix = "participation/refused-claims"
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["participant", "refused_at", "resolved"]
    list_filter = ["resolved"]
    form_fields = ["resolved"]

    def get_urlpatterns(self):
        kept = [pattern for pattern in super().get_urlpatterns() if pattern.name in {"index", "index_results", "edit"}]
        return guarded_urlpatterns(kept)  # claims name participants and register rows

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**kwargs) | without_views("add", "delete", "history", "usage")


class VerificationReportViewSet(StaffPagesViewSet):
    may_use = staticmethod(VerificationReportView.user_may_see)
    name = "participation_verification_report"
    icon = "tasks"
    menu_label = _("Verified participants")
    menu_order = 330
    url_prefix = "participation/verified"

    def get_urlpatterns(self):
        return guarded_urlpatterns([path("", VerificationReportView.as_view(), name="index")])


class RetentionViewSet(StaffPagesViewSet):
    may_use = staticmethod(RetentionView.user_may_see)
    name = "participation_retention"
    icon = "time"
    menu_label = _("Retention")
    menu_order = 1200
    url_prefix = "participation/retention"

    def get_urlpatterns(self):
        return [path("", RetentionView.as_view(), name="index")]


class CommentModerationViewSet(ModerationViewSet):
    """Comments on every kind of contribution; installed apps may add filters (``COMMENT_FILTERS_HOOK``)."""

    model = Comment
    icon = "comment"
    name = COMMENTS
    menu_label = _("Moderate comments")
    menu_order = 500
    url_prefix = "participation/comments"
    index_view_class = CommentIndexView
    inspect_view_fields = [
        "body",
        "contribution",
        "parent",
        "visibility",
        "hidden_reason",
        "created_at",
        "edited_at",
        "removed_at",
    ]
    list_display = [
        "__str__",
        Column("contribution", label=_("On")),
        "visibility",
        Column("open_reports", label=_("Open reports"), sort_key="open_reports"),
        "created_at",
    ]

    @cached_property
    def filterset_class(self):
        # Read when the URLs are built, once every installed app's wagtail_hooks has been imported.
        return type("CommentFilterSet", (CommentFilterSet,), comment_filters())


class ReviewRequestViewSet(ModelViewSet):
    """Authors' requests to restore what a moderator hid, answered here (restore or uphold).

    Seen and answered only by moderators of the contested kind (``admin_reviews.ReviewPermissionPolicy``);
    requests are never added, edited or deleted by hand."""

    model = ReviewRequest
    icon = "help"
    name = REVIEWS
    menu_label = _("Review requests")
    menu_order = 1000
    url_prefix = "participation/reviews"
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = ReviewIndexView
    list_filter = ["status", "kind"]

    @property
    def list_display(self):
        return [
            TitleColumn("target", label=_("Item"), accessor=str, get_url=self.answer_url),
            "kind",
            "ground",
            "status",
            "created_at",
            "answered_at",
        ]

    def answer_url(self, review):
        return reverse(self.get_url_name("answer"), args=(review.pk,))

    def get_permissions_to_register(self):
        return Permission.objects.none()  # the moderation permission of the contested kind decides

    def get_urlpatterns(self):
        answer = ReviewAnswerView.as_view(index_url_name=self.get_url_name("index"))
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", answer, name="answer"),
        ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(**kwargs) | without_views(
            "add", "edit", "delete", "history", "usage", "inspect", "copy"
        )


class ParticipationViewSetGroup(SnippetViewSetGroup):
    """The "Participation" menu: the core's screens below, and every item an installed app adds
    through the ``PARTICIPATION_MENU_HOOK`` (``admin_registry.register_participation_viewset``)."""

    menu_label = _("Participation")
    menu_icon = "group"
    menu_order = 250
    submenu_hook = PARTICIPATION_MENU_HOOK
    items = (
        TopicViewSet,
        AreaViewSet,
        DepartmentViewSet,
        MethodRecordViewSet,
        CodeBatchViewSet,
        CensusImportViewSet,
        CensusClaimRefusalViewSet,
        VerificationReportViewSet,
        CommentModerationViewSet,
        StatusStyleViewSet,
        ReviewRequestViewSet,
        PolicyDecisionViewSet,
        MilestoneViewSet,
        RetentionViewSet,
    )
