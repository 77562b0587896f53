"""The staff side of budgets: the list of budget pages, importing a .pb file, the outcome with overrides.

Permission: the page's own ("edit" to import and to see the outcome, "publish" to override).
Every change is a POST with CSRF and is written to Wagtail's audit log by :mod:`.budgets`.
``wagtail_hooks.py`` puts :class:`BudgetViewSet` in the "Participation" menu.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from wagtail_participation.admin_views import StaffPagesViewSet
from wagtail_participation.budgets import services as budgets
from wagtail_participation.budgets.models import BudgetBallot, BudgetOutcomeOverride, BudgetPage
from wagtail_participation.models import Area
from wagtail_participation.money import format_money

BUDGETS = "participation_budgets"
MAX_PB_BYTES = 20 * 1024 * 1024


def may_manage_budgets(user) -> bool:
    """Whether ``user`` may edit pages at all (so budget pages they may add or edit): the menu
    item and the list of budgets; each budget's screens check that page's own permission."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy().user_has_permission(user, "change")


def editable_budget_pages(user):
    pages = BudgetPage.objects.order_by("-latest_revision_created_at")
    return [page for page in pages if page.permissions_for_user(user).can_edit() and page.is_rules_source()]


class BudgetPageMixin:
    """Loads the budget page from the URL and checks the page permission on every request."""

    need = "edit"

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(BudgetPage, pk=kwargs["pk"])
        permissions = self.page.permissions_for_user(request.user)
        if not (permissions.can_publish() if self.need == "publish" else permissions.can_edit()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{BUDGETS}:index"), "label": _("Budgets")},
            {"url": "", "label": self.get_page_title()},
        ]


class BudgetsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_participation/budgets/admin/budgets.html"
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not may_manage_budgets(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Budgets")

    def get_context_data(self, **kwargs):
        pages = editable_budget_pages(self.request.user)
        counts = {}
        for record_id in BudgetBallot.objects.filter(
            record__translation_key__in=[p.translation_key for p in pages]
        ).values_list("record__translation_key", flat=True):
            counts[record_id] = counts.get(record_id, 0) + 1
        rows = [{"page": page, "ballots": counts.get(page.translation_key, 0)} for page in pages]
        return super().get_context_data(**kwargs) | {"rows": rows}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Pabulib file (.pb)"),
        help_text=gettext_lazy(
            "A participatory-budgeting election in the pabulib format: META, PROJECTS and VOTES sections."
        ),
    )
    title = forms.CharField(
        label=gettext_lazy("Budget title"), max_length=200, help_text=gettext_lazy("For example: Assen Top Idee 2024.")
    )
    slug = forms.SlugField(
        label=gettext_lazy("Short name"), max_length=50, help_text=gettext_lazy("In the web address, e.g. city.")
    )
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=gettext_lazy("District"),
        help_text=gettext_lazy("Leave empty for a city-wide budget."),
    )

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(locale_id=page.locale_id) if page else Area.objects.none()


