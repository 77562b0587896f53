"""What happens to citizen proposals: submission, publication, supports, offline signatures, fraud
corrections, decisions, and the notifications that fall due.

Every change of a count runs in one transaction that locks the proposal row, updates the counters
with ``F()`` and recomputes the stored "threshold reached at" and answer deadline from the engine
(:mod:`wagtail_participation.proposals.engine.thresholds`), so a state can never disagree with the counts.
Staff changes are written to Wagtail's audit log, so a proposal's admin history shows them.
"""

from __future__ import annotations

import dataclasses

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log

from wagtail_participation import clock, conf, contributions, raw_rows, writes
from wagtail_participation.databases import retry_on_deadlock
from wagtail_participation.models import OfficialUpdate, Visibility
from wagtail_participation.phases import SUPPORT
from wagtail_participation.proposals.engine import thresholds as th
from wagtail_participation.proposals.models import (
    OfflineSignatures,
    Proposal,
    ProposalNotification,
    ProposalSupport,
    SupportCorrection,
    listing_changed,
    phase_expression,
    rules_from,
)

PUBLISH = "wagtail_participation.proposal_publish"
SUPPORTS_REMOVED = "wagtail_participation.supports_removed"
OFFLINE = "wagtail_participation.offline_signatures"
INELIGIBLE = "wagtail_participation.ineligible"
DECIDE = "wagtail_participation.decide"


def zone():
    return timezone.get_default_timezone()


# -- life cycle ---------------------------------------------------------------------------------


def new_proposal(page, participant, *, submit: bool, **fields) -> Proposal:
    """Store a proposal as a draft, or submit it (published at once, or waiting for prescreening).
    ``fields`` are the form's; topics are set by the caller (``form.save_m2m``)."""
    proposal = Proposal(record=page.participation_record, author=participant, created_at=clock.now(), **fields)
    _apply_page_rules(proposal, page)
    proposal.visibility = Visibility.PRESCREENING
    proposal.save()
    if submit:
        submit_proposal(proposal, page)
    return proposal


def _apply_page_rules(proposal: Proposal, page) -> None:
    stored = page.participation_record.rules or {}
    rules = rules_from(stored.get("proposal_rules") or page.board_settings().shared_settings()["proposal_rules"])
    proposal.threshold, proposal.window_days, proposal.answer_days = (
        rules.threshold,
        rules.window_days,
        rules.answer_days,
    )
    proposal.count_offline = rules.count_offline
    proposal.supports_after_threshold = rules.supports_after_threshold
    proposal.withdrawal_allowed = rules.withdrawal_before_threshold
    proposal.author_may_support = bool((stored.get("proposal_rules") or {}).get("author_may_support"))
    area_thresholds = stored.get("area_thresholds") or {}
    area_key = str(proposal.area.translation_key) if proposal.area_id else None
    if area_key and area_key in area_thresholds:
        proposal.threshold = int(area_thresholds[area_key])
        proposal.counting_area_key = proposal.area.translation_key
    else:
        proposal.counting_area_key = None


def submit_proposal(proposal: Proposal, page) -> None:
    """A draft is submitted: with prescreening it waits for a moderator, else it is published now.
    The rules are (re)read from the page at this moment, the last one before they freeze."""
    prescreening = bool(((page.participation_record.rules or {}).get("proposal_rules") or {}).get("prescreening"))
    now = clock.now()
    _apply_page_rules(proposal, page)
    proposal.submitted_at = now
    proposal.save()
    if not prescreening:
        publish(proposal, user=None)


def publish(proposal: Proposal, user=None) -> bool:
    """Make a submitted proposal visible and start its window (prescreening approval does this)."""
    now = clock.now()
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.submitted_at is None or locked.ineligible_at is not None:
            return False
        changes = {"visibility": Visibility.VISIBLE, "hidden_reason": "", "hidden_ground": "", "hidden_at": None}
        if locked.published_at is None:
            changes.update(published_at=now, window_ends_at=th.window_end(now, locked.rules(), zone()))
        Proposal.objects.filter(pk=locked.pk).update(**changes)
        log(instance=locked, action=PUBLISH, user=user, data={"window_ends_at": str(changes.get("window_ends_at", ""))})
        transaction.on_commit(lambda: send_due(proposal.pk))
    for name, value in changes.items():
        setattr(proposal, name, value)
    return True


