"""Citizen-facing views of citizen proposals (routed from :class:`ProposalsPage`).

Every change is a POST with CSRF; ``permissions.can`` decides the page-level question (level,
area, the page's own dates) and the engine the proposal-level one (its state, own proposal,
already supported). Templates only show the reasons.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail_participation import (
    clock,
    contributions,
    discussion,
    identity,
    live_methods,
    permissions,
    ratelimit,
    writes,
)
from wagtail_participation.clean_input import filter_value
from wagtail_participation.compiled_queries import CompiledByIds
from wagtail_participation.models import Area, Topic, Visibility
from wagtail_participation.phases import SUBMIT, SUPPORT
from wagtail_participation.proposals import listing as listing_rows
from wagtail_participation.proposals import services as proposals
from wagtail_participation.proposals.engine import thresholds as th
from wagtail_participation.proposals.forms import ProposalForm
from wagtail_participation.proposals.models import STATE_LABELS, Proposal, ProposalSupport, state_filter
from wagtail_participation.safe_redirects import safe_next
from wagtail_participation.terms import active_locale_id, localize_terms, localized_term, term_index, terms_in_locale

SORTS = ("supports", "newest", "ending")
LISTED_STATES = [
    th.State.PUBLISHED,
    th.State.THRESHOLD_REACHED,
    th.State.ANSWERED,
    th.State.EXPIRED,
    th.State.INELIGIBLE,
]


def _listed(page):
    return Proposal.objects.filter(
        record=page.participation_record, visibility=Visibility.VISIBLE, published_at__isnull=False
    )


def decorate(proposals_list, page, request, participant=None, now=None):
    """Status, URLs, localized terms and the visitor's own support, in a fixed number of queries."""
    now = now or clock.now()
    base = page.get_url(request)
    # Listing cards (ListedProposal) come with their terms; a proposal model instance gets them here.
    plain = [p for p in proposals_list if not isinstance(p, ListedProposal)]
    localized = iter(localize_terms(t for p in plain for t in (*p.topics.all(), *([p.area] if p.area else []))))
    mine = set()
    if participant is not None and proposals_list:
        mine = set(
            ProposalSupport.objects.filter(
                participant=participant,
                proposal__in=[p.pk for p in proposals_list],
                removed_at__isnull=True,
            ).values_list("proposal_id", flat=True)
        )
    # Reversed once, then each proposal's id put in (a listing has 24: reversing costs more than its queries).
    detail_pattern = base + page.reverse_subpage("proposal", args=(_ANY_ID,))
    support_pattern = reverse("wagtail_participation:support_proposal", args=(_ANY_ID,))
    for proposal in proposals_list:
        proposal.st = proposal.status_at(now)
        proposal.state_label = STATE_LABELS[proposal.st.state]
        proposal.url = _with_id(detail_pattern, proposal.pk)
        proposal.support_url = _with_id(support_pattern, proposal.pk)
        if not isinstance(proposal, ListedProposal):
            proposal.card_topics = [next(localized) for _ in proposal.topics.all()]
            proposal.card_area = next(localized) if proposal.area else None
        proposal.i_support = proposal.pk in mine
        proposal.percent = round(proposal.st.progress * 100)
    return proposals_list


# What a listing card and its computed status read (the card templates, decorate, Proposal.status_at).
CARD_COLUMNS = (
    "pk",
    "title",
    "body",
    "language",
    "area_id",
    "submitted_at",
    "published_at",
    "window_ends_at",
    "threshold",
    "window_days",
    "answer_days",
    "count_offline",
    "supports_after_threshold",
    "withdrawal_allowed",
    "counting_area_key",
    "support_count",
    "area_support_count",
    "offline_count",
    "counted",
    "threshold_reached_at",
    "answer_deadline",
    "outcome",
    "decided_at",
    "ineligible_at",
)


class ListedProposal:
    """A listing card's proposal: its :data:`CARD_COLUMNS` and the model's status methods, without
    building 24 model instances with their areas and topics per page (that cost more than the page's
    queries). Topics and the area come from the cached term index, localized."""

    facts = Proposal.facts
    rules = Proposal.rules
    online_counted = Proposal.online_counted
    status_at = Proposal.status_at

    def __init__(self, values: dict):
        self.__dict__.update(values)


