"""Hook points for the capability apps: themes, inclusion, notifications, maps, an API, search.

A capability app (one that works across methods, such as a themes analysis or a map of input)
imports only the core and reads these registries; it never imports a method app. Each method
app offers what it can through its manifest (``capabilities=(TextSource(...), ...)`` in
``manifest.build()``), and the core registers its own (comments, notification events, profile
counts) from its ``ready()``. Every hook is the same small shape: a dataclass, a registry, a getter.

=====================  ==========================  =================================================
hook                   dataclass                   what a capability app gets
=====================  ==========================  =================================================
themes                 :class:`TextSource`         ``iter_texts(records)``: ``(key, text, language)``
inclusion              :class:`ProfileSource`      ``count(records)``: participants per profile bucket;
                                                   and :func:`channel_counts` from the figures
notifications          :class:`NotificationEvent`  a Django signal to connect to, and its audience
maps                   :class:`LocatedSource`      ``items(records)``: :class:`LocatedItem` s
API                    :class:`ApiResource`        ``queryset(records)`` of public items, ``serialize``
search                 :class:`SearchFacet`        a filter field of a model's search index, its choices
similar texts          :class:`SimilarTextFinder`  ``find(text, contributions, scope, limit)``: the
                                                   contributions most like a draft, by meaning
=====================  ==========================  =================================================

``records`` is always an iterable of :class:`~wagtail_participation.models.MethodRecord` (the
methods of a project, say). Everything a hook hands out is what the public may see (visible
items only, public names only) unless its docstring says otherwise: capability apps publish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from wagtail_participation.registry import Registry

# -- themes: texts residents wrote -----------------------------------------------------------------


@dataclass(frozen=True)
class TextSource:
    """Texts residents wrote in some methods, for a themes analysis.

    ``iter_texts(records)`` yields ``(key, text, language)``: ``key`` is stable and unique across
    sources (``"idea:42"``), ``text`` plain text, ``language`` the code it was written in. Only
    visible items (moderation has not hidden them); read in chunks, as there may be many."""

    code: str
    label: str
    iter_texts: Callable[[Iterable], Iterable[tuple[str, str, str]]]
    order: int = 100


# -- inclusion: who took part, and how ---------------------------------------------------------------


@dataclass(frozen=True)
class ProfileSource:
    """Counts the participants of some methods by one trait, for an inclusion overview.

    ``count(records)`` returns ``{bucket: participants}``; ``bucket_labels`` names the buckets.
    Counts only: never who is in a bucket."""

    code: str
    label: str
    count: Callable[[Iterable], Mapping[str, int]]
    bucket_labels: Mapping[str, str] | None = None
    order: int = 100


def channel_counts(records) -> dict[str, dict[str, int]]:
    """How input came in, per kind ("contributions", "votes") and channel ("online", "paper"...):
    the figures every method already registers (:mod:`wagtail_participation.figures`)."""
    from wagtail_participation import figures

    found = figures.figures_for(records)
    return {kind: dict(per_channel) for kind, per_channel in found.by_channel.items()}


# -- notifications: events worth telling someone about ----------------------------------------------

PARTICIPANTS = "participants"
STAFF = "staff"


@dataclass(frozen=True)
class NotificationEvent:
    """Something residents or staff may be told about: a notifications app connects to ``signal``
    (see its documentation in :mod:`wagtail_participation.signals` for what it provides) and asks
    whom to tell. ``audience`` is :data:`PARTICIPANTS` (authors, followers) or :data:`STAFF`."""

    code: str
    label: str
    signal: object
    audience: str = PARTICIPANTS
    order: int = 100


# -- maps: items with a place ----------------------------------------------------------------------


@dataclass(frozen=True)
class LocatedItem:
    """One item with a place: an area (its translation key, the same in every language), a place in
    words, or coordinates where the method records them. At least one of them is set."""

    key: str
    title: str
    record_id: int
    area_key: str | None = None
    place: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class LocatedSource:
    """Items of some methods that have a place: ``items(records)`` yields :class:`LocatedItem` s
    (visible items only)."""

    code: str
    label: str
    items: Callable[[Iterable], Iterable[LocatedItem]]
    order: int = 100


# -- API: what the public may read -------------------------------------------------------------------


@dataclass(frozen=True)
class ApiResource:
    """Public, read-only items of some methods for an API: ``queryset(records)`` holds only what the
    public may see; ``serialize(item) -> dict`` gives JSON-able public fields only (the public name
    where the author chose to show it, never an account or address)."""

    code: str
    label: str
    queryset: Callable[[Iterable], object]
    serialize: Callable[[object], dict]
    order: int = 100


# -- search: facets over the search index -----------------------------------------------------------


@dataclass(frozen=True)
class SearchFacet:
    """A facet a search page can offer: ``field`` is a filter field of ``model``'s search index
    (``index.FilterField``); ``choices()`` returns its ``(value, label)`` pairs."""

    code: str
    label: str
    model: type
    field: str
    choices: Callable[[], list[tuple[str, str]]]
    order: int = 100


# -- similar texts: what a draft resembles ----------------------------------------------------------


@dataclass(frozen=True)
class SimilarFound:
    """A finder's answer: ``pairs``, up to ``limit`` ``(pk, score)`` best first, and ``unsearched``,
    the given contributions it had nothing to compare with (posted since its vectors were
    computed), for the method to rank its own way."""

    pairs: list[tuple[int, float]]
    unsearched: object


@dataclass(frozen=True)
class SimilarTextFinder:
    """Finds the contributions most like a draft a resident is typing (the "similar ideas" step).

    ``find(text, contributions, scope, limit)`` returns a :class:`SimilarFound` taken from
    ``contributions`` (a queryset of the contributions the resident may see); ``scope`` names that
    set for a cache (``"record:12"``). It returns ``None`` when it cannot answer (no model
    installed, nothing computed yet): the method then falls back to its own word overlap. The
    caller still filters the pairs through ``contributions``, so a finder answering from a cache
    never shows an item hidden since."""

    code: str
    label: str
    find: Callable[[str, object, str, int], SimilarFound | None]
    order: int = 100


_registries: dict[type, Registry] = {
    TextSource: Registry("text sources"),
    ProfileSource: Registry("profile sources"),
    NotificationEvent: Registry("notification events"),
    LocatedSource: Registry("located sources"),
    ApiResource: Registry("API resources"),
    SearchFacet: Registry("search facets"),
    SimilarTextFinder: Registry("similar text finders"),
}


def register(entry):
    """Register any of the hook dataclasses above in its registry (the manifest calls this)."""
    try:
        registry = _registries[type(entry)]
    except KeyError:
        raise TypeError(f"{entry!r} is not a capability hook ({', '.join(t.__name__ for t in _registries)})") from None
    return registry.register(entry)


def unregister(entry) -> None:
    _registries[type(entry)].unregister(entry.code)


def unregister_similar_text_finder(code: str) -> SimilarTextFinder | None:
    """Remove a finder (a site, or a test, that wants the methods' own word overlap); returns it."""
    return _registries[SimilarTextFinder].unregister(code)


def register_text_source(source: TextSource) -> TextSource:
    return register(source)


def register_profile_source(source: ProfileSource) -> ProfileSource:
    return register(source)


def register_notification_event(event: NotificationEvent) -> NotificationEvent:
    return register(event)


def register_located_source(source: LocatedSource) -> LocatedSource:
    return register(source)


def register_api_resource(resource: ApiResource) -> ApiResource:
    return register(resource)


def register_search_facet(facet: SearchFacet) -> SearchFacet:
    return register(facet)


def register_similar_text_finder(finder: SimilarTextFinder) -> SimilarTextFinder:
    return register(finder)


def text_sources() -> list[TextSource]:
    return _registries[TextSource].all()


def profile_sources() -> list[ProfileSource]:
    return _registries[ProfileSource].all()


def notification_events() -> list[NotificationEvent]:
    return _registries[NotificationEvent].all()


def located_sources() -> list[LocatedSource]:
    return _registries[LocatedSource].all()


def api_resources() -> list[ApiResource]:
    return _registries[ApiResource].all()


def search_facets() -> list[SearchFacet]:
    return _registries[SearchFacet].all()


def similar_text_finders() -> list[SimilarTextFinder]:
    return _registries[SimilarTextFinder].all()


def similar_contributions(text: str, contributions, scope: str, limit: int = 5) -> SimilarFound | None:
    """The first registered finder's answer for this draft (see :class:`SimilarTextFinder`), or
    ``None`` when no finder is installed or none could answer."""
    for finder in similar_text_finders():
        found = finder.find(text, contributions, scope, limit)
        if found is not None:
            return found
    return None


def texts(records) -> Iterable[tuple[str, str, str]]:
    """Every registered source's texts for these records, source after source."""
    records = list(records)
    for source in text_sources():
        yield from source.iter_texts(records)


def located_items(records) -> Iterable[LocatedItem]:
    """Every registered source's located items for these records."""
    records = list(records)
    for source in located_sources():
        yield from source.items(records)


# -- for methods whose items are contributions (ideas, citizen proposals) ------------------------------


def contribution_texts(contributions, kind: str) -> Iterable[tuple[str, str, str]]:
    """A :class:`TextSource`'s texts of these (visible) contributions: title and body, keyed
    ``"<kind>:<pk>"``."""
    rows = contributions.order_by("pk").values_list("pk", "title", "body", "language")
    for pk, title, body, language in rows.iterator(chunk_size=2000):
        yield f"{kind}:{pk}", f"{title}\n\n{body}", language


def located_contributions(contributions, kind: str, place: str = "") -> Iterable[LocatedItem]:
    """A :class:`LocatedSource`'s items for these (visible, located) contributions: their area, and
    the place in words where the model has a field for it (``place``)."""
    fields = ("pk", "title", "record_id", "area__translation_key", *([place] if place else []))
    for pk, title, record_id, area_key, *words in (
        contributions.order_by("pk").values_list(*fields).iterator(chunk_size=2000)
    ):
        area = str(area_key) if area_key else None
        yield LocatedItem(f"{kind}:{pk}", title, record_id, area_key=area, place=words[0] if words else "")


def contribution_fields(contribution) -> dict:
    """The public fields every contribution has, for an :class:`ApiResource`'s ``serialize``."""
    return {
        "id": contribution.pk,
        "method": contribution.record_id,
        "title": contribution.title,
        "body": contribution.body,
        "language": contribution.language,
        "author": contribution.public_author_name,
        "area": str(contribution.area.translation_key) if contribution.area_id else None,
    }


# -- what the core itself offers ---------------------------------------------------------------------


def comment_texts(records):
    """Visible comments on any kind of contribution."""
    from wagtail_participation.models import Comment, Visibility

    rows = (
        Comment.objects.filter(contribution__record__in=records, visibility=Visibility.VISIBLE, removed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "body", "language")
    )
    for pk, body, language in rows.iterator(chunk_size=2000):
        yield f"comment:{pk}", body, language


def participants_by_assurance(records) -> dict[str, int]:
    """The methods' online participants by how they are known: an anonymous browser token, an
    account, a declared or a verified resident (one query)."""
    from django.db.models import Case, Count, Value, When

    from wagtail_participation import figures
    from wagtail_participation.models import Participant, Verification

    ids = figures.participant_ids(list(records))
    if ids is None:
        return {}
    rows = (
        Participant.objects.filter(pk__in=ids)
        .annotate(
            bucket=Case(
                When(verification__level=Verification.VERIFIED, then=Value("verified")),
                When(verification__level=Verification.DECLARED, then=Value("declared")),
                When(user__isnull=False, then=Value("account")),
                default=Value("anonymous"),
            )
        )
        .order_by()
        .values_list("bucket")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def participants_by_area(records) -> dict[str, int]:
    """The methods' participants per area they verified or declared (the area's translation key),
    one query; participants without an area are not counted here."""
    from django.db.models import Count

    from wagtail_participation import figures
    from wagtail_participation.models import Verification

    ids = figures.participant_ids(list(records))
    if ids is None:
        return {}
    rows = (
        Verification.objects.filter(participant_id__in=ids, area__isnull=False)
        .order_by()
        .values_list("area__translation_key")
        .annotate(n=Count("participant_id", distinct=True))
    )
    return {str(key): n for key, n in rows}


def register_core_sources() -> None:
    """The core's own offers: comments as texts, participants' profiles, and its domain events."""
    from wagtail_participation import signals

    register(TextSource("comments", _("Comments"), comment_texts, order=50))
    register(
        ProfileSource(
            "assurance",
            _("How participants are known"),
            participants_by_assurance,
            bucket_labels={
                "anonymous": _("Anonymous (one per browser)"),
                "account": _("With an account"),
                "declared": _("Residents who declared their area"),
                "verified": _("Verified residents"),
            },
        )
    )
    register(ProfileSource("area", _("Participants per area"), participants_by_area))
    register(NotificationEvent("contribution_answered", _("The city answered"), signals.contribution_answered))
    register(NotificationEvent("snapshot_taken", _("Results were published"), signals.snapshot_taken))
    register(NotificationEvent("hidden_by_moderator", _("A moderator hid an item"), signals.hidden_by_moderator))
    register(NotificationEvent("review_answered", _("A review request was answered"), signals.review_answered))
    register(NotificationEvent("moderation_needed", _("An item needs a moderator"), signals.moderation_needed, STAFF))
    register(SearchFacet("status", _("Status"), _contribution_model(), "status", _status_choices))


def _contribution_model():
    from wagtail_participation.models import Contribution

    return Contribution


def _status_choices() -> list[tuple[str, str]]:
    from wagtail_participation import statuses

    return [(value, str(label)) for value, label in statuses.CHOICES]
