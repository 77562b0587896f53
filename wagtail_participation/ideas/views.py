"""Citizen-facing views of an idea board (routed from :class:`IdeaBoardPage`).

Every change is a POST with CSRF and one call of :mod:`wagtail_participation.ideas.services`,
which runs every check on the server (templates only show the policy's reason; see
docs/write-paths.md). Without JavaScript each POST redirects back to where it came from; with
JavaScript the vote buttons post in place (``X-Requested-With``) and get JSON back.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.contrib import messages
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail_participation import capabilities, clock, conf, discussion, identity, live_methods, statuses, writes
from wagtail_participation.clean_input import filter_value
from wagtail_participation.compiled_queries import CompiledByIds
from wagtail_participation.deferred_pages import DeferredRows
from wagtail_participation.ideas import services
from wagtail_participation.ideas.engine.similarity import rank_similar
from wagtail_participation.ideas.forms import IdeaForm
from wagtail_participation.ideas.models import Idea, IdeaBoardGeneration, IdeaListing
from wagtail_participation.models import (
    Area,
    Contribution,
    ContributionVote,
    MethodRecord,
    Topic,
    Visibility,
)
from wagtail_participation.phases import SUBMIT
from wagtail_participation.raw_rows import from_db_values
from wagtail_participation.safe_redirects import safe_next
from wagtail_participation.templatetags.participation_tags import request_status_styles
from wagtail_participation.terms import active_locale_id, localized_term, term_index, terms_in_locale

SORTS = {
    # The id last: ideas with the same counters and moment keep one order from page to page.
    "trending": ("-trending", "-created_at", "-id"),
    "votes": ("-score", "-created_at", "-id"),
    "newest": ("-created_at", "-id"),
    "discussed": ("-comment_count", "-created_at", "-id"),
    "random": None,
}


def _visible_ideas(board):
    return Idea.objects.filter(record=board.participation_record, visibility=Visibility.VISIBLE)


def _own_votes(participant, ideas) -> dict[int, int]:
    if participant is None or not ideas:
        return {}
    return dict(
        ContributionVote.objects.filter(participant=participant, contribution__in=[i.pk for i in ideas]).values_list(
            "contribution_id", "value"
        )
    )


def _term_ids(model, slug: str) -> list[int]:
    """The ids of the terms (in every language) with ``slug``, from the cached term index: the
    filter then needs no join to the terms' table."""
    return [term.pk for term in term_index(model)["by_id"].values() if term.slug == slug]


#: The databases where triggers keep the idea listing rows and the boards' listing generations
#: (ideas migration 0003); MariaDB has no triggers here.
LISTING_ROWS_KEPT = ("sqlite", "postgresql")
#: A count per filter is kept while the board's generation is the same, at most this long.
COUNT_CACHE_SECONDS = 3600

#: The random order: one of two stored random keys, ascending or descending, chosen by the
#: visitor's session seed (a stable order per visitor, read from an index like the other orders).
RANDOM_ORDERS = (
    ("shuffle_a", "id"),
    ("-shuffle_a", "-id"),
    ("shuffle_b", "id"),
    ("-shuffle_b", "-id"),
)


def listing_order(sort: str, seed: int = 0) -> tuple[str, ...]:
    """The order of a listing: its sort's columns, or the random order of ``seed``."""
    return RANDOM_ORDERS[seed % len(RANDOM_ORDERS)] if sort == "random" else SORTS[sort]


def _facet_rows(record_id, topic_ids, area_ids, status, order):
    """The page's ids and count from the idea listing rows (``IdeaListing``: one range of an index
    per topic or area and order), or None where they cannot answer: MariaDB (no triggers keep
    them), a slug shared by terms of several languages (an idea could be listed twice)."""
    if connection.vendor not in LISTING_ROWS_KEPT:
        return None
    if topic_ids is not None:
        if len(topic_ids) != 1:
            return None
        facet, term = IdeaListing.TOPIC, topic_ids[0]
    elif len(area_ids) == 1:
        facet, term = IdeaListing.AREA, area_ids[0]
    else:
        return None
    rows = IdeaListing.objects.filter(record_id=record_id, facet=facet, term_id=term, visibility=Visibility.VISIBLE)
    if topic_ids is not None and area_ids is not None:
        rows = rows.filter(area_id__in=area_ids)
    if status in statuses.DEFAULTS:
        rows = rows.filter(status=status)
    order = tuple(f"{key[:-2]}idea_id" if key.lstrip("-") == "id" else key for key in order)
    return rows.order_by(*order).values_list("idea_id", flat=True), rows.count


