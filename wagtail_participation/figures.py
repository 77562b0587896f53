"""Participation figures across methods, through a registry every method adds its counts to.

A :class:`FigureSource` counts one thing (ideas, comments, idea votes; later poll answers,
budget ballots, proposal supports) for a set of :class:`MethodRecord` s, per channel, and names
the participants it saw. :func:`figures_for` asks every registered source and combines them
with :func:`wagtail_participation.engine.figures.combine`. Register a source from your app's
``ready()``::

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

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from wagtail_participation.engine.figures import CONTRIBUTIONS, VOTES, Figures, Tally, combine  # noqa: F401 (re-exported for sources)


@dataclass(frozen=True)
class FigureSource:
    code: str
    label: str
    kind: str  # CONTRIBUTIONS or VOTES
    count: Callable[[list], dict]
    participants: Callable[[list], object] | None = None


_registry: dict[str, FigureSource] = {}


def register(source: FigureSource) -> FigureSource:
    _registry[source.code] = source
    return source


def unregister(code: str) -> None:
    _registry.pop(code, None)


def sources() -> list[FigureSource]:
    return list(_registry.values())


def figures_for(records) -> Figures:
    """Figures for these method records: one query per source plus one for participants.

    Cached for ``RESULTS_CACHE_SECONDS`` per set of records and sources (big methods count
    hundreds of thousands of rows)."""
    from django.core.cache import cache

    from wagtail_participation import conf

    records = list(records)
    if not records:
        return combine([], 0)
    seconds = conf.get("RESULTS_CACHE_SECONDS")
    if not seconds:
        return _count(records)
    key = "wagtail_participation:figures:{}:{}".format(
        ",".join(str(pk) for pk in sorted(r.pk for r in records)),
        ",".join(sorted(_registry)),
    )
    return cache.get_or_set(key, lambda: _count(records), seconds)


def _count(records) -> Figures:
    tallies = [Tally(source.code, source.kind, source.count(records)) for source in _registry.values()]
    id_querysets = [source.participants(records) for source in _registry.values() if source.participants]
    id_querysets = [qs.order_by() for qs in id_querysets if qs is not None]
    return combine(tallies, _distinct(id_querysets))


def participant_count(records) -> int:
    """Distinct online participants across every registered source, in one query."""
    records = list(records)
    if not records:
        return 0
    querysets = [source.participants(records) for source in _registry.values() if source.participants]
    return _distinct([qs.order_by() for qs in querysets if qs is not None])


def _distinct(querysets) -> int:
    return querysets[0].union(*querysets[1:]).count() if querysets else 0


# -- the methods that exist now: ideas (with their offline channels), comments, idea votes -------


def _per_channel(queryset) -> dict:
    return dict(queryset.order_by().values_list("channel").annotate(n=Count("pk")))


def ideas(records):
    from wagtail_participation.ideas.models import Idea
    from wagtail_participation.models import Visibility

    return _per_channel(Idea.objects.filter(record__in=records, visibility=Visibility.VISIBLE))


def idea_authors(records):
    from wagtail_participation.ideas.models import Idea

    return Idea.objects.filter(record__in=records, author__isnull=False).values_list("author_id", flat=True)


def comments(records):
    from wagtail_participation.models import Comment, Visibility

    count = Comment.objects.filter(
        contribution__record__in=records, visibility=Visibility.VISIBLE, removed_at__isnull=True
    ).count()
    return {"online": count}


def commenters(records):
    from wagtail_participation.models import Comment

    return Comment.objects.filter(contribution__record__in=records).values_list("author_id", flat=True)


def idea_votes(records):
    """From the ideas' vote counters (kept with F() in the vote's transaction): 25,000 idea rows
    are read instead of 250,000 vote rows."""
    from django.db.models import F, Sum

    from wagtail_participation.ideas.models import Idea

    total = Idea.objects.filter(record__in=records).aggregate(n=Sum(F("up_votes") + F("down_votes")))["n"]
    return {"online": total or 0}


def voters(records):
    from wagtail_participation.models import ContributionVote

    return ContributionVote.objects.filter(
        contribution__record__in=records, contribution__idea__isnull=False
    ).values_list("participant_id", flat=True)


register(FigureSource("ideas", _("Ideas"), CONTRIBUTIONS, ideas, idea_authors))
register(FigureSource("comments", _("Comments"), CONTRIBUTIONS, comments, commenters))
register(FigureSource("idea_votes", _("Votes on ideas"), VOTES, idea_votes, voters))
