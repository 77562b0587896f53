"""Wagtail admin screens, declared as viewsets and grouped under one "Participation" menu."""

from django.contrib.auth.models import Permission
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from wagtail_participation.admin_reviews import REVIEWS, ReviewAnswerView, ReviewIndexView
from wagtail_participation.admin_views import (
    CensusUploadView,
    ClosingDateView,
    GenerateCodesView,
    ResultsReviewView,
    RevokeCodesView,
    ShownToPermittedUsers,
    VerificationReportView,
)
from wagtail_participation.budgets.admin import may_manage_budgets
from wagtail_participation.contributions_admin import COMMENTS, CommentIndexView
from wagtail_participation.ideas.admin import (
    BOARDS,
    IDEAS,
    BoardDashboardView,
    CommentFilterSet,
    IdeaBoardsView,
    IdeaCsvView,
    IdeaExportDownloadView,
    IdeaExportStatusView,
    IdeaFilterSet,
    IdeaIndexView,
    IdeaModerateView,
    OfficialUpdateView,
    OfflineIdeaView,
    PrepareXlsxView,
    can_see_ideas,
)
from wagtail_participation.ideas.models import Idea
from wagtail_participation.models import (
    Area,
    CensusClaimRefusal,
    CensusImport,
    CodeBatch,
    Comment,
    Department,
    MethodRecord,
    ReviewRequest,
    StatusStyle,
    Topic,
)
from wagtail_participation.polls.admin import OptionCommentViewSet, PollBallotViewSet
from wagtail_participation.proposals.admin import (
    PROPOSALS,
    IneligibleView,
    OfflineSignaturesView,
    ProposalAnswerView,
    ProposalCsvView,
    ProposalFilterSet,
    ProposalIndexView,
    ProposalManageView,
    RemoveSupportsView,
    state_column,
)
from wagtail_participation.proposals.models import Proposal
from wagtail_participation.results_viewsets import MilestoneViewSet, PolicyDecisionViewSet
from wagtail_participation.surveys.admin import SurveyViewSet


class ResultsIndexView(IndexView):
    """The methods listing: reading results needs the "view" permission (not add/change/delete)."""

    any_permission_required = ["view"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    list_display = ["name", "slug", "postal_codes"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    list_display = ["name", "email"]


class StatusStyleViewSet(SnippetViewSet):
    """The site's own labels and colours for idea statuses, per language (codes never change)."""

    model = StatusStyle
    icon = "tag"
    list_display = ["label", "code", "colour"]


class ListOnlyViewSet(ModelViewSet):
    """A listing whose "Add" button (if any) leads to ``add_view``; rows are never edited by hand."""

    add_to_admin_menu = False
    copy_view_enabled = False
    add_view = None

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
        return patterns

    def view(self, view_class):
        return view_class.as_view(index_url_name=self.get_url_name("index"))

    def get_index_view_kwargs(self, **kwargs):
        no_row_actions = {
            "edit_url_name": None,
            "delete_url_name": None,
            "history_url_name": None,
            "usage_url_name": None,
        }
        if not self.add_view:
            no_row_actions["add_url_name"] = None
        return super().get_index_view_kwargs(**kwargs) | no_row_actions


class MethodRecordViewSet(ListOnlyViewSet):
    """Every participation method with its results; records are made by method pages, not by hand."""

    model = MethodRecord
    icon = "table"
    name = "participation_methods"
    index_view_class = ResultsIndexView
    menu_label = _("Methods and results")
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
    url_prefix = "participation/codes"
    list_display = ["name", "area", "project", "size", Column("used", label=_("Used")), "revoked_at"]

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
    url_prefix = "participation/census"
    list_display = ["name", "row_count", "uploaded_at", "uploaded_by"]

    add_view = CensusUploadView


class CensusClaimRefusalViewSet(ModelViewSet):
    """Second claims of a register row, for staff to look into; they only tick "resolved"."""

    model = CensusClaimRefusal
    icon = "warning"
    name = "participation_refusals"
    menu_label = _("Refused register claims")
    url_prefix = "participation/refused-claims"
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["participant", "refused_at", "resolved"]
    list_filter = ["resolved"]
    form_fields = ["resolved"]

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in {"index", "index_results", "edit"}]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**kwargs) | {
            "add_url_name": None,
            "delete_url_name": None,
            "history_url_name": None,
            "usage_url_name": None,
        }