def listing_keys(board, *, topic="", area="", status="", query="", sort="trending", seed=0):
    """The ids of the board's visible ideas, filtered and in the listing's order, and a function
    counting them. What :func:`board_index` pages through; the rows are read for one page at a
    time. By a topic or an area: from the idea listing rows (see :func:`_facet_rows`); else from
    the contributions table alone (its listing indexes cover this query), and the idea table only
    for an area."""
    record_id = board.participation_record.pk
    order = listing_order(sort, seed)
    topic_ids = _term_ids(Topic, topic) if topic else None
    area_ids = _term_ids(Area, area) if area else None
    if (topic or area) and not query:
        found = _facet_rows(record_id, topic_ids, area_ids, status, order)
        if found is not None:
            return found
    keys = Contribution.objects.filter(record_id=record_id, visibility=Visibility.VISIBLE)
    counted = keys
    if topic:
        # The page's ids: EXISTS per idea met in the order's index (a page stops early, no
        # DISTINCT); the count: IN the topic's links (read from their topic-first index), or with
        # an area, EXISTS per idea of the area (SQLite's planner otherwise starts from the links).
        links = Idea.topics.through.objects.filter(topic_id__in=topic_ids)
        linked = Exists(links.filter(idea_id=OuterRef("pk")))
        keys = keys.filter(linked)
        counted = counted.filter(linked if area else Q(pk__in=links.values("idea_id")))
    filters = {}
    if area:
        filters["idea__area_id__in"] = area_ids
    if status in statuses.DEFAULTS:
        filters["status"] = status
    if query:
        # Wagtail's search API (without fields=, see the stack notes' SQLite trap), then filter.
        hits = _visible_ideas(board).search(query, operator="or")[:500]
        filters["pk__in"] = [hit.pk for hit in hits]
    keys, counted = keys.filter(**filters), counted.filter(**filters)
    return keys.order_by(*order).values_list("pk", flat=True), counted.count


def _counted_once_per_generation(board, count, *key):
    """``count`` from the cache while the board's listing generation (``IdeaBoardGeneration``,
    bumped by triggers when an idea is added, hidden, moved or retagged, not on votes) is the same;
    one primary-key read instead of counting up to every idea of the board. MariaDB keeps no
    generation: it counts every time."""
    if connection.vendor not in LISTING_ROWS_KEPT:
        return count
    record_id = board.participation_record.pk

    def cached():
        generation = IdeaBoardGeneration.objects.filter(record_id=record_id).values_list("generation", flat=True)
        filters = hashlib.blake2b(repr(key).encode(), digest_size=12).hexdigest()
        cache_key = f"wp:idea-count:{record_id}:{next(iter(generation), 0)}:{filters}"
        cache = caches[conf.get("CARD_CACHE")]
        found = cache.get(cache_key)
        if found is None:
            found = count()
            cache.set(cache_key, found, COUNT_CACHE_SECONDS)
        return found

    return cached


_IDEA_COLUMNS = [field.attname for field in Idea._meta.concrete_fields]
_IDEAS = CompiledByIds(
    lambda ids: Idea.objects.filter(pk__in=ids, visibility=Visibility.VISIBLE).values_list(*_IDEA_COLUMNS)
)
_IDEA_LINKS = CompiledByIds(
    lambda ids: Idea.topics.through.objects.filter(idea_id__in=ids).values_list("idea_id", "topic_id")
)


def _ideas_by_id(ids):
    """A page's visible ideas of ``ids`` (a query compiled once: see
    :class:`~wagtail_participation.compiled_queries.CompiledByIds`)."""
    using = Idea.objects.db
    return [Idea.from_db(using, _IDEA_COLUMNS, row) for row in _IDEAS.rows(ids, using)]


