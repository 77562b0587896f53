"""The project listing: projects under an index page, open now, upcoming and finished, with filters.

A city's index holds hundreds of projects over the years, so it is paginated: the cards run open
now, then coming up, then finished, ``PROJECTS_PER_PAGE`` to a page. Every project's status comes
from the phases' dates, read in one query and kept in the cache until a page, a phase or a view
restriction changes (:func:`forget_timelines`, a signal receiver); only the cards of the shown page
are loaded as pages (with their image, topics and areas). It runs a fixed number of queries however
many projects there are (asserted in tests).
"""

from __future__ import annotations

from collections import defaultdict

from django.core.cache import cache
from django.core.paginator import Paginator

from wagtail_participation import cache_generations, conf
from wagtail_participation.clean_input import filter_value
from wagtail_participation.engine import timeline
from wagtail_participation.terms import active_locale_id, localize_terms, terms_in_locale

GROUPS = ("active", "upcoming", "past")
TIMELINES_GENERATION_KEY = "wp:project-timelines:generation"
TIMELINES_SECONDS = 3600  # a safety net: every change that matters retires them at once


def forget_timelines(**kwargs) -> None:
    """Signal receiver: a page, a phase or a view restriction changed, so every cached timeline is stale."""
    cache_generations.renew(TIMELINES_GENERATION_KEY)


def _generation() -> str:
    return cache_generations.current(TIMELINES_GENERATION_KEY)


PHASES_SECONDS = 60  # a write's permission window: stale at most this long should a change race a read


def keep_project_phases(record) -> None:
    """Give ``record`` its project's phases (``MethodRecord.project_phases``) from the cache, kept
    with the timelines' generation (a page or phase change retires them), else read and cached:
    a write inside a project needs them for its permission window on every POST."""
    if not record.project_key or "project_phases" in record.__dict__:
        return
    key = f"wp:project-phases:{_generation()}:{record.project_key}:{record.source_locale_id}"
    phases = cache.get(key)
    if phases is None:
        cache.set(key, record.project_phases, PHASES_SECONDS)
    else:
        record.__dict__["project_phases"] = phases


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


def project_listing(index_page, params, now) -> dict:
    """Projects under ``index_page`` grouped into open now, upcoming and finished, with filters;
    the groups hold the cards of the requested page (``page_obj``), their totals are ``*_count``."""
    from wagtail_participation.models import Area, Topic

    topic_slug, area_slug = filter_value(params, "topic"), filter_value(params, "area")
    groups = project_summaries(project_timelines(index_page, (topic_slug, area_slug)), now)
    listed = [(group, pk, summary) for group in GROUPS for pk, summary in groups[group]]
    page_obj = Paginator(listed, conf.get("PROJECTS_PER_PAGE")).get_page(params.get("page"))
    cards = iter(load_cards([(pk, summary) for _group, pk, summary in page_obj.object_list]))
    shown = {group: [] for group in GROUPS}
    for group, _pk, _summary in page_obj.object_list:
        shown[group].append(next(cards))

    from wagtail_participation.outcome_listing import attach_results_pages  # finished projects link to their results

    attach_results_pages(shown["past"])
    from wagtail_participation.method_cards import open_methods_under  # e.g. citizen proposals, open any time

    first_page = page_obj.number == 1
    open_methods = (
        open_methods_under(index_page, now)
        if first_page and not (topic_slug or area_slug) and has_method_children(index_page)
        else []
    )
    next_opportunity = None
    if first_page and not groups["active"] and not open_methods and groups["upcoming"]:
        next_opportunity = load_cards(groups["upcoming"][:1])[0]
    locale = active_locale_id()
    return {
        "open_projects": shown["active"],
        "open_methods": open_methods,
        "open_count": len(groups["active"]) + len(open_methods),
        "upcoming_projects": shown["upcoming"],
        "upcoming_count": len(groups["upcoming"]),
        "finished_projects": shown["past"],
        "finished_count": len(groups["past"]),
        "page_obj": page_obj,
        "first_page": first_page,
        "next_opportunity": next_opportunity,
        "topics": terms_in_locale(Topic, locale),
        "areas": terms_in_locale(Area, locale),
        "selected_topic": topic_slug,
        "selected_area": area_slug,
        "is_filtered": bool(topic_slug or area_slug),
    }
