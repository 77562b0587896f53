"""Citizen forms for ideas and comments: plain text only, sizes bounded, a honeypot against bots."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail_participation.clean_input import clean_text
from wagtail_participation.contribution_forms import HoneypotMixin
from wagtail_participation.ideas.models import Idea, LocationMode
from wagtail_participation.models import Area, Topic
from wagtail_participation.name_forms import ShowNameMixin


class IdeaForm(ShowNameMixin, HoneypotMixin, forms.ModelForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        min_length=5,
        help_text=_("Your idea in one line, for example “A crossing guard at the school on Kerkstraat”."),
    )
    body = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is the problem, and what would you change? At most 5,000 characters."),
    )

    class Meta:
        model = Idea
        fields = ["title", "body", "topics", "area", "location_text", "image", "image_alt", "show_author"]
        widgets = {"topics": forms.CheckboxSelectMultiple}
        labels = {"show_author": _("Show my name with my idea")}

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        settings = board.board_settings()
        locale = board.locale
        allowed_topics = list(settings.allowed_topics.all())
        allowed_areas = list(settings.allowed_areas.all())
        self.fields["topics"].queryset = Topic.objects.filter(
            locale=locale,
            **({"translation_key__in": [t.translation_key for t in allowed_topics]} if allowed_topics else {}),
        )
        self.fields["area"].queryset = Area.objects.filter(
            locale=locale,
            **({"translation_key__in": [a.translation_key for a in allowed_areas]} if allowed_areas else {}),
        )
        self.fields["topics"].required = False
        self.fields["area"].required = False
        if settings.ask_location == LocationMode.NONE:
            del self.fields["location_text"]
        elif settings.ask_location == LocationMode.REQUIRED:
            self.fields["location_text"].required = True
        self.fields["image"].help_text = _("Optional. A JPEG, PNG or WebP picture of at most 5 MB.")
        self.fields["image_alt"].help_text = _("Describe the picture for people who cannot see it.")

    def clean_title(self):
        return clean_text(self.cleaned_data["title"])

    def clean_body(self):
        return clean_text(self.cleaned_data["body"])

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "image"):
            # Django's ImageField has opened it with Pillow; refuse formats we do not show.
            if (image.image.format or "").upper() not in {"JPEG", "PNG", "WEBP"}:
                raise forms.ValidationError(_("Choose a JPEG, PNG or WebP picture."))
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error("image_alt", _("Describe what the picture shows, for people who cannot see it."))
        return cleaned
