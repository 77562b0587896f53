"""What happens to contributions: votes, comments, reports and auto-hiding, official updates.

Every write that changes a counter does it in the same transaction as the row it counts (with
``F()``, or for votes in the database's own trigger; on MariaDB, which has none, in the vote's
transaction), under the database's unique constraints, so a double click or two parallel requests
can never count twice. A counter is lowered only by the request whose conditional UPDATE or DELETE
actually changed the row (see docs/concurrency.md), and never below zero.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Value, When
from django.db.models.signals import post_save
from django.utils.translation import get_language

from wagtail_participation import clock, conf, raw_rows, writes
from wagtail_participation.databases import counts_votes_in_transaction, retry_on_deadlock
from wagtail_participation.engine import trending, vote_counters
from wagtail_participation.models import (
    Comment,
    Contribution,
    ContributionVote,
    Follow,
    OfficialUpdate,
    Participant,
    Report,
    Visibility,
)
from wagtail_participation.signals import contribution_answered, moderation_needed


@dataclass(frozen=True)
class VoteChange:
    """What one vote request changed in the counters (false when nothing changed)."""

    up: int = 0
    down: int = 0

    def __bool__(self) -> bool:
        return bool(self.up or self.down)


@retry_on_deadlock
def cast_vote(contribution: Contribution, participant, value: int = 1) -> VoteChange:
    """Record ``participant``'s vote (+1 or -1); changing direction replaces it. Returns the change
    (false for a repeated vote in the same direction, a no-op).

    The counters in the database are kept by a trigger (migration 0002) in the statement that
    writes the vote; on MariaDB, which has none, by this module in the same transaction. On a
    ``contribution`` instance the change is added to the counters as they were read, so a view can
    answer without reading them again.
    """
    if value not in (1, -1):
        raise ValueError("a vote is +1 or -1")
    now = clock.now()
    weight = trending.vote_weight(now)
    contribution_id = getattr(contribution, "pk", contribution)
    # Insert first: most votes are new, and the unique constraint decides races. One statement
    # (with its trigger) is atomic on its own, so the common case needs no transaction block
    # where a trigger counts.
    with _counting_transaction(contribution_id):
        if _insert_vote(contribution_id, participant.pk, value, weight, now):
            return _changed(contribution, added=value)
    with transaction.atomic():
        _lock_counters(contribution_id)
        # A vote exists: the same direction is a no-op (a double click, a parallel request); the
        # other direction is replaced. Deleting only the opposite vote makes a parallel change a no-op.
        if _delete_vote(contribution_id, participant.pk, value=-value) is None:
            return VoteChange()
        inserted = _insert_vote(contribution_id, participant.pk, value, weight, now)
    return _changed(contribution, removed=-value, added=value if inserted else None)


@retry_on_deadlock
def withdraw_vote(contribution: Contribution, participant) -> VoteChange:
    """Withdraw ``participant``'s vote; the change is false when there was none."""
    contribution_id = getattr(contribution, "pk", contribution)
    with _counting_transaction(contribution_id):
        removed = _delete_vote(contribution_id, participant.pk)
    return _changed(contribution, removed=removed)


@contextmanager
def _counting_transaction(contribution_id):
    """A transaction where the vote and its counters are two statements (MariaDB), else none."""
    if not counts_votes_in_transaction():
        yield
        return
    with transaction.atomic():
        _lock_counters(contribution_id)
        yield


def _lock_counters(contribution_id) -> None:
    """MariaDB: lock the contribution's row before the vote is written. The vote's foreign key takes
    a shared lock on that row and the counter UPDATE then needs an exclusive one: parallel votes
    would each hold the first and wait for the second, a deadlock for all but one."""
    if counts_votes_in_transaction():
        list(Contribution.objects.select_for_update().filter(pk=contribution_id).values_list("pk", flat=True))


def _changed(contribution, removed: int | None = None, added: int | None = None) -> VoteChange:
    """The change as the trigger made it (the rule of engine/vote_counters.py), added to the
    counters of a ``contribution`` instance that has them loaded. The weight of a removed vote is
    not known here, so ``trending`` is left to the database."""
    adds = vote_counters.row_adds(added) if added is not None else {}
    for column, amount in (vote_counters.row_adds(removed) if removed is not None else {}).items():
        adds[column] = adds.get(column, 0) - amount
    change = VoteChange(up=adds.get("up_votes", 0), down=adds.get("down_votes", 0))
    if change and isinstance(contribution, Contribution):
        loaded = contribution.__dict__
        for column, amount in adds.items():
            if column in loaded:
                loaded[column] += amount
    return change


# Written out because the ORM cannot say in one statement whether a conflicting INSERT went in
# (``bulk_create(ignore_conflicts=True)`` returns nothing) or which vote a DELETE removed, and a
# failed plain INSERT would poison an enclosing transaction on PostgreSQL. RETURNING and
# ON CONFLICT: PostgreSQL, SQLite >= 3.35. MariaDB has DELETE ... RETURNING but no ON CONFLICT:
# there the INSERT runs in a savepoint and a duplicate key says the vote exists; the counters are
# updated by the statement after it, in the caller's transaction (``_count``).

