"""Template filters for poll and option-analysis results (sentences people read)."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def assurance_sentence(level: str) -> str:
    """Who could vote, so readers know how sure "one vote per person" is."""
    return {
        "anyone": _(
            "Anyone could vote without an account; each browser counts once, so one person may have voted more than once."
        ),
        "registered": _("Only people with an account could vote: one vote per account."),
        "confirmed": _("Only people with a confirmed e-mail address could vote: one vote per account."),
        "verified": _("Only verified residents could vote: one vote per resident."),
    }.get(level, "")


@register.filter
def tie_break_sentence(rule: str) -> str:
    return {
        "earlier_round": _("It tied for the fewest votes and had fewer votes in an earlier round."),
        "borda": _("It tied for the fewest votes and had the lower Borda score."),
        "order": _("It tied for the fewest votes in every respect; the option listed later on the page drops out."),
    }.get(rule, "")
