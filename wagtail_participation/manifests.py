"""The method registry: each method app describes itself once, and the core reads only this.

A method app (``wagtail_participation.ideas``, ``.polls``, ...) registers one
:class:`MethodManifest` from its ``AppConfig.ready()``::

    from wagtail_participation import manifests

    class IdeasConfig(AppConfig):
        def ready(self):
            manifests.register(manifests.MethodManifest(app_label=self.label, page_models=(IdeaBoardPage,), ...))

The core never imports a method app: where it needs to know about methods (the admin menu,
"my participation", personal data, figures, the blocks that embed a method or show its results)
it asks this registry. A site enables a method by adding its app to ``INSTALLED_APPS``; a method
that is not installed is simply absent from every list (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import models


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
    ``MethodResultsBlock`` calls it; build it on :mod:`wagtail_participation.results_rendering`).
    Both return safe HTML (a rendered template). Either may be ``None`` when the method offers no
    such block (docs/blocks.md).

    ``urls`` is the dotted path of the method's URL module for routes outside the page tree (e.g.
    ``"wagtail_participation.polls.urls"``), or ``None``. The core's ``wagtail_participation.urls``
    includes it by name; the module sets no ``app_name``, so its names are ``wagtail_participation:<name>``.
    """

    app_label: str
    page_models: Sequence[type[models.Model]]
    actions: Sequence[str] = ()
    embed: Callable | None = None
    results: Callable | None = None
    extra: dict = field(default_factory=dict)
    urls: str | None = None

    def handles(self, page) -> bool:
        return isinstance(page, tuple(self.page_models))


_manifests: dict[str, MethodManifest] = {}


def register(manifest: MethodManifest) -> MethodManifest:
    """Add a method; registering the same app label again replaces it (apps' ``ready()`` may run twice in tests)."""
    _manifests[manifest.app_label] = manifest
    return manifest


def manifests() -> list[MethodManifest]:
    """Every installed method, in the order their apps are listed in ``INSTALLED_APPS``."""
    return list(_manifests.values())


def for_page(page) -> MethodManifest | None:
    """The manifest of ``page``'s method (pass the specific page), or ``None`` if its app is not installed."""
    for manifest in _manifests.values():
        if manifest.handles(page):
            return manifest
    return None


def page_models() -> list[type[models.Model]]:
    """Every installed method's page types."""
    return [model for manifest in _manifests.values() for model in manifest.page_models]
