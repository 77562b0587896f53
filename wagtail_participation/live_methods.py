"""The one guard in front of every citizen write: the method must be live and visible here.

A vote, ballot, answer, comment, follow, report or support is accepted only when the method's
page is published, not deleted, inside the Wagtail ``Site`` the request came to, and not in a
view-restricted (private) section the visitor may not see. Otherwise the answer is 404: the
method does not exist for this visitor, so nothing is told about it.

Two entry points share :func:`visible_page_id`:

- every page route of a method page (RoutablePage routes and a survey's own ``serve``) through
  the ``before_serve_page`` hook :func:`refuse_writes_to_hidden_methods`, registered before
  Wagtail's own view-restriction hook so a write to a private method is a 404, not a login form;
- the routes outside the page tree that start from the shared record (an embedded poll or an
  idea vote) through :func:`require_writable_record` / :func:`writable_page_for_record`.

Reads keep Wagtail's behaviour (a private page offers its login or password form).

The facts the guard needs (which pages a method has, whether they are live, where they sit,
whether a view restriction covers them, which tree a host name serves) are cached, because the
idea vote is the hottest write path and must stay one read and one write. Any change to a page,
a view restriction or a site starts a new cache generation (:func:`forget`); entries also
expire after :data:`FACTS_SECONDS`, which bounds staleness with a per-process cache.
"""

from __future__ import annotations

from django.apps import apps
from django.core.cache import cache
from django.http import Http404
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction, Site

from wagtail_participation import cache_generations

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
GENERATION_KEY = "wp:live-methods:generation"
FACTS_SECONDS = 60


def is_write(request) -> bool:
    return request.method not in SAFE_METHODS


def forget(**kwargs) -> None:
    """Signal receiver: a page, view restriction or site changed, so every cached fact is stale."""
    cache_generations.renew(GENERATION_KEY)


def _generation() -> str:
    return cache_generations.current(GENERATION_KEY)


def _cached(name: str, compute):
    key = f"wp:live-methods:{_generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FACTS_SECONDS)
    return value


def _site_root_paths(request) -> list[str]:
    """Tree paths of the request's site root in every language (wagtail-localize puts each
    translated home page next to the original, and Wagtail routes each language from there)."""

    def compute():
        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(Page.objects.filter(translation_key=site.root_page.translation_key).values_list("path", flat=True))

    return _cached(f"site:{request.get_host()}:{request.get_port()}", compute)


def _method_pages(translation_key) -> list[tuple]:
    """``(page id, path, live, language, restricted)`` for every translation of a method."""

    def compute():
        pages = list(
            Page.objects.filter(translation_key=translation_key).values_list(
                "pk", "path", "live", "locale__language_code"
            )
        )
        step = Page.steplen
        ancestors = {path[:end] for _, path, *_ in pages for end in range(step, len(path) + 1, step)}
        restricted = set(
            PageViewRestriction.objects.filter(page__path__in=ancestors).values_list("page__path", flat=True)
        )
        # An alias (the page or an ancestor) takes its source page's restrictions (Wagtail's
        # Page.get_view_restrictions): such a page counts as restricted, so it is always checked in full.
        restricted |= set(
            Page.objects.filter(path__in=ancestors, alias_of__isnull=False).values_list("path", flat=True)
        )
        return [
            (pk, path, live, language, any(path.startswith(prefix) for prefix in restricted))
            for pk, path, live, language in pages
        ]

    return _cached(f"pages:{translation_key}", compute)


def _visible(request, roots, fact) -> bool:
    pk, path, live, _language, restricted = fact
    if not live or not any(path.startswith(root) for root in roots):
        return False
    if not restricted:
        return True
    page = Page.objects.get(pk=pk)
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def visible_page_id(request, translation_key, page_id=None):
    """The id of a translation of the method that is live, in this site and visible to this
    visitor (``page_id`` itself when given), preferring the visitor's language; else None."""
    facts = _method_pages(translation_key)
    if page_id is not None:
        facts = [fact for fact in facts if fact[0] == page_id]
    language = get_language()
    roots = _site_root_paths(request)
    for fact in sorted(facts, key=lambda fact: fact[3] != language):
        if _visible(request, roots, fact):
            return fact[0]
    return None


def hidden_by_view_restriction(request, page) -> bool:
    """Is ``page`` in a private section (a view restriction on it or above it) that ``request``
    does not pass? Read from the same cached facts as the write checks, so a public page pays no
    query; without a request a private page counts as hidden."""
    for pk, _path, _live, _language, restricted in _method_pages(page.translation_key):
        if pk == page.pk:
            if not restricted:
                return False
            return request is None or not all(
                restriction.accept_request(request) for restriction in page.get_view_restrictions()
            )
    return False


def require_writable_record(request, record) -> int:
    """The id of the record's page a write may go to; 404 when the method is hidden here."""
    page_id = visible_page_id(request, record.translation_key)
    if page_id is None:
        raise Http404("No such participation method here.")
    return page_id


def writable_page_for_record(request, record):
    """The record's (specific) page a write may go to, in the visitor's language when possible."""
    return record_page(record, require_writable_record(request, record))


def page_language(record, page_id) -> str | None:
    """The language code of the record's page ``page_id``, from the cached facts (no query)."""
    return next((fact[3] for fact in _method_pages(record.translation_key) if fact[0] == page_id), None)


def record_page(record, page_id):
    """The record's page ``page_id`` as its specific class, in one query (the record names the
    class: no generic ``Page`` row is read first), with the record attached."""
    try:
        model = apps.get_model(record.page_model)
    except (LookupError, ValueError):  # an app since removed: the generic way
        model = None
    page = model.objects.get(pk=page_id) if model is not None else Page.objects.get(pk=page_id).specific
    page.__dict__["participation_record"] = record
    return page


def cached_record_page(record, page_id, prepare=None, key: str = ""):
    """:func:`record_page` kept with the cached facts (a new generation on any change to a page,
    so an edited page is read again), for a write route that needs what the page says (a poll's
    options) on every POST: ``prepare(page)`` reads it before the page is cached, ``key`` names
    what of the record it depended on. The record attached is the one given (its rules are the
    current ones)."""

    def compute():
        page = record_page(record, page_id)
        if prepare is not None:
            prepare(page)
        del page.__dict__["participation_record"]
        return page

    page = _cached(f"page:{page_id}:{key}", compute)
    page.__dict__["participation_record"] = record
    return page


def refuse_writes_to_hidden_methods(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: a write to a method page that is hidden here is a 404."""
    from wagtail_participation.models import ParticipationMethodPage

    if is_write(request) and isinstance(page, ParticipationMethodPage):
        if visible_page_id(request, page.translation_key, page.pk) is None:
            raise Http404("No such participation method here.")
        # Wagtail's own view-restriction hook runs next and would read the restrictions again
        # (two queries on every write): the cached facts just said there are none.
        page.known_unrestricted = not _restricted(page)


def _restricted(page) -> bool:
    return next((fact[4] for fact in _method_pages(page.translation_key) if fact[0] == page.pk), True)