def board_index(request, board):
    """The listing: sort, filter by topic/area/status, search, paginate (a deferred join: the page's
    ids from the listing indexes, then those ideas; see :mod:`wagtail_participation.deferred_pages`)."""
    params = request.GET
    topic, area, status = (filter_value(params, name) for name in ("topic", "area", "status"))
    query = filter_value(params, "q", 200)
    sort = filter_value(params, "sort") if filter_value(params, "sort") in SORTS else "trending"
    seed = request.session.setdefault("wp_random_seed", clock.now().microsecond % 9973 + 1) if sort == "random" else 0
    keys, count = listing_keys(board, topic=topic, area=area, status=status, query=query, sort=sort, seed=seed)
    if not query:
        count = _counted_once_per_generation(board, count, topic, area, status if status in statuses.DEFAULTS else "")
    paginator = Paginator(DeferredRows(keys, _ideas_by_id, count), board.ideas_per_page)
    page = paginator.get_page(filter_value(params, "page"))
    participant, decisions = board.visitor_decisions(request)
    context = board.get_context(request)
    context.update(
        {
            "page_obj": page,
            "ideas": decorate_ideas(list(page.object_list), participant, board, request, locale_id=board.locale_id),
            "sort": sort,
            "sorts": SORTS,
            "query": query,
            "selected": {"topic": topic, "area": area, "status": status},
            "topics": terms_in_locale(Topic, board.locale_id),
            "areas": terms_in_locale(Area, board.locale_id),
            "statuses": statuses.IDEA_STATUSES,
            "decisions": decisions,
            "voting_mode": board.board_settings().voting_mode,
            "total": page.paginator.count,
        }
    )
    return TemplateResponse(request, board.get_template(request), context)


def decorate_ideas(ideas, participant, board=None, request=None, locale_id=None):
    """Attach localized topics (in ``locale_id``'s language, default the active one), the
    visitor's own vote and the idea's URLs, in a fixed number of queries (URLs are built from one
    reversed pattern, not reversed per card)."""
    styles = request_status_styles(request)
    for idea in ideas:
        idea.status_style = styles.get(idea.status) or {"label": idea.status, "colour": "#4d5866"}
    if board is not None:
        idea_pattern = board.get_url(request) + board.reverse_subpage("idea", args=(_ANY_ID,))
        vote_pattern = reverse("wagtail_participation:vote_idea", args=(_ANY_ID,))
        for idea in ideas:
            idea.url = _with_id(idea_pattern, idea.pk)
            idea.vote_url = _with_id(vote_pattern, idea.pk)
    # Terms come from the cached index (terms.term_index): one light query for the links, none for
    # the topics and areas themselves or their translations.
    if locale_id is None:
        locale_id = active_locale_id()
    topic_ids = defaultdict(list)
    if all(hasattr(idea, "linked_topic_ids") for idea in ideas):  # read with the idea (_idea_or_404)
        links = [(idea.pk, topic_id) for idea in ideas for topic_id in idea.linked_topic_ids]
    else:
        links = _IDEA_LINKS.rows([idea.pk for idea in ideas], Idea.objects.db)
    for idea_id, topic_id in links:
        topic_ids[idea_id].append(topic_id)
    topics, areas = term_index(Topic), term_index(Area)
    own = _own_votes(participant, ideas)
    for idea in ideas:
        found = (localized_term(topics, topic_id, locale_id) for topic_id in topic_ids[idea.pk])
        idea.card_topics = sorted((topic for topic in found if topic is not None), key=lambda topic: topic.name)
        idea.card_area = localized_term(areas, idea.area_id, locale_id) if idea.area_id else None
        idea.my_vote = own.get(idea.pk, 0)
    return ideas


_ANY_ID = 918273645  # reversed once, then replaced by each idea's id


def _with_id(pattern: str, pk: int) -> str:
    """``pattern`` (a URL reversed with ``_ANY_ID``) for idea ``pk``: the id is the last such segment."""
    head, _, tail = pattern.rpartition(f"/{_ANY_ID}/")
    return f"{head}/{pk}/{tail}"


def embedded(request, board, sort: str, count: int) -> dict:
    """What an embedded board shows: its top ideas, the visitor's decisions, the counts."""
    participant, decisions = board.visitor_decisions(request)
    ideas = _visible_ideas(board).order_by(*SORTS.get(sort) or SORTS["trending"])
    return {
        "ideas": decorate_ideas(list(ideas[:count]), participant, board, request),
        "total": _visible_ideas(board).count(),
        "decisions": decisions,
        "voting_mode": board.board_settings().voting_mode,
    }