def restore(proposal: Proposal, user=None) -> bool:
    """Undo a hide; a proposal hidden while it waited for approval is published by it."""
    from wagtail_participation import moderation

    if not moderation.restore(proposal, user):
        return False
    if proposal.published_at is None and proposal.submitted_at is not None:
        publish(proposal, user)
    return True


def _recount(proposal_id: int, now) -> Proposal:
    """Inside the caller's transaction: lock the row, recompute ``counted``, the reached moment and
    the deadline. Returns the proposal as stored afterwards."""
    locked = Proposal.objects.select_for_update().get(pk=proposal_id)
    rules = locked.rules()
    count = th.counted(locked.facts(), rules)
    reached = th.reached_at_after_change(locked.facts(), rules, count, now, zone())
    deadline = th.answer_deadline(reached, rules, zone()) if reached else None
    if (locked.counted, locked.threshold_reached_at, locked.answer_deadline) != (count, reached, deadline):
        Proposal.objects.filter(pk=proposal_id).update(
            counted=count, threshold_reached_at=reached, answer_deadline=deadline
        )
        if (locked.threshold_reached_at is None) != (reached is None):
            listing_changed()
        locked.counted, locked.threshold_reached_at, locked.answer_deadline = count, reached, deadline
    return locked


# -- supports -----------------------------------------------------------------------------------


def refusal_message(code: str) -> str:
    return {
        "already_supported": gettext("You already support this proposal."),
        "not_published": gettext("This proposal is not published yet, so it cannot be supported."),
        "expired": gettext("The time to support this proposal has ended."),
        "closed": gettext("This proposal is closed: the city has decided on it."),
        "threshold_reached": gettext("This proposal has reached its threshold; no more supports are collected."),
        "own_proposal": gettext("You cannot support your own proposal."),
        "no_support": gettext("You do not support this proposal."),
        "withdrawal_not_allowed": gettext("A support cannot be withdrawn on this page."),
        "withdrawal_closed": gettext(
            "A support can only be withdrawn while the proposal is still collecting supports."
        ),
    }.get(code, gettext("This is not possible right now."))


def support_proposal(actor: writes.Actor, page, proposal: Proposal, page_id=None) -> writes.WriteOutcome:
    """The actor supports ``proposal`` on ``page`` (the method page, or its record and the
    ``page_id`` the write goes to: the route outside the page tree): the live method, the policy,
    the brake, then :func:`support` (the proposal's own state, own proposal, once per person,
    under the row lock)."""
    return _support_write(actor, page, proposal, support, gettext("Thank you for your support."), page_id)


def withdraw_support(actor: writes.Actor, page, proposal: Proposal, page_id=None) -> writes.WriteOutcome:
    """The actor withdraws their support, where the page allows it (:func:`withdraw`)."""
    return _support_write(actor, page, proposal, withdraw, gettext("Your support is withdrawn."), page_id)


def _support_write(actor, page, proposal, write, thanks: str, page_id=None) -> writes.WriteOutcome:
    record = getattr(page, "participation_record", page)
    if record is not page:
        page_id = page.pk
    refusal = (
        writes.hidden_method(actor, record, page_id)
        or writes.not_permitted(actor.may(SUPPORT, record))
        or writes.braked(actor, "support")
    )
    if refusal:
        return refusal
    code = writes.with_participant(actor, lambda participant: write(proposal, participant))
    if code != th.SUPPORT_OK:
        return writes.refused(code, refusal_message(code), 409)
    return writes.done(message=thanks)


