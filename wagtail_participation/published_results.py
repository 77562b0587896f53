"""What a results block may show for a method, decided in one place.

:func:`resolve` turns a block's chosen page into a :class:`PublishedResults`: the method in
the visitor's language, and either its current snapshot (final, else provisional: decision 7),
live numbers (only while one of its actions is open, and only where the method's
``results_visible_to()`` allows; never from a private section the visitor may not open), or a reason why nothing is shown. Citizens see nothing
when there is nothing to show; editors (in preview, or logged in to the admin) see the reason.
It never raises: a broken method must not take the page down with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from wagtail_participation import clock, conf, live_methods, snapshots
from wagtail_participation.engine.method_results import MethodResults
from wagtail_participation.engine.policy import WindowState

logger = logging.getLogger(__name__)

SNAPSHOT = "snapshot"
LIVE = "live"

REASONS = {
    "missing": _("No participation method is chosen, or it was deleted. Visitors see nothing here."),
    "unpublished": _("The chosen method is not published. Visitors see nothing here until it is."),
    "not_a_method": _("The chosen page is not a participation method."),
    "hidden": _(
        "The method's settings keep its results from this visitor now (for example: only after closing). Visitors who may not see them see nothing here."
    ),
    "private": _("The method is in a private section of the site. Only visitors who may open it see its results here."),
    "not_yet": _("There are no results yet: the method is not open, and it has not closed. Visitors see nothing here."),
    "empty": _("Nobody has taken part yet. Visitors see nothing here until there are results."),
    "error": _("The results could not be computed. Visitors see nothing here; see the server log."),
}


@dataclass
class PublishedResults:
    """The outcome of :func:`resolve`; ``state`` is ``snapshot``, ``live`` or a reason code."""

    state: str
    method: object = None  # the method page in the visitor's language (or the chosen one)
    record: object = None
    results: MethodResults | None = None
    snapshot: object = None  # the ResultSnapshot shown, for SNAPSHOT

    @property
    def available(self) -> bool:
        return self.state in (SNAPSHOT, LIVE)

    @property
    def is_final(self) -> bool:
        return self.snapshot is not None and self.snapshot.is_final

    @property
    def is_live(self) -> bool:
        return self.state == LIVE

    @property
    def reason(self) -> str:
        return str(REASONS.get(self.state, ""))


def viewer_is_editor(request) -> bool:
    """Editors see placeholders: in the page preview, or logged in with access to the admin."""
    if request is None:
        return False
    if getattr(request, "is_preview", False):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


def is_open(record, now=None) -> bool:
    """Whether any offered action of the method is open now (live numbers are shown only then)."""
    moment = now or clock.now()
    actions = record.rules.get("actions", {})
    return any(
        record.window(action, moment).state == WindowState.OPEN for action in actions if record.is_offered(action)
    )


def localized_method(page):
    """The chosen page in the active language when that translation is live, else the page itself."""
    from wagtail_participation.terms import active_locale_id

    if page.locale_id == active_locale_id():  # already in this language: no query (locales are cached)
        return page
    try:
        localized = page.localized
    except Exception:  # noqa: BLE001 - no locale active (e.g. in a management command)
        return page
    return localized.specific if localized.live else page


def live_results(method, record) -> MethodResults:
    """The method's live results, cached for ``RESULTS_CACHE_SECONDS`` (counting is costly on big methods)."""
    seconds = conf.get("RESULTS_CACHE_SECONDS")
    if not seconds:
        return method.get_results()
    return cache.get_or_set(f"wagtail_participation:live-results:{record.pk}", method.get_results, seconds)


def resolve(page, request=None, now=None) -> PublishedResults:
    from wagtail_participation.models import ParticipationMethodPage

    if page is None:
        return PublishedResults("missing")
    page = page.specific
    if not isinstance(page, ParticipationMethodPage):
        return PublishedResults("not_a_method", method=page)
    if not page.live:
        return PublishedResults("unpublished", method=page)
    method = localized_method(page)
    try:
        if live_methods.hidden_by_view_restriction(request, method):
            return PublishedResults("private", method=method)
        if not method.results_visible_to(request):
            return PublishedResults("hidden", method=method)
        record = method.participation_record
        snapshot = snapshots.current_snapshot(record)
        if snapshot is not None:
            found = PublishedResults(SNAPSHOT, method, record, snapshot.results(), snapshot)
        elif is_open(record, now):
            found = PublishedResults(LIVE, method, record, live_results(method, record))
        else:
            return PublishedResults("not_yet", method=method, record=record)
    except Exception:  # noqa: BLE001 - a broken method shows a placeholder, never a 500
        logger.exception("results of %r could not be shown", page)
        return PublishedResults("error", method=page)
    if not found.results.rows and not found.results.participants:
        found.state = "empty"
    return found
