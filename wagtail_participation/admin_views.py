"""Admin views beyond the generic ones: reviewing and finalising a method's results."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import clock, results
from .models import MethodRecord


class FinaliseForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For example: paper ballots from the town hall are included."),
    )


class ResultsReviewView(WagtailAdminTemplateMixin, TemplateView):
    """Shows a method's snapshots and lets an editor confirm the final results (POST, CSRF)."""

    template_name = "wagtail_participation/admin/results_review.html"
    header_icon = "table"
    permission = "wagtail_participation.add_resultsnapshot"
    index_url_name = None

    def dispatch(self, request, pk):
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
        snapshots = {snapshot.kind: snapshot for snapshot in self.record.snapshots.all()}
        context.update({
            "record": self.record,
            "closed": self.record.is_closed(),
            "closes": self.record.closes(),
            "provisional": results.current_snapshot(self.record) if self.record.is_closed() else None,
            "final": snapshots.get("final"),
            "form": form or FinaliseForm(),
            "can_finalise": self.can_finalise(),
            "now": clock.now(),
        })
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
        results.finalise(self.record, request.user, note=form.cleaned_data["note"])
        messages.success(request, _("The results are final. Published results now show the final snapshot."))
        return redirect(request.path)
