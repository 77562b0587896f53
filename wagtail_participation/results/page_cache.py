"""A results page's body, drawn once and kept, keyed by every fact that decides what it shows.

Resolving what a visitor may see costs about four queries per method (its record, snapshot, view
restrictions, the method's own rule) and the blocks load their chosen pages and records: a page
of seven methods and eleven blocks made 44 queries although every block's drawing was cached.

So the page keeps its whole body (:func:`body_html`). The key has two parts:

* **the facts** that are the same for every visitor, computed on a miss and kept under a
  generation (:func:`forget`, connected to snapshots, records, phases, decisions and milestones;
  any page, view restriction or site change starts a new generation of
  :mod:`~wagtail_participation.live_methods` too): per chosen method its page in the visitor's
  language, its record, the snapshot shown or whether it is open now, and until when that holds
  (the next opening or closing of one of its actions: past it the facts are computed again);
* **the visitor's part**, computed on every request from those facts, with no query for a public
  method: whether a view restriction hides the method from this visitor, and the method's own
  ``results_visible_to(request)`` (a poll's "after voting" rule asks for the visitor's ballot).

Editors (preview, admin access) never read or fill it: they see placeholders with reasons. A body
with a block that shows nothing (a placeholder) is not kept either, as blocks never keep theirs.
Without ``RESULTS_CACHE_SECONDS`` nothing is kept. The body holds no form, token or personal data: what is
kept is exactly what any visitor with the same visibility answers would be shown.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime

from django.core.cache import cache

from wagtail_participation import cache_generations

logger = logging.getLogger(__name__)

GENERATION_KEY = "wp:results-page:generation"


def forget(**kwargs) -> None:
    """Signal receiver: a snapshot, record, phase, decision or milestone changed."""
    cache_generations.renew(GENERATION_KEY)


def _generation() -> str:
    return cache_generations.current(GENERATION_KEY)


def chosen_method_ids(page) -> list[int]:
    """The ids of the method pages the page's results blocks choose, read from the stored JSON
    (no page is loaded)."""
    found = []
    for child in page.body.raw_data:
        if child.get("type") != "method_results":
            continue
        value = child.get("value") or {}
        method = value.get("method") if isinstance(value, dict) else None
        if isinstance(method, int) and method not in found:
            found.append(method)
    return found


def _next_change(record, now) -> datetime | None:
    """When one of the record's offered actions next opens or closes (``None``: never)."""
    moments = []
    for action in record.rules.get("actions", {}):
        if not record.is_offered(action):
            continue
        for start, end in record.intervals_for(action):
            moments.extend(moment for moment in (start, end) if moment > now)
    return min(moments) if moments else None


def _facts(page, language: str):
    """``(token, methods, valid_until)``: ``methods`` is a list of ``(method page or None, state)``."""
    from wagtail.models import Page

    from wagtail_participation import clock, conf, snapshots
    from wagtail_participation.live_methods import _generation as pages_generation
    from wagtail_participation.models import ParticipationMethodPage
    from wagtail_participation.published_results import LIVE, SNAPSHOT, is_open, localized_method

    key = f"wp:results-page:facts:{_generation()}:{pages_generation()}:{page.pk}:{page.live_revision_id}:{language}"
    found = cache.get(key)
    now = clock.now()
    if found is not None and (found[2] is None or now < found[2]):
        return found
    ids = chosen_method_ids(page)
    pages = {chosen.pk: chosen for chosen in Page.objects.filter(pk__in=ids).specific()} if ids else {}
    methods, described, changes = [], [], []
    for pk in ids:
        chosen = pages.get(pk)
        if chosen is None or not isinstance(chosen, ParticipationMethodPage) or not chosen.live:
            described.append((pk, "none"))
            continue
        method = localized_method(chosen)
        record = method.participation_record
        snapshot = snapshots.current_snapshot(record)
        if snapshot is not None:
            state = f"{SNAPSHOT}:{snapshot.pk}:{snapshot.kind}"
        else:
            state = LIVE if is_open(record, now) else "not_yet"
            changes.append(_next_change(record, now))
        methods.append((method, state))
        described.append((pk, method.pk, record.pk, state))
    token = hashlib.sha256(repr((key, described)).encode()).hexdigest()[:24]
    valid_until = min((moment for moment in changes if moment is not None), default=None)
    found = (token, methods, valid_until)
    cache.set(key, found, conf.get("RESULTS_CACHE_SECONDS"))
    return found


def _visitor_part(methods, request) -> str:
    """What this visitor may see of each method: a view restriction, the method's own rule."""
    from wagtail_participation.live_methods import hidden_by_view_restriction

    answers = []
    for method, _state in methods:
        if hidden_by_view_restriction(request, method):
            answers.append("p")
        else:
            answers.append("v" if method.results_visible_to(request) else "h")
    return "".join(answers)


def cache_key(page, request) -> str | None:
    """Where the body is kept for this visitor, or ``None`` when it is drawn for this request alone."""
    from django.utils.translation import get_language

    from wagtail_participation import conf
    from wagtail_participation.published_results import viewer_is_editor

    if request is None or not conf.get("RESULTS_CACHE_SECONDS") or viewer_is_editor(request):
        return None
    language = get_language() or ""
    try:
        token, methods, _valid_until = _facts(page, language)
        visitor = _visitor_part(methods, request)
    except Exception:  # noqa: BLE001 - drawn for this request, as without the cache
        logger.exception("results page facts of %r could not be read", page)
        return None
    from wagtail_participation import figures

    # the host (links), and the registered figure sources (an app may add one)
    sources = ",".join(source.code for source in figures.sources())
    host = hashlib.sha256(f"{request.get_host()}:{sources}".encode()).hexdigest()[:12]
    return f"wp:results-page:body:{page.pk}:{page.live_revision_id}:{language}:{host}:{token}:{visitor}"


def body_html(page, request, draw) -> str:
    """The page's body for ``request``: from the cache, else ``draw()`` (kept when a key applies)."""
    from wagtail_participation import conf

    key = cache_key(page, request)
    html = cache.get(key) if key else None
    if html is None:
        html = draw()
        # a block that shows nothing may show results at the next request (no one took part yet,
        # no proposal reached the threshold): blocks never keep those, nor does the page
        if key and not getattr(request, "_participation_results_placeholder", False):
            cache.set(key, html, conf.get("RESULTS_CACHE_SECONDS"))
    return html
