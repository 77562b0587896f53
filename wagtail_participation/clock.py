"""The one clock. Every rule that depends on time asks ``now()``; tests move it with ``frozen_at``."""

from contextlib import contextmanager
from datetime import datetime

from django.utils import timezone

from wagtail_participation import conf

_override: list[datetime] = []


def now() -> datetime:
    """The current moment, as an aware datetime."""
    if _override:
        return _override[-1]
    return conf.get_callable("CLOCK")()


def local(moment: datetime) -> datetime:
    """``moment`` in the site's time zone (``TIME_ZONE``), for display and for day boundaries."""
    return timezone.localtime(moment)


@contextmanager
def frozen_at(moment: datetime):
    """Make ``now()`` return ``moment`` inside the block (for tests and for recounts)."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    _override.append(moment)
    try:
        yield moment
    finally:
        _override.pop()
