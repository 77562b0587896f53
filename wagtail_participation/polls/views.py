"""Citizen-facing views of polls and option analyses (routed from their pages, and the vote route
``wagtail_participation:vote_poll`` outside the page tree, so a poll embedded anywhere can post).

Every change is a POST with CSRF and one call of :mod:`wagtail_participation.polls.services`,
which runs every check on the server (docs/write-paths.md). On success the
person returns to where they voted (``next``); on an error they see the method page with their
choices kept, the errors, and a link back (architecture decision 1).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language

from wagtail_participation import identity, live_methods, writes
from wagtail_participation.phases import COMMENT, VOTE
from wagtail_participation.polls import services as polls
from wagtail_participation.polls.forms import OptionCommentForm, ballot_form
from wagtail_participation.polls.models import BallotMode, OptionAnalysisPage
from wagtail_participation.safe_redirects import safe_next

BALLOT_MODELS = ("participation_polls.pollpage", "participation_polls.optionanalysispage")


def vote_url(page) -> str:
    return reverse("wagtail_participation:vote_poll", args=(page.participation_record.pk,))


def anchor(page) -> str:
    return f"poll-{page.participation_record.pk}"


def ballot_state(request, page, form=None) -> dict:
    """Everything a poll form and its results need for this visitor (page or block)."""
    actor = writes.actor_for(request)
    participant = actor.participant
    record = page.participation_record
    decision = actor.may(VOTE, record)
    ballot = polls.own_ballot(record, participant)
    settings = page.ballot_settings()
    visible, staff_only, hidden_reason = polls.results_visibility(page, user=request.user, has_voted=ballot is not None)
    ranked = isinstance(page, OptionAnalysisPage) and settings.get("mode") == BallotMode.RANK
    return {
        "poll": page,
        "poll_anchor": anchor(page),
        # where the person returns after voting: the page they are on (a block's page, too)
        "next_url": request.get_full_path() + "#" + anchor(page),
        "vote_url": vote_url(page),
        "vote_decision": decision,
        "ballot": ballot,
        "can_change": ballot is None or bool(settings.get("allow_change")),
        "form": form or ballot_form(page, initial_ballot=ballot),
        "ranked": ranked,
        "results": page.get_results() if visible else None,
        "results_staff_only": staff_only,
        "results_hidden_reason": hidden_reason,
    }


def runoff_state(results) -> dict:
    """The instant-runoff rounds of an option analysis's results, labelled (page or block)."""
    runoff = results.specifics.runoff if results else None
    if not runoff:
        return {}
    labels = results.specifics.labels
    return {
        "irv_rounds": [
            {
                **asdict(round_),
                "rows": [(labels.get(code, code), votes) for code, votes in round_.counts.items()],
                "eliminated_label": labels.get(round_.eliminated, ""),
            }
            for round_ in runoff.rounds
        ],
        "irv_winner": labels.get(runoff.winner, ""),
    }


def method_page(request, page, form=None, comment_form=None, status=200, back_url="", next_url=""):
    context = page.get_context(request)
    context.update(ballot_state(request, page, form))
    context["back_url"] = back_url
    if next_url:  # an error page rendered at the vote URL: still return to where the person was
        context["next_url"] = next_url
    if isinstance(page, OptionAnalysisPage):
        actor = writes.actor_for(request)
        participant = actor.participant
        context["comment_decision"] = actor.may(COMMENT, page.participation_record)
        comments = polls.visible_option_comments(page.participation_record)
        bound_code = comment_form.data.get("option") if comment_form is not None else None
        context["option_cards"] = [
            {
                "option": option,
                "comments": comments.get(option.code, []),
                "comment_form": comment_form
                if option.code == bound_code
                else OptionCommentForm(
                    initial={"option": option.code},
                    auto_id=f"comment-{option.code}-%s",
                    participant=participant,
                ),
            }
            for option in page.localized_options()
        ]
        context.update(runoff_state(context.get("results")))
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    return identity.remember(request, response)


def _ballot_page(request, record_id):
    """The poll's (or option analysis's) page a ballot goes to, with its options; or 404. The
    record and the visitor's participant in one query; the page and its options from the
    live-method facts' cache (:func:`live_methods.cached_record_page`), read again when any page
    changes or the record's option codes do."""
    placeholders = ", ".join(["%s"] * len(BALLOT_MODELS))
    found = writes.read_record(
        request, where=f"r.id = %s AND r.page_model IN ({placeholders})", params=[record_id, *BALLOT_MODELS]
    )
    if found is None:
        raise Http404("No such poll.")
    record = found[0]
    page_id = live_methods.require_writable_record(request, record)
    codes = record.rules.get("options")
    key = hashlib.sha256(json.dumps(codes).encode()).hexdigest()[:16]
    return live_methods.cached_record_page(record, page_id, _read_options, key)


def _read_options(page):
    page.localized_options()
    page.__dict__.pop("_ballot_settings", None)  # from the record: worked out again from the current one


def submit_ballot(request, record_id):
    """POST a vote or a ranking. Routed outside the page tree, so blocks can post from anywhere."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = _ballot_page(request, record_id)
    back = safe_next(request, "")  # the page the person voted on (a block's page, too)
    form = ballot_form(page, request.POST)

    def refused(status):
        """The poll's page with the error and the choices kept, a link back, and a form that
        still returns to where the person came from."""
        page_url = page.get_url(request)
        back_url = back if back and back.split("#")[0] != page_url else ""
        return method_page(
            request, page, form=form, status=status, back_url=back_url, next_url=back or page_url + "#" + anchor(page)
        )

    valid = form.is_valid()  # also on a refusal: the page shows the choices kept
    outcome = polls.submit_ballot(
        writes.actor_for(request),
        page,
        form.ballot if valid else None,
        other_text=getattr(form, "other", ""),
        language=get_language() or page.locale.language_code,
    )
    writes.tell(request, outcome, form)
    if outcome.ok:
        # without ``next``: the page's address without the request's site (one query fewer)
        return identity.remember(request, redirect(back or page.url + "#" + anchor(page)))
    return refused(outcome.status)


def option_comment(request, page):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    actor = writes.actor_for(request)
    form = OptionCommentForm(request.POST, codes=page.option_codes(), participant=actor.participant)
    code = request.POST.get("option", "")
    form.auto_id = f"comment-{code}-%s" if code in page.option_codes() else "comment-%s"
    outcome = polls.comment_on_option(actor, page, form)
    writes.tell(request, outcome, form)
    if outcome.code == writes.SPAM:
        return redirect(page.get_url(request))
    if outcome.ok:
        return identity.remember(request, redirect(page.get_url(request) + f"#option-comment-{outcome.changed.pk}"))
    if outcome.status == 403:
        form.is_valid()  # show what was typed, with the reason above it
    elif outcome.status == 400 and "option" in form.errors:  # a forged option: no card to show the error on
        messages.error(request, form.errors["option"][0])
    return method_page(request, page, comment_form=form, status=outcome.status)
