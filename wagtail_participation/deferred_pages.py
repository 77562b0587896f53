"""Pages of a long listing by a deferred join: the page's keys first, then only those rows.

A listing page of 24 out of 25,000 sorted by a counter used to be one query that read, sorted and
skipped whole rows (titles, bodies) up to its ``OFFSET``. Here the page is two queries:

1. the primary keys of the page, from a queryset that names only the filter and sort columns, so
   the database answers it from a covering index (``record, visibility, sort key, ..., id``) and
   ``OFFSET`` skips index entries, not rows;
2. the rows of those keys (``pk IN (...)``), in the order of step 1.

Django's :class:`~django.core.paginator.Paginator` is used as it is (page numbers, ``?page=N``
bookmarks and the previous/next links of a listing without JavaScript work as before): it slices
:class:`DeferredRows`, which runs the two queries for the slice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence


class DeferredRows(Sequence):
    """What a :class:`~django.core.paginator.Paginator` pages through: ``keys`` (an ordered
    queryset of primary keys, a ``values_list("pk", flat=True)``) sliced per page, ``fetch``
    turning a page's keys into its objects. ``count`` is the number of keys, when the caller
    knows a cheaper way to it than ``keys.count()`` (an int, or a callable run at most once)."""

    def __init__(self, keys, fetch: Callable[[list], Iterable], count: int | Callable[[], int] | None = None):
        self.keys = keys
        self.fetch = fetch
        self._count = count
        self.ordered = True  # the keys are ordered: no UnorderedObjectListWarning

    def count(self) -> int:
        if self._count is None:
            self._count = self.keys.count()
        elif callable(self._count):
            self._count = self._count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = list(self.keys[index])
        if not ids:
            return []
        found = {obj.pk: obj for obj in self.fetch(ids)}
        # A row that left the listing between the two queries (hidden a moment ago) is skipped.
        return [found[pk] for pk in ids if pk in found]


class ConcatenatedRows(Sequence):
    """Several :class:`DeferredRows` one after the other, paged as one listing: for an order that
    is one index's order per part (proposals still collecting first, then the others), where a
    single ``ORDER BY CASE ...`` would sort every row on every request."""

    def __init__(self, parts: list[DeferredRows]):
        self.parts = parts
        self.ordered = True

    def count(self) -> int:
        return sum(part.count() for part in self.parts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self.count())
        rows = []
        for part in self.parts:
            size = part.count()
            if stop > 0 and start < size:
                rows.extend(part[max(start, 0) : min(stop, size)])
            start, stop = start - size, stop - size
        return rows