_CARDS = CompiledByIds(lambda ids: Proposal.objects.filter(pk__in=ids).values(*CARD_COLUMNS))
_CARD_LINKS = CompiledByIds(
    lambda ids: Proposal.topics.through.objects.filter(proposal_id__in=ids).values_list("proposal_id", "topic_id")
)


def _by_id(ids):
    """The listing's cards of ``ids``: one query for their columns, one for their topic links (both
    compiled once, see :class:`~wagtail_participation.compiled_queries.CompiledByIds`)."""
    using = Proposal.objects.db
    names = _CARDS.names(using)
    found = [ListedProposal(dict(zip(names, row))) for row in _CARDS.rows(ids, using)]
    links = _CARD_LINKS.rows(ids, using)
    topic_ids = defaultdict(list)
    for proposal_id, topic_id in links:
        topic_ids[proposal_id].append(topic_id)
    topics, areas, locale_id = term_index(Topic), term_index(Area), active_locale_id()
    for proposal in found:
        localized = (localized_term(topics, topic_id, locale_id) for topic_id in topic_ids[proposal.pk])
        proposal.card_topics = sorted((topic for topic in localized if topic is not None), key=lambda t: t.name)
        proposal.card_area = localized_term(areas, proposal.area_id, locale_id) if proposal.area_id else None
    return found


_ANY_ID = 918273645  # reversed once, then replaced by each proposal's id


def _with_id(pattern: str, pk: int) -> str:
    """``pattern`` (a URL reversed with ``_ANY_ID``) for proposal ``pk``."""
    head, _, tail = pattern.rpartition(f"/{_ANY_ID}/")
    return f"{head}/{pk}/{tail}"


def listing(request, page):
    """Filter by state, topic and area; sort by supports, newest or ending soon; paginate (a
    deferred join: the page's ids from the listing indexes, then those proposals: proposals/listing.py)."""
    params, now = request.GET, clock.now()
    state, topic, area = (filter_value(params, name) for name in ("state", "topic", "area"))
    if state not in {s.value for s in LISTED_STATES}:
        state = ""
    sort = filter_value(params, "sort") if filter_value(params, "sort") in SORTS else "supports"
    rows = listing_rows.rows(
        page.participation_record.pk, _by_id, state=state, topic=topic, area=area, sort=sort, now=now
    )
    paginator = Paginator(rows, page.proposals_per_page)
    page_obj = paginator.get_page(filter_value(params, "page"))
    participant, decisions = page.visitor_decisions(request)
    mine = []
    if participant is not None:  # the visitor's own drafts and proposals waiting for approval
        mine = list(
            Proposal.objects.filter(record=page.participation_record, author=participant, published_at__isnull=True)
            .exclude(visibility=Visibility.HIDDEN)
            .order_by("-created_at")[:20]
        )
        for proposal in mine:
            proposal.url = page.contribution_url(proposal.pk)
            proposal.is_draft = proposal.submitted_at is None
    context = page.get_context(request)
    context.update(
        {
            "my_unpublished": mine,
            "page_obj": page_obj,
            "proposals": decorate(list(page_obj.object_list), page, request, participant, now),
            "sort": sort,
            "selected": {"state": state, "topic": topic, "area": area},
            "states": [(s.value, STATE_LABELS[s]) for s in LISTED_STATES],
            "topics": terms_in_locale(Topic, page.locale_id),
            "areas": terms_in_locale(Area, page.locale_id),
            "decisions": decisions,
            "rules": page.page_rules(),
            "total": paginator.count,
            "settings_page": page.board_settings(),
            "area_thresholds": _area_thresholds(page),
        }
    )
    return TemplateResponse(request, page.get_template(request), context)


def _area_thresholds(page) -> list[tuple[str, int]]:
    """The per-area thresholds new proposals get, as (area name in the visitor's language,
    threshold): from the shared record's rules and the cached term index, without a query."""
    stored = (page.participation_record.rules or {}).get("area_thresholds") or {}
    if not stored:
        return []
    index, locale_id = term_index(Area), active_locale_id()
    source = {str(term.translation_key): term for term in index["by_id"].values()}
    found = []
    for key, threshold in stored.items():
        if key in source:
            found.append((localized_term(index, source[key].pk, locale_id).name, threshold))
    return found


