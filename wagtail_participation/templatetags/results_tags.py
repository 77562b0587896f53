"""Template helpers for results: numbers in the visitor's locale, snapshot wording, progress bars."""

from django import template
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from wagtail_participation.levels import LEVEL_NAMES

register = template.Library()

ASSURANCE_LABELS = {
    LEVEL_NAMES[level]: label
    for level, label in zip(
        LEVEL_NAMES,
        [
            _("anyone could take part, once per browser"),
            _("one vote per registered account"),
            _("one vote per account with a confirmed e-mail address"),
            _("one vote per verified resident"),
        ],
    )
}


@register.filter
def localnumber(value, decimals=None):
    """``1234.5|localnumber`` → “1,234.5” in English, “1.234,5” in Dutch; integers stay whole."""
    if value in (None, ""):
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if decimals is None:
        decimals = 0 if number == int(number) else 1
        if decimals == 0:
            number = int(number)
    return formats.number_format(number, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)


@register.filter
def assurance_label(code):
    return ASSURANCE_LABELS.get(code, "")


@register.inclusion_tag("wagtail_participation/blocks/results/progress.html")
def progress_bar(percent, label=""):
    """An accessible SVG progress bar (prints as drawn; no JavaScript)."""
    try:
        percent = max(0, min(100, int(percent)))
    except (TypeError, ValueError):
        percent = 0
    return {"percent": percent, "label": label, "width": percent * 3}
