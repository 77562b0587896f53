"""How a method draws its results block, with what may be shown decided in one place.

The results app's generic block (:class:`~wagtail_participation.results.blocks.MethodResultsBlock`)
lets an editor choose any method page; it asks the method's manifest to draw the results
(``manifest.results(request, page, value, context=...)``). A method app builds that function from
:class:`ResultsRenderer`, which already decides what may be shown (the snapshot, live numbers
while the method is open, the method's ``results_visible_to()``: see
:mod:`wagtail_participation.published_results`), says provisional/final and renders a placeholder
for editors and nothing for citizens when there is nothing to show::

    class PollResults(ResultsRenderer):
        template = "wagtail_participation/polls/blocks/results/poll_results.html"

        def get_results_context(self, published, value, request):
            return {"winner": published.results.rows[0] if published.results.rows else None}

    render_results = PollResults().render  # MethodManifest(results=render_results)

Templates extend ``wagtail_participation/blocks/results/method_results.html`` and fill
``{% block results %}``. :data:`render_chart_results` draws any method's ``get_results()`` rows
as the core's accessible bar chart with a table: a method without its own results view can
register it as is.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

PLACEHOLDER_TEMPLATE = "wagtail_participation/blocks/results/placeholder.html"

#: Why a block shows nothing that a results page's kept body is keyed by (results/page_cache.py):
#: the visitor's view restriction or the method's rule, whether it is open (``live``: a block that
#: shows only a closed method's outcome), the chosen page.
STATE_REASONS = frozenset({"hidden", "private", "not_yet", "live", "unpublished", "missing", "not_a_method"})


def placeholder_context(context: dict, reason, decided_by_state: bool = False) -> dict:
    """Mark the block as showing nothing; editors see why (``reason``), citizens see nothing.

    ``decided_by_state``: nothing is shown because of what the visitor may see or whether the
    method is open (what a results page's kept body is keyed by), not because of its input so far."""
    from wagtail_participation.published_results import viewer_is_editor

    context["unavailable"] = True
    request = context.get("request")
    context["placeholder"] = str(reason) if viewer_is_editor(request) else ""
    if request is not None and not decided_by_state:
        # a results page keeps no body with a block showing nothing: like a block's own drawing,
        # results that appear (a first participant, a proposal reaching the threshold) show at once
        request._participation_results_placeholder = True
    return context


def render_placeholder(request, reason, method=None) -> str:
    """The results placeholder on its own: for a block whose method cannot be asked at all."""
    from wagtail_participation.published_results import PublishedResults

    context = placeholder_context({"request": request, "published": PublishedResults("missing", method=method)}, reason)
    return mark_safe(render_to_string(PLACEHOLDER_TEMPLATE, context)) if context["placeholder"] else ""  # noqa: S308 - a rendered template


def published_for(page, request):
    """:func:`~wagtail_participation.published_results.resolve` once per method and request:
    several blocks on one page may show the same method."""
    from wagtail_participation.published_results import resolve

    cache = getattr(request, "_participation_published", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._participation_published = cache
    key = getattr(page, "pk", None)
    if key not in cache:
        cache[key] = resolve(page, request)
    return cache[key]


class ResultsRenderer:
    """The results of one participation method: its snapshot, or live numbers while it is open.

    The default template draws the method's ``MethodResults`` rows as the core's accessible SVG bar
    chart with a table. Subclasses set ``template`` and add context (see the module docstring);
    to show nothing in some state they override :meth:`accepts` or :meth:`get_context` (call
    ``super()``, then :func:`placeholder_context` with the reason editors should read).
    """

    template = "wagtail_participation/blocks/results/method_results.html"
    #: At most this many rows in the default chart (a long tail belongs on the method's own page).
    max_rows = 20

    def get_results_context(self, published, value, request) -> dict:
        """Extra template context; called only when results are available.

        The default gives ``chart_results``: the results with at most ``max_rows`` rows."""
        found = published.results
        if found is None:
            return {}
        return {
            "chart_results": replace(found, rows=found.rows[: self.max_rows]),
            "more_rows": len(found.rows) > self.max_rows,
        }

    def accepts(self, published, value) -> bool:
        """Whether to render for this state; subclasses may show more (e.g. live statuses)."""
        return published.available

    def get_context(self, request, page, value, parent_context=None) -> dict:
        context = dict(parent_context or {})
        context.update({"self": value, "value": value, "request": request})
        published = published_for(page, request)
        context["published"] = published
        if not self.accepts(published, value):
            return placeholder_context(context, published.reason, published.state in STATE_REASONS)
        try:
            context.update(self.get_results_context(published, value, request))
        except Exception:  # noqa: BLE001 - a block never takes the page down
            logger.exception("results block context failed")
            return placeholder_context(context, _("The results could not be computed."))
        return context

    def cache_key(self, request, page, value, context=None) -> str | None:
        """Where this block's HTML is kept, or ``None`` when it is drawn for this request alone.

        Only shown results are kept (never a placeholder, never for editors, who read reasons),
        after :func:`published_for` decided per request what this visitor may see; the key names
        the snapshot shown (or live numbers of the record), the block's options, the results page
        and the language, so another snapshot, option or language draws anew."""
        from django.utils.translation import get_language

        from wagtail_participation import conf
        from wagtail_participation.published_results import viewer_is_editor

        published = published_for(page, request)
        if not conf.get("RESULTS_CACHE_SECONDS") or not published.available or viewer_is_editor(request):
            return None
        options = repr(sorted((name, _option_key(option)) for name, option in dict(value).items()))
        parent = getattr((context or {}).get("page"), "pk", None)
        digest = hashlib.sha256(f"{options}:{parent}".encode()).hexdigest()[:32]
        snapshot = published.snapshot.pk if published.snapshot is not None else ""
        kind = f"{type(self).__module__}.{type(self).__qualname__}"
        return f"wp:results-block:{kind}:{published.state}:{published.record.pk}:{snapshot}:{get_language()}:{digest}"

    def render(self, request, page, value, context=None) -> str:
        """``manifest.results``: the block's HTML for ``page`` (a method page of this app).

        Kept in the cache for ``RESULTS_CACHE_SECONDS`` (see :meth:`cache_key`): drawing five
        charts and tables costs more than everything else on a results page."""
        from wagtail_participation import conf

        key = self.cache_key(request, page, value, context)
        html = cache.get(key) if key else None
        if html is None:
            found = self.get_context(request, page, value, context)
            html = render_to_string(self.template, found)
            if key and not found.get("unavailable"):
                cache.set(key, html, conf.get("RESULTS_CACHE_SECONDS"))
        return mark_safe(html)  # noqa: S308 - a rendered template


def _option_key(option):
    """A block option as it names the drawing: pages and other rows by their id, lists item by item."""
    if hasattr(option, "pk"):
        return f"{type(option).__name__}:{option.pk}"
    if isinstance(option, (list, tuple)) or type(option).__name__ == "ListValue":
        return tuple(_option_key(item) for item in option)
    return str(option)


#: Any method's results as a chart with a table (the default results view).
render_chart_results = ResultsRenderer().render
