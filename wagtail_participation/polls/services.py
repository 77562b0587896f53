"""What happens to poll votes and rankings: casting (one per participant), changing, the tallies,
and who may see the results.

The unique constraint on (record, participant) decides races: the insert is tried first, and only
when a ballot exists already is it read (locked) and, where the editor allows changes, replaced.
The counts a results page shows are in :mod:`wagtail_participation.polls.method_results`.
"""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail_participation import clock, first_rows, writes
from wagtail_participation.databases import retry_on_deadlock
from wagtail_participation.models import Visibility
from wagtail_participation.phases import VOTE
from wagtail_participation.polls.models import (
    OptionComment,
    PollBallot,
    PollTally,
    ResultsVisibility,
)

CAST, CHANGED, UNCHANGED, ALREADY = "cast", "changed", "unchanged", "already"


def _keys(choices, participant, other_text) -> list[str]:
    """The tally rows one ballot counts in."""
    keys = [PollTally.BALLOTS, *choices]
    if participant.user_id is not None:
        keys.append(PollTally.REGISTERED)
    if other_text:
        keys.append(PollTally.OTHER_TEXT)
    return keys


def _count(record, keys, sign: int):
    """Add (+1) or remove (-1) one ballot in the tallies, with F() in the caller's transaction."""
    _apply(record, {key: sign for key in keys})


def _apply(record, deltas: dict[str, int]):
    """Change tallies by ``deltas``. The caller holds the method's ``@ballots`` row lock
    (:func:`_lock_tallies`, first thing in every ballot write), so the tally writes of one method
    run one after another: two people changing their votes in opposite directions can never lock
    each other's rows in reverse order (a deadlock), and no other ballot adds a tally row between
    the UPDATE and the INSERT below. A tally row is made by the first ballot that counts in it:
    the UPDATE runs first and says how many rows it found, so a ballot whose rows all exist (every
    ballot but the first few) is one statement."""
    deltas = {key: delta for key, delta in deltas.items() if delta}
    for delta in sorted(set(deltas.values())):
        keys = [key for key, value in deltas.items() if value == delta]
        found = PollTally.objects.filter(record=record, code__in=keys).update(count=F("count") + delta)
        if found < len(keys):
            have = set(PollTally.objects.filter(record=record, code__in=keys).values_list("code", flat=True))
            PollTally.objects.bulk_create(
                [PollTally(record=record, code=key, count=delta) for key in keys if key not in have]
            )


def _lock_tallies(record):
    """Lock the method's ``@ballots`` row (made by the first ballot), first thing in every ballot
    write: the ballot's INSERT would otherwise share-lock it (MariaDB, the unique check of
    ``ignore_conflicts``) before the exclusive lock, and parallel ballots wait on each other."""
    locked = PollTally.objects.select_for_update().filter(record=record, code=PollTally.BALLOTS)
    if not list(locked.values_list("pk", flat=True)):
        PollTally.objects.bulk_create([PollTally(record=record, code=PollTally.BALLOTS)], ignore_conflicts=True)
        list(locked.values_list("pk", flat=True))


BALLOT_FIELDS = ("record", "participant", "choices", "other_text", "language", "created_at", "updated_at")


def _insert_first_ballot(record_id, participant_id, keys, fields, now) -> bool | None:
    """Store a first ballot and count it in the tallies ``keys`` (``"@ballots"`` first), in
    hand-written SQL (:mod:`wagtail_participation.first_rows`): True when it was stored, False
    when the person holds a ballot already (nothing was written), None on a database without
    these statements (MariaDB).

    The tallies' upsert makes a missing row and takes the ``@ballots`` row first, as every other
    ballot write does (:func:`_lock_tallies`), so the tally writes of one method still run one
    after another (no deadlock between two ballots' rows)."""
    keys = list(dict.fromkeys(keys))  # a row counted twice would be an error of the upsert
    sql = first_rows.statements(
        connection.vendor,
        PollBallot,
        BALLOT_FIELDS,
        ("record", "participant"),
        PollTally,
        ("record", "code", "count"),
        rows=len(keys),
        add="count",
    )
    if sql is None:
        return None
    ballot = [record_id, participant_id, fields["choices"], fields["other_text"], fields["language"], now, now]
    tallies = first_rows.prepared(
        PollTally, ("record", "code", "count") * len(keys), [value for key in keys for value in (record_id, key, 1)]
    )
    return first_rows.insert(sql, first_rows.prepared(PollBallot, BALLOT_FIELDS, ballot), tallies)