def embedded(request, page, sort: str, count: int) -> dict:
    """What the embedded proposals show (proposals.blocks.render_live): the latest or most supported proposals still collecting."""
    participant, decisions = page.visitor_decisions(request)
    items = _listed(page).filter(
        state_filter(th.State.PUBLISHED, clock.now()) | state_filter(th.State.THRESHOLD_REACHED, clock.now())
    )
    items = items.select_related("area").prefetch_related("topics")
    items = (
        items.order_by("-published_at", "-pk")
        if sort == "newest"
        else items.order_by("-counted", "-published_at", "-pk")
    )
    return {
        "proposals": decorate(list(items[:count]), page, request, participant),
        "decisions": decisions,
        "rules": page.page_rules(),
    }


def detail(request, page, proposal_id, comment_form=None, status=200, report_form=None):
    participant, decisions = page.visitor_decisions(request)
    proposal = page.contribution_or_404(proposal_id, participant)
    now = clock.now()
    decorate([proposal], page, request, participant, now)
    discussed = discussion.context(
        proposal, participant, comment_form, report_form, now, request.GET.get(discussion.COMMENTS_PAGE_PARAMETER)
    )
    offline = list(proposal.offline_signatures.all())
    channels: dict[str, int] = {}
    for entry in offline:
        channels[entry.get_channel_display()] = channels.get(entry.get_channel_display(), 0) + entry.count
    support_refusal = th.support_refusal(
        proposal.st,
        proposal.rules(),
        is_author=bool(participant and proposal.author_id == participant.pk),
        already=proposal.i_support,
        own_allowed=proposal.author_may_support,
    )
    withdraw_refusal = th.withdrawal_refusal(proposal.st, proposal.rules(), has_support=proposal.i_support)
    context = page.get_context(request)
    context.update(discussed)
    context.update(
        {
            "proposal": proposal,
            "is_author": bool(participant and proposal.author_id == participant.pk),
            "history": _history(proposal),
            "offline_by_channel": sorted(channels.items()),
            "decisions": decisions,
            "can_support": decisions[SUPPORT].allowed and support_refusal == th.SUPPORT_OK,
            # Why there is no button: the page-level reason (log in, verify...) while supports are
            # collected, else the proposal's own (expired, own proposal...).
            "show_support_decision": not decisions[SUPPORT].allowed and support_refusal == th.SUPPORT_OK,
            # The window ends at midnight after its last day: people read the last day.
            "last_day": clock.local(proposal.window_ends_at - timedelta(microseconds=1))
            if proposal.window_ends_at
            else None,
            "support_reason": ""
            if support_refusal in (th.SUPPORT_OK, "already_supported")
            else proposals.refusal_message(support_refusal),
            "can_withdraw": withdraw_refusal == th.SUPPORT_OK,
            "state_labels": {state.value: label for state, label in STATE_LABELS.items()},
            "now": now,
        }
    )
    return TemplateResponse(request, "wagtail_participation/proposals/proposal_detail.html", context, status=status)


def _history(proposal) -> list[dict]:
    """The public history in time order: publication, corrections, threshold, decision."""
    events = [{"kind": "published", "at": proposal.published_at}] if proposal.published_at else []
    events += [{"kind": "correction", "at": c.created_at, "correction": c} for c in proposal.corrections.all()]
    if proposal.threshold_reached_at:
        events.append({"kind": "reached", "at": proposal.threshold_reached_at})
    if proposal.decided_at:
        events.append({"kind": "decided", "at": proposal.decided_at})
    if proposal.ineligible_at:
        events.append({"kind": "ineligible", "at": proposal.ineligible_at})
    return sorted(events, key=lambda event: event["at"])


def submit(request, page):
    """GET: the form. POST ``draft``: keep it for later (only the author sees it). POST ``submit``."""
    return _edit(request, page, None)


