"""The one way to write an amount of money: grouped and placed the way the active language does.

``format_money(174000)`` is "€174,000" in English, "€ 174.000" in Dutch and "174 000 €" in
French (patterns: the ``MONEY_FORMATS`` setting). The booth's script formats its live basket
with the same pattern and separators, read from :func:`money_format_for_script`.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import get_format, number_format
from django.utils.translation import get_language

from wagtail_participation import conf


def _pattern(language: str | None) -> str:
    formats = conf.get("MONEY_FORMATS")
    code = (language or "").lower()
    return formats.get(code) or formats.get(code.split("-")[0]) or formats.get("") or "{amount}"


def format_money(amount, decimals: int = 0) -> str:
    """``amount`` (int, Decimal, float or numeric text) as money in the active language."""
    number = number_format(Decimal(str(amount)), decimal_pos=decimals, force_grouping=True)
    # A minus sign before the currency sign reads "−€5", not "€-5".
    sign, number = ("-", number[1:]) if number.startswith("-") else ("", number)
    return sign + _pattern(get_language()).format(amount=number)


def money_format_for_script() -> dict:
    """What budget_booth.js needs to write whole amounts exactly as :func:`format_money` does
    (it groups by three digits, as every language the package ships does)."""
    return {"pattern": _pattern(get_language()), "group": get_format("THOUSAND_SEPARATOR")}