MARIADB_DUPLICATE_KEY = 1062


def _insert_vote(contribution_id, participant_id, value: int, weight: float, now) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING: whether the row went in."""
    table = connection.ops.quote_name(ContributionVote._meta.db_table)
    sql = (
        f"INSERT INTO {table} (contribution_id, participant_id, value, weight, created_at) VALUES (%s, %s, %s, %s, %s)"
    )
    params = [contribution_id, participant_id, value, weight, connection.ops.adapt_datetimefield_value(now)]
    if not counts_votes_in_transaction():
        with connection.cursor() as cursor:
            cursor.execute(sql + " ON CONFLICT (contribution_id, participant_id) DO NOTHING RETURNING id", params)
            return cursor.fetchone() is not None
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError as error:
        if getattr(error.__cause__, "args", (None,))[0] != MARIADB_DUPLICATE_KEY:
            raise
        return False
    _count(contribution_id, value, weight, sign=1)
    return True


def _delete_vote(contribution_id, participant_id, value: int | None = None) -> int | None:
    """Delete the participant's vote (only one of ``value`` if given): the value deleted, or None."""
    table = connection.ops.quote_name(ContributionVote._meta.db_table)
    sql = f"DELETE FROM {table} WHERE contribution_id = %s AND participant_id = %s"
    params = [contribution_id, participant_id]
    if value is not None:
        sql += " AND value = %s"
        params.append(value)
    with connection.cursor() as cursor:
        cursor.execute(sql + " RETURNING value, weight", params)
        row = cursor.fetchone()
    if row is None:
        return None
    if counts_votes_in_transaction():
        _count(contribution_id, row[0], row[1], sign=-1)
    return row[0]


def _count(contribution_id, value: int, weight: float, sign: int) -> None:
    """Add (``sign`` 1) or remove (-1) a vote row in its contribution's counters, by the rule of
    engine/vote_counters.py, where no trigger does it (MariaDB). Only the request whose INSERT or
    DELETE changed the row gets here, so a counter moves once per vote."""
    adds = vote_counters.row_adds(value, weight)
    Contribution.objects.filter(pk=contribution_id).update(
        **{column: F(column) + sign * amount for column, amount in adds.items()}
    )


def recount_votes(contribution_ids) -> None:
    """Set the vote counters of ``contribution_ids`` from their vote rows, by the rule of
    engine/vote_counters.py. Needed on MariaDB after votes were written around ``cast_vote`` (a
    bulk load, the shell): there no trigger counts them (docs/concurrency.md, "MariaDB")."""
    ids = list(contribution_ids)
    totals = {pk: dict.fromkeys((c.column for c in vote_counters.COUNTERS), 0) for pk in ids}
    rows = ContributionVote.objects.filter(contribution_id__in=ids).values_list("contribution_id", "value", "weight")
    for contribution_id, value, weight in rows.iterator():
        for column, amount in vote_counters.row_adds(value, weight).items():
            totals[contribution_id][column] += amount
    with transaction.atomic():
        for contribution_id, counters in totals.items():
            Contribution.objects.filter(pk=contribution_id).update(**counters)


def add_comment(
    contribution: Contribution,
    participant,
    body: str,
    language: str,
    parent: Comment | None = None,
    show_author: bool = False,
) -> Comment:
    """One reply level: a reply to a reply is attached to the top-level comment. The author's
    public name is shown only with ``show_author``."""
    if parent is not None and parent.parent_id:
        parent = parent.parent
    comment = Comment(
        contribution=contribution,
        parent=parent,
        author=participant,
        body=body,
        language=language,
        created_at=clock.now(),
        show_author=show_author,
    )
    if connection.vendor == "postgresql":
        with writes.single_statement_atomic(participant):
            _insert_counted_comment(comment)
        return comment
    with writes.inner_atomic(participant):
        comment.save(force_insert=True)
        # precompiled: on the comment's write path, compiling the ORM's UPDATE costs more than running it
        raw_rows.update_row(Contribution, contribution.pk, increments={"comment_count": 1})
    return comment


