"""“What happened with your input”: results pages and decisions for project pages and the index.

A fixed number of queries however many projects or decisions there are (asserted in tests).

The page type that publishes a project's results is registered by the app that defines it (the
results app, from ``ready()``, with :func:`register_results_page_model`); without it a project
simply has no results page to point at.
"""

from __future__ import annotations

from django.db.models import Q

from wagtail_participation.terms import active_locale_id

TEASER_DECISIONS = 3

_results_page_models: list = []


def register_results_page_model(model) -> None:
    """Name a page type (a child of a project page) that publishes the project's results."""
    if model not in _results_page_models:
        _results_page_models.append(model)


def unregister_results_page_model(model) -> None:
    if model in _results_page_models:
        _results_page_models.remove(model)


def results_page_models() -> list:
    return list(_results_page_models)


def project_decisions(project, limit=None) -> list:
    """The project's decisions in the active language (else their own), one per translation key."""
    from wagtail_participation.models import PolicyDecision

    rows = PolicyDecision.objects.filter(project__translation_key=project.translation_key).select_related("locale")
    locale_id = active_locale_id()
    chosen: dict = {}
    for decision in rows:
        key = decision.translation_key
        if key not in chosen or decision.locale_id == locale_id:
            chosen[key] = decision
    decisions = sorted(chosen.values(), key=lambda d: (d.sort_order, d.pk))
    return decisions[:limit] if limit else decisions


def project_outcome(project) -> dict:
    """Context for the project page: its published results page and its first decisions."""
    results_page = next(
        (
            page
            for model in _results_page_models
            if (page := model.objects.child_of(project).live().public().first()) is not None
        ),
        None,
    )
    if results_page is None:
        return {"results_page": None, "outcome_decisions": []}
    return {"results_page": results_page, "outcome_decisions": project_decisions(project, TEASER_DECISIONS)}


def attach_results_pages(projects) -> None:
    """Set ``project.results_page`` (the live results page or ``None``) on each project, in one query
    per results page type."""
    projects = list(projects)
    for project in projects:
        project.results_page = None
    if not projects or not _results_page_models:
        return
    condition = Q()
    for project in projects:
        condition |= Q(path__startswith=project.path, depth=project.depth + 1)
    by_parent_path = {}
    for model in _results_page_models:
        for page in model.objects.filter(condition).live().public():
            by_parent_path.setdefault(page.path[: -model.steplen], page)
    for project in projects:
        project.results_page = by_parent_path.get(project.path)
