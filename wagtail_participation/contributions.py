"""What happens to contributions: votes, comments, reports and auto-hiding, official updates.

Every write that changes a counter does it in the same transaction as the row it counts (with
``F()``, or for votes in the database's own trigger), under the database's unique constraints, so
a double click or two parallel requests can never count twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.translation import get_language

from . import clock, conf
from .engine import trending
from .models import Comment, Contribution, ContributionVote, Follow, OfficialUpdate, Report, Visibility
from .signals import contribution_answered, moderation_needed


@dataclass(frozen=True)
class VoteChange:
    """What one vote request changed in the counters (false when nothing changed)."""

    up: int = 0
    down: int = 0

    def __bool__(self) -> bool:
        return bool(self.up or self.down)


def cast_vote(contribution: Contribution, participant, value: int = 1) -> VoteChange:
    """Record ``participant``'s vote (+1 or -1); changing direction replaces it. Returns the change
    (false for a repeated vote in the same direction, a no-op).

    The counters in the database are kept by a trigger (migration 0010) in the statement that
    writes the vote. On a ``contribution`` instance the change is added to the counters as they
    were read, so a view can answer without reading them again.
    """
    if value not in (1, -1):
        raise ValueError("a vote is +1 or -1")
    now = clock.now()
    weight = trending.vote_weight(now)
    contribution_id = getattr(contribution, "pk", contribution)
    # Insert first: most votes are new, and the unique constraint decides races. One statement
    # (with its trigger) is atomic on its own, so the common case needs no transaction block.
    if _insert_vote(contribution_id, participant.pk, value, weight, now):
        return _changed(contribution, added=value)
    with transaction.atomic():
        # A vote exists: the same direction is a no-op (a double click, a parallel request); the
        # other direction is replaced. Deleting only the opposite vote makes a parallel change a no-op.
        if _delete_vote(contribution_id, participant.pk, value=-value) is None:
            return VoteChange()
        inserted = _insert_vote(contribution_id, participant.pk, value, weight, now)
    return _changed(contribution, removed=-value, added=value if inserted else None)


def withdraw_vote(contribution: Contribution, participant) -> VoteChange:
    """Withdraw ``participant``'s vote; the change is false when there was none."""
    removed = _delete_vote(getattr(contribution, "pk", contribution), participant.pk)
    return _changed(contribution, removed=removed)


def _changed(contribution, removed: int | None = None, added: int | None = None) -> VoteChange:
    change = VoteChange(up=(added == 1) - (removed == 1), down=(added == -1) - (removed == -1))
    if change and isinstance(contribution, Contribution):
        contribution.up_votes += change.up
        contribution.down_votes += change.down
        contribution.score += change.up - change.down
    return change


# Written out because the ORM cannot say in one statement whether a conflicting INSERT went in
# (``bulk_create(ignore_conflicts=True)`` returns nothing) or which vote a DELETE removed, and a
# failed plain INSERT would poison an enclosing transaction on PostgreSQL. RETURNING and
# ON CONFLICT: PostgreSQL, SQLite >= 3.35.

def _insert_vote(contribution_id, participant_id, value: int, weight: float, now) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING: whether the row went in."""
    table = connection.ops.quote_name(ContributionVote._meta.db_table)
    sql = (
        f"INSERT INTO {table} (contribution_id, participant_id, value, weight, created_at) VALUES (%s, %s, %s, %s, %s) "
        "ON CONFLICT (contribution_id, participant_id) DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [contribution_id, participant_id, value, weight, connection.ops.adapt_datetimefield_value(now)])
        return cursor.fetchone() is not None


def _delete_vote(contribution_id, participant_id, value: int | None = None) -> int | None:
    """Delete the participant's vote (only one of ``value`` if given): the value deleted, or None."""
    table = connection.ops.quote_name(ContributionVote._meta.db_table)
    sql = f"DELETE FROM {table} WHERE contribution_id = %s AND participant_id = %s"
    params = [contribution_id, participant_id]
    if value is not None:
        sql += " AND value = %s"
        params.append(value)
    with connection.cursor() as cursor:
        cursor.execute(sql + " RETURNING value", params)
        row = cursor.fetchone()
    return None if row is None else row[0]


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


def follow(contribution: Contribution, participant, language: str | None = None) -> None:
    """Follow (again) in ``language``, by default the active one (the page's): answers are mailed in it."""
    Follow.objects.update_or_create(
        contribution=contribution, participant=participant, defaults={"language": language or get_language() or ""},
    )


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