class VerificationReportViewSet(ShownToPermittedUsers, ViewSet):
    may_use = staticmethod(VerificationReportView.user_may_see)
    name = "participation_verification_report"
    icon = "tasks"
    menu_label = _("Verified participants")
    url_prefix = "participation/verified"
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return [path("", VerificationReportView.as_view(), name="index")]

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))


class ModerationViewSet(ModelViewSet):
    """A moderation queue: new and reported items first, bulk approve / hide / restore, history.

    Items are never edited or deleted here: citizens' words stay theirs; moderators hide with a reason.
    """

    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True  # also registers the "view" permission for groups
    index_template_name = "wagtail_participation/admin/moderation_index.html"

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**kwargs) | {
            "add_url_name": None,
            "edit_url_name": None,
            "delete_url_name": None,
            "usage_url_name": None,
        }

    @property
    def url_finder_class(self):
        # Links from elsewhere in the admin (e.g. the site history report) open the moderation page.
        return type("ModerationURLFinder", (ModelAdminURLFinder,), {"edit_url_name": self.get_url_name("inspect")})


class IdeaModerationViewSet(ModerationViewSet):
    model = Idea
    icon = "comment"
    name = IDEAS
    menu_label = _("Moderate ideas")
    url_prefix = "participation/ideas"
    index_view_class = IdeaIndexView
    inspect_view_class = IdeaModerateView
    filterset_class = IdeaFilterSet
    list_display = [
        "title",
        Column("board_title", label=_("Idea board")),
        "visibility",
        "status",
        Column("open_reports", label=_("Open reports"), sort_key="open_reports"),
        "channel",
        "created_at",
    ]

    def get_urlpatterns(self):
        answer = OfficialUpdateView.as_view(index_url_name=self.get_url_name("index"))
        return super().get_urlpatterns() + [path("answer/<int:pk>/", answer, name="answer")]


class CommentModerationViewSet(ModerationViewSet):
    model = Comment
    icon = "comment"
    name = COMMENTS
    menu_label = _("Moderate comments")
    url_prefix = "participation/comments"
    index_view_class = CommentIndexView
    filterset_class = CommentFilterSet
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


class ProposalModerationViewSet(ModerationViewSet):
    """Citizen proposals: the moderation queue (approving publishes), and per proposal the page to
    answer, enter offline signatures, remove fraudulent supports or declare it ineligible."""

    model = Proposal
    icon = "pick"
    name = PROPOSALS
    menu_label = _("Citizen proposals")
    url_prefix = "participation/proposals"
    index_view_class = ProposalIndexView
    inspect_view_class = ProposalManageView
    filterset_class = ProposalFilterSet
    list_display = [
        "title",
        Column("state", label=_("State"), accessor=state_column),
        Column("counted", label=_("Supports"), sort_key="counted"),
        "visibility",
        Column("open_reports", label=_("Open reports"), sort_key="open_reports"),
        "answer_deadline",
        "created_at",
    ]

    def get_urlpatterns(self):
        kwargs = {"index_url_name": self.get_url_name("index")}
        return super().get_urlpatterns() + [
            path("answer/<int:pk>/", ProposalAnswerView.as_view(**kwargs), name="answer"),
            path("offline/<int:pk>/", OfflineSignaturesView.as_view(**kwargs), name="offline"),
            path("remove-supports/<int:pk>/", RemoveSupportsView.as_view(**kwargs), name="remove_supports"),
            path("ineligible/<int:pk>/", IneligibleView.as_view(**kwargs), name="ineligible"),
            path("export/<int:pk>.csv", ProposalCsvView.as_view(), name="csv"),
        ]


