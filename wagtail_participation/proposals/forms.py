"""Citizen and staff forms for proposals: plain text only, sizes bounded, a honeypot against bots."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail_participation.contribution_forms import ContributionForm
from wagtail_participation.models import Channel, Department
from wagtail_participation.proposals.models import Outcome, Proposal


class ProposalForm(ContributionForm):
    title_help = _("Your proposal in one line, for example “A playground in the Molenpark”.")
    body_label = _("Proposal")
    body_help = _("What should the city do, and why? At most 5,000 characters.")
    body_rows = 8

    class Meta(ContributionForm.Meta):
        model = Proposal
        fields = ["title", "body", "topics", "area", "show_author"]
        labels = {"show_author": _("Show my name with my proposal")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].help_text = _("Where it is about. Some areas need supports from their own residents.")

    def clean_body(self):
        body = super().clean_body()
        if len(body) < 20:
            raise forms.ValidationError(_("Tell a little more: at least 20 characters."))
        return body


class OfflineSignaturesForm(forms.Form):
    count = forms.IntegerField(label=_("Number of signatures"), min_value=1, max_value=100_000)
    channel = forms.ChoiceField(
        label=_("Collected through"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        help_text=_("Where and when they were collected, and where the paper forms are kept."),
    )


class RemoveSupportsForm(forms.Form):
    supports = forms.TypedMultipleChoiceField(
        label=_("Supports to remove"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the proposal's public history, e.g. “12 supports from one address in one minute”."),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supports"].choices = choices


class ProposalAnswerForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), label=_("Department"))
    body = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Published on the proposal's page and e-mailed to its author and followers. With a decision it is the reason."
        ),
    )
    outcome = forms.ChoiceField(
        label=_("Decision"), required=False, choices=[("", _("No decision yet (an update)")), *Outcome.choices]
    )

    def __init__(self, *args, departments=None, decidable=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments if departments is not None else Department.objects.all()
        if not decidable:
            self.fields["outcome"].choices = [("", _("No decision yet (an update)"))]
            self.fields["outcome"].help_text = _(
                "A decision is possible once the proposal is published and not yet answered."
            )


class IneligibleForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it ineligible?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the proposal, e.g. “This is a matter for the province, not the city.”"),
    )
