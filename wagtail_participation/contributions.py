"""What happens to contributions: votes, comments, reports and auto-hiding, official updates.

Every write that changes a counter does it with ``F()`` in the same transaction as the row it
counts, under the database's unique constraints, so a double click or two parallel requests can
never count twice.
"""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from . import clock, conf
from .engine import trending
from .models import Comment, Contribution, ContributionVote, Follow, OfficialUpdate, Report, Visibility
from .signals import contribution_answered, moderation_needed


def cast_vote(contribution: Contribution, participant, value: int = 1) -> bool:
    """Record ``participant``'s vote (+1 or -1); changing direction replaces it. Returns whether
    anything changed (a repeated vote in the same direction is a no-op). When it did, the
    contribution's ``up_votes``, ``down_votes`` and ``score`` hold the new counts."""
    if value not in (1, -1):
        raise ValueError("a vote is +1 or -1")
    now = clock.now()
    weight = trending.vote_weight(now)
    # Insert first: most votes are new, and the unique constraint decides races. Only when a vote
    # exists already is it read (locked) and, for a change of direction, replaced.
    try:
        with transaction.atomic():
            ContributionVote.objects.create(
                contribution=contribution, participant=participant, value=value, weight=weight, created_at=now
            )
            _count(contribution, value, weight, +1)
        return True
    except IntegrityError:
        pass
    with transaction.atomic():
        existing = (
            ContributionVote.objects.select_for_update().filter(contribution=contribution, participant=participant).first()
        )
        if existing is None or existing.value == value:
            return False  # the same vote again (a double click, a parallel request): no-op
        _remove(existing, contribution)
        ContributionVote.objects.create(
            contribution=contribution, participant=participant, value=value, weight=weight, created_at=now
        )
        _count(contribution, value, weight, +1)
    return True


def _count_sql() -> str:
    table = connection.ops.quote_name(Contribution._meta.db_table)
    return (
        f"UPDATE {table} SET up_votes = up_votes + %s, down_votes = down_votes + %s, score = score + %s, "
        "trending = trending + %s WHERE id = %s RETURNING up_votes, down_votes, score"
    )


def _count(contribution, value: int, weight: float, sign: int):
    """Add (sign +1) or remove (sign -1) one vote in the counters, in the caller's transaction.

    This is ``update(up_votes=F("up_votes") + 1, ...)`` written out, because Django's ``update()``
    cannot return the new values: with RETURNING (PostgreSQL, SQLite >= 3.35) the fresh counters
    come back in the same statement and the vote view needs no second read. They are stored on
    ``contribution`` when it is a model instance.
    """
    contribution_id = getattr(contribution, "pk", contribution)
    params = [sign * (value == 1), sign * (value == -1), sign * value, sign * weight * value, contribution_id]
    with connection.cursor() as cursor:
        cursor.execute(_count_sql(), params)
        row = cursor.fetchone()
    if row is not None and isinstance(contribution, Contribution):
        contribution.up_votes, contribution.down_votes, contribution.score = row


def withdraw_vote(contribution: Contribution, participant) -> bool:
    """Withdraw ``participant``'s vote; returns whether there was one (counters are refreshed on
    ``contribution`` as in :func:`cast_vote`)."""
    with transaction.atomic():
        existing = ContributionVote.objects.select_for_update().filter(contribution=contribution, participant=participant).first()
        if existing is None:
            return False
        _remove(existing, contribution)
    return True


def _remove(vote: ContributionVote, contribution: Contribution):
    deleted, _ = ContributionVote.objects.filter(pk=vote.pk).delete()
    if deleted:
        _count(contribution, vote.value, vote.weight, -1)


def add_comment(contribution: Contribution, participant, body: str, language: str, parent: Comment | None = None) -> Comment:
    """One reply level: a reply to a reply is attached to the top-level comment."""
    if parent is not None and parent.parent_id:
        parent = parent.parent
    with transaction.atomic():
        comment = Comment.objects.create(
            contribution=contribution, parent=parent, author=participant, body=body, language=language,
            created_at=clock.now(),
        )
        Contribution.objects.filter(pk=contribution.pk).update(comment_count=F("comment_count") + 1)
    return comment


def remove_comment(comment: Comment):
    """The author deletes: the text goes, a "removed" placeholder stays so replies keep their context."""
    if comment.removed_at:
        return
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(body="", removed_at=clock.now())
        Contribution.objects.filter(pk=comment.contribution_id).update(comment_count=F("comment_count") - 1)


def report(participant, *, contribution: Contribution | None = None, comment: Comment | None = None, reason: str = "") -> bool:
    """Record a report; hide the target automatically once enough distinct registered people reported it."""
    try:
        with transaction.atomic():
            Report.objects.create(contribution=contribution, comment=comment, reporter=participant, reason=reason[:500])
    except IntegrityError:
        return False  # this person already reported it
    target_filter = {"contribution": contribution} if contribution else {"comment": comment}
    registered_reporters = (
        Report.objects.filter(**target_filter, handled=False, reporter__user__isnull=False)
        .values("reporter").distinct().count()
    )
    target = contribution or comment
    if registered_reporters >= conf.get("AUTO_HIDE_REPORTS"):
        model = Contribution if contribution else Comment
        hidden = model.objects.filter(pk=target.pk, visibility=Visibility.VISIBLE).update(
            visibility=Visibility.HIDDEN, hidden_reason=conf.get("AUTO_HIDE_REASON")
        )
        if hidden:  # only the report that hid it tells the moderators, once
            moderation_needed.send(sender=type(target), instance=target, reason="auto_hidden")
            return True
    if not Report.objects.filter(**target_filter, handled=False).exclude(reporter=participant).exists():
        moderation_needed.send(sender=type(target), instance=target, reason="reported")
    return True


def follow(contribution: Contribution, participant) -> None:
    Follow.objects.get_or_create(contribution=contribution, participant=participant)


def unfollow(contribution: Contribution, participant) -> None:
    Follow.objects.filter(contribution=contribution, participant=participant).delete()


def publish_official_update(
    contribution: Contribution, *, department, body: str, new_status: str | None, author, language: str | None = None
) -> OfficialUpdate:
    """The city answers: the update is stored, the status changes, followers are told (a task).

    ``language`` is the answer's language; by default the contribution's, as staff answer in it.
    """
    now = clock.now()
    with transaction.atomic():
        locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
        update = OfficialUpdate.objects.create(
            contribution=locked, department=department, body=body, language=language or locked.language,
            status_before=locked.status,
            status_after=new_status or locked.status, author=author, created_at=now,
        )
        changes = {"answered_at": locked.answered_at or now}
        if new_status:
            changes["status"] = new_status
        Contribution.objects.filter(pk=locked.pk).update(**changes)
        transaction.on_commit(lambda: contribution_answered.send(sender=OfficialUpdate, update=update))
    return update
