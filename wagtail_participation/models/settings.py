"""Editors' site settings: the city's identity and the defaults for participation."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from wagtail_participation.engine.colours import HEX_COLOUR, contrast_ratio
from wagtail_participation.engine.policy import Level
from wagtail_participation.levels import LEVEL_CHOICES

# WCAG 2.1 AA for normal text; white text is drawn on the primary colour (header, buttons).
MINIMUM_CONTRAST = 4.5


def validate_hex_colour(value):
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(_("Enter a colour as #rrggbb, for example #0b5394."))


@register_setting(icon="group")
class ParticipationSettings(BaseSiteSetting):
    """The city's logo, colours, legal pages and participation defaults, per site. Its name is the
    Wagtail site's own (*Settings → Sites*)."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#0b5394",
        validators=[validate_hex_colour],
        help_text=_("Header, buttons and links. White text must be readable on it."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#e69f00",
        validators=[validate_hex_colour],
        help_text=_("Highlights such as the current phase."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    terms_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("terms of use page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_email = models.EmailField(
        _("moderation e-mail address"),
        blank=True,
        help_text=_("Receives reports and items waiting for moderation."),
    )
    default_level = models.PositiveSmallIntegerField(
        _("default participation level"),
        choices=LEVEL_CHOICES,
        default=Level.REGISTERED.value,
        help_text=_("Preselected for new methods; each method can change it."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("primary_colour"), FieldPanel("accent_colour")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("terms_page"), FieldPanel("moderation_email")],
            heading=_("Legal and moderation"),
        ),
        FieldPanel("default_level"),
    ]

    class Meta:
        verbose_name = _("participation settings")

    def clean(self):
        super().clean()
        if HEX_COLOUR.match(self.primary_colour or ""):
            ratio = contrast_ratio(self.primary_colour, "#ffffff")
            if ratio < MINIMUM_CONTRAST:
                raise ValidationError(
                    {
                        "primary_colour": _(
                            "White text on this colour has a contrast of %(ratio).1f:1; at least 4.5:1 "
                            "is needed to be readable (WCAG AA). Choose a darker colour."
                        )
                        % {"ratio": ratio}
                    }
                )