class ImportView(BudgetPageMixin, WagtailAdminTemplateMixin, TemplateView):
    """Upload a .pb file: its projects become a new budget of this page, its votes ballots
    with channel "imported". Nothing is stored unless everything can be."""

    template_name = "wagtail_participation/admin/form.html"
    header_icon = "upload"

    def get_page_title(self):
        return _("Import a .pb file into %(page)s") % {"page": self.page.title}

    def get_context_data(self, form=None, line_errors=None, **kwargs):
        return super().get_context_data(**kwargs) | {
            "form": form or ImportForm(page=self.page),
            "submit_label": _("Import"),
            "line_errors": line_errors or [],
            "intro": _(
                "Imported ballots are counted with channel “imported”. They cannot be checked against online ballots."
            ),
        }

    def post(self, request, *args, **kwargs):
        from wagtail_participation.budgets.engine.pabulib import read_pb

        form = ImportForm(request.POST, request.FILES, page=self.page)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        if upload.size > MAX_PB_BYTES:
            form.add_error("file", _("The file is larger than 20 MB."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text. Save it as UTF-8 and upload it again."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            election = read_pb(text)
            _page, spec, count = budgets.import_election(
                self.page,
                election,
                request.user,
                form.cleaned_data["slug"],
                form.cleaned_data["title"],
                form.cleaned_data["area"],
            )
        except budgets.ImportProblem as problem:
            lines = [(problem.line, problem.message)] if problem.line else []
            if not lines:
                form.add_error(None, problem.message)
            return self.render_to_response(self.get_context_data(form=form, line_errors=lines), status=400)
        except (ValueError, KeyError, IndexError) as error:  # the reader's own errors name the line
            line = getattr(error, "line", None) or getattr(error, "lineno", None)
            message = str(error)
            if line:
                return self.render_to_response(
                    self.get_context_data(form=form, line_errors=[(line, message)]), status=400
                )
            form.add_error("file", _("This is not a valid .pb file: %(error)s") % {"error": message})
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _("Imported %(projects)s projects and %(ballots)s ballots into the budget “%(budget)s”.")
            % {"projects": len(spec.costs), "ballots": count, "budget": spec.title},
        )
        return redirect(reverse(f"{BUDGETS}:outcome", args=(self.page.pk,)))


class OverrideForm(forms.Form):
    selected = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=gettext_lazy("Fund these projects")
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Required, and published with the results: why other projects are funded than the rule computed."
        ),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = choices

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if len(reason) < 10:
            raise forms.ValidationError(_("Write the reason in a full sentence."))
        return reason


class OutcomeView(BudgetPageMixin, WagtailAdminTemplateMixin, TemplateView):
    """Live results per budget (winners, explanation, comparison), overrides and the .pb exports."""

    template_name = "wagtail_participation/budgets/admin/budget_outcome.html"
    header_icon = "tasks"

    def get_page_title(self):
        return _("Results and outcome: %(page)s") % {"page": self.page.title}

    def get_context_data(self, forms_by_code=None, **kwargs):
        from wagtail_participation.budgets.method_results import outcome_rows, results_for

        record = self.page.participation_record
        results = results_for(record)
        projects = {p.code: p for p in self.page.budget_projects.all()}
        can_override = self.page.permissions_for_user(self.request.user).can_publish()
        entries = []
        for entry in results.specifics.budgets:
            choices = [
                (code, f"{projects[code].title if code in projects else code} ({format_money(cost)})")
                for code, cost in entry.costs.items()
            ]
            form = (forms_by_code or {}).get(entry.code) or OverrideForm(
                choices=choices,
                initial={"selected": list(entry.selected)},
                prefix=entry.slug,
            )
            entries.append(
                {
                    "entry": entry,
                    "form": form,
                    "rows": outcome_rows(entry, projects),
                    "export_url": self.page.url + self.page.reverse_subpage("export", args=(entry.slug,))
                    if self.page.url
                    else "",
                    "overrides": BudgetOutcomeOverride.objects.filter(
                        record=record, budget_code=entry.code
                    ).select_related("created_by"),
                }
            )
        return super().get_context_data(**kwargs) | {
            "results": results,
            "entries": entries,
            "can_override": can_override,
            "closed": record.is_closed(),
            "record": record,
            "page_pk": self.page.pk,
        }

    def post(self, request, *args, **kwargs):
        if not self.page.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        record = self.page.participation_record
        spec = next((s for s in budgets.budget_specs(record) if s.slug == request.POST.get("slug")), None)
        if spec is None:
            messages.error(request, _("This budget does not exist on this page."))
            return redirect(request.path)
        titles = {p.code: p.title for p in self.page.budget_projects.all()}
        choices = [(code, titles.get(code, code)) for code in spec.costs]
        form = OverrideForm(request.POST, choices=choices, prefix=spec.slug)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(forms_by_code={spec.code: form}), status=400)
        from wagtail_participation.budgets.method_results import results_for

        computed = list(results_for(record).specifics.get(spec.code).computed)
        budgets.override_outcome(
            self.page, spec, form.cleaned_data["selected"], computed, form.cleaned_data["reason"], request.user
        )
        messages.success(
            request, _("The outcome of “%(budget)s” is changed and the reason is logged.") % {"budget": spec.title}
        )
        return redirect(request.path)