def supporter_area_key(participant, project_key=None) -> str | None:
    """The area a participant is *verified* in (a declared area does not count for per-area thresholds)."""
    verification = getattr(participant, "verification", None)
    if verification is None or verification.level != verification.VERIFIED or not verification.area_id:
        return None
    if not verification.applies_to(project_key):
        return None
    return str(verification.area.translation_key)


# What the engine decides a support from (``Proposal.facts()``, ``rules()``, the author's own
# support) and the counts written with it: a support counted without a prior lock compares them all.
SUPPORT_STATE = (
    "submitted_at",
    "published_at",
    "support_count",
    "area_support_count",
    "offline_count",
    "counted",
    "threshold_reached_at",
    "decided_at",
    "outcome",
    "ineligible_at",
    "threshold",
    "window_days",
    "answer_days",
    "count_offline",
    "supports_after_threshold",
    "withdrawal_allowed",
    "author_may_support",
    "counting_area_key",
)


@dataclasses.dataclass(frozen=True)
class SupportCounts:
    """A proposal's stored counts after one more support (``values``, the columns to write, the
    listing's ``phase`` with them), its threshold, and whether this support crossed it."""

    values: dict
    threshold: int
    crossed: bool


def _counts_after_support(proposal: Proposal, in_area: bool, now) -> SupportCounts:
    """The counts, reached moment, deadline and phase of ``proposal`` (as read) with one more
    support (from the area when ``in_area``)."""
    before, rules = proposal.facts(), proposal.rules()
    supports, area_supports = proposal.support_count + 1, proposal.area_support_count + (1 if in_area else 0)
    online = area_supports if proposal.counting_area_key else supports
    count = th.counted(dataclasses.replace(before, supports=online), rules)
    reached = th.reached_at_after_change(before, rules, count, now, zone())
    values = {
        "support_count": supports,
        "area_support_count": area_supports,
        "counted": count,
        "threshold_reached_at": reached,
        "answer_deadline": th.answer_deadline(reached, rules, zone()) if reached else None,
        # the listing's copy, as ProposalQuerySet.update keeps it (every source given: a value)
        "phase": phase_expression(
            {"ineligible_at": proposal.ineligible_at, "outcome": proposal.outcome, "threshold_reached_at": reached}
        ),
    }
    crossed = (before.threshold_reached_at is None) != (reached is None)
    return SupportCounts(values, rules.threshold, crossed)


def _store_support_counts(proposal: Proposal, after: SupportCounts, compare: bool) -> int:
    """Write ``after``'s counts in one precompiled UPDATE; with ``compare``, only while the row
    holds every :data:`SUPPORT_STATE` value of ``proposal`` (0 when it does not, or when one of
    them was not loaded). Returns the rows written."""
    unchanged = None
    if compare:
        if proposal.get_deferred_fields().intersection(SUPPORT_STATE):
            return 0
        unchanged = {name: getattr(proposal, name) for name in SUPPORT_STATE}
    return raw_rows.update_row(Proposal, proposal.pk, after.values, unchanged=unchanged)