def _insert_counted_comment(comment: Comment) -> None:
    """PostgreSQL: ``comment`` inserted and its contribution's ``comment_count`` raised in ONE
    statement (the UPDATE in a ``WITH``, which runs whole with the INSERT or not at all): no BEGIN
    and COMMIT around two statements. ``post_save`` is sent as ``save()`` would (the discussion's
    kept pages are forgotten by it)."""
    fields = [field for field in Comment._meta.concrete_fields if not field.primary_key]

    def build():
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        return (
            f"WITH counted AS (UPDATE {quote(Contribution._meta.db_table)} "
            f"SET {quote('comment_count')} = {quote('comment_count')} + 1 WHERE {quote(Contribution._meta.pk.column)} = %s) "
            f"INSERT INTO {quote(Comment._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))}) "
            f"RETURNING {quote(Comment._meta.pk.column)}"
        )

    params = [comment.contribution_id]
    params += [field.get_db_prep_save(field.pre_save(comment, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(raw_rows.statement(("counted_comment",), build), params)
        comment.pk = cursor.fetchone()[0]
    comment._state.adding, comment._state.db = False, connection.alias
    post_save.send(Comment, instance=comment, created=True, update_fields=None, raw=False, using=connection.alias)


def lowered(field: str, by: int = 1):
    """``field - by``, but never below zero: for the UPDATE of a counter that only the request
    which removed the counted row may run (a CHECK constraint refuses negative counts). Written as
    a CASE, not ``GREATEST(field - by, 0)``: on MariaDB a positive integer field is UNSIGNED, and
    ``0 - 1`` is an error there before GREATEST sees it."""
    return Case(When(**{f"{field}__gt": by}, then=F(field) - by), default=Value(0))


def remove_comment(comment: Comment) -> bool:
    """The author deletes: the text goes, a "removed" placeholder stays so replies keep their context.
    Whether this call removed it: of parallel requests only the one whose UPDATE changed the row
    lowers the count."""
    with transaction.atomic():
        removed = Comment.objects.filter(pk=comment.pk, removed_at__isnull=True).update(body="", removed_at=clock.now())
        if removed:
            Contribution.objects.filter(pk=comment.contribution_id).update(comment_count=lowered("comment_count"))
            from wagtail_participation.discussion import forget

            forget(comment.contribution_id)
    return bool(removed)


def lock_participant(participant) -> None:
    """Inside the caller's transaction: lock the participant's row, so that parallel requests of one
    person that count their rows against a per-person limit run one after another (PostgreSQL and
    MariaDB; SQLite takes one write lock for the whole database anyway)."""
    list(Participant.objects.select_for_update().filter(pk=participant.pk).values_list("pk", flat=True))


def report(
    participant,
    *,
    contribution: Contribution | None = None,
    comment: Comment | None = None,
    reason: str = "",
    about: str = Report.About.CONTENT,
) -> bool:
    """Record a report about what the target says, or (``about="name"``) about its author's public
    name. Reports about what it says hide the target automatically once enough distinct registered
    people made one; a name is only ever reset by a moderator.

    The target's row is locked for the few statements this takes, so of parallel reports exactly
    one is the first (and tells the moderators) and exactly one hides the target.
    """
    target = contribution or comment
    if about == Report.About.NAME and not target.public_author_name:
        about = Report.About.CONTENT  # no name is shown: the report can only be about the text
    model = Contribution if contribution else Comment
    target_filter = {"contribution": contribution} if contribution else {"comment": comment}
    with transaction.atomic():
        list(model.objects.select_for_update().filter(pk=target.pk).values_list("pk", flat=True))
        open_reports = Report.objects.filter(**target_filter, about=about, handled=False)
        first = not open_reports.exists()
        try:
            with transaction.atomic():
                Report.objects.create(
                    contribution=contribution, comment=comment, reporter=participant, reason=reason[:500], about=about
                )
        except IntegrityError:
            return False  # this person already reported it
        registered_reporters = (
            open_reports.filter(reporter__user__isnull=False).values("reporter").distinct().count()
            if about == Report.About.CONTENT
            else 0
        )
        if registered_reporters >= conf.get("AUTO_HIDE_REPORTS"):
            hidden = model.objects.filter(pk=target.pk, visibility=Visibility.VISIBLE).update(
                visibility=Visibility.HIDDEN, hidden_reason=conf.get("AUTO_HIDE_REASON")
            )
            if hidden and isinstance(target, Comment):
                from wagtail_participation.discussion import forget

                forget(target.contribution_id)  # an UPDATE: no signal retires the kept drawing
            if hidden:  # only the report that hid it tells the moderators, once
                moderation_needed.send(sender=type(target), instance=target, reason="auto_hidden")
                return True
        if first:
            moderation_needed.send(
                sender=type(target),
                instance=target,
                reason="reported" if about == Report.About.CONTENT else "name_reported",
            )
    return True


def follow(contribution: Contribution, participant, language: str | None = None) -> None:
    """Follow (again) in ``language``, by default the active one (the page's): answers are mailed in it."""
    Follow.objects.update_or_create(
        contribution=contribution,
        participant=participant,
        defaults={"language": language or get_language() or ""},
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
            contribution=locked,
            department=department,
            body=body,
            language=language or locked.language,
            status_before=locked.status,
            status_after=new_status or locked.status,
            author=author,
            created_at=now,
        )
        changes = {"answered_at": locked.answered_at or now}
        if new_status:
            changes["status"] = new_status
        Contribution.objects.filter(pk=locked.pk).update(**changes)
        transaction.on_commit(lambda: contribution_answered.send(sender=OfficialUpdate, update=update))
    return update
