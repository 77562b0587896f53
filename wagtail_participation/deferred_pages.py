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

from django.db import connections


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
    single ``ORDER BY CASE ...`` would sort every row on every request.

    A page's ids come from one ``UNION ALL`` of the parts it spans (each part its own ordered
    ``LIMIT``/``OFFSET`` subquery), and its rows from one query, so that a page costs the same
    queries wherever it falls. The databases return a ``UNION ALL`` branch after branch (SQLite's
    compound SELECT, PostgreSQL's Append, MariaDB's): the parts' order is kept.
    """

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
        selects, params = [], []
        for number, part in enumerate(self.parts):
            size = part.count()
            low, high = max(start, 0), min(stop, size)
            if low < high:
                sql, part_params = part.keys[low:high].query.sql_with_params()
                selects.append(
                    f"SELECT * FROM ({sql}) {connections[self.parts[0].keys.db].ops.quote_name(f'wp_part{number}')}"
                )
                params.extend(part_params)
            start, stop = start - size, stop - size
        if not selects:
            return []
        using = self.parts[0].keys.db
        with connections[using].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            ids = [row[0] for row in cursor.fetchall()]
        found = {obj.pk: obj for obj in self.parts[0].fetch(ids)}
        return [found[pk] for pk in ids if pk in found]