@retry_on_deadlock
def cast_ballot(
    record, participant, choices, *, other_text: str = "", language: str = "", allow_change: bool = True
) -> str:
    """Store ``participant``'s ballot. Returns ``cast``, ``changed``, ``unchanged`` (the same
    ballot again: a double click) or ``already`` (a ballot exists and changes are not allowed)."""
    choices = list(choices)
    now = clock.now()
    fields = {"choices": choices, "other_text": other_text, "language": language}
    keys = _keys(choices, participant, other_text)
    first = _insert_first_ballot(record.pk, participant.pk, keys, fields, now)
    if first:
        return CAST
    if first is None:  # no hand-written statement on this database: the ORM's, in a savepoint
        try:
            with writes.inner_atomic(participant):
                _lock_tallies(record)
                PollBallot.objects.create(
                    record=record, participant=participant, created_at=now, updated_at=now, **fields
                )
                _count(record, keys, +1)
            return CAST
        except IntegrityError:
            pass
    with transaction.atomic():
        _lock_tallies(record)
        existing = PollBallot.objects.select_for_update().filter(record=record, participant=participant).first()
        if existing is None:  # withdrawn in between: this is a first ballot again
            PollBallot.objects.create(record=record, participant=participant, created_at=now, updated_at=now, **fields)
            _count(record, _keys(choices, participant, other_text), +1)
            return CAST
        if existing.choices == choices and existing.other_text == other_text:
            return UNCHANGED
        if not allow_change:
            return ALREADY
        PollBallot.objects.filter(pk=existing.pk).update(updated_at=now, **fields)
        deltas: dict[str, int] = {}
        for key in _keys(existing.choices, participant, existing.other_text):
            deltas[key] = deltas.get(key, 0) - 1
        for key in _keys(choices, participant, other_text):
            deltas[key] = deltas.get(key, 0) + 1
        _apply(record, deltas)
    return CHANGED


@retry_on_deadlock
def withdraw_ballot(record, participant) -> bool:
    with transaction.atomic():
        _lock_tallies(record)
        existing = PollBallot.objects.select_for_update().filter(record=record, participant=participant).first()
        if existing is None:
            return False
        existing.delete()
        _count(record, _keys(existing.choices, participant, existing.other_text), -1)
    return True


def recount(record) -> dict[str, int]:
    """Rebuild the tallies from the ballots (after a bulk import, or to check them); returns them."""
    counts: dict[str, int] = {}
    ballots = PollBallot.objects.filter(record=record).values_list("choices", "other_text", "participant__user_id")
    for choices, other_text, user_id in ballots.iterator():
        keys = (
            [PollTally.BALLOTS, *choices]
            + ([PollTally.REGISTERED] if user_id else [])
            + ([PollTally.OTHER_TEXT] if other_text else [])
        )
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    with transaction.atomic():
        PollTally.objects.filter(record=record).delete()
        PollTally.objects.bulk_create(
            [PollTally(record=record, code=code, count=count) for code, count in counts.items()]
        )
    return counts


def tallies(record) -> dict[str, int]:
    return dict(PollTally.objects.filter(record=record).values_list("code", "count"))


def own_ballot(record, participant):
    if participant is None:
        return None
    return PollBallot.objects.filter(record=record, participant=participant).first()


def add_option_comment(
    record, participant, option_code: str, body: str, language: str, show_author: bool = False
) -> OptionComment:
    return OptionComment.objects.create(
        record=record,
        author=participant,
        option_code=option_code,
        body=body,
        language=language,
        created_at=clock.now(),
        show_author=show_author,
    )


# -- the citizen's writes --------------------------------------------------------------------------
def submit_ballot(
    actor: writes.Actor, page, choices: list | None, *, other_text: str = "", language: str = ""
) -> writes.WriteOutcome:
    """Cast the actor's vote or ranking on a poll or option analysis ``page``: the live method,
    the policy, the input (``choices`` None: the form did not validate), the brake, then the write
    (changes only where the editor allows them). ``changed`` is :func:`cast_ballot`'s answer."""
    record = page.participation_record
    refusal = (
        writes.hidden_method(actor, record, page.pk)
        or writes.not_permitted(actor.may(VOTE, record))
        or (writes.invalid() if choices is None else None)
        or writes.braked(actor, "vote")
    )
    if refusal:
        return refusal
    allow_change = bool(page.ballot_settings().get("allow_change"))
    cast = writes.with_participant(
        actor,
        lambda participant: cast_ballot(
            record, participant, choices, other_text=other_text, language=language, allow_change=allow_change
        ),
    )
    if cast == ALREADY:
        return writes.refused(ALREADY, _("You have already voted, and votes here cannot be changed."), 409, cast)
    messages = {
        CAST: _("Thank you. Your vote has been counted."),
        CHANGED: _("Your vote has been changed."),
        UNCHANGED: _("Your vote was already counted. Nothing changed."),
    }
    return writes.done(cast, messages[cast], cast)


