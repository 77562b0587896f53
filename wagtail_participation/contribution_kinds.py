"""The kinds of contribution (ideas, citizen proposals...): what the core needs to know about each.

A :class:`~wagtail_participation.models.Contribution` is a concrete base (multi-table
inheritance): comments, votes, reports, answers and review requests point at the shared row.
Where the core must treat a contribution as its own model (the audit log of a hide, a review
request's kind, the e-mail of an answer, the moderation link), it asks this registry instead of
importing the method app. A method app lists its kinds in its manifest (``contribution_kinds``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from wagtail_participation.registry import Registry

DEFAULT_ANSWER_EMAIL = "wagtail_participation/emails/official_update.txt"


@dataclass(frozen=True)
class ContributionKind:
    """One kind of contribution.

    - ``code``: the kind's name, also the :class:`ReviewRequest` kind ("idea", "proposal").
    - ``model``: the subclass of ``Contribution``.
    - ``moderation_namespace``: URL namespace of the admin viewset whose ``inspect`` view moderates
      one item (linked from the moderators' e-mail); empty to link the admin home instead.
    - ``answer_email``: the template of the e-mail that tells author and followers the city answered.
    - ``restore(item, user) -> bool``: how a moderator restores a hidden item, when the method does
      more than :func:`wagtail_participation.moderation.restore` (proposals recount their window).
    """

    code: str
    model: type[models.Model]
    moderation_namespace: str = ""
    answer_email: str = DEFAULT_ANSWER_EMAIL
    restore: Callable | None = None

    @property
    def moderation_permission(self) -> str:
        """The permission that lets staff hide and restore items of this kind (and answer reviews)."""
        return f"{self.model._meta.app_label}.change_{self.model._meta.model_name}"

    @property
    def accessor(self) -> str:
        """The name from the shared ``Contribution`` row to this kind's row (``idea``, ``proposal``)."""
        from wagtail_participation.models import Contribution

        return self.model._meta.parents[Contribution].related_query_name()


_registry: Registry[ContributionKind] = Registry("contribution kinds")


def register(kind: ContributionKind) -> ContributionKind:
    return _registry.register(kind)


def unregister(code: str) -> ContributionKind | None:
    return _registry.unregister(code)


def kinds() -> list[ContributionKind]:
    return _registry.all()


def get(code: str) -> ContributionKind | None:
    return _registry.get(code)


def kind_of(contribution) -> ContributionKind | None:
    """The kind of ``contribution`` (its own model or the shared row), or ``None`` if no installed
    app registered it. Without a query when ``contribution`` already is its own model; else one."""
    for kind in kinds():
        if isinstance(contribution, kind.model):
            return kind
    return kind_of_pk(contribution.pk)


def kind_of_pk(pk) -> ContributionKind | None:
    """The kind of the contribution with this primary key, in one query (``None`` if unknown)."""
    from wagtail_participation.models import Contribution

    candidates = kinds()
    if not candidates or pk is None:
        return None
    row = Contribution.objects.filter(pk=pk).values_list(*(f"{kind.accessor}__pk" for kind in candidates)).first()
    if row is None:
        return None
    return next((kind for kind, child_pk in zip(candidates, row) if child_pk is not None), None)


def specific(contribution):
    """``contribution`` as its own model (an idea rather than the shared row) where its kind is
    registered; else the contribution as given."""
    kind = kind_of(contribution)
    if kind is None or isinstance(contribution, kind.model):
        return contribution
    return kind.model._default_manager.filter(pk=contribution.pk).first() or contribution