class ReviewRequestViewSet(ModelViewSet):
    """Authors' requests to restore what a moderator hid, answered here (restore or uphold).

    Seen and answered only by moderators of the contested kind (``admin_reviews.ReviewPermissionPolicy``);
    requests are never added, edited or deleted by hand."""

    model = ReviewRequest
    icon = "help"
    name = REVIEWS
    menu_label = _("Review requests")
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
        return Permission.objects.none()  # the moderation permissions of ideas, proposals and comments decide

    def get_urlpatterns(self):
        answer = ReviewAnswerView.as_view(index_url_name=self.get_url_name("index"))
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", answer, name="answer"),
        ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(**kwargs) | {
            "add_url_name": None,
            "edit_url_name": None,
            "delete_url_name": None,
            "history_url_name": None,
            "usage_url_name": None,
            "inspect_url_name": None,
            "copy_url_name": None,
        }


class IdeaBoardViewSet(ShownToPermittedUsers, ViewSet):
    """Per board: dashboard, offline input, CSV download and XLSX exports."""

    may_use = staticmethod(can_see_ideas)
    name = BOARDS
    icon = "comment"
    menu_label = _("Idea boards")
    url_prefix = "participation/idea-boards"
    add_to_admin_menu = False

    def get_urlpatterns(self):
        form_kwargs = {"index_url_name": self.get_url_name("index")}
        return [
            path("", IdeaBoardsView.as_view(), name="index"),
            path("<int:pk>/", BoardDashboardView.as_view(), name="dashboard"),
            path("<int:pk>/add-idea/", OfflineIdeaView.as_view(**form_kwargs), name="add_idea"),
            path("<int:pk>/ideas.csv", IdeaCsvView.as_view(), name="csv"),
            path("<int:pk>/xlsx/", PrepareXlsxView.as_view(), name="xlsx"),
            path("exports/<int:pk>/", IdeaExportStatusView.as_view(), name="export"),
            path("exports/<int:pk>/download/", IdeaExportDownloadView.as_view(), name="download"),
        ]

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))


class BudgetViewSet(ShownToPermittedUsers, ViewSet):
    """Budget pages: results and outcome (with overrides), .pb import."""

    may_use = staticmethod(may_manage_budgets)
    name = "participation_budgets"
    icon = "tasks"
    menu_label = _("Budgets")
    url_prefix = "participation/budgets"
    add_to_admin_menu = False

    def get_urlpatterns(self):
        from wagtail_participation.budgets.admin import BudgetsView, ImportView, OutcomeView, PaperBallotView

        return [
            path("", BudgetsView.as_view(), name="index"),
            path("<int:pk>/import/", ImportView.as_view(), name="import"),
            path("<int:pk>/outcome/", OutcomeView.as_view(), name="outcome"),
            path("<int:pk>/paper/", PaperBallotView.as_view(), name="paper"),
        ]

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))


class ParticipationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Participation")
    menu_icon = "group"
    menu_order = 250
    items = (
        TopicViewSet,
        AreaViewSet,
        DepartmentViewSet,
        MethodRecordViewSet,
        CodeBatchViewSet,
        CensusImportViewSet,
        CensusClaimRefusalViewSet,
        VerificationReportViewSet,
        IdeaBoardViewSet,
        IdeaModerationViewSet,
        CommentModerationViewSet,
        StatusStyleViewSet,
        OptionCommentViewSet,
        PollBallotViewSet,
        SurveyViewSet,
        BudgetViewSet,
        ProposalModerationViewSet,
        ReviewRequestViewSet,
        PolicyDecisionViewSet,
        MilestoneViewSet,
    )