class PaperBallotView(BudgetPageMixin, WagtailAdminTemplateMixin, TemplateView):
    """Staff type in a paper ballot: the same form and rules as the online booth, channel "paper",
    the ballot's number entered once, who entered it on record."""

    template_name = "wagtail_participation/budgets/admin/budget_paper.html"
    header_icon = "doc-full"

    def get_page_title(self):
        return _("Enter a paper ballot: %(page)s") % {"page": self.page.title}

    def spec(self):
        record = self.page.participation_record
        specs = budgets.budget_specs(record)
        wanted = self.request.POST.get("budget") or self.request.GET.get("budget")
        return next((s for s in specs if s.slug == wanted), specs[0] if specs else None), specs

    def get_context_data(self, form=None, number="", number_error="", **kwargs):
        from wagtail_participation.budgets.forms import BoothForm

        spec, specs = self.spec()
        projects = {p.code: p for p in self.page.budget_projects.all()}
        if spec is not None and form is None:
            form = BoothForm(spec, [projects[c] for c in spec.costs if c in projects])
        titles = {b.code: b.title for b in self.page.budgets.all()}
        return super().get_context_data(**kwargs) | {
            "spec": spec,
            "specs": [(s, titles.get(s.code, s.title)) for s in specs],
            "form": form,
            "number": number,
            "number_error": number_error,
            "outcome_url": reverse(f"{BUDGETS}:outcome", args=(self.page.pk,)),
        }

    def post(self, request, *args, **kwargs):
        from wagtail_participation.budgets.forms import BoothForm
        from wagtail_participation.models.snapshots import ResultSnapshot

        spec, _specs = self.spec()
        if spec is None:
            raise PermissionDenied
        projects = {p.code: p for p in self.page.budget_projects.all()}
        form = BoothForm(spec, [projects[c] for c in spec.costs if c in projects], data=request.POST)
        number = (request.POST.get("number") or "").strip()[:100]
        number_error = "" if number else _("Enter the number printed on the paper ballot.")
        if ResultSnapshot.objects.filter(record=self.page.participation_record, kind=ResultSnapshot.FINAL).exists():
            form.non_field_errors.append(_("The results are final: no more paper ballots can be entered."))
        valid = form.is_valid()
        if number_error or not valid:
            return self.render_to_response(
                self.get_context_data(form=form, number=number, number_error=number_error), status=400
            )
        try:
            budgets.enter_paper_ballot(self.page, spec, form.ballot, number, request.user)
        except budgets.PaperBallotTaken:
            error = _("Paper ballot %(number)s was already entered for this budget.") % {"number": number}
            return self.render_to_response(
                self.get_context_data(form=form, number=number, number_error=error), status=409
            )
        messages.success(request, _("Paper ballot %(number)s is entered.") % {"number": number})
        return redirect(f"{request.path}?budget={spec.slug}")


class BudgetViewSet(StaffPagesViewSet):
    """Budget pages: results and outcome (with overrides), .pb import."""

    may_use = staticmethod(may_manage_budgets)
    name = BUDGETS
    icon = "tasks"
    menu_label = gettext_lazy("Budgets")
    menu_order = 800
    url_prefix = "participation/budgets"

    def get_urlpatterns(self):
        return [
            path("", BudgetsView.as_view(), name="index"),
            path("<int:pk>/import/", ImportView.as_view(), name="import"),
            path("<int:pk>/outcome/", OutcomeView.as_view(), name="outcome"),
            path("<int:pk>/paper/", PaperBallotView.as_view(), name="paper"),
        ]
