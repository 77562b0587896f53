"""Moderation of contributions and comments, and the numbers of a board's dashboard.

Every change of visibility is one function here, done under a row lock and written to Wagtail's
audit log (so an idea's history in the admin shows who hid it and why). Admin views and bulk
actions only call these functions.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

from wagtail_participation import clock
from wagtail_participation.models import Comment, Contribution, HideGround, Participant, Report, Visibility
from wagtail_participation.signals import hidden_by_moderator

APPROVE = "wagtail_participation.approve"
HIDE = "wagtail_participation.hide"
RESTORE = "wagtail_participation.restore"
ANSWER = "wagtail_participation.answer"
ENTER_OFFLINE = "wagtail_participation.enter_offline"
REVIEW_REQUESTED = "wagtail_participation.review_requested"
REVIEW_UPHELD = "wagtail_participation.review_upheld"
REVIEW_RESTORED = "wagtail_participation.review_restored"
RESET_NAME = "wagtail_participation.reset_name"


def _reports_of(target):
    if isinstance(target, Comment):
        return Report.objects.filter(comment_id=target.pk)
    return Report.objects.filter(contribution_id=target.pk)


def _forget_drawn(target) -> None:
    """A comment's visibility changed by an UPDATE (no signal): its discussion's kept drawings go."""
    from wagtail_participation.discussion import forget

    if isinstance(target, Comment):
        forget(target.contribution_id)


def _set_visibility(
    target, visibility: str, action: str, user, allowed_from, ground: str = "", reason: str = ""
) -> bool:
    """Move ``target`` to ``visibility`` if it is in one of ``allowed_from``; its open reports are handled.

    ``ground`` and ``reason`` are the statement of reasons of a hide (empty otherwise)."""
    model = type(target)
    hidden_at = clock.now() if visibility == Visibility.HIDDEN else None
    with transaction.atomic():
        locked = model._default_manager.select_for_update().filter(pk=target.pk).first()
        if locked is None or locked.visibility not in allowed_from:
            return False
        before = locked.visibility
        model._default_manager.filter(pk=target.pk).update(
            visibility=visibility,
            hidden_reason=reason,
            hidden_ground=ground,
            hidden_at=hidden_at,
        )
        _forget_drawn(target)
        # A moderator has looked at it: old reports must not count towards a new automatic hide.
        _reports_of(target).filter(handled=False).update(handled=True)
        log(
            instance=locked,
            action=action,
            user=user,
            data={"before": before, "after": visibility, "ground": ground, "reason": reason},
        )
        if visibility == Visibility.HIDDEN:
            transaction.on_commit(lambda: hidden_by_moderator.send(sender=model, instance=locked))
    target.visibility, target.hidden_reason, target.hidden_ground, target.hidden_at = (
        visibility,
        reason,
        ground,
        hidden_at,
    )
    return True


def approve(target, user=None) -> bool:
    """Make a contribution or comment visible (after pre-moderation, a hide, or unfounded reports)."""
    return _set_visibility(target, Visibility.VISIBLE, APPROVE, user, set(Visibility.values))


def hide(target, ground: str, explanation: str = "", user=None) -> bool:
    """Hide a contribution or comment with a statement of reasons: ``ground`` (a :class:`HideGround`,
    required) and an optional ``explanation``. The author is told both, by e-mail and on the item."""
    if ground not in HideGround.values:
        raise ValueError("hiding needs one of the grounds in HideGround")
    explanation = (explanation or "").strip()
    return _set_visibility(target, Visibility.HIDDEN, HIDE, user, set(Visibility.values), ground, explanation)


def restore(target, user=None) -> bool:
    """Undo a hide (by a moderator or by reports). Returns False if it was not hidden."""
    return _set_visibility(target, Visibility.VISIBLE, RESTORE, user, {Visibility.HIDDEN})


def reset_public_name(target, reason: str, user=None) -> bool:
    """Remove the public name of ``target``'s author (a contribution or comment), everywhere it is
    shown; they are "a resident" until they choose another. Their open reports about names are
    handled, and the reset is written to ``target``'s history with the name and the reason (the
    reason is also shown to the person). Returns False if the author had no public name."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("resetting a name needs a reason the person can read")
    with transaction.atomic():
        author = Participant.objects.select_for_update().filter(pk=target.author_id).exclude(display_name="").first()
        if author is None:
            return False
        Participant.objects.filter(pk=author.pk).update(display_name="", display_name_reset_reason=reason)
        from wagtail_participation.discussion import forget

        forget()  # the name is gone from every discussion at once
        Report.objects.filter(
            Q(contribution__author=author) | Q(comment__author=author), about=Report.About.NAME, handled=False
        ).update(handled=True)
        log(instance=target, action=RESET_NAME, user=user, data={"name": author.display_name, "reason": reason})
    if target.author is not None:
        target.author.display_name, target.author.display_name_reset_reason = "", reason
    return True