def comment_on_option(actor: writes.Actor, page, form) -> writes.WriteOutcome:
    """Store the comment of a bound ``OptionCommentForm`` (validated here) on an option of an
    analysis ``page``; ``changed`` is the comment. Spam is accepted and dropped (code ``spam``)."""
    record = page.participation_record
    refusal = writes.comment_refusal(actor, page, form)
    if refusal:
        return refusal
    participant = actor.writing_participant()
    form.save_public_name(participant)
    comment = add_option_comment(
        record,
        participant,
        form.cleaned_data["option"],
        form.cleaned_data["body"],
        get_language() or "en",
        show_author=form.cleaned_data["show_author"],
    )
    return writes.done(message=_("Thank you for your comment."), changed=comment)


# -- visibility ------------------------------------------------------------------------------------
def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


def results_visibility(page, *, user, has_voted: bool, now=None) -> tuple[bool, bool, str]:
    """``(visible, staff_only_now, reason)``: whether this visitor sees the results, whether they
    see them only because they are staff, and the sentence shown instead when they do not."""
    rule = page.ballot_settings()["results_visibility"]
    record = page.participation_record
    closed = record.is_closed(now)
    public = (
        rule == ResultsVisibility.ALWAYS
        or (rule == ResultsVisibility.AFTER_VOTING and (has_voted or closed))
        or (rule == ResultsVisibility.AFTER_CLOSE and closed)
    )
    if public:
        return True, False, ""
    if is_staff(user):
        return True, True, ""
    if rule == ResultsVisibility.AFTER_VOTING:
        return False, False, _("The results are shown once you have voted.")
    if rule == ResultsVisibility.AFTER_CLOSE:
        closes = record.closes()
        if closes:
            from wagtail_participation.permissions import format_moment

            return (
                False,
                False,
                _("The results are shown when voting closes on %(when)s.") % {"when": format_moment(closes)},
            )
        return False, False, _("The results are shown when voting closes.")
    return False, False, _("The results of this poll are not published.")


def visible_option_comments(record) -> dict[str, list]:
    """Visible comments per option code, with their authors, in one query."""
    grouped: dict[str, list] = {}
    comments = OptionComment.objects.filter(
        record=record, visibility=Visibility.VISIBLE, removed_at__isnull=True
    ).select_related("author")
    for comment in comments:
        grouped.setdefault(comment.option_code, []).append(comment)
    return grouped


def option_comment_counts(record) -> dict[str, int]:
    """The number of visible comments per option code, in one query (an embedded analysis)."""
    rows = (
        OptionComment.objects.filter(record=record, visibility=Visibility.VISIBLE, removed_at__isnull=True)
        .values("option_code")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["option_code"]: row["count"] for row in rows}


# -- personal data ("my participation": download and delete) --------------------------------------
def _export_ballots(participant):
    from wagtail_participation.polls.models import PollBallot

    ballots = PollBallot.objects.filter(participant=participant).select_related("record").order_by("created_at")
    return [
        {
            "method": str(ballot.record),
            "choices": list(ballot.choices),
            "other_answer": ballot.other_text,
            "language": ballot.language,
            "cast_at": ballot.created_at.isoformat(),
            "changed_at": ballot.updated_at.isoformat(),
        }
        for ballot in ballots
    ]


def _erase_open_ballots(participant):
    """Ballots in methods still open are withdrawn (so a new account cannot vote twice); ballots
    in closed methods stay counted, pointing at the now anonymous participant."""
    from wagtail_participation.polls.models import PollBallot

    for ballot in PollBallot.objects.filter(participant=participant).select_related("record"):
        if not ballot.record.is_closed():
            withdraw_ballot(ballot.record, participant)


def _export_option_comments(participant):
    comments = OptionComment.objects.filter(author=participant, removed_at__isnull=True).select_related("record")
    return [
        {
            "method": str(comment.record),
            "option": comment.option_code,
            "body": comment.body,
            "name_shown": comment.show_author,
            "created_at": comment.created_at.isoformat(),
        }
        for comment in comments
    ]


def personal_data_kinds():
    """What polls hold about a participant (listed in the manifest, registered from ``ready()``)."""
    from django.utils.translation import gettext_lazy

    from wagtail_participation.personal_data import PersonalDataKind

    return (
        PersonalDataKind(
            "poll_votes", gettext_lazy("Your poll votes and rankings"), _export_ballots, _erase_open_ballots
        ),
        PersonalDataKind("option_comments", gettext_lazy("Your comments on options"), _export_option_comments),
    )
