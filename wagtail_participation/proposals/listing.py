"""The proposals listing's ids and counts: every sort and filter is a range of one index.

The proposal table carries copies for it (``listing_record_id``, ``phase``: see models.py), so a
page's ids come from one index of one table, whatever the sort and filter (the indexes are listed
in ``Proposal.Meta``): no join with the contributions' table per index entry. Visibility stays
where moderation writes it: the few proposals of the record that are not visible (hidden, waiting)
are excluded with ``NOT IN`` a small subquery that the databases read once per query.

Pages are a deferred join (``wagtail_participation/deferred_pages.py``): Django's ``Paginator``
slices :class:`ListingRows`, page numbers, ``?page=N`` bookmarks and links without JavaScript work
as before. A page in the second half of a part is read from its end (the reversed order, then
reversed again in Python), so the last page skips as few index entries as the first; the middle
page is the deepest.

Counts (the total, each filter's, and the collecting part of "ending soon") are cached under a
generation that every change moving a proposal between filters bumps (publishing, hiding,
restoring, answering, a threshold reached or lost, retagging, deleting: ``models.listing_changed``);
a support that changes no state does not. Counts that depend on the clock (collecting or expired)
also end at the next end of a window. The cache is ``CARD_CACHE``: a cache shared by the site's
processes (Redis) is needed for a change to reach every process at once; with a per-process cache
a count can lag by up to ``COUNTS_SECONDS``.
"""

from __future__ import annotations

from django.core.cache import caches
from django.db import connections
from django.db.models import Count, Exists, Min, OuterRef

from wagtail_participation import cache_generations, conf
from wagtail_participation.models import Area, Contribution, Topic, Visibility
from wagtail_participation.proposals.engine import thresholds as th
from wagtail_participation.proposals.models import OPEN, Proposal, ProposalTopicListing, listing_state_filter
from wagtail_participation.terms import term_index

GENERATION = "wp:proposals:listing-generation"
COUNTS_SECONDS = 600


def _cache():
    return caches[conf.get("CARD_CACHE")]


def bump_generation() -> None:
    cache_generations.renew(GENERATION, _cache())


def cached_counts(record_id: int, key: str, compute, now, timed: bool) -> dict:
    """``compute()`` (a dict of counts) from the cache while nothing moved proposals between the
    listing's filters and, for ``timed`` counts, no window ended since they were counted."""
    cache = _cache()
    counts_key = f"wp:proposals:counts:{record_id}:{key}"
    found = cache.get_many([GENERATION, counts_key])
    generation = found.get(GENERATION) or cache_generations.current(GENERATION, cache)
    hit = found.get(counts_key)
    if hit is not None and hit[0] == generation and hit[1] <= now and (hit[2] is None or now < hit[2]):
        return hit[3]
    counts = compute()
    until = None
    if timed:  # collecting and expired change at the next end of a collecting proposal's window
        until = Proposal.objects.filter(listing_record_id=record_id, phase=OPEN, window_ends_at__gt=now).aggregate(
            until=Min("window_ends_at")
        )["until"]
    if generation is not None:
        cache.set(counts_key, (generation, now, until, counts), COUNTS_SECONDS)
    return counts


def _term_ids(model, slug: str) -> list[int]:
    """The ids of the terms (in every language) with ``slug``, from the cached term index."""
    return [term.pk for term in term_index(model)["by_id"].values() if term.slug == slug]


def listed(record_id: int):
    """The record's published, visible proposals (ids from the listing indexes alone)."""
    return Proposal.objects.filter(listing_record_id=record_id, published_at__isnull=False).exclude(
        pk__in=_not_visible(record_id)
    )


#: The databases where triggers keep the topic listing rows (proposals migration 0004); MariaDB
#: has no triggers here.
TOPIC_ROWS_KEPT = ("sqlite", "postgresql")


def _not_visible(record_id: int):
    return Contribution.objects.filter(
        record_id=record_id, visibility__in=[Visibility.PRESCREENING, Visibility.HIDDEN]
    ).values("pk")


def _topic_rows(record_id: int, topic_ids: list[int]):
    """A topic's published, visible proposals from its listing rows (``ProposalTopicListing``: one
    range of an index per order), or None where they cannot answer: MariaDB (no triggers keep
    them), a slug shared by topics of several languages (a proposal could be listed twice)."""
    if len(topic_ids) != 1 or connections[ProposalTopicListing.objects.db].vendor not in TOPIC_ROWS_KEPT:
        return None
    return ProposalTopicListing.objects.filter(
        record_id=record_id, topic_id=topic_ids[0], published_at__isnull=False
    ).exclude(proposal_id__in=_not_visible(record_id))


