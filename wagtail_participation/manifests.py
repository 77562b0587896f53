"""The method registry: each method app describes itself once, and the core reads only this.

A method app (the ideas, polls, surveys, budgets or proposals app) registers one
:class:`MethodManifest` when Django is ready: its ``AppConfig`` subclasses
:class:`~wagtail_participation.method_apps.MethodAppConfig`, which registers what the app's
``manifest.build()`` returns::

    def build() -> MethodManifest:
        return MethodManifest(app_label="participation_ideas", page_models=(IdeaBoardPage,), ...)

The core never imports a method app: where it needs to know about methods (the admin menu,
"my participation", personal data, figures, the blocks that embed a method or show its results,
moderation and reviews of contributions, periodic work) it asks this registry, or one of the
registries :func:`register` fills from the manifest. A site enables a method by adding its app to
``INSTALLED_APPS``; a method that is not installed is simply absent from every list
(docs/architecture.md, "The method manifest").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models

from wagtail_participation.registry import Registry

if TYPE_CHECKING:
    from wagtail_participation.contribution_kinds import ContributionKind
    from wagtail_participation.figures import FigureSource
    from wagtail_participation.housekeeping import PeriodicJob
    from wagtail_participation.my_items import MyItemsSection
    from wagtail_participation.personal_data import PersonalDataKind
    from wagtail_participation.retention import RetentionRule


@dataclass(frozen=True)
class MethodManifest:
    """What one method app offers the core.

    ``page_models`` are the method's page types (subclasses of ``ParticipationMethodPage``).

    ``embed(request, page, value, context=None) -> str`` renders the method live inside any page's
    StreamField (the core's generic :class:`~wagtail_participation.blocks.MethodBlock` calls it,
    with ``page`` live, visible to this visitor and in their language); ``value`` is the block's
    value (its options such as ``count``), ``context`` the template context the block is rendered
    in (the CSRF token, ``page``, the loop's ``block``). ``results(request, page, value,
    context=None) -> str`` renders the method's results block (the results app's generic
    ``MethodResultsBlock`` calls it; build it on :mod:`wagtail_participation.results_block_rendering`).
    Both return safe HTML (a rendered template). Either may be ``None`` when the method offers no
    such block (docs/blocks.md).

    ``urls`` is the dotted path of the method's URL module for routes outside the page tree (e.g.
    ``"wagtail_participation.polls.urls"``), or ``None``. The core's ``wagtail_participation.urls``
    includes it by name; the module sets no ``app_name``, so its names are ``wagtail_participation:<name>``.
    What :func:`register` adds to the core's registries (and :func:`unregister` removes again):

    - ``personal_data_kinds``: what the method holds about a participant, for "Download my data"
      and account deletion (:class:`~wagtail_participation.personal_data.PersonalDataKind`).
    - ``retention_rules``: how long the personal data it owns is kept, and what happens then
      (:class:`~wagtail_participation.retention.RetentionRule`), for the retention schedule.
    - ``figure_sources``: its counts for the participation figures
      (:class:`~wagtail_participation.figures.FigureSource`).
    - ``my_items``: its sections of *My participation*
      (:class:`~wagtail_participation.my_items.MyItemsSection`).
    - ``contribution_kinds``: its kinds of contribution, for moderation, reviews and answers
      (:class:`~wagtail_participation.contribution_kinds.ContributionKind`).
    - ``periodic_jobs``: work ``participation_tick`` runs as time passes
      (:class:`~wagtail_participation.housekeeping.PeriodicJob`).
    - ``capabilities``: what it offers the capability apps (text sources, located items, API
      resources...: the dataclasses of :mod:`wagtail_participation.capabilities`).

    ``index_page_models`` are page types that may also stand directly under a participation
    index page, outside any project (citizen proposals).
    """

    app_label: str
    page_models: Sequence[type[models.Model]]
    actions: Sequence[str] = ()
    embed: Callable | None = None
    results: Callable | None = None
    personal_data_kinds: Sequence[PersonalDataKind] = ()
    retention_rules: Sequence[RetentionRule] = ()
    figure_sources: Sequence[FigureSource] = ()
    my_items: Sequence[MyItemsSection] = ()
    contribution_kinds: Sequence[ContributionKind] = ()
    periodic_jobs: Sequence[PeriodicJob] = ()
    capabilities: Sequence[object] = ()
    index_page_models: Sequence[type[models.Model]] = ()
    extra: dict = field(default_factory=dict)
    urls: str | None = None

    @property
    def code(self) -> str:
        return self.app_label

    def handles(self, page) -> bool:
        return isinstance(page, tuple(self.page_models))


# Keeps each method's place (its first registration, from INSTALLED_APPS order) when it is
# removed and registered again.
_manifests: Registry[MethodManifest] = Registry("methods")


def _registries():
    """(the manifest's field, register(entry), unregister(entry)) for every registry it fills."""
    from wagtail_participation import (
        capabilities,
        contribution_kinds,
        figures,
        housekeeping,
        my_items,
        personal_data,
        retention,
    )

    return (
        ("personal_data_kinds", personal_data.register, lambda kind: personal_data.unregister(kind.code)),
        ("retention_rules", retention.register, lambda rule: retention.unregister(rule.code)),
        ("figure_sources", figures.register, lambda source: figures.unregister(source.code)),
        ("my_items", my_items.register, lambda section: my_items.unregister(section.code)),
        ("contribution_kinds", contribution_kinds.register, lambda kind: contribution_kinds.unregister(kind.code)),
        ("periodic_jobs", housekeeping.register_job, lambda job: housekeeping.unregister_job(job.code)),
        ("capabilities", capabilities.register, capabilities.unregister),
    )


def register(manifest: MethodManifest) -> MethodManifest:
    """Add a method and everything its manifest lists; registering the same app label again
    replaces it (apps' ``ready()`` may run twice in tests)."""
    unregister(manifest.app_label)
    _manifests.register(manifest)
    for name, add, _remove in _registries():
        for entry in getattr(manifest, name):
            add(entry)
    return manifest


def unregister(app_label: str) -> MethodManifest | None:
    """Remove a method and everything its manifest registered, as if its app were not installed
    (tests use it to prove the core works without a method); returns the manifest, to register again."""
    manifest = _manifests.unregister(app_label)
    if manifest is not None:
        for name, _add, remove in _registries():
            for entry in getattr(manifest, name):
                remove(entry)
    return manifest


def manifests() -> list[MethodManifest]:
    """Every installed method, in the order their apps are listed in ``INSTALLED_APPS``."""
    return _manifests.all()


def get(app_label: str) -> MethodManifest | None:
    return _manifests.get(app_label)


def for_page(page) -> MethodManifest | None:
    """The manifest of ``page``'s method (pass the specific page), or ``None`` if its app is not installed."""
    for manifest in _manifests:
        if manifest.handles(page):
            return manifest
    return None


def page_models() -> list[type[models.Model]]:
    """Every installed method's page types."""
    return [model for manifest in _manifests for model in manifest.page_models]


def index_page_models() -> list[type[models.Model]]:
    """The installed methods' page types that may stand directly under a participation index."""
    return [model for manifest in _manifests for model in manifest.index_page_models]
