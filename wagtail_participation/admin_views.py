"""Admin views beyond the generic ones: results review, invitation codes, census upload, report."""

import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from wagtail_participation import clock, snapshots, verification
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import (
    Area,
    CensusClaimRefusal,
    CensusEntry,
    CodeBatch,
    MethodRecord,
    ProjectPage,
    Verification,
)


class ShownToPermittedUsers:
    """For a plain ``ViewSet``: its menu item is shown only to users its views let in.

    ``may_use`` is the same check the views make on every request (they check again)."""

    may_use = None

    @cached_property
    def menu_item_class(self):
        may_use = type(self).may_use

        def is_shown(item, request):
            return may_use(request.user)

        return type(f"{type(self).__name__}MenuItem", (MenuItem,), {"is_shown": is_shown})


class StaffPagesViewSet(ShownToPermittedUsers, ViewSet):
    """A group of staff pages (not a model's listing) in the "Participation" menu: its menu item
    opens its ``index`` view and is shown to the users ``may_use`` lets in."""

    add_to_admin_menu = False

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))


def without_views(*views: str) -> dict:
    """View keyword arguments that leave out the buttons and links of these generic views
    (``"add"``, ``"edit"``...), for a viewset's ``get_common_view_kwargs``."""
    return {f"{view}_url_name": None for view in views}


class FinaliseForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For example: paper ballots from the town hall are included."),
    )


VIEW_RESULTS = "wagtail_participation.view_methodrecord"
FINALISE_RESULTS = "wagtail_participation.add_resultsnapshot"


def can_see_results(user) -> bool:
    """Provisional and final results are staff information until published: the group needs
    "Can view participation method" (finalising needs "Can add result snapshot" as well)."""
    return user.has_perm(VIEW_RESULTS)


class ResultsReviewView(WagtailAdminTemplateMixin, TemplateView):
    """Shows a method's snapshots and lets an editor confirm the final results (POST, CSRF)."""

    template_name = "wagtail_participation/admin/results_review.html"
    header_icon = "table"
    permission = FINALISE_RESULTS
    index_url_name = None

    def dispatch(self, request, pk):
        if not can_see_results(request.user):
            raise PermissionDenied
        self.record = get_object_or_404(MethodRecord, pk=pk)
        self.index_url = reverse(self.index_url_name)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Results of “%(method)s”") % {"method": self.record}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.index_url, "label": _("Methods and results")},
            {"url": "", "label": str(self.record)},
        ]

    def can_finalise(self):
        return self.request.user.has_perm(self.permission)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        taken = {snapshot.kind: snapshot for snapshot in self.record.snapshots.all()}
        context.update(
            {
                "record": self.record,
                "closed": self.record.is_closed(),
                "closes": self.record.closes(),
                "provisional": snapshots.current_snapshot(self.record) if self.record.is_closed() else None,
                "final": taken.get("final"),
                "form": form or FinaliseForm(),
                "can_finalise": self.can_finalise(),
                "now": clock.now(),
            }
        )
        return context

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data())

    def post(self, request, pk):
        if not self.can_finalise():
            raise PermissionDenied
        form = FinaliseForm(request.POST)
        if not form.is_valid() or not self.record.is_closed():
            if not self.record.is_closed():
                messages.error(request, _("Results can only be finalised after the method has closed."))
            return self.render_to_response(self.get_context_data(form=form))
        snapshots.finalise(self.record, request.user, note=form.cleaned_data["note"])
        messages.success(request, _("The results are final. Published results now show the final snapshot."))
        return redirect(request.path)


# -- invitation codes and census ------------------------------------------------------------------


class StaffFormView(WagtailAdminTemplateMixin, TemplateView):
    """A small admin form page: permission checked on every request, POST with CSRF."""

    template_name = "wagtail_participation/admin/form.html"
    header_icon = "key"
    permission = ""
    form_class = None
    index_url_name = None
    submit_label = gettext_lazy("Save")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.index_url = reverse(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.index_url, "label": self.index_label},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"form": form or self.form_class(), "submit_label": self.submit_label, "intro": self.intro})
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())


class GenerateCodesForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=200, help_text=gettext_lazy("For example: Letters Noord, May 2027.")
    )
    size = forms.IntegerField(label=gettext_lazy("Number of codes"), min_value=1, max_value=100_000)
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=gettext_lazy("Area"),
        help_text=gettext_lazy("Residents who use a code are verified for this area."),
    )
    project = forms.ModelChoiceField(
        queryset=ProjectPage.objects.none(),
        required=False,
        label=gettext_lazy("Only for project"),
        help_text=gettext_lazy("Leave empty for codes that verify residents for every project."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from wagtail.models import Locale

        default = Locale.get_default()
        self.fields["area"].queryset = Area.objects.filter(locale=default)
        self.fields["project"].queryset = ProjectPage.objects.filter(locale=default).order_by("title")


class GenerateCodesView(StaffFormView):
    """Creates a batch and answers with the CSV for the mail merge: the only time codes are shown."""

    permission = "wagtail_participation.add_codebatch"
    form_class = GenerateCodesForm
    index_label = gettext_lazy("Invitation codes")
    submit_label = gettext_lazy("Generate and download CSV")
    intro = gettext_lazy(
        "The codes are shown only once, in the CSV file you download now: the site stores a "
        "fingerprint of each code, not the code. Keep the file safe and delete it after printing."
    )

    def get_page_title(self):
        return _("Generate invitation codes")

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        batch, codes = verification.generate_codes(user=request.user, **form.cleaned_data)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="invitation-codes-{batch.pk}.csv"'
        writer = csv.writer(response)
        writer.writerow(["code", "batch", "area", "project"])
        area = batch.area.name if batch.area else ""
        project = batch.project.title if batch.project else ""
        for code in codes:
            writer.writerow([code, batch.name, area, project])
        return response


class RevokeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code to withdraw"), max_length=40, required=False)
    batch = forms.ModelChoiceField(
        queryset=CodeBatch.objects.filter(revoked_at__isnull=True),
        required=False,
        label=gettext_lazy("Or withdraw a whole batch"),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("code") and not cleaned.get("batch"):
            raise forms.ValidationError(_("Enter a code or choose a batch."))
        return cleaned


class RevokeCodesView(StaffFormView):
    permission = "wagtail_participation.change_codebatch"
    form_class = RevokeForm
    index_label = gettext_lazy("Invitation codes")
    submit_label = gettext_lazy("Withdraw")
    intro = gettext_lazy(
        "A withdrawn code can no longer verify anyone. Residents already verified with it stay verified."
    )

    def get_page_title(self):
        return _("Withdraw invitation codes")

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if form.cleaned_data.get("code"):
            if verification.revoke_code(form.cleaned_data["code"]) is None:
                form.add_error("code", _("No such code."))
                return self.render_to_response(self.get_context_data(form=form), status=400)
            messages.success(request, _("The code has been withdrawn."))
        if form.cleaned_data.get("batch"):
            CodeBatch.objects.filter(pk=form.cleaned_data["batch"].pk).update(revoked_at=clock.now())
            messages.success(request, _("The batch has been withdrawn."))
        return redirect(self.index_url)


class CensusUploadForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=200, help_text=gettext_lazy("For example: Register extract, May 2027.")
    )
    file = forms.FileField(label=gettext_lazy("CSV file"))


class CensusUploadView(StaffFormView):
    permission = "wagtail_participation.add_censusimport"
    form_class = CensusUploadForm
    index_label = gettext_lazy("Register of residents")
    submit_label = gettext_lazy("Upload")

    @property
    def intro(self):
        backend = verification.get_backend("census")
        columns = ", ".join([*backend.kinds(), "area"]) if backend else ""
        return _(
            "Upload a CSV file with the columns %(columns)s (area is the area's slug). Each row is turned "
            "into a fingerprint on upload; the file and its plain values are never stored. If any line "
            "is wrong, nothing is imported and every wrong line is listed."
        ) % {"columns": columns}

    def get_page_title(self):
        return _("Upload a register extract")

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, request.FILES)
        backend = verification.get_backend("census")
        if not form.is_valid() or backend is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        census_import, errors = backend.import_rows(form.cleaned_data["name"], form.cleaned_data["file"], request.user)
        if errors:
            context = self.get_context_data(form=form)
            context["line_errors"] = errors
            return self.render_to_response(context, status=400)
        messages.success(request, _("%(count)s residents imported.") % {"count": census_import.row_count})
        return redirect(self.index_url)


def eligible_residents(record) -> dict:
    """How many participants are verified (and declared, where accepted) for a method's areas."""
    area_keys = record.rules.get("area_keys") or []
    verifications = Verification.objects.filter(Q(project_key__isnull=True) | Q(project_key=record.project_key))
    if area_keys:
        verifications = verifications.filter(area__translation_key__in=area_keys)
    counts = dict(verifications.values_list("level").annotate(count=Count("id")))
    return {
        "verified": counts.get(Verification.VERIFIED, 0),
        "declared": counts.get(Verification.DECLARED, 0) if record.rules.get("accept_declared_area") else None,
    }


class VerificationReportView(WagtailAdminTemplateMixin, TemplateView):
    """How many participants are verified or declared, per area; codes and census use."""

    template_name = "wagtail_participation/admin/verification_report.html"
    header_icon = "tasks"
    permission = "wagtail_participation.view_codebatch"

    @classmethod
    def user_may_see(cls, user) -> bool:
        return user.has_perm(cls.permission)

    def dispatch(self, request, *args, **kwargs):
        if not self.user_may_see(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Verified participants")

    def method_rows(self):
        """Methods that ask for verified residents or restrict areas, with who can take part."""
        rows = []
        for record in MethodRecord.objects.order_by("-created_at"):
            levels = [
                rule.get("level") for rule in record.rules.get("actions", {}).values() if rule.get("level") is not None
            ]
            if record.rules.get("area_keys") or any(level >= Level.VERIFIED for level in levels):
                rows.append({"record": record, **eligible_residents(record)})
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        per_area = (
            Verification.objects.values("area__name", "level")
            .annotate(count=Count("id"))
            .order_by("area__name", "level")
        )
        rows = {}
        for row in per_area:
            name = row["area__name"] or _("No area")
            rows.setdefault(name, {"verified": 0, "declared": 0})[row["level"]] = row["count"]
        batches = CodeBatch.objects.annotate(
            used=Count("codes", filter=Q(codes__used_by__isnull=False)),
        ).select_related("area", "project")
        census = (
            CensusEntry.objects.values("area__name")
            .annotate(total=Count("id"), claimed=Count("id", filter=Q(claimed_by__isnull=False)))
            .order_by("area__name")
        )
        context.update(
            {
                "method_rows": self.method_rows(),
                "area_rows": sorted(rows.items()),
                "batches": batches,
                "census": census,
                "open_refusals": CensusClaimRefusal.objects.filter(resolved=False).count(),
            }
        )
        return context


# -- the audited date changes of a method whose rules are frozen ----------------------------------


class ClosingDateForm(forms.Form):
    closes_at = forms.DateTimeField(label=gettext_lazy("New closing date"))
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Written to the page's history with your name and the time."),
    )

    def __init__(self, *args, **kwargs):
        from wagtail.admin.widgets import AdminDateTimeInput

        super().__init__(*args, **kwargs)
        self.fields["closes_at"].widget = AdminDateTimeInput()


class ClosingDateView(StaffFormView):
    """Extend the closing date of a method (or reopen a closed one) with a reason, once its rules
    are frozen: needs the right to publish the method's page; POST with CSRF; audited."""

    form_class = ClosingDateForm
    reopen = False
    index_label = gettext_lazy("Methods and results")

    def dispatch(self, request, pk):
        self.record = get_object_or_404(MethodRecord, pk=pk)
        self.page = self.record.source_page()
        if self.page is None or not self.page.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        self.index_url = reverse(self.index_url_name)
        return TemplateView.dispatch(self, request, pk)

    def get_page_title(self):
        if self.reopen:
            return _("Reopen “%(method)s”") % {"method": self.record}
        return _("Extend the closing date of “%(method)s”") % {"method": self.record}

    @property
    def submit_label(self):
        return _("Reopen") if self.reopen else _("Extend the closing date")

    @property
    def intro(self):
        closes = self.record.closes()
        when = formats.date_format(clock.local(closes), "DATETIME_FORMAT") if closes else "—"
        return _(
            "It closes (or closed) on %(when)s. The rules stay as they are; only the closing date moves. "
            "Inside a project the end of the phase that closes it moves, for every method in that phase."
        ) % {"when": when}

    def post(self, request, pk):
        from wagtail_participation.frozen import DateChangeRefused, change_closing_date

        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                change_closing_date(
                    self.record,
                    form.cleaned_data["closes_at"],
                    request.user,
                    form.cleaned_data["reason"],
                    reopen=self.reopen,
                )
            except DateChangeRefused as refusal:
                form.add_error("closes_at", str(refusal))
            else:
                messages.success(request, _("The closing date was changed and written to the page's history."))
                return redirect(reverse("wagtailadmin_pages:edit", args=(self.page.pk,)))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RetentionView(WagtailAdminTemplateMixin, TemplateView):
    """The retention schedule, read-only: each kind of personal data, why it is held, how long,
    what happens then, and how many records expire now and within 30 days (docs/retention.md).

    Superusers only: the periods are the site's settings, and the page is the record of
    processing a data protection officer asks the site's administrator for."""

    template_name = "wagtail_participation/admin/retention.html"
    header_icon = "time"
    within_days = 30

    @classmethod
    def user_may_see(cls, user) -> bool:
        return user.is_active and user.is_superuser

    def dispatch(self, request, *args, **kwargs):
        if not self.user_may_see(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Retention")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        from wagtail_participation import retention

        context = super().get_context_data(**kwargs)
        context["rows"] = [
            {"rule": rule, "days": period, "due_now": due_now, "due_soon": due_soon}
            for rule, period, due_now, due_soon in retention.forecast(self.within_days)
        ]
        context["within_days"] = self.within_days
        return context
