"""Reviews of moderation decisions: an author contests a hide, a moderator restores or upholds.

Every step is written to the contested item's audit log (next to the hide itself), so the item's
history in the admin tells the whole story. Views only call these functions.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from wagtail_participation import clock, contribution_kinds, moderation
from wagtail_participation.models import Comment, ReviewRequest, Visibility
from wagtail_participation.signals import moderation_needed, review_answered

Status = ReviewRequest.Status


class ReviewRefused(Exception):
    """The request or answer cannot be recorded; ``str()`` is a message for the person."""


def kind_of(target) -> str:
    """The review kind of a comment or contribution: "comment", or the contribution's registered kind
    ("idea", "proposal"); a contribution of no installed kind is named by its model."""
    if isinstance(target, Comment):
        return ReviewRequest.Kind.COMMENT
    kind = contribution_kinds.kind_of(target)
    return kind.code if kind is not None else type(target)._meta.model_name


def moderation_permission(kind: str) -> str:
    """The permission that lets staff hide and restore items of this kind (and so answer reviews)."""
    registered = contribution_kinds.get(kind)
    if registered is not None:
        return registered.moderation_permission
    from django.apps import apps

    app_label = next(model._meta.app_label for model in apps.get_models() if model._meta.model_name == kind)
    return f"{app_label}.change_{kind}"


def open_request(target) -> ReviewRequest | None:
    return _requests_for(target).filter(status=Status.OPEN).first()


def latest_request(target, participant) -> ReviewRequest | None:
    """The author's most recent request about ``target`` (open or answered), shown only to them."""
    return _requests_for(target).filter(requester=participant).order_by("-created_at", "-pk").first()


def attach_author_reviews(contribution, participant, comments) -> ReviewRequest | None:
    """For the author's eyes only: the visitor's latest review request about ``contribution`` (returned)
    and about each of their ``comments`` (set as ``comment.my_review``), in one query."""
    latest = {}
    if participant is not None:
        mine = ReviewRequest.objects.filter(requester=participant).filter(
            Q(contribution_id=contribution.pk) | Q(comment__contribution_id=contribution.pk)
        )
        for review in mine.order_by("created_at", "pk"):
            latest[review.comment_id and ("comment", review.comment_id) or ("contribution", review.contribution_id)] = (
                review
            )
    for comment in comments:
        comment.my_review = latest.get(("comment", comment.pk))
    return latest.get(("contribution", contribution.pk))


def _requests_for(target):
    if isinstance(target, Comment):
        return ReviewRequest.objects.filter(comment_id=target.pk)
    return ReviewRequest.objects.filter(contribution_id=target.pk)


def request_review(target, participant, reason: str) -> ReviewRequest:
    """Record the author's request to restore their hidden ``target``; one open request at a time."""
    if participant is None or target.author_id != participant.pk:
        raise ReviewRefused(_("Only the author can ask for a review."))
    if target.visibility != Visibility.HIDDEN:
        raise ReviewRefused(_("This is not hidden, so there is nothing to review."))
    target = specific(target)
    is_comment = isinstance(target, Comment)
    try:
        with transaction.atomic():
            review = ReviewRequest.objects.create(
                kind=kind_of(target),
                comment=target if is_comment else None,
                contribution=None if is_comment else target,
                requester=participant,
                ground=target.hidden_ground,
                explanation=target.hidden_reason,
                reason=reason,
                created_at=clock.now(),
            )
            log(
                instance=target,
                action=moderation.REVIEW_REQUESTED,
                user=participant.user,
                data={"review": review.pk, "reason": reason},
            )
            moderation_needed.send(sender=type(target), instance=target, reason="review")  # mailed after commit
    except IntegrityError:  # the conditional unique constraint: a request is already open
        raise ReviewRefused(_("You already asked for a review. A moderator will answer it first.")) from None
    return review


def answer_review(review: ReviewRequest, *, restore: bool, answer: str, user) -> ReviewRequest:
    """A moderator decides: restore the item or uphold the hide, with an answer the author receives."""
    with transaction.atomic():
        locked = ReviewRequest.objects.select_for_update().get(pk=review.pk)
        if not locked.is_open:
            raise ReviewRefused(_("This request has already been answered."))
        target = contested_item(locked)
        if restore:
            _restore(target, user)
        elif target.visibility != Visibility.HIDDEN:
            raise ReviewRefused(_("This item is visible again, so the decision cannot be upheld."))
        locked.status = Status.RESTORED if restore else Status.UPHELD
        locked.answer, locked.answered_by, locked.answered_at = answer, user, clock.now()
        locked.save(update_fields=["status", "answer", "answered_by", "answered_at"])
        action = moderation.REVIEW_RESTORED if restore else moderation.REVIEW_UPHELD
        log(instance=target, action=action, user=user, data={"review": locked.pk, "answer": answer})
        transaction.on_commit(lambda: review_answered.send(sender=ReviewRequest, review=locked))
    return locked


def specific(item):
    """A comment, or a contribution as its own model (an idea or proposal rather than the shared
    Contribution), so audit log entries land in that item's history."""
    if isinstance(item, Comment):
        return item
    return contribution_kinds.specific(item)


def contested_item(review):
    """The idea, proposal or comment a review request is about, as its own model."""
    if review.comment_id:
        return review.comment
    kind = contribution_kinds.get(review.kind)
    if kind is None:  # its app is no longer installed: the shared row still tells the story
        return review.contribution
    return kind.model._default_manager.get(pk=review.contribution_id)


def _restore(target, user):
    kind = None if isinstance(target, Comment) else contribution_kinds.kind_of(target)
    if kind is not None and kind.restore is not None:
        kind.restore(target, user)
    else:
        moderation.restore(target, user)
