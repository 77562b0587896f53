"""The citizen writes of an idea board, one service each: vote on an idea, submit an idea.

Each takes the request's :class:`~wagtail_participation.writes.Actor`, the target and the cleaned
input, runs every check (live method, permission, abuse brake, per-person limit) and the write,
and returns a :class:`~wagtail_participation.writes.WriteOutcome` (docs/write-paths.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail_participation import clock, contributions, writes
from wagtail_participation.ideas.models import Idea, VotingMode
from wagtail_participation.models import Visibility
from wagtail_participation.phases import SUBMIT, VOTE
from wagtail_participation.signals import moderation_needed

VOTE_VALUES = {"up": 1, "down": -1}
VOTE_KIND_OFF, LIMIT_REACHED = "vote_kind_not_offered", "limit_reached"


def voting_mode(record) -> str:
    """The board's voting mode from the shared record (copied on publish), else from the page."""
    mode = record.rules.get("voting_mode")
    if mode is None:
        board = record.source_page()
        mode = board.voting_mode if board else VotingMode.NONE
    return mode


@dataclass(frozen=True)
class VoteResult:
    """What a vote request left: the page it belongs to, the participant (None for a refused
    first-time visitor), this person's vote afterwards (None when refused: unknown, not read) and
    the change in the counters."""

    page_id: int | None
    participant: object
    my_vote: int | None = None
    change: contributions.VoteChange = contributions.VoteChange()


def vote(actor: writes.Actor, idea: Idea, wanted: str, page_id: int | None = None) -> writes.WriteOutcome:
    """``wanted`` is what the person meant: ``up``, ``down``, ``withdraw-up`` or ``withdraw-down``
    (a double click repeats the same intent, so the second POST is a no-op, never a toggle back).
    ``idea`` has its record and counters loaded; the counters follow the change.
    ``page_id``: the board the request came through, if any."""
    record = idea.record
    page_id = actor.visible_page_id(record, page_id)
    if page_id is None:
        return writes.refused(writes.HIDDEN, status=404)
    value = VOTE_VALUES.get(wanted.removeprefix("withdraw-"))
    refusal = _vote_refusal(actor, record, value)
    if refusal:
        return dataclasses.replace(refusal, changed=VoteResult(page_id, actor.participant))
    # a token only once the person may act, made in the vote's own commit
    if wanted.startswith("withdraw-"):
        participant = actor.writing_participant()
        return writes.done(changed=VoteResult(page_id, participant, 0, contributions.withdraw_vote(idea, participant)))
    participant, change = writes.with_participant(actor, lambda p: (p, contributions.cast_vote(idea, p, value)))
    return writes.done(changed=VoteResult(page_id, participant, value, change))


def _vote_refusal(actor, record, value: int | None) -> writes.WriteOutcome | None:
    """Not a vote (400), the policy (403), a kind of vote the board does not take (403), the brake (429)."""
    if value is None:
        return writes.invalid(_("This is not a vote this board knows. Choose one of the vote buttons."))
    mode = voting_mode(record)
    kind_offered = mode != VotingMode.NONE and (value == 1 or mode == VotingMode.UP_DOWN)
    return (
        writes.not_permitted(actor.may(VOTE, record))
        or (
            None
            if kind_offered
            else writes.refused(VOTE_KIND_OFF, _("This kind of vote is not possible on this board."))
        )
        or writes.braked(actor, "vote")
    )


def submit_idea(actor: writes.Actor, board, form) -> writes.WriteOutcome:
    """Store the idea of a bound ``IdeaForm`` (validated here) on ``board``. ``changed`` is the
    idea; a refusal for invalid input leaves the errors on the form."""
    record = board.participation_record
    refusal = writes.hidden_method(actor, record, board.pk) or writes.not_permitted(actor.may(SUBMIT, board))
    if refusal:
        return refusal
    if form.is_spam():
        return writes.done(writes.SPAM, _("Thank you for your idea."))  # a bot learns nothing, nothing is stored
    if not form.is_valid():
        return writes.invalid()
    refusal = writes.braked(actor, "idea")
    if refusal:
        return refusal
    settings = board.board_settings()
    limit = settings.max_ideas_per_person
    participant = actor.writing_participant()
    idea = _store_idea(form, board, participant, limit, settings.premoderation)
    if idea is None:
        return writes.refused(
            LIMIT_REACHED, _("You have reached the limit of %(limit)s ideas on this board.") % {"limit": limit}, 400
        )
    if idea.visibility == Visibility.PRESCREENING:
        moderation_needed.send(sender=Idea, instance=idea, reason="waiting")
        return writes.done(
            message=_("Thank you. Your idea will appear once a moderator has approved it."), changed=idea
        )
    return writes.done(message=_("Thank you. Your idea has been published."), changed=idea)


def _store_idea(form, board, participant, limit: int, premoderated: bool):
    """Store the idea, or return None when ``participant`` already has ``limit`` ideas on the board
    (0: no limit). Counting and storing happen under the participant's row lock, so parallel posts
    of one person cannot all pass the count."""
    with transaction.atomic():
        if limit:
            contributions.lock_participant(participant)
            if Idea.objects.filter(record=board.participation_record, author=participant).count() >= limit:
                return None
        idea = form.save(commit=False)
        idea.record = board.participation_record
        idea.author = participant
        idea.language = get_language() or board.locale.language_code
        idea.created_at = clock.now()
        idea.visibility = Visibility.PRESCREENING if premoderated else Visibility.VISIBLE
        idea.save()
        form.save_m2m()
        form.save_public_name(participant)
        contributions.follow(idea, participant)
    return idea
