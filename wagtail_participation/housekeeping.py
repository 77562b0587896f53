"""Work that falls due as time passes; called by ``participation_tick``.

The core's own clean-up is here; a method app lists the periodic work it needs (a
:class:`PeriodicJob`, e.g. the proposals' deadline notifications) in its manifest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wagtail_participation.models.exports import BackgroundExport
from wagtail_participation.registry import Registry


@dataclass(frozen=True)
class PeriodicJob:
    """Periodic work of an app, run by ``participation_tick`` after the core's own.

    ``run()`` does what fell due and returns how many things it did; it must be idempotent (cron
    may run the tick twice). ``report`` is the line the command prints, with ``%(count)d``."""

    code: str
    run: Callable[[], int]
    report: str
    order: int = 100


_jobs: Registry[PeriodicJob] = Registry("periodic jobs")


def register_job(job: PeriodicJob) -> PeriodicJob:
    return _jobs.register(job)


def unregister_job(code: str) -> PeriodicJob | None:
    return _jobs.unregister(code)


def jobs() -> list[PeriodicJob]:
    return _jobs.all()


def export_models() -> list[type[BackgroundExport]]:
    """Every concrete export model (idea, survey, ... exports all derive from BackgroundExport)."""
    found, pending = [], list(BackgroundExport.__subclasses__())
    while pending:
        model = pending.pop()
        pending += model.__subclasses__()
        if not model._meta.abstract:
            found.append(model)
    return found
