"""Forms every kind of contribution shares: the contribution itself, comments, reports, and a
honeypot against bots."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail_participation.clean_input import CleanInputMixin, clean_text
from wagtail_participation.models import Area, Comment, Report, Topic
from wagtail_participation.name_forms import ShowNameMixin


class HoneypotMixin(CleanInputMixin, forms.Form):
    """A field people never see or fill; bots that fill every field reveal themselves."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))


class ContributionForm(ShowNameMixin, HoneypotMixin, forms.ModelForm):
    """A resident's contribution (an idea, a proposal): a title and a text, plain and bounded, the
    topics and area the page allows, and "show my name".

    A subclass names its model and fields in ``Meta`` (inheriting this ``Meta``) and words the
    title's example and the text's label, help and height in the class attributes below. Pass
    ``page=`` (the contribution's page; its ``board_settings()``, the allowed topics and areas among
    them, are kept as ``page_settings``).
    """

    title_help = ""
    body_label = ""
    body_help = ""
    body_rows = 6

    title = forms.CharField(label=_("Title"), max_length=150, min_length=5)
    body = forms.CharField(max_length=5000, widget=forms.Textarea)

    class Meta:
        widgets = {"topics": forms.CheckboxSelectMultiple}

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = self.title_help
        body = self.fields["body"]
        body.label, body.help_text = self.body_label, self.body_help
        body.widget.attrs["rows"] = self.body_rows
        self.page_settings = settings = page.board_settings()
        # Terms in the page's language; the ones the (source) page allows, else all of them.
        for name, model, allowed in (
            ("topics", Topic, settings.allowed_topics.all()),
            ("area", Area, settings.allowed_areas.all()),
        ):
            keys = [term.translation_key for term in allowed]
            self.fields[name].queryset = model.objects.filter(
                locale=page.locale, **({"translation_key__in": keys} if keys else {})
            )
            self.fields[name].required = False

    def clean_title(self):
        return clean_text(self.cleaned_data["title"])

    def clean_body(self):
        return clean_text(self.cleaned_data["body"])


def comment_body_field(label, max_length: int) -> forms.CharField:
    """The text of a comment: a small text area, never left empty."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment first.")},
    )


class CommentForm(ShowNameMixin, HoneypotMixin, forms.Form):
    """A comment on a contribution, or (with ``parent``) a reply to one of its comments."""

    body = comment_body_field(_("Your comment"), 3000)
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
