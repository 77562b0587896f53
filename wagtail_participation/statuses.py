"""Contribution statuses: stable codes, default labels and colours (editable per site as snippets)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class StatusInfo:
    code: str
    label: str
    colour: str  # text/border colour on white; must keep 4.5:1 contrast
    automatic: bool = False  # set by the system, never chosen by hand


PROPOSED = "proposed"
VIEWED = "viewed"
UNDER_CONSIDERATION = "under_consideration"
ACCEPTED = "accepted"
IMPLEMENTED = "implemented"
REJECTED = "rejected"

IDEA_STATUSES = [
    StatusInfo(PROPOSED, _("Proposed"), "#4d5866"),
    StatusInfo(VIEWED, _("Viewed"), "#005a9c"),
    StatusInfo(UNDER_CONSIDERATION, _("Under consideration"), "#7a4b00"),
    StatusInfo(ACCEPTED, _("Accepted"), "#1b6b2f"),
    StatusInfo(IMPLEMENTED, _("Implemented"), "#0b5a3c"),
    StatusInfo(REJECTED, _("Rejected"), "#b3261e"),
]
DEFAULTS = {status.code: status for status in IDEA_STATUSES}
CHOICES = [(status.code, status.label) for status in IDEA_STATUSES]
ANSWERED = {VIEWED, UNDER_CONSIDERATION, ACCEPTED, IMPLEMENTED, REJECTED}


def styles(language: str) -> dict[str, dict]:
    """Label and colour per status code for ``language``: the site's own (StatusStyle snippets),
    else the defaults. From the cache: every listing shows them and they change only when an
    editor saves a style (which retires the cached value, see ``terms.forget_terms``)."""
    from wagtail_participation.models import StatusStyle
    from wagtail_participation.terms import cached_terms

    own = cached_terms(
        f"status-styles:{language}",
        lambda: {style.code: style for style in StatusStyle.objects.filter(locale__language_code=language)},
    )
    result = {}
    for code, default in DEFAULTS.items():
        style = own.get(code)
        result[code] = {
            "code": code,
            "label": style.label if style else default.label,
            "colour": style.colour if style else default.colour,
        }
    return result