def _idea_or_404(board, idea_id, participant):
    """The idea as ``board.contribution_or_404`` finds it, with its topics' ids read in the same
    query (one row per topic): ``linked_topic_ids``, so :func:`decorate_ideas` reads no links."""
    rows = list(
        board.contribution_queryset()
        .filter(pk=idea_id, record=board.participation_record)
        .annotate(linked_topic=F("topics__id"))
    )
    if not rows:
        raise Http404
    idea = board.shown_or_404(rows[0], participant)
    idea.linked_topic_ids = [row.linked_topic for row in rows if row.linked_topic is not None]
    return idea


def idea_detail(request, board, idea_id, comment_form=None, status=200, report_form=None):
    participant, decisions = board.visitor_decisions(request)
    idea = _idea_or_404(board, idea_id, participant)
    context = board.get_context(request)
    context.update(
        discussion.context(
            idea,
            participant,
            comment_form,
            report_form,
            page_number=request.GET.get(discussion.COMMENTS_PAGE_PARAMETER),
        )
    )
    context.update(
        {
            "idea": decorate_ideas([idea], participant, board, request)[0],
            "decisions": decisions,
            "voting_mode": board.board_settings().voting_mode,
        }
    )
    return TemplateResponse(request, "wagtail_participation/ideas/idea_detail.html", context, status=status)


def submit(request, board):
    """GET: the form. POST "check": similar ideas first. POST "submit": validate and store."""
    participant, decisions = board.visitor_decisions(request)
    if request.method == "GET":
        form = IdeaForm(page=board, participant=participant)
    else:
        form = IdeaForm(request.POST, request.FILES, page=board, participant=participant)
    similar = []
    status = 200
    if request.method == "POST":
        if "check_similar" in request.POST and decisions[SUBMIT] and not form.is_spam():
            status, similar = _check_similar(request, board, form)
        else:
            outcome = services.submit_idea(writes.actor_for(request), board, form)
            writes.tell(request, outcome, form)
            if outcome.code == writes.SPAM:
                return redirect(board.url)
            if outcome.ok:
                return identity.remember(request, redirect(board.contribution_url(outcome.changed.pk)))
            status = outcome.status
    context = board.get_context(request)
    context.update({"form": form, "similar": similar, "decisions": decisions})
    return identity.remember(
        request, TemplateResponse(request, "wagtail_participation/ideas/idea_submit.html", context, status=status)
    )


def _check_similar(request, board, form) -> tuple[int, list]:
    """A read before the write: the ideas like the one typed so far, and the status to answer with."""
    form.is_valid()
    title, body = form.data.get("title", ""), form.data.get("body", "")
    braked = writes.actor_for(request).brake("similar", creates_participant=False)
    if not braked:
        form.add_error(None, braked.reason)
        return 429, []
    if len(title) > form.fields["title"].max_length or len(body) > form.fields["body"].max_length:
        return 400, []  # the form says which text is too long; ranking a huge text costs seconds
    similar = similar_ideas(board, title, body)
    if not similar:
        messages.info(request, _("No similar ideas found. You can submit yours."))
    return 200, similar


SIMILAR_SHOWN = 5
# Ideas a finder has no vector for yet (posted since they were computed), ranked by shared words.
UNSEARCHED_RANKED = 200


def similar_ideas(board, title: str, body: str = ""):
    """The board's visible ideas most like a draft: by meaning where a capability app offers it
    (``capabilities.similar_contributions``, the insights app: across languages), completed by the
    ideas it has not computed yet ranked by shared words; else by shared words among the search
    backend's hits."""
    text = f"{title} {body}".strip()
    if len(text) < 4:
        return []
    visible = _visible_ideas(board)
    found = capabilities.similar_contributions(
        f"{title}\n\n{body}".strip(), visible, f"record:{board.participation_record.pk}", SIMILAR_SHOWN
    )
    if found is None:
        candidates = list(visible.search(title or body, operator="or")[:50])
    else:
        candidates = list(found.unsearched.order_by("-created_at")[:UNSEARCHED_RANKED])
    ranked = rank_similar(text, [(idea, f"{idea.title} {idea.body}") for idea in candidates], limit=SIMILAR_SHOWN)
    by_words = [idea for idea, _score in ranked]
    if found is None or not found.pairs:
        return by_words
    # Through the visible ideas again: a finder's cached vectors may include an idea hidden since.
    by_meaning = visible.in_bulk([pk for pk, _score in found.pairs])
    similar = [by_meaning[pk] for pk, _score in found.pairs if pk in by_meaning]
    similar += [idea for idea in by_words if idea.pk not in by_meaning]
    return similar[:SIMILAR_SHOWN]


