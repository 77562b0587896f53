"""The staff side of ideas: moderation queue and bulk actions, official answers, offline input,
board dashboards and exports, and the two viewsets ``wagtail_hooks.py`` puts in the "Participation" menu.

Every state change is a POST (CSRF-protected by Django) and checks a model permission on the
server: ``change_idea`` / ``change_comment`` to moderate, ``add_officialupdate`` to answer,
``add_idea`` to enter offline input, ``view_idea`` (or ``change_idea``) for dashboards and exports.
The changes themselves are made by :mod:`wagtail_participation.moderation` and
:mod:`wagtail_participation.contributions`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import MenuItem
from wagtail.models import Locale, Page

from wagtail_participation import clock, contributions, moderation, statuses
from wagtail_participation.admin_views import StaffFormView, StaffPagesViewSet
from wagtail_participation.contributions_admin import (
    ContributionModerationView,
    ModerationIndexView,
    ModerationViewSet,
    method_filter,
    moderation_bulk_actions,
)
from wagtail_participation.exports import PrepareExportView, export_urlpatterns, streamed_csv
from wagtail_participation.ideas.exports import IDEA_COLUMNS, build_ideas_xlsx, idea_rows
from wagtail_participation.ideas.models import Idea, IdeaBoardPage, IdeaExport
from wagtail_participation.models import Area, Channel, Department, MethodRecord, Topic, Visibility
from wagtail_participation.staff_second_factor import second_factor_required

IDEAS = "participation_ideas"  # viewset names, i.e. URL namespaces
BOARDS = "participation_idea_boards"


def can_see_ideas(user) -> bool:
    return user.has_perm("participation_ideas.view_idea") or user.has_perm("participation_ideas.change_idea")


def board_records():
    return MethodRecord.objects.filter(page_model=IdeaBoardPage._meta.label_lower)


BULK_ACTIONS = moderation_bulk_actions(Idea)  # registered from wagtail_hooks.py; also used for single rows


# -- moderation queues -------------------------------------------------------------------------


class IdeaIndexView(ModerationIndexView):
    def get_base_queryset(self):
        board_title = Page.objects.filter(
            translation_key=OuterRef("record__translation_key"),
            locale_id=OuterRef("record__source_locale_id"),
        ).values("title")[:1]
        return super().get_base_queryset().annotate(board_title=Subquery(board_title))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("wagtail_participation.add_officialupdate"):
            buttons.append(
                MenuItem(
                    _("Answer"), url=reverse(f"{IDEAS}:answer", args=(instance.pk,)), icon_name="mail", priority=35
                )
            )
        return buttons


class IdeaFilterSet(WagtailFilterSet):
    record = method_filter(board_records, gettext_lazy("Idea board"))

    class Meta:
        model = Idea
        fields = ["visibility", "status", "record", "channel"]


class IdeaModerateView(ContributionModerationView):
    """One idea with its reports, answers and history, and the moderation buttons (POST forms)."""

    template_name = "wagtail_participation/ideas/admin/idea_moderate.html"
    namespace = IDEAS

    def get_page_title(self):
        return _("Moderate")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"idea": self.object}


# -- official answers --------------------------------------------------------------------------


class OfficialUpdateForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), label=gettext_lazy("Department"))
    body = forms.CharField(
        label=gettext_lazy("Answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Published on the idea's page and e-mailed to its author and followers."),
    )
    new_status = forms.ChoiceField(label=gettext_lazy("New status"), required=False)

    def __init__(self, *args, current_status="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(locale=Locale.get_default())
        current = statuses.DEFAULTS.get(current_status)
        keep = _("Keep “%(status)s”") % {"status": current.label} if current else _("Keep the current status")
        self.fields["new_status"].choices = [("", keep), *statuses.CHOICES]


class OfficialUpdateView(StaffFormView):
    """The city's answer on one idea: signed by a department, optionally changing the status."""

    template_name = "wagtail_participation/ideas/admin/official_update.html"
    header_icon = "mail"
    permission = "wagtail_participation.add_officialupdate"
    form_class = OfficialUpdateForm
    index_label = gettext_lazy("Ideas")
    submit_label = gettext_lazy("Publish the answer")
    intro = ""

    def dispatch(self, request, *args, **kwargs):
        self.idea = get_object_or_404(Idea.objects.select_related("record"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Answer “%(title)s”") % {"title": self.idea.title}

    def get_context_data(self, form=None, **kwargs):
        form = form or OfficialUpdateForm(current_status=self.idea.status)
        context = super().get_context_data(form=form, **kwargs)
        context.update(
            {
                "idea": self.idea,
                "updates": self.idea.official_updates.select_related("department", "author"),
                "moderate_url": reverse(f"{IDEAS}:inspect", args=(self.idea.pk,)),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = OfficialUpdateForm(request.POST, current_status=self.idea.status)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        update = contributions.publish_official_update(
            self.idea,
            department=form.cleaned_data["department"],
            body=form.cleaned_data["body"],
            new_status=form.cleaned_data["new_status"] or None,
            author=request.user,
        )
        moderation.log_official_update(update, request.user, on=self.idea)
        messages.success(request, _("The answer is published. The author and followers are told by e-mail."))
        return redirect(reverse(f"{IDEAS}:inspect", args=(self.idea.pk,)))


# -- idea boards: dashboard, offline input, exports --------------------------------------------


class BoardBreadcrumbsMixin:
    def board_breadcrumbs(self, *more):
        return [
            {"url": reverse(f"{BOARDS}:index"), "label": _("Idea boards")},
            {"url": reverse(f"{BOARDS}:dashboard", args=(self.record.pk,)), "label": str(self.record)},
            *more,
        ]


class BoardMixin(BoardBreadcrumbsMixin):
    """Loads the board record from the URL and checks the permission on every request."""

    permission_check = staticmethod(can_see_ideas)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_check(request.user):
            raise PermissionDenied
        self.record = get_object_or_404(board_records(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class IdeaBoardsView(WagtailAdminTemplateMixin, TemplateView):
    """Every idea board with its ideas, what waits for moderation and what waits for an answer."""

    template_name = "wagtail_participation/ideas/admin/idea_boards.html"
    header_icon = "comment"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_ideas(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Idea boards")

    def get_context_data(self, **kwargs):
        visible = Q(contributions__visibility=Visibility.VISIBLE)
        records = (
            board_records()
            .annotate(
                visible=Count("contributions", filter=visible),
                unanswered=Count("contributions", filter=visible & Q(contributions__answered_at__isnull=True)),
                waiting=Count("contributions", filter=Q(contributions__visibility=Visibility.PRESCREENING)),
            )
            .order_by("-created_at")
        )
        return super().get_context_data(**kwargs) | {"records": records}


class BoardDashboardView(BoardMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_participation/ideas/admin/idea_board_dashboard.html"
    header_icon = "comment"

    def get_page_title(self):
        return _("Dashboard: %(board)s") % {"board": self.record}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + self.board_breadcrumbs()[:1] + [{"url": "", "label": str(self.record)}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        dashboard = moderation.board_dashboard(self.record, model=Idea)
        return super().get_context_data(**kwargs) | {
            "record": self.record,
            "dashboard": dashboard,
            "response_percent": round(dashboard.response_rate * 100) if dashboard.response_rate is not None else None,
            "exports": self.record.idea_exports.all()[:5],
            "queue_url": reverse(f"{IDEAS}:index") + "?" + urlencode({"record": self.record.pk}),
            "can_answer": user.has_perm("wagtail_participation.add_officialupdate"),
            "can_add": user.has_perm("participation_ideas.add_idea"),
            "now": clock.now(),
        }


class OfflineIdeaForm(forms.ModelForm):
    """An idea from a meeting, a letter or a phone call, typed in by staff."""

    channel = forms.ChoiceField(
        label=gettext_lazy("Received through"),
        choices=[
            (Channel.MEETING, Channel.MEETING.label),
            (Channel.PAPER, Channel.PAPER.label),
            (Channel.PHONE, Channel.PHONE.label),
        ],
    )

    class Meta:
        model = Idea
        fields = ["title", "body", "topics", "area", "location_text", "channel", "channel_event"]
        widgets = {"topics": forms.CheckboxSelectMultiple, "body": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel_event"].required = True
        self.fields["channel_event"].help_text = _("Where and when it was given, e.g. Town meeting Noord, 12 May.")
        topics = board.allowed_topics.all() if board is not None else Topic.objects.none()
        areas = board.allowed_areas.all() if board is not None else Area.objects.none()
        locale = board.locale_id if board is not None else None
        # A board that limits the choice offers only its own topics and areas, as residents see them.
        self.fields["topics"].queryset = topics if topics.exists() else Topic.objects.filter(locale_id=locale)
        self.fields["area"].queryset = areas if areas.exists() else Area.objects.filter(locale_id=locale)


class OfflineIdeaView(BoardMixin, StaffFormView):
    """Staff enter offline input: no online author, the channel and event say where it came from."""

    permission = "participation_ideas.add_idea"
    permission_check = staticmethod(lambda user: user.has_perm("participation_ideas.add_idea"))
    form_class = OfflineIdeaForm
    header_icon = "comment"
    submit_label = gettext_lazy("Add the idea")
    intro = gettext_lazy(
        "The idea is published at once and shown with its channel. Offline input cannot be checked "
        "against online participation: each idea from a meeting or letter counts once."
    )

    def get_page_title(self):
        return _("Add an idea from a meeting, letter or phone call")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + self.board_breadcrumbs({"url": "", "label": self.get_page_title()})

    def board(self):
        return self.record.source_page()

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or OfflineIdeaForm(board=self.board()), **kwargs)

    def post(self, request, *args, **kwargs):
        form = OfflineIdeaForm(request.POST, board=self.board())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        with transaction.atomic():
            idea = form.save(commit=False)
            idea.record = self.record
            idea.author = None
            idea.entered_by = request.user
            idea.language = self.record.source_locale.language_code
            idea.created_at = clock.now()
            idea.visibility = Visibility.VISIBLE
            idea.save()
            form.save_m2m()
            moderation.log_offline_entry(idea, request.user)
        messages.success(request, _("The idea “%(title)s” is added.") % {"title": idea.title})
        return redirect(reverse(f"{BOARDS}:dashboard", args=(self.record.pk,)))


class IdeaCsvView(BoardMixin, View):
    """The board's ideas as CSV, streamed row by row so a large board needs no memory or waiting."""

    def get(self, request, *args, **kwargs):
        return streamed_csv(f"ideas-{self.record.pk}.csv", IDEA_COLUMNS, idea_rows(self.record))


class PrepareXlsxView(BoardMixin, PrepareExportView):
    """POST only: queue a workbook (ideas, votes, comments, answers) and show its status page."""

    export_model = IdeaExport
    build_task = build_ideas_xlsx
    namespace = BOARDS


def comment_filters() -> dict:
    """For ``admin_registry.COMMENT_FILTERS_HOOK``: the comment queue can be narrowed to one idea board."""
    return {"record": method_filter(board_records, gettext_lazy("Idea board"), field_name="contribution__record")}


class IdeaExportViewMixin(BoardBreadcrumbsMixin):
    """The export views, for a board's workbook."""

    export_model = IdeaExport
    permission_check = staticmethod(can_see_ideas)
    namespace = BOARDS
    file_prefix = "ideas"

    def get_page_title(self):
        return _("Export of “%(board)s”") % {"board": self.record}

    def export_breadcrumbs(self):
        return self.board_breadcrumbs()

    def back_link(self) -> tuple[str, str]:
        return reverse(f"{BOARDS}:dashboard", args=(self.record.pk,)), _("Back to the board")


# -- the viewsets (registered from wagtail_hooks.py into the "Participation" menu) -----------------


class IdeaBoardViewSet(StaffPagesViewSet):
    """Per board: dashboard, offline input, CSV download and XLSX exports."""

    may_use = staticmethod(can_see_ideas)
    name = BOARDS
    icon = "comment"
    menu_label = gettext_lazy("Idea boards")
    menu_order = 400
    url_prefix = "participation/idea-boards"

    def get_urlpatterns(self):
        form_kwargs = {"index_url_name": self.get_url_name("index")}
        return [
            path("", IdeaBoardsView.as_view(), name="index"),
            path("<int:pk>/", BoardDashboardView.as_view(), name="dashboard"),
            path("<int:pk>/add-idea/", OfflineIdeaView.as_view(**form_kwargs), name="add_idea"),
            path("<int:pk>/ideas.csv", second_factor_required(IdeaCsvView.as_view()), name="csv"),
            path("<int:pk>/xlsx/", second_factor_required(PrepareXlsxView.as_view()), name="xlsx"),
            *export_urlpatterns(IdeaExportViewMixin),
        ]


class IdeaModerationViewSet(ModerationViewSet):
    model = Idea
    icon = "comment"
    name = IDEAS
    menu_label = gettext_lazy("Moderate ideas")
    menu_order = 410
    url_prefix = "participation/ideas"
    index_view_class = IdeaIndexView
    inspect_view_class = IdeaModerateView
    filterset_class = IdeaFilterSet
    list_display = [
        "title",
        Column("board_title", label=gettext_lazy("Idea board")),
        "visibility",
        "status",
        Column("open_reports", label=gettext_lazy("Open reports"), sort_key="open_reports"),
        "channel",
        "created_at",
    ]

    def get_urlpatterns(self):
        answer = OfficialUpdateView.as_view(index_url_name=self.get_url_name("index"))
        return super().get_urlpatterns() + [path("answer/<int:pk>/", answer, name="answer")]
