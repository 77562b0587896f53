"""Taking and finalising result snapshots (architecture decision 7).

A provisional snapshot is taken once a method closes (by ``participation_tick``, or lazily on
first read); an editor finalises it after offline input is in, which stores a final snapshot
recomputed at that moment, with the method's participation figures (``data["figures"]``, read by
:func:`wagtail_participation.figures.stored_figures`). Both steps are idempotent.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from wagtail_participation import clock
from wagtail_participation.models import MethodRecord
from wagtail_participation.models.snapshots import ResultSnapshot


def _store(record: MethodRecord, kind: str, user=None, note: str = "") -> ResultSnapshot:
    existing = ResultSnapshot.objects.filter(record=record, kind=kind).first()
    if existing:
        return existing
    page = record.source_page()
    results = page.get_results()
    data = results.to_dict()
    if kind == ResultSnapshot.FINAL:  # a finished project's figures are never counted again
        from wagtail_participation.figures import figures_to_store

        data["figures"] = figures_to_store(record)
    try:
        with transaction.atomic():
            return ResultSnapshot.objects.create(
                record=record,
                kind=kind,
                rule=results.rule,
                data=data,
                taken_at=clock.now(),
                taken_by=user,
                note=note,
            )
    except IntegrityError:  # another process stored it first: theirs stands
        return ResultSnapshot.objects.get(record=record, kind=kind)


def take_provisional(record: MethodRecord) -> ResultSnapshot | None:
    """Store the provisional snapshot of a closed method; ``None`` while it is still open."""
    if not record.is_closed():
        return None
    return _store(record, ResultSnapshot.PROVISIONAL)


def finalise(record: MethodRecord, user, note: str = "") -> ResultSnapshot:
    """Store the final snapshot (recomputed now, e.g. with paper ballots); only after close."""
    if not record.is_closed():
        raise ValueError("a method can only be finalised after it has closed")
    take_provisional(record)
    return _store(record, ResultSnapshot.FINAL, user=user, note=note)


def current_snapshot(record: MethodRecord) -> ResultSnapshot | None:
    """The snapshot a published results block shows: final if there is one, else provisional.

    Takes the provisional snapshot lazily when the method has closed and none exists yet.
    """
    snapshots = {s.kind: s for s in record.snapshots.all()}
    if ResultSnapshot.FINAL in snapshots:
        return snapshots[ResultSnapshot.FINAL]
    return snapshots.get(ResultSnapshot.PROVISIONAL) or take_provisional(record)


def due_records():
    """Records that have closed but have no provisional snapshot yet."""
    pending = MethodRecord.objects.exclude(snapshots__kind=ResultSnapshot.PROVISIONAL)
    return [record for record in pending if record.is_closed()]
