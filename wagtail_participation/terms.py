"""Queries that pages share: the project listing and batch localisation of taxonomy terms.

Both run a fixed number of queries however many projects there are (asserted in tests).
"""

from __future__ import annotations

from collections import defaultdict

from django.core.cache import cache
from wagtail.models import Locale

from wagtail_participation.clean_input import filter_value
from wagtail_participation.engine import timeline

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


def project_listing(index_page, params, now) -> dict:
    """Projects under ``index_page`` grouped into open now, upcoming and finished, with filters."""
    from wagtail_participation.models import Area, ProjectPage, Topic

    topic_slug, area_slug = filter_value(params, "topic"), filter_value(params, "area")
    queryset = (
        ProjectPage.objects.child_of(index_page)
        .live()
        .public()
        .select_related("header_image")
        .prefetch_related("phases", "topics", "areas", "header_image__renditions")
        .order_by("path")
    )
    if topic_slug:
        queryset = queryset.filter(topics__slug=topic_slug)
    if area_slug:
        queryset = queryset.filter(areas__slug=area_slug)
    projects = list(queryset.distinct())

    # Localise every card's topics and areas in one query per model.
    all_terms = [term for project in projects for term in (*project.topics.all(), *project.areas.all())]
    localized = iter(localize_terms(all_terms))
    groups = {"active": [], "upcoming": [], "past": []}
    for project in projects:
        project.card_topics = [next(localized) for _ in project.topics.all()]
        project.card_areas = [next(localized) for _ in project.areas.all()]
        project.summary = timeline.summarise((p.as_interval() for p in project.phases.all()), now)
        if project.summary.status is not None:
            groups[project.summary.status.value].append(project)

    groups["active"].sort(key=lambda p: p.summary.ends)
    groups["upcoming"].sort(key=lambda p: p.summary.starts)
    groups["past"].sort(key=lambda p: p.summary.ends, reverse=True)
    from wagtail_participation.outcome_listing import attach_results_pages  # finished projects link to their results

    attach_results_pages(groups["past"])
    from wagtail_participation.method_cards import open_methods_under  # e.g. citizen proposals, open any time

    open_methods = [] if topic_slug or area_slug else open_methods_under(index_page, now)
    next_opportunity = None
    if not groups["active"] and not open_methods and groups["upcoming"]:
        next_opportunity = groups["upcoming"][0]
    locale = active_locale_id()
    return {
        "open_projects": groups["active"],
        "open_methods": open_methods,
        "open_count": len(groups["active"]) + len(open_methods),
        "upcoming_projects": groups["upcoming"],
        "finished_projects": groups["past"],
        "next_opportunity": next_opportunity,
        "topics": terms_in_locale(Topic, locale),
        "areas": terms_in_locale(Area, locale),
        "selected_topic": topic_slug,
        "selected_area": area_slug,
        "is_filtered": bool(topic_slug or area_slug),
    }


def from_db_values(model, values) -> list:
    """A raw row of ``model``'s concrete columns (in field order) converted as the ORM would (JSON,
    dates on SQLite, UUIDs, ...), ready for ``model.from_db``: for hand-written hot-path queries."""
    from django.db import connection
    from django.db.models.expressions import Col

    converted = []
    for field, value in zip(model._meta.concrete_fields, values):
        column = Col(model._meta.db_table, field)
        for converter in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
            value = converter(value, column, connection)
        converted.append(value)
    return converted