def rows(record_id: int, fetch, *, state="", topic="", area="", sort="supports", now):
    """The listing, filtered and in its order, for a ``Paginator``: a :class:`ListingRows`. By a
    topic: from the topic's listing rows where they are kept (see :func:`_topic_rows`)."""
    topic_ids = _term_ids(Topic, topic) if topic else []
    keys = _topic_rows(record_id, topic_ids) if topic else None
    by_rows = keys is not None
    if keys is None:
        keys = listed(record_id)
        if topic:
            links = Proposal.topics.through.objects.filter(topic_id__in=topic_ids)
            keys = keys.filter(Exists(links.filter(proposal_id=OuterRef("pk"))))
    if state:
        keys = keys.filter(listing_state_filter(state, now))
    if area:
        keys = keys.filter(area_id__in=_term_ids(Area, area))
    pk = "proposal_id" if by_rows else "pk"
    collecting = listing_state_filter(th.State.PUBLISHED, now)
    ending_parts = sort == "ending" and not state

    def compute():
        if ending_parts:
            return keys.aggregate(total=Count(pk), collecting=Count(pk, filter=collecting))
        return {"total": keys.count()}

    key = f"{state}|{topic}|{area}|{'parts' if ending_parts else ''}"
    counts = cached_counts(
        record_id, key, compute, now, timed=state in (th.State.PUBLISHED, th.State.EXPIRED) or ending_parts
    )
    if sort in ("supports", "newest"):
        order = ("-counted", "-published_at", f"-{pk}") if sort == "supports" else ("-published_at", f"-{pk}")
        # The proposals still collecting are the newest of their phase (a window opens when a
        # proposal is published): read from the newest end, the other end walks every expired one.
        forwards = sort == "newest" and state == th.State.PUBLISHED
        return ListingRows([(keys.order_by(*order).values_list(pk, flat=True), counts["total"], forwards)], fetch)
    if not ending_parts:  # one state: one range of its phase, by the end of the window
        return ListingRows([(_ending(keys, pk), counts["total"])], fetch)
    # Ending soon: the proposals still collecting first, then the others, each by the end of the
    # window, then id (without a window last or first, where the database sorts NULL).
    return ListingRows(
        [
            (_ending(keys.filter(collecting), pk), counts["collecting"]),
            (_ending(keys.exclude(collecting), pk), counts["total"] - counts["collecting"]),
        ],
        fetch,
    )


def _ending(keys, pk):
    return keys.order_by("window_ends_at", pk).values_list(pk, flat=True)


class ListingRows:
    """Ordered parts (each an ordered ``values_list("pk", flat=True)``, its size and optionally
    True to read it from its start only) paged as one list. A page's ids come from one query (a
    ``UNION ALL`` of the parts it spans, each its own ``LIMIT``/``OFFSET``, read from whichever end
    is nearer), its rows from ``fetch(ids)``."""

    def __init__(self, parts, fetch):
        self.parts = parts
        self.fetch = fetch
        self.ordered = True  # no UnorderedObjectListWarning

    def count(self) -> int:
        return sum(part[1] for part in self.parts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self.count())
        reads = []  # (queryset slice, reversed?)
        for keys, size, *forwards in self.parts:
            low, high = max(start, 0), min(stop, size)
            if low < high:
                backwards = low > size - high and not any(forwards)
                reads.append((keys.reverse()[size - high : size - low] if backwards else keys[low:high], backwards))
            start, stop = start - size, stop - size
        if not reads:
            return []
        ids = self._ids(reads)
        found = {obj.pk: obj for obj in self.fetch(ids)}
        # A row that left the listing between the two queries (hidden a moment ago) is skipped.
        return [found[pk] for pk in ids if pk in found]

    @staticmethod
    def _ids(reads) -> list:
        if len(reads) == 1:
            keys, backwards = reads[0]
            ids = list(keys)
            return ids[::-1] if backwards else ids
        # The databases return a UNION ALL branch after branch (SQLite's compound SELECT,
        # PostgreSQL's Append, MariaDB's); the branch number tells which to turn round.
        using = reads[0][0].db
        quote = connections[using].ops.quote_name
        selects, params = [], []
        for number, (keys, _backwards) in enumerate(reads):
            sql, part_params = keys.query.sql_with_params()
            alias = quote(f"wp_part{number}")
            selects.append(f"SELECT {alias}.*, {number} FROM ({sql}) {alias}")
            params.extend(part_params)
        with connections[using].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            fetched = cursor.fetchall()
        ids = []
        for number, (_keys, backwards) in enumerate(reads):
            part = [row[0] for row in fetched if row[1] == number]
            ids += part[::-1] if backwards else part
        return ids
