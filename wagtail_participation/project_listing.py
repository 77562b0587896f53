"""The project listing: projects under an index page, open now, upcoming and finished, with filters.

A city's index holds hundreds of projects over the years, so it is paginated: the cards run open
now, then coming up, then finished, ``PROJECTS_PER_PAGE`` to a page. Every project's status comes
from the phases' dates, read in one query and kept in the cache until a page, a phase or a view
restriction changes (:func:`forget_timelines`, a signal receiver); only the cards of the shown page
are loaded as pages (with their image, topics and areas). It runs a fixed number of queries however
many projects there are (asserted in tests).

The drawn listing (filter form and cards) is kept too (:func:`drawn_listing_key`, the template's
``{% kept_drawing %}``): keyed by the same generation as the timelines (any page, phase or view
restriction), the terms' version (topics, areas, status styles, locales), the images' generation,
and everything the request decides (language, time zone, host, filters, page number, which cards
with which status and dates, the open method cards). Only live, public projects are listed, so
the drawing is the same for every visitor; it holds no form token and nothing personal. The cards
are loaded only when it is drawn: the context's card lists are lazy.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail_participation import cache_generations, conf
from wagtail_participation.clean_input import filter_value
from wagtail_participation.engine import timeline
from wagtail_participation.terms import active_locale_id, localize_terms, terms_in_locale

GROUPS = ("active", "upcoming", "past")
TIMELINES_GENERATION_KEY = "wp:project-timelines:generation"
TIMELINES_SECONDS = 3600  # a safety net: every change that matters retires them at once
IMAGES_GENERATION_KEY = "wp:project-listing:images"


def forget_images(**kwargs) -> None:
    """Signal receiver: an image was saved or deleted, so a kept listing may show a stale picture."""
    cache_generations.renew(IMAGES_GENERATION_KEY)


def forget_timelines(**kwargs) -> None:
    """Signal receiver: a page, a phase or a view restriction changed, so every cached timeline is stale."""
    cache_generations.renew(TIMELINES_GENERATION_KEY)


def timelines_generation() -> str:
    """The current generation of everything kept about projects and their phases."""
    return cache_generations.current(TIMELINES_GENERATION_KEY)


_generation = timelines_generation


def listed_projects(index_page, filters):
    """The live, public projects under ``index_page`` with the topic and area slugs ``filters``.
    Built only when needed: ``public()`` reads the view restrictions at once."""
    from wagtail_participation.models import ProjectPage

    topic_slug, area_slug = filters
    queryset = ProjectPage.objects.child_of(index_page).live().public()
    if topic_slug:
        queryset = queryset.filter(topics__slug=topic_slug)
    if area_slug:
        queryset = queryset.filter(areas__slug=area_slug)
    return queryset


def project_timelines(index_page, filters) -> dict[int, list[timeline.Interval]]:
    """``{project id: [phase intervals]}`` of the listed projects in path order, from the cache,
    else from one query of the phases' dates (and one of the view restrictions)."""
    from wagtail_participation.models import ProjectPhase

    key = f"wp:project-timelines:{_generation()}:{index_page.pk}:{':'.join(filters)}"
    found = cache.get(key)
    if found is not None:
        return found
    queryset = listed_projects(index_page, filters)
    intervals = defaultdict(list)
    for project_id, code, start, end in (
        ProjectPhase.objects.filter(page_id__in=queryset.values("pk"))
        .order_by("page__path", "sort_order")
        .values_list("page_id", "translation_key", "start", "end")
    ):
        intervals[project_id].append(timeline.Interval(str(code), start, end))
    intervals = dict(intervals)
    cache.set(key, intervals, TIMELINES_SECONDS)
    return intervals


def has_method_children(index_page) -> bool:
    """Whether any live, public page other than a project sits under the index (a method placed
    there, e.g. citizen proposals): kept like the timelines, so an index of projects alone asks
    nothing more; only then are the method cards read (whether open is decided per request)."""
    from wagtail_participation.models import ProjectPage

    key = f"wp:project-timelines:{_generation()}:{index_page.pk}:methods"
    found = cache.get(key)
    if found is None:
        found = index_page.get_children().live().public().not_type(ProjectPage).exists()
        cache.set(key, found, TIMELINES_SECONDS)
    return found


def project_summaries(intervals, now) -> dict[str, list[tuple[int, timeline.TimelineSummary]]]:
    """``{group: [(project id, summary), ...]}`` in listing order: each project's status at ``now``."""
    groups = {group: [] for group in GROUPS}
    for project_id, phases in intervals.items():  # in path order: the order the sorts below keep for ties
        summary = timeline.summarise(phases, now)
        if summary.status is not None:
            groups[summary.status.value].append((project_id, summary))
    groups["active"].sort(key=lambda item: item[1].ends)
    groups["upcoming"].sort(key=lambda item: item[1].starts)
    groups["past"].sort(key=lambda item: item[1].ends, reverse=True)
    return groups


