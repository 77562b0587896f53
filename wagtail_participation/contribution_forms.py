"""Forms every kind of contribution shares: comments, reports, and a honeypot against bots."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail_participation.clean_input import CleanInputMixin, clean_text
from wagtail_participation.models import Comment, Report
from wagtail_participation.name_forms import ShowNameMixin


class HoneypotMixin(CleanInputMixin, forms.Form):
    """A field people never see or fill; bots that fill every field reveal themselves."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))


class CommentForm(ShowNameMixin, HoneypotMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment first.")},
    )
    show_author = forms.BooleanField(label=_("Show my name with my comment"), required=False)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_body(self):
        body = clean_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(_("Write a comment first."))
        return body


class ReportForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(label=_("Why is this not appropriate?"), max_length=500, required=False)
    about = forms.CharField(required=False, max_length=10)

    def about_value(self) -> str:
        """What the report is about: what it says, unless the author's name was chosen (a forged
        value counts as what it says, and never loses the reason)."""
        about = self.data.get("about")
        return about if about in Report.About.values else Report.About.CONTENT


class CommentEditForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]

    def clean_body(self):
        return clean_text(self.cleaned_data["body"])