def vote(request, idea_id, board=None):
    """POST ``value=up|down|withdraw-up|withdraw-down``. Routed outside the page tree too
    (``wagtail_participation:vote_idea``): a vote needs the idea and its record, not the page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    idea = _idea_to_vote_on(request, idea_id, board)  # also finds the anonymous visitor's participant
    outcome = services.vote(writes.actor_for(request), idea, request.POST.get("value", "up"), board and board.pk)
    if outcome.status == 404:
        raise Http404("No such participation method here.")
    result = outcome.changed
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        my_vote = result.my_vote
        if my_vote is None:
            my_vote = _own_votes(result.participant, [idea]).get(idea.pk, 0)
        response = JsonResponse(
            {
                "ok": outcome.ok,
                "message": outcome.message,
                "score": idea.score,
                "up": idea.up_votes,
                "down": idea.down_votes,
                "my_vote": my_vote,
            },
            status=outcome.status,
        )
    else:
        if not outcome.ok:
            messages.error(request, outcome.message)
        next_url = "" if outcome.status == 400 else safe_next(request, "")
        if not next_url:  # the board is read only when its address is needed (the card sends ``next``)
            board = board or live_methods.record_page(idea.record, result.page_id)
        if outcome.status == 400:  # not a vote at all: the idea's page with the message, and the status
            return identity.remember(request, idea_detail(request, board, idea.pk, status=400))
        next_url = next_url or board.contribution_url(idea.pk)
        response = HttpResponseRedirect(next_url)  # a URL already: redirect() would try reverse() first
    return identity.remember(request, response)


def _idea_to_vote_on(request, idea_id, board=None) -> Idea:
    """The visible idea (on ``board`` if given) with its record and counters, and the anonymous
    visitor's participant, in one query; or 404.

    The counters are read here: the answer shows them plus this person's vote. Raw SQL because
    the vote is the hottest write path, and building this join through the ORM costs several
    times more than running it, as does every further round trip (bench/ideas.py).
    """
    quote = connection.ops.quote_name
    record_fields = MethodRecord._meta.concrete_fields
    select = ", ".join(f"r.{quote(field.column)}" for field in record_fields)
    select += ", c.visibility, c.up_votes, c.down_votes, c.score"
    joins, params = "", []
    token = identity.anonymous_token(request)
    token_value = identity.token_db_value(token) if token else None
    if token_value is not None:
        columns, joins, params = identity.participant_columns(token_value)
        select += ", " + columns
    sql = (
        f"SELECT {select} FROM {quote(MethodRecord._meta.db_table)} r "
        f"JOIN {quote(Contribution._meta.db_table)} c ON c.record_id = r.id "
        f"JOIN {quote(Idea._meta.db_table)} i ON i.contribution_ptr_id = c.id {joins} "
        "WHERE c.id = %s AND c.visibility = %s"
    )
    params += [idea_id, Visibility.VISIBLE]
    if board is not None:  # through a board's own route: the idea must be on that board
        sql += " AND r.id = %s"
        params.append(board.participation_record.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise Http404("No visible idea with this id.")
    count = len(record_fields)
    record = MethodRecord.from_db(connection.alias, None, from_db_values(MethodRecord, row[:count]))
    visibility, up_votes, down_votes, score, *participant = row[count:]
    if token_value is not None:
        identity.adopt_participant(request, token, *participant)
    known = {
        "id": idea_id,
        "contribution_ptr_id": idea_id,
        "record_id": record.pk,
        "visibility": visibility,
        "up_votes": up_votes,
        "down_votes": down_votes,
        "score": score,
    }
    # from_db takes the loaded values in the model's field order; the other fields stay deferred
    names = [f.attname for f in Idea._meta.concrete_fields if f.attname in known]
    idea = Idea.from_db(connection.alias, names, [known[name] for name in names])
    Idea.record.field.set_cached_value(idea, record)
    return idea