def load_cards(entries) -> list:
    """The project pages of ``[(id, summary)]``, in that order, each with ``summary``,
    ``card_topics`` and ``card_areas`` (in the visitor's language)."""
    from wagtail_participation.models import ProjectPage

    pages = ProjectPage.objects.filter(pk__in=[pk for pk, _summary in entries])
    pages = pages.select_related("header_image").prefetch_related("topics", "areas", "header_image__renditions")
    by_id = {page.pk: page for page in pages}
    projects = []
    for pk, summary in entries:
        project = by_id[pk]
        project.summary = summary
        projects.append(project)
    # Localise every card's topics and areas in one query per model.
    all_terms = [term for project in projects for term in (*project.topics.all(), *project.areas.all())]
    localized = iter(localize_terms(all_terms))
    for project in projects:
        project.card_topics = [next(localized) for _ in project.topics.all()]
        project.card_areas = [next(localized) for _ in project.areas.all()]
    return projects


class _Cards:
    """The shown cards, loaded on first use (a kept drawing needs none of them)."""

    def __init__(self, entries, upcoming_first):
        self._entries, self._upcoming_first = entries, upcoming_first
        self._shown = None

    def shown(self, group) -> list:
        if self._shown is None:
            from wagtail_participation.outcome_listing import attach_results_pages  # finished projects' results

            cards = iter(load_cards([(pk, summary) for _group, pk, summary in self._entries]))
            self._shown = {name: [] for name in GROUPS}
            for name, _pk, _summary in self._entries:
                self._shown[name].append(next(cards))
            attach_results_pages(self._shown["past"])
        return self._shown[group]

    def next_opportunity(self):
        return load_cards(self._upcoming_first)[0]


def _lazy(function):
    return SimpleLazyObject(function)


def project_listing(index_page, params, now) -> dict:
    """Projects under ``index_page`` grouped into open now, upcoming and finished, with filters;
    the groups hold the cards of the requested page (``page_obj``, loaded when first read), their
    totals are ``*_count``; ``listing_facts`` is what :func:`drawn_listing_key` keys a drawing by."""
    from wagtail_participation.models import Area, Topic

    topic_slug, area_slug = filter_value(params, "topic"), filter_value(params, "area")
    groups = project_summaries(project_timelines(index_page, (topic_slug, area_slug)), now)
    listed = [(group, pk, summary) for group in GROUPS for pk, summary in groups[group]]
    page_obj = Paginator(listed, conf.get("PROJECTS_PER_PAGE")).get_page(params.get("page"))
    entries = list(page_obj.object_list)

    from wagtail_participation.method_cards import open_methods_under  # e.g. citizen proposals, open any time

    first_page = page_obj.number == 1
    open_methods = (
        open_methods_under(index_page, now)
        if first_page and not (topic_slug or area_slug) and has_method_children(index_page)
        else []
    )
    upcoming_first = groups["upcoming"][:1] if first_page and not groups["active"] and not open_methods else []
    cards = _Cards(entries, upcoming_first)
    locale = active_locale_id()
    counts = tuple(len(groups[group]) for group in GROUPS)
    facts = (
        index_page.pk,
        topic_slug,
        area_slug,
        page_obj.number,
        page_obj.paginator.num_pages,
        counts,
        [(group, pk, summary.status.value, summary.starts, summary.ends) for group, pk, summary in entries],
        [(c.page.pk, c.kind, c.status, c.opens_at, c.closes_at, c.call_to_action) for c in open_methods],
        [(pk, summary.starts) for pk, summary in upcoming_first],
        locale,
    )
    return {
        "open_projects": _lazy(lambda: cards.shown("active")),
        "open_methods": open_methods,
        "open_count": counts[0] + len(open_methods),
        "upcoming_projects": _lazy(lambda: cards.shown("upcoming")),
        "upcoming_count": counts[1],
        "finished_projects": _lazy(lambda: cards.shown("past")),
        "finished_count": counts[2],
        "page_obj": page_obj,
        "first_page": first_page,
        "next_opportunity": _lazy(cards.next_opportunity) if upcoming_first else None,
        "topics": _lazy(lambda: terms_in_locale(Topic, locale)),
        "areas": _lazy(lambda: terms_in_locale(Area, locale)),
        "selected_topic": topic_slug,
        "selected_area": area_slug,
        "is_filtered": bool(topic_slug or area_slug),
        "listing_facts": facts,
    }


def drawn_listing_key(request, facts) -> str | None:
    """Where the drawn listing of ``facts`` (from :func:`project_listing`) is kept for ``request``,
    or ``None`` (a preview, or ``CARD_CACHE_SECONDS`` is 0): drawn for this request alone."""
    from wagtail_participation.terms import TERMS_VERSION_KEY

    if request is None or getattr(request, "is_preview", False) or not conf.get("CARD_CACHE_SECONDS"):
        return None
    generations = (
        _generation(),
        cache.get(TERMS_VERSION_KEY),  # topics, areas, status styles, locales
        cache_generations.current(IMAGES_GENERATION_KEY),
    )
    visitor = (get_language(), timezone.get_current_timezone_name(), request.get_host())
    digest = hashlib.blake2b(repr((generations, visitor, facts)).encode(), digest_size=16).hexdigest()
    return f"wp:project-listing:drawn:{digest}"
