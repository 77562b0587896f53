"""Citizen forms for ideas and comments: plain text only, sizes bounded, a honeypot against bots."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail_participation.contribution_forms import ContributionForm
from wagtail_participation.ideas.models import Idea, LocationMode


class IdeaForm(ContributionForm):
    title_help = _("Your idea in one line, for example “A crossing guard at the school on Kerkstraat”.")
    body_label = _("Description")
    body_help = _("What is the problem, and what would you change? At most 5,000 characters.")

    class Meta(ContributionForm.Meta):
        model = Idea
        fields = ["title", "body", "topics", "area", "location_text", "image", "image_alt", "show_author"]
        labels = {"show_author": _("Show my name with my idea")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ask_location = self.page_settings.ask_location
        if ask_location == LocationMode.NONE:
            del self.fields["location_text"]
        elif ask_location == LocationMode.REQUIRED:
            self.fields["location_text"].required = True
        self.fields["image"].help_text = _("Optional. A JPEG, PNG or WebP picture of at most 5 MB.")
        self.fields["image_alt"].help_text = _("Describe the picture for people who cannot see it.")

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
