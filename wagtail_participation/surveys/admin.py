"""The staff side of surveys: a summary per survey (counts, charts, averages, free text) and exports.

Seeing responses needs ``view_surveyresponse`` (or ``change_surveyresponse``), checked on every
request. Preparing an XLSX is a POST; the workbook is built by a background task whose progress
the status page shows (the pattern of the idea exports).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from wagtail_participation.admin_views import StaffPagesViewSet
from wagtail_participation.exports import PrepareExportView, export_urlpatterns, streamed_csv
from wagtail_participation.models import MethodRecord
from wagtail_participation.staff_second_factor import second_factor_required
from wagtail_participation.surveys import exports as survey_exports
from wagtail_participation.surveys import method_results as survey_results
from wagtail_participation.surveys.models import SurveyExport, SurveyPage

SURVEYS = "participation_surveys"  # the viewset's name, i.e. its URL namespace


def can_see_responses(user) -> bool:
    return user.has_perm("participation_surveys.view_surveyresponse") or user.has_perm(
        "participation_surveys.change_surveyresponse"
    )


def survey_records():
    return MethodRecord.objects.filter(page_model=SurveyPage._meta.label_lower)


class SurveyBreadcrumbsMixin:
    def survey_breadcrumbs(self, *more):
        return [
            {"url": reverse(f"{SURVEYS}:index"), "label": _("Surveys")},
            {"url": reverse(f"{SURVEYS}:summary", args=(self.record.pk,)), "label": str(self.record)},
            *more,
        ]


class SurveyMixin(SurveyBreadcrumbsMixin):
    """Loads the survey's record (and its source page) from the URL; checks the permission."""

    def dispatch(self, request, *args, **kwargs):
        if not can_see_responses(request.user):
            raise PermissionDenied
        if "pk" in kwargs:
            self.record = get_object_or_404(survey_records(), pk=kwargs["pk"])
            self.page = self.record.source_page()
            if self.page is None:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SurveysView(SurveyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_participation/surveys/admin/surveys.html"
    header_icon = "form"

    def get_page_title(self):
        return _("Surveys")

    def get_context_data(self, **kwargs):
        records = (
            survey_records()
            .annotate(responses=Count("survey_responses", distinct=True))
            .prefetch_related("snapshots")
            .order_by("-created_at")
        )
        return super().get_context_data(**kwargs) | {"records": records}


class SurveySummaryView(SurveyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Per question: how many answered, a chart, average and distribution, the free text."""

    template_name = "wagtail_participation/surveys/admin/survey_summary.html"
    header_icon = "form"
    text_limit = 200

    def get_page_title(self):
        return _("Responses: %(survey)s") % {"survey": self.record}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + self.survey_breadcrumbs()[:1] + [{"url": "", "label": str(self.record)}]

    def get_context_data(self, **kwargs):
        questions = self.page.questions()
        summary = survey_results.summarize(self.record, questions, text_limit=self.text_limit)
        by_language = dict(
            survey_results.responses_of(self.record).order_by().values_list("language").annotate(n=Count("id"))
        )
        return super().get_context_data(**kwargs) | {
            "record": self.record,
            "survey": self.page,
            "summary": summary,
            "items": [
                {
                    "question": q,
                    "chart": survey_results.chart_of(q),
                    "labels": {c.code: survey_results.count_label(q, c) for c in q.counts},
                }
                for q in summary.questions
            ],
            "by_language": sorted(by_language.items()),
            "anonymous": self.page.is_anonymous(),
            "exports": self.record.survey_exports.all()[:5],
            "text_limit": self.text_limit,
        }


class SurveyCsvView(SurveyMixin, View):
    """All responses as CSV, streamed row by row (no memory growth, no waiting)."""

    def get(self, request, *args, **kwargs):
        questions = self.page.questions()
        rows = survey_exports.response_rows(self.record, questions, self.page.is_anonymous())
        return streamed_csv(f"survey-{self.record.pk}.csv", survey_exports.header(questions), rows)


class PrepareSurveyXlsxView(SurveyMixin, PrepareExportView):
    export_model = SurveyExport
    build_task = survey_exports.build_survey_xlsx
    namespace = SURVEYS


class SurveyExportViewMixin(SurveyBreadcrumbsMixin):
    """The export views, for a survey's responses."""

    export_model = SurveyExport
    permission_check = staticmethod(can_see_responses)
    namespace = SURVEYS
    file_prefix = "survey"

    def get_page_title(self):
        return _("Export of “%(survey)s”") % {"survey": self.record}

    def export_breadcrumbs(self):
        return self.survey_breadcrumbs()

    def back_link(self):
        return reverse(f"{SURVEYS}:summary", args=(self.record.pk,)), _("Back to the survey")


class SurveyViewSet(StaffPagesViewSet):
    """Per survey: the summary, CSV download and XLSX exports."""

    may_use = staticmethod(can_see_responses)
    name = SURVEYS
    icon = "form"
    menu_label = gettext_lazy("Surveys")
    menu_order = 700
    url_prefix = "participation/surveys"

    def get_urlpatterns(self):
        return [
            path("", SurveysView.as_view(), name="index"),
            path("<int:pk>/", SurveySummaryView.as_view(), name="summary"),
            path("<int:pk>/responses.csv", second_factor_required(SurveyCsvView.as_view()), name="csv"),
            path("<int:pk>/xlsx/", second_factor_required(PrepareSurveyXlsxView.as_view()), name="xlsx"),
            *export_urlpatterns(SurveyExportViewMixin),
        ]