def reset_public_names(targets, reason: str, user=None) -> int:
    return sum(reset_public_name(target, reason, user) for target in targets)


def approve_many(targets, user=None) -> int:
    """:func:`approve` each target; returns how many changed."""
    return sum(approve(target, user) for target in targets)


def hide_many(targets, ground: str, explanation: str = "", user=None) -> int:
    return sum(hide(target, ground, explanation, user) for target in targets)


def restore_many(targets, user=None) -> int:
    return sum(restore(target, user) for target in targets)


def log_official_update(update, user, on=None) -> None:
    """Audit an official answer on the contribution's history: ``on`` the contribution as its own
    model where the method keeps its history there (ideas), else on the shared contribution row."""
    log(
        instance=on if on is not None else update.contribution,
        action=ANSWER,
        user=user,
        data={
            "department": str(update.department),
            "status_before": update.status_before,
            "status_after": update.status_after,
        },
    )


def log_offline_entry(idea, user) -> None:
    """Offline input has no online participant: who typed it in is on record (architecture decision 5)."""
    log(instance=idea, action=ENTER_OFFLINE, user=user, data={"channel": idea.channel, "event": idea.channel_event})


# -- dashboard ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardDashboard:
    """A board's answer record, over the ideas residents can see."""

    total: int
    answered: int
    response_rate: float | None  # answered / total, None without ideas
    median_days_to_answer: float | None  # None until something is answered
    waiting_for_moderation: int
    reported: int  # ideas with reports no moderator has handled yet
    unanswered: list = field(default_factory=list)  # visible ideas without an answer, oldest first


def board_dashboard(record, model=Contribution) -> BoardDashboard:
    """The numbers staff watch per board: what still waits for an answer and how fast the city answers.

    ``model`` is the method's kind of contribution (``unanswered`` lists instances of it)."""
    ideas = model._default_manager.filter(record=record)
    visible = ideas.filter(visibility=Visibility.VISIBLE)
    answered = list(visible.filter(answered_at__isnull=False).values_list("created_at", "answered_at"))
    total = visible.count()
    days = [(answered_at - created_at).total_seconds() / 86400 for created_at, answered_at in answered]
    return BoardDashboard(
        total=total,
        answered=len(answered),
        response_rate=len(answered) / total if total else None,
        median_days_to_answer=statistics.median(days) if days else None,
        waiting_for_moderation=ideas.filter(visibility=Visibility.PRESCREENING).count(),
        reported=ideas.filter(reports__handled=False).distinct().count(),
        unanswered=list(visible.filter(answered_at__isnull=True).order_by("created_at", "pk")),
    )


class ModerationLogFormatter(LogFormatter):
    """Shows the ground and reason of a hide, a review's answer, or the department of an answer
    beside the history entry."""

    def format_comment(self, log_entry):
        data = log_entry.data
        ground = HideGround(data["ground"]).label if data.get("ground") in HideGround.values else ""
        text = data.get("reason") or data.get("answer") or data.get("department") or ""
        return " – ".join(str(part) for part in (ground, text) if part)


def register_log_actions(actions):
    """For the ``register_log_actions`` hook: the labels of this module's audit log entries."""
    for action, label, message in [
        (APPROVE, _("Approve"), _("Approved")),
        (HIDE, _("Hide"), _("Hidden by moderation")),
        (RESTORE, _("Restore"), _("Restored after being hidden")),
        (ANSWER, _("Official answer"), _("The city answered")),
        (ENTER_OFFLINE, _("Enter offline input"), _("Entered from a meeting, letter or phone call")),
        (REVIEW_REQUESTED, _("Review requested"), _("The author asked for a review of the hide")),
        (REVIEW_UPHELD, _("Review: decision upheld"), _("After a review the item stays hidden")),
        (REVIEW_RESTORED, _("Review: restored"), _("After a review the item is visible again")),
        (RESET_NAME, _("Reset the author's name"), _("The author's public name was reset")),
    ]:
        actions.register_action(action)(
            type("Formatter", (ModerationLogFormatter,), {"label": label, "message": message})
        )
