"""The project listing: projects under an index page, open now, upcoming and finished, with filters.

It runs a fixed number of queries however many projects there are (asserted in tests).
"""

from __future__ import annotations

from wagtail_participation.clean_input import filter_value
from wagtail_participation.engine import timeline
from wagtail_participation.terms import active_locale_id, localize_terms, terms_in_locale


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