def _support_insert(update_sql: str) -> str:
    """PostgreSQL: ``update_sql`` (the compare-and-set of the counts) in a ``WITH``, and the
    support's ``INSERT`` reading its ``RETURNING``: no row counted, no support stored."""
    quote = connection.ops.quote_name
    table = quote(Proposal._meta.db_table)
    fields = [field for field in ProposalSupport._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(quote(field.column) for field in fields)
    values = ", ".join(
        "counted.id" if field.name == "proposal" else f"CAST(%s AS {field.cast_db_type(connection)})"
        for field in fields
    )
    pk = quote(Proposal._meta.pk.column)
    return (
        f"WITH counted AS ({update_sql} RETURNING {table}.{pk} AS id) "
        f"INSERT INTO {quote(ProposalSupport._meta.db_table)} ({columns}) SELECT {values} FROM counted"
    )


def _count_and_insert_support(proposal: Proposal, after: SupportCounts, participant, area_key, now) -> bool | None:
    """On PostgreSQL, ``after``'s counts (while the row holds every :data:`SUPPORT_STATE` value of
    ``proposal``, as :func:`_store_support_counts`) and the support in ONE statement: True when
    both were written, False when the row had changed since it was read (nothing written). None
    elsewhere, or when the state was not all loaded (the caller takes the two statements). A
    second support by the same person raises ``IntegrityError`` and the statement writes nothing:
    autocommitted on its own, it needs no BEGIN and COMMIT, and the counts are never ahead."""
    if connection.vendor != "postgresql" or proposal.get_deferred_fields().intersection(SUPPORT_STATE):
        return None
    unchanged = {name: getattr(proposal, name) for name in SUPPORT_STATE}
    sql, params = raw_rows.update_statement(
        Proposal, proposal.pk, after.values, unchanged=unchanged, wrap=_support_insert
    )
    given = {"participant": participant.pk, "area_key": area_key, "created_at": now}
    for field in ProposalSupport._meta.concrete_fields:
        if not field.primary_key and field.name != "proposal":
            value = given[field.name] if field.name in given else field.get_default()
            params.append(field.get_db_prep_save(value, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount > 0


@retry_on_deadlock
def support(proposal: Proposal, participant) -> str:
    """Record a support; returns the engine's refusal code or ``"ok"``. Safe under parallel
    requests: the unique constraint decides, and the row lock orders the threshold crossing."""
    now = clock.now()
    status = proposal.status_at(now)
    refusal = th.support_refusal(
        status,
        proposal.rules(),
        is_author=proposal.author_id == participant.pk,
        already=False,
        own_allowed=proposal.author_may_support,
    )
    if refusal != th.SUPPORT_OK:
        return refusal
    area_key = supporter_area_key(participant, proposal.record.project_key)
    in_area = bool(proposal.counting_area_key and area_key == str(proposal.counting_area_key))
    try:
        after = _counts_after_support(proposal, in_area, now)
        stored = None
        if connection.vendor == "postgresql":  # elsewhere no statement runs: no savepoint either
            with writes.single_statement_atomic(participant):
                stored = _count_and_insert_support(proposal, after, participant, area_key, now)
        if not stored:
            with writes.inner_atomic(participant):
                # One statement counts, locks and checks: while the row still holds every value the
                # decision above was made from, the new counts are exact. Else (changed since it was
                # read, or not all loaded) lock it, decide again and count from what is stored.
                if stored is False or _store_support_counts(proposal, after, compare=True) == 0:
                    locked = writes.lock_contribution(Proposal, proposal.pk)
                    refusal = th.support_refusal(locked.status_at(now), locked.rules(), is_author=False, already=False)
                    if refusal != th.SUPPORT_OK:
                        return refusal
                    after = _counts_after_support(locked, in_area, now)
                    _store_support_counts(locked, after, compare=False)
                ProposalSupport.objects.create(
                    proposal_id=proposal.pk, participant=participant, area_key=area_key, created_at=now
                )
    except IntegrityError:
        return "already_supported"
    if after.crossed:
        listing_changed()  # it moves from "collecting" to "threshold reached" (no statement: the cache)
    if after.values["counted"] * 2 >= after.threshold:
        transaction.on_commit(lambda: send_due(proposal.pk))
    return th.SUPPORT_OK


@retry_on_deadlock
def withdraw(proposal: Proposal, participant, erasing: bool = False) -> str:
    """The supporter withdraws (where the page allows it, before the threshold). ``erasing``: the
    account is being deleted, which withdraws a support while the proposal still collects."""
    now = clock.now()
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        existing = ProposalSupport.objects.filter(
            proposal=locked, participant=participant, removed_at__isnull=True
        ).first()
        rules = locked.rules()
        if erasing:
            rules = dataclasses.replace(rules, withdrawal_before_threshold=True)
        refusal = th.withdrawal_refusal(locked.status_at(now), rules, has_support=existing is not None)
        if refusal != th.SUPPORT_OK:
            return refusal
        in_area = bool(locked.counting_area_key and existing.area_key == locked.counting_area_key)
        existing.delete()
        Proposal.objects.filter(pk=locked.pk).update(
            support_count=contributions.lowered("support_count"),
            area_support_count=contributions.lowered("area_support_count", 1 if in_area else 0),
        )
        _recount(locked.pk, now)
    return th.SUPPORT_OK


def add_offline(proposal: Proposal, *, count: int, channel: str, note: str, user) -> OfflineSignatures:
    """Staff enter signatures collected offline, as a count with channel and note (audited)."""
    now = clock.now()
    with transaction.atomic():
        entry = OfflineSignatures.objects.create(
            proposal=proposal, count=count, channel=channel, note=note, entered_by=user, created_at=now
        )
        Proposal.objects.filter(pk=proposal.pk).update(offline_count=F("offline_count") + count)
        _recount(proposal.pk, now)
        log(instance=proposal, action=OFFLINE, user=user, data={"count": count, "channel": channel, "note": note})
        transaction.on_commit(lambda: send_due(proposal.pk))
    return entry


def remove_supports(proposal: Proposal, support_ids, *, reason: str, user) -> SupportCorrection | None:
    """Staff remove fraudulent supports with a reason. The count and the state are recomputed: a
    proposal not yet answered can fall back from "threshold reached" to published (or expired once
    its window has passed); an answered one keeps its state. The correction is kept for the public
    history and the audit log."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("removing supports needs a reason")
    now = clock.now()
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        before = locked.status_at(now)
        rows = list(
            ProposalSupport.objects.select_for_update().filter(
                proposal=locked, pk__in=list(support_ids), removed_at__isnull=True
            )
        )
        if not rows:
            return None
        in_area = sum(1 for row in rows if locked.counting_area_key and row.area_key == locked.counting_area_key)
        ProposalSupport.objects.filter(pk__in=[row.pk for row in rows]).update(
            removed_at=now, removed_by=user, removal_reason=reason[:500]
        )
        Proposal.objects.filter(pk=locked.pk).update(
            support_count=contributions.lowered("support_count", len(rows)),
            area_support_count=contributions.lowered("area_support_count", in_area),
        )
        after_row = _recount(locked.pk, now)
        after = after_row.status_at(now)
        correction = SupportCorrection.objects.create(
            proposal=locked,
            removed=len(rows),
            reason=reason[:500],
            count_before=before.count,
            count_after=after.count,
            state_before=before.state.value,
            state_after=after.state.value,
            made_by=user,
            created_at=now,
        )
        log(
            instance=locked,
            action=SUPPORTS_REMOVED,
            user=user,
            data={
                "removed": len(rows),
                "reason": reason,
                "count_before": before.count,
                "count_after": after.count,
                "state_before": before.state.value,
                "state_after": after.state.value,
            },
        )
    return correction


# -- decisions ----------------------------------------------------------------------------------

DECIDABLE = {th.State.PUBLISHED, th.State.THRESHOLD_REACHED, th.State.EXPIRED}


def answer(proposal: Proposal, *, department, body: str, outcome: str | None, author, language=None) -> OfficialUpdate:
    """The city answers. With an ``outcome`` (accepted/rejected) the proposal becomes answered,
    the answer being the reason; without one it is an update that changes no state. The author's
    "answered" notification is claimed here, so the tick never sends it a second time (the mail
    itself goes out with every official update, to the author and followers)."""
    now = clock.now()
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        state = locked.status_at(now).state
        if outcome and state not in DECIDABLE:
            raise ValueError(f"a proposal in state {state} cannot be decided")
        update = contributions.publish_official_update(
            locked,
            department=department,
            body=body,
            new_status=outcome or None,
            author=author,
            language=language,
        )
        if outcome:
            Proposal.objects.filter(pk=locked.pk).update(outcome=outcome, decided_at=now)
            claim(locked.pk, th.AUTHOR_ANSWERED, now)
            log(instance=locked, action=DECIDE, user=author, data={"outcome": outcome, "department": str(department)})
    return update


def declare_ineligible(proposal: Proposal, *, reason: str, user) -> bool:
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("declaring a proposal ineligible needs a reason")
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.outcome or locked.ineligible_at:
            return False
        Proposal.objects.filter(pk=locked.pk).update(ineligible_at=clock.now(), ineligible_reason=reason)
        log(instance=locked, action=INELIGIBLE, user=user, data={"reason": reason})
    return True


# -- notifications ------------------------------------------------------------------------------


def claim(proposal_id: int, kind: str, now=None) -> bool:
    """Insert the "sent" row for (proposal, kind); ``False`` when it exists (someone sent it)."""
    try:
        with transaction.atomic():
            ProposalNotification.objects.create(proposal_id=proposal_id, kind=kind, sent_at=now or clock.now())
        return True
    except IntegrityError:
        return False


def send_due(proposal_id: int, now=None, proposal: Proposal | None = None, sent: set | None = None) -> list[str]:
    """Send the notifications that are due and not sent yet; returns the kinds claimed here."""
    from wagtail_participation.proposals.notification_tasks import notify_proposal

    now = now or clock.now()
    if proposal is None:
        proposal = Proposal.objects.filter(pk=proposal_id).first()
    if proposal is None or proposal.visibility == Visibility.HIDDEN:
        return []
    due = th.due_notifications(proposal.status_at(now), now, warning_days=conf.get("PROPOSAL_DEADLINE_WARNING_DAYS"))
    if sent is None:
        sent = set(ProposalNotification.objects.filter(proposal_id=proposal_id).values_list("kind", flat=True))
    claimed = []
    for kind in sorted(due - sent):
        if claim(proposal_id, kind, now):
            claimed.append(kind)
            transaction.on_commit(lambda kind=kind: notify_proposal.enqueue(proposal_id, kind))
    return claimed


def tick(now=None) -> int:
    """For ``participation_tick``: send what fell due as time passed (deadline warnings, and anything
    a crashed request did not send). Idempotent; reads proposals and their sent kinds in chunks."""
    now = now or clock.now()
    candidates = Proposal.objects.filter(
        published_at__isnull=False,
        ineligible_at__isnull=True,
        visibility=Visibility.VISIBLE,
    ).order_by("pk")
    sent: dict[int, set] = {}
    for proposal_id, kind in ProposalNotification.objects.values_list("proposal_id", "kind").iterator():
        sent.setdefault(proposal_id, set()).add(kind)
    return sum(
        len(send_due(proposal.pk, now, proposal=proposal, sent=sent.get(proposal.pk, set())))
        for proposal in candidates.iterator(chunk_size=1000)
    )


def register_log_actions(actions):
    """For the ``register_log_actions`` hook: the labels of proposal audit log entries."""
    from django.utils.translation import gettext_lazy as _

    from wagtail_participation.moderation import ModerationLogFormatter

    class ProposalLogFormatter(ModerationLogFormatter):
        def format_comment(self, log_entry):
            data = log_entry.data
            if "removed" in data:
                return _(
                    "%(removed)s removed (%(reason)s): %(before)s → %(after)s supports, %(state_before)s → %(state_after)s"
                ) % {
                    "removed": data["removed"],
                    "reason": data["reason"],
                    "before": data["count_before"],
                    "after": data["count_after"],
                    "state_before": data["state_before"],
                    "state_after": data["state_after"],
                }
            if "count" in data:
                return f"{data['count']} · {data['channel']} · {data['note']}"
            return data.get("reason") or data.get("outcome") or ""

    for action, label, message in [
        (PUBLISH, _("Publish proposal"), _("Published; the support window started")),
        (SUPPORTS_REMOVED, _("Remove supports"), _("Supports removed, count and state recomputed")),
        (OFFLINE, _("Enter offline signatures"), _("Offline signatures entered")),
        (INELIGIBLE, _("Declare ineligible"), _("Declared ineligible")),
        (DECIDE, _("Decide"), _("The city decided")),
    ]:
        actions.register_action(action)(
            type("Formatter", (ProposalLogFormatter,), {"label": label, "message": message})
        )
