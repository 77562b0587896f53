"""Taxonomy terms (topics, areas...) in the visitor's language: cached per language, and
localised in batches, a fixed number of queries however many terms (asserted in tests).
"""

from __future__ import annotations

from collections import defaultdict

from django.core.cache import cache
from wagtail.models import Locale

TERMS_VERSION_KEY = "wp:terms:version"


def terms_in_locale(model, locale) -> list:
    """All topics (or areas, ...) of one language, for filter forms, from the cache.

    Every listing page shows these filters; they change only when an editor saves a term, and
    then :func:`forget_terms` (connected to the terms' save and delete signals) retires them.
    """
    locale_id = getattr(locale, "pk", locale)
    return cached_terms(
        f"{model._meta.label_lower}:{locale_id}",
        lambda: list(model.objects.filter(locale_id=locale_id) if locale_id else model.objects.all()),
    )


def cached_terms(name: str, compute):
    """``compute()``, kept in the cache until :func:`forget_terms` retires every such value."""
    version = cache.get_or_set(TERMS_VERSION_KEY, 1, None)
    key = f"wp:terms:{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, 3600)
    return value


def forget_terms(**kwargs):
    """A term was saved or deleted: every cached term list is stale."""
    try:
        cache.incr(TERMS_VERSION_KEY)
    except ValueError:  # no version stored yet: nothing cached under it either
        cache.set(TERMS_VERSION_KEY, 1, None)


def term_index(model) -> dict:
    """Every term of ``model`` in every language, by id and by (translation key, locale id), from
    the cache: a listing then tags its cards without loading or translating terms per page."""

    def build():
        terms = list(model.objects.all())
        return {
            "by_id": {term.pk: term for term in terms},
            "by_key": {(term.translation_key, term.locale_id): term for term in terms},
        }

    return cached_terms(f"{model._meta.label_lower}:index", build)


def localized_term(index: dict, term_id, locale_id):
    """Term ``term_id`` of a :func:`term_index`, in ``locale_id``'s language where translated."""
    term = index["by_id"].get(term_id)
    if term is None or term.locale_id == locale_id:
        return term
    return index["by_key"].get((term.translation_key, locale_id), term)


def active_locale_id():
    """The id of ``Locale.get_active()`` (the active language's locale, else the default one, else
    None), without its query: locales are cached and retired with the terms."""
    from django.conf import settings
    from django.utils.translation import get_language
    from wagtail.coreutils import get_supported_content_language_variant

    ids = cached_terms("locales", lambda: dict(Locale.objects.values_list("language_code", "pk")))
    for language in (get_language(), settings.LANGUAGE_CODE):
        try:
            code = get_supported_content_language_variant(language) if language else None
        except LookupError:
            continue
        if code in ids:
            return ids[code]
    return None


def localize_terms(terms) -> list:
    """Return each translatable term in the active language where a translation exists.

    One query per model, however many terms, and none when they are all in that language already:
    pages store the source language's terms (wagtail-localize copies many-to-many values), and
    ``term.localized`` would query once per term.
    """
    terms = list(terms)
    locale_id = active_locale_id()
    if locale_id is None:
        return terms
    wanted = defaultdict(set)
    for term in terms:
        if term.locale_id != locale_id:
            wanted[type(term)].add(term.translation_key)
    found = {}
    for model, keys in wanted.items():
        for translation in model.objects.filter(translation_key__in=keys, locale_id=locale_id):
            found[(model, translation.translation_key)] = translation
    return [found.get((type(term), term.translation_key), term) for term in terms]