def edit_draft(request, page, proposal_id):
    participant = identity.participant_for(request)
    proposal = get_object_or_404(Proposal, pk=proposal_id, record=page.participation_record)
    if participant is None or proposal.author_id != participant.pk or proposal.submitted_at is not None:
        raise Http404  # a forged id never reveals someone else's draft
    return _edit(request, page, proposal)


def _edit(request, page, draft):
    participant, decisions = page.visitor_decisions(request)
    status = 200
    if request.method == "GET":
        form = ProposalForm(instance=draft, page=page, participant=participant)
    else:
        form = ProposalForm(request.POST, instance=draft, page=page, participant=participant)
        decision = permissions.can(participant, SUBMIT, page)
        if not decision:
            messages.error(request, decision.reason)
            status = 403
        elif form.is_spam():
            messages.success(request, _("Thank you for your proposal."))
            return redirect(page.url)
        elif form.is_valid():
            braked = ratelimit.attempt(request, "proposal") if draft is None else ratelimit.ALLOWED
            if not braked:
                form.add_error(None, braked.reason)
                status = 429
            else:
                final = "draft" not in request.POST
                proposal = _store(form, page, identity.participant_for(request, create=True), draft, final)
                if not final:
                    messages.success(request, _("Your draft is saved. Only you can see it until you submit it."))
                elif proposal.published_at:
                    messages.success(request, _("Thank you. Your proposal is published: the count starts today."))
                else:
                    messages.success(
                        request, _("Thank you. Your proposal will be published once a moderator has approved it.")
                    )
                return identity.remember(request, redirect(page.contribution_url(proposal.pk)))
        else:
            status = 400
    context = page.get_context(request)
    context.update({"form": form, "decisions": decisions, "draft": draft, "rules": page.page_rules()})
    return identity.remember(
        request,
        TemplateResponse(request, "wagtail_participation/proposals/proposal_submit.html", context, status=status),
    )


def _store(form, page, participant, draft, final):
    from django.db import transaction

    with transaction.atomic():
        proposal = form.save(commit=False)
        if draft is None:
            proposal.record = page.participation_record
            proposal.author = participant
            proposal.created_at = clock.now()
            proposal.visibility = Visibility.PRESCREENING
        proposal.language = get_language() or page.locale.language_code
        proposal.save()
        form.save_m2m()
        form.save_public_name(participant)
        if draft is None:
            contributions.follow(proposal, participant)
        if final:
            proposals.submit_proposal(proposal, page)
    return proposal


def support(request, page, proposal_id):
    """POST ``action=support`` or ``action=withdraw`` through the page's own route (kept for forms
    rendered before the route outside the page tree, :func:`support_proposal`, existed)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    proposal = page.contribution_or_404(proposal_id)
    back = safe_next(request, page.contribution_url(proposal.pk))
    service = proposals.withdraw_support if request.POST.get("action") == "withdraw" else proposals.support_proposal
    return _told(request, service(writes.actor_for(request), page, proposal), back)


def support_proposal(request, proposal_id):
    """POST ``action=support`` or ``action=withdraw``, outside the page tree
    (``wagtail_participation:support_proposal``): the proposal, its record and the visitor's
    participant in one query, the live-method guard deciding visibility (404); back to ``next``
    (the proposal's page, which the form sends), else to the proposal's page, read for its address."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = writes.read_contribution(request, Proposal, proposal_id)
    if found is None or not found[0].is_public:
        raise Http404("No such proposal here.")
    proposal = found[0]
    actor = writes.actor_for(request)
    page_id = actor.visible_page_id(proposal.record)
    if page_id is None:
        raise Http404("No such participation method here.")
    service = proposals.withdraw_support if request.POST.get("action") == "withdraw" else proposals.support_proposal
    outcome = service(actor, proposal.record, proposal, page_id)
    back = safe_next(request, "")
    if not back:
        back = live_methods.record_page(proposal.record, page_id).contribution_url(proposal.pk)
    return _told(request, outcome, back)


def _told(request, outcome, back):
    if outcome.code == "already_supported":
        messages.info(request, outcome.message)  # a double click: nothing was counted twice
    else:
        writes.tell(request, outcome)
    return identity.remember(request, redirect(back))
