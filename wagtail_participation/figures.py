"""Participation figures across methods, through a registry every method adds its counts to.

A :class:`FigureSource` counts one thing (ideas, comments, poll ballots, budget ballots, proposal
supports...) for a set of :class:`MethodRecord` s, per channel, and names the participants it saw.
:func:`figures_for` asks every registered source and combines them with
:func:`wagtail_participation.engine.figures.combine`. The core registers its own source (comments);
a method app lists its sources in its method manifest (``figure_sources``), which registers them
from ``ready()``; any other app may call :func:`register` from its ``ready()``::

    from wagtail_participation import figures
    figures.register(figures.FigureSource(
        code="poll_answers", label=_("Poll answers"), kind=figures.VOTES,
        count=lambda records: {"online": PollAnswer.objects.filter(record__in=records).count()},
        participants=lambda records: PollAnswer.objects.filter(record__in=records).values_list("participant_id", flat=True),
    ))

``count`` returns ``{channel: n}`` (one query is best); ``participants`` returns a values
queryset of participant ids (or ``None`` for sources without online participants). All
participant querysets are combined into ONE ``UNION`` query, so a person who voted and
commented is counted once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from wagtail_participation.engine.figures import CONTRIBUTIONS, VOTES, Figures, Tally, combine  # noqa: F401 (re-exported for sources)
from wagtail_participation.registry import Registry


@dataclass(frozen=True)
class FigureSource:
    """One thing counted for the figures: ``count(records) -> {channel: n}``, and
    ``participants(records)``, a values queryset of the participant ids it saw (or ``None``).

    ``channel_labels`` names channels of the source's own beyond the core's :class:`Channel`
    (budgets add "imported"). Sources are listed by ``order``, then in the order registered."""

    code: str
    label: str
    kind: str  # CONTRIBUTIONS or VOTES
    count: Callable[[list], dict]
    participants: Callable[[list], object] | None = None
    order: int = 100
    channel_labels: Mapping[str, str] | None = None


_registry: Registry[FigureSource] = Registry("figure sources")


def register(source: FigureSource) -> FigureSource:
    return _registry.register(source)


def unregister(code: str) -> FigureSource | None:
    return _registry.unregister(code)


def sources() -> list[FigureSource]:
    return _registry.all()


def channel_labels() -> dict[str, str]:
    """Every channel's label: the core's channels, and those the registered sources add."""
    from wagtail_participation.models import Channel

    labels = {}
    for source in sources():
        labels.update(source.channel_labels or {})
    return labels | dict(Channel.choices)


def figures_for(records) -> Figures:
    """Figures for these method records: one query per source plus one for participants.

    Cached for ``RESULTS_CACHE_SECONDS`` per set of records and sources (big methods count
    hundreds of thousands of rows)."""
    from django.core.cache import cache

    from wagtail_participation import conf

    records = list(records)
    if not records:
        return combine([], 0)

    def compute():
        return stored_figures(records) or _count(records)

    seconds = conf.get("RESULTS_CACHE_SECONDS")
    if not seconds:
        return compute()
    key = "wagtail_participation:figures:{}:{}".format(
        ",".join(str(pk) for pk in sorted(r.pk for r in records)),
        ",".join(sorted(_registry.codes())),
    )
    return cache.get_or_set(key, compute, seconds)


def _tallies(records) -> list[Tally]:
    return [Tally(source.code, source.kind, source.count(records)) for source in sources()]


def _count(records) -> Figures:
    return combine(_tallies(records), participant_count(records))


def figures_to_store(record) -> dict:
    """One method's figures as its final snapshot stores them (``data["figures"]``), counted now."""
    return {
        "tallies": [[t.source, t.kind, dict(t.by_channel)] for t in _tallies([record])],
        "participants": participant_count([record]),
    }


def stored_figures(records) -> Figures | None:
    """The figures of finished methods from their final snapshots, so a finished project is never
    counted again; ``None`` while any of them has no final snapshot with figures (still open, or
    finalised before figures were stored). In one query; the counts add up, and so do the
    participants of one method; of several, the people who took part in more than one are counted
    once by one ``UNION``, kept in the cache for good under the snapshots' ids (they never change)."""
    from django.core.cache import cache

    from wagtail_participation.models.snapshots import ResultSnapshot

    final = ResultSnapshot.objects.filter(record__in=records, kind=ResultSnapshot.FINAL)
    stored = {record_id: (pk, data) for record_id, pk, data in final.values_list("record_id", "pk", "data__figures")}
    if len(stored) < len(records) or any(not data for _pk, data in stored.values()):
        return None
    tallies = [Tally(code, kind, counts) for _pk, data in stored.values() for code, kind, counts in data["tallies"]]
    if len(records) == 1:
        return combine(tallies, next(iter(stored.values()))[1]["participants"])
    key = "wagtail_participation:final-participants:" + ",".join(str(pk) for pk, _data in sorted(stored.values()))
    return combine(tallies, cache.get_or_set(key, lambda: participant_count(records), None))


def participant_ids(records):
    """The distinct online participants of these records as ONE query of participant ids (a
    ``UNION`` over every registered source), to filter on; ``None`` when no source names any."""
    records = list(records)
    querysets = [source.participants(records) for source in sources() if source.participants] if records else []
    querysets = [qs.order_by() for qs in querysets if qs is not None]
    return querysets[0].union(*querysets[1:]) if querysets else None


def participant_count(records) -> int:
    """Distinct online participants across every registered source, in one query."""
    ids = participant_ids(records)
    return ids.count() if ids is not None else 0


def per_channel(queryset, field: str = "channel") -> dict:
    """``{channel: rows}`` of a queryset in one query: the usual ``count`` of a source."""
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))


# -- the core's own source: comments on any kind of contribution ---------------------------------
# (Each method's sources live in its app: ideas and votes on them, ballots, responses, supports.)


def comments(records):
    from wagtail_participation.models import Comment, Visibility

    count = Comment.objects.filter(
        contribution__record__in=records, visibility=Visibility.VISIBLE, removed_at__isnull=True
    ).count()
    return {"online": count}


def commenters(records):
    from wagtail_participation.models import Comment

    return Comment.objects.filter(contribution__record__in=records).values_list("author_id", flat=True)


# Listed after the ideas app's "Ideas" (order 10) and before its "Votes on ideas" (30), as always.
register(FigureSource("comments", _("Comments"), CONTRIBUTIONS, comments, commenters, order=20))
