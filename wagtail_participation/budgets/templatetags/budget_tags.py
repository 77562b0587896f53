"""Template helpers of the budget pages: money, rule names and outcome explanations for people."""

from fractions import Fraction

from django import template
from django.utils.translation import gettext as _

from wagtail_participation.money import format_money, money_format_for_script

register = template.Library()


@register.filter
def money(amount):
    """``40000`` -> ``€40,000`` in English, ``€ 40.000`` in Dutch (see wagtail_participation.money)."""
    try:
        return format_money(int(amount))
    except (TypeError, ValueError):
        return amount


@register.simple_tag
def money_format():
    """``{% money_format as fmt %}``: the pattern and separator the booth's script writes money with."""
    return money_format_for_script()


@register.filter
def rule_label(name: str) -> str:
    """A rule name as stored (``mes/cost/add1+greedy``) in words."""
    name = str(name or "")
    if name.startswith("mes"):
        return _("the Method of Equal Shares")
    if name == "greedy-noskip":
        return _("most votes first (stop at the first project that does not fit)")
    if name == "greedy":
        return _("most votes first")
    return name


def _amount(value) -> str:
    """An exact amount as text ("786/11" or "40000") in euros, rounded to cents for reading."""
    try:
        number = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return str(value)
    if number.denominator == 1:
        return format_money(int(number))
    return format_money(round(float(number), 2), decimals=2)


@register.simple_tag
def budget_explanation(explanation) -> str:
    """One sentence per winner: for the Method of Equal Shares what it cost its supporters, for
    greedy its score and rank."""
    if not isinstance(explanation, dict):
        return str(explanation)
    if explanation.get("round") == "greedy":
        return _("Funded afterwards from money left over, with %(score)s votes.") % {
            "score": explanation.get("score", "")
        }
    if "share" in explanation and "supporters" in explanation:
        paid = explanation.get("cost_to_supporters") or {}
        paying = explanation.get("paying_supporters", explanation["supporters"])
        if len(paid) > 1:
            return _(
                "Paid by %(paying)s of its %(count)s supporters: at most %(amount)s each, less for those who had less left."
            ) % {
                "paying": paying,
                "count": explanation["supporters"],
                "amount": _amount(explanation["share"]),
            }
        return _("Paid by %(paying)s of its %(count)s supporters, %(amount)s each.") % {
            "paying": paying,
            "count": explanation["supporters"],
            "amount": _amount(explanation["share"]),
        }
    if "rank" in explanation:
        return _("Place %(rank)s with a score of %(score)s; it still fitted in the budget.") % {
            "rank": explanation["rank"],
            "score": explanation.get("score", ""),
        }
    return "; ".join(f"{key}: {value}" for key, value in explanation.items())


@register.filter
def percent(share) -> str:
    """``0.4512`` -> ``45%``."""
    try:
        return f"{round(float(share) * 100)}%"
    except (TypeError, ValueError):
        return ""


@register.filter
def channel_label(code: str) -> str:
    """A ballot channel code ("online", "paper", "imported") in words."""
    from wagtail_participation.budgets.models import BallotChannel

    try:
        return str(BallotChannel(code).label)
    except ValueError:
        return code
